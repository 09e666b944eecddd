// Which cluster the app talks to, and how it is chosen: `?rpc=<http url>` (and `&ws=`) in
// the page's URL first, else the last choice saved in this browser, else the local
// network (http://127.0.0.1:8899). A WebSocket URL not given is the RPC's with the next
// port and the ws scheme, which is how the local network (surfpool) serves it; without a
// port (public endpoints) it is the same host with ws(s).

export type ClusterKind = 'localnet' | 'devnet' | 'mainnet' | 'custom';
/** The Wallet Standard chain a wallet is asked to sign for. */
export type ChainId = 'solana:localnet' | 'solana:devnet' | 'solana:mainnet' | 'solana:testnet';

export type Cluster = {
  kind: ClusterKind;
  rpc: string;
  ws: string;
  chain: ChainId;
};

export const LOCALNET_RPC = 'http://127.0.0.1:8899';
export const DEVNET_RPC = 'https://api.devnet.solana.com';
export const MAINNET_RPC = 'https://api.mainnet-beta.solana.com';
/** localStorage key of the chosen RPC (and WebSocket) URL. */
export const STORAGE_KEY = 'lrt-app.cluster';

export const CLUSTER_LABELS: Record<ClusterKind, string> = {
  localnet: 'Local network',
  devnet: 'Devnet',
  mainnet: 'Mainnet beta',
  custom: 'Custom URL',
};

/** The host is this machine: the local network, whatever its port. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || h === '0.0.0.0' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** A URL that parses and uses one of `schemes`, or `null`. */
function urlOf(text: string, schemes: string[]): URL | null {
  try {
    const url = new URL(text.trim());
    return schemes.includes(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

/** Whether `text` is an http(s) URL an RPC can be reached at. */
export function isRpcUrl(text: string): boolean {
  return urlOf(text, ['http:', 'https:']) !== null;
}

/** The WebSocket URL of an RPC URL: next port and ws(s) scheme; same host without a port. */
export function defaultWsUrl(rpc: string): string {
  const url = urlOf(rpc, ['http:', 'https:']);
  if (url === null) return rpc;
  const ws = new URL(url.toString());
  ws.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (url.port !== '') ws.port = String(Number(url.port) + 1);
  return ws.toString().replace(/\/$/, url.pathname === '/' ? '' : '/');
}

/** The cluster an RPC URL points at: loopback is the local network; known hosts by name. */
export function clusterFromRpc(rpc: string, ws?: string | null): Cluster {
  const url = urlOf(rpc, ['http:', 'https:']);
  const clean = url ? rpc.trim() : LOCALNET_RPC;
  const host = url?.hostname.toLowerCase() ?? '127.0.0.1';
  let kind: ClusterKind;
  let chain: ChainId;
  if (isLoopbackHost(host)) {
    kind = 'localnet';
    chain = 'solana:localnet';
  } else if (clean.replace(/\/$/, '') === DEVNET_RPC) {
    kind = 'devnet';
    chain = 'solana:devnet';
  } else if (clean.replace(/\/$/, '') === MAINNET_RPC) {
    kind = 'mainnet';
    chain = 'solana:mainnet';
  } else {
    kind = 'custom';
    chain = /devnet/.test(host)
      ? 'solana:devnet'
      : /testnet/.test(host)
        ? 'solana:testnet'
        : 'solana:mainnet';
  }
  const wsUrl = ws && urlOf(ws, ['ws:', 'wss:']) ? ws.trim() : defaultWsUrl(clean);
  return { kind, rpc: clean, ws: wsUrl, chain };
}

/** The preset of a kind (custom keeps the URL given). */
export function presetCluster(kind: Exclude<ClusterKind, 'custom'>): Cluster {
  const rpc = kind === 'localnet' ? LOCALNET_RPC : kind === 'devnet' ? DEVNET_RPC : MAINNET_RPC;
  return clusterFromRpc(rpc);
}

/** Query parameters from the page URL: the search part, then a query inside the hash. */
export function queryParams(search: string, hash: string): URLSearchParams {
  const params = new URLSearchParams(search);
  const inHash = hash.indexOf('?');
  if (inHash >= 0) {
    for (const [k, v] of new URLSearchParams(hash.slice(inHash + 1))) {
      if (!params.has(k)) params.set(k, v);
    }
  }
  return params;
}

/** What is saved in localStorage: `{ rpc, ws }`. */
export function serializeCluster(cluster: Cluster): string {
  return JSON.stringify({ rpc: cluster.rpc, ws: cluster.ws });
}

/** The cluster to start with: `?rpc=`/`&ws=`, else the saved one, else the local network. */
export function initialCluster(params: URLSearchParams, saved: string | null): Cluster {
  const rpc = params.get('rpc');
  if (rpc !== null && isRpcUrl(rpc)) return clusterFromRpc(rpc, params.get('ws'));
  if (saved !== null) {
    try {
      const parsed = JSON.parse(saved) as { rpc?: unknown; ws?: unknown };
      if (typeof parsed.rpc === 'string' && isRpcUrl(parsed.rpc)) {
        return clusterFromRpc(parsed.rpc, typeof parsed.ws === 'string' ? parsed.ws : null);
      }
    } catch {
      // a corrupt entry is ignored
    }
  }
  return presetCluster('localnet');
}

/** The demo wallet (a burner key) may be offered only on the local network. */
export function demoWalletAllowed(cluster: Cluster): boolean {
  return cluster.kind === 'localnet';
}

function explorerQuery(cluster: Cluster): string {
  switch (cluster.kind) {
    case 'mainnet':
      return '';
    case 'devnet':
      return '?cluster=devnet';
    default:
      return `?cluster=custom&customUrl=${encodeURIComponent(cluster.rpc)}`;
  }
}

/** The Solana Explorer page of a transaction on this cluster. */
export function explorerTxUrl(cluster: Cluster, signature: string): string {
  return `https://explorer.solana.com/tx/${signature}${explorerQuery(cluster)}`;
}

/** The Solana Explorer page of an account on this cluster. */
export function explorerAddressUrl(cluster: Cluster, address: string): string {
  return `https://explorer.solana.com/address/${address}${explorerQuery(cluster)}`;
}
