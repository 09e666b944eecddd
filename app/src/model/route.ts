// Hash routes, so any static server serves every screen from index.html:
//   #/vault/<address>  the overview of a vault (and makes it the vault of every screen)
//   #/ or #/overview   the overview of the current vault
//   #/deposit  #/withdraw  #/operators  #/risk
// A query after the route (`#/deposit?rpc=...`) is read like the page's own query.

export type Page = 'overview' | 'deposit' | 'withdraw' | 'operators' | 'risk';
export type Route = { page: Page; vault: string | null };

export const PAGES: { page: Page; label: string }[] = [
  { page: 'overview', label: 'Overview' },
  { page: 'deposit', label: 'Deposit' },
  { page: 'withdraw', label: 'Withdraw' },
  { page: 'operators', label: 'Operators' },
  { page: 'risk', label: 'Risk' },
];

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** Whether `text` looks like a base58 Solana address. */
export function looksLikeAddress(text: string): boolean {
  return BASE58.test(text);
}

/** The route of a location hash; anything unknown is the overview. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter((p) => p !== '');
  if (parts[0] === 'vault' && parts[1] !== undefined && looksLikeAddress(parts[1])) {
    const sub = parts[2];
    const page = PAGES.some((p) => p.page === sub) ? (sub as Page) : 'overview';
    return { page, vault: parts[1] };
  }
  const page = PAGES.find((p) => p.page === parts[0])?.page ?? 'overview';
  return { page, vault: null };
}

/** The hash of a page; the overview names its vault when one is known. */
export function hashOf(page: Page, vault: string | null): string {
  if (page === 'overview') return vault ? `#/vault/${vault}` : '#/';
  return `#/${page}`;
}
