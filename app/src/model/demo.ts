// What the app takes from a `demo.json` served next to index.html (the local network's
// demo world, written by `lrt-localnet`): the demo vault, names for its operators and
// AVSs, its assets' symbols and, when present, the demo wallet's burner key. The file is
// optional and read defensively: a field of the wrong shape is ignored.
import { looksLikeAddress } from './route.ts';

export type DemoWallet = { address: string; secretKey: Uint8Array };

export type DemoInfo = {
  /** The demo's vault, shown by default on the local network. */
  vault: string | null;
  /** Names by address (operators, AVSs). */
  labels: Record<string, string>;
  /** Symbols by mint. */
  symbols: Record<string, string>;
  /** The burner key of the demo wallet (`demo_wallet`), offered on the local network only. */
  wallet: DemoWallet | null;
};

type Json = unknown;

function obj(x: Json): Record<string, Json> | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    ? (x as Record<string, Json>)
    : null;
}

function str(x: Json): string | null {
  return typeof x === 'string' ? x : null;
}

/** The demo world's parts the app uses, from demo.json's parsed JSON. */
export function parseDemo(json: Json): DemoInfo {
  const root = obj(json) ?? {};
  const labels: Record<string, string> = {};
  const symbols: Record<string, string> = {};
  const vaultObj = obj(root.vault);
  const vault = str(vaultObj?.address);
  if (Array.isArray(root.operators)) {
    for (const o of root.operators) {
      const op = obj(o);
      const address = str(op?.operator);
      const name = str(op?.name);
      if (address && name) labels[address] = name;
    }
  }
  const avs = obj(root.avs);
  if (avs) {
    for (const value of Object.values(avs)) {
      const a = obj(value);
      const address = str(a?.account);
      const name = str(a?.name);
      if (address && name) labels[address] = name;
    }
  }
  if (Array.isArray(root.assets)) {
    for (const a of root.assets) {
      const asset = obj(a);
      const mint = str(asset?.mint);
      const symbol = str(asset?.symbol);
      if (mint && symbol) symbols[mint] = symbol;
    }
  }
  let wallet: DemoWallet | null = null;
  const dw = obj(root.demo_wallet);
  const address = str(dw?.address);
  const secret = dw?.secret_key;
  if (
    address &&
    looksLikeAddress(address) &&
    Array.isArray(secret) &&
    secret.length === 64 &&
    secret.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)
  ) {
    wallet = { address, secretKey: new Uint8Array(secret as number[]) };
  }
  return { vault: vault && looksLikeAddress(vault) ? vault : null, labels, symbols, wallet };
}
