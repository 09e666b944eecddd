// Token accounts and mints read from their bytes: SPL Token and Token-2022 share the
// first 165 bytes of an account (mint 0..32, owner 32..64, amount 64..72) and the first 82
// of a mint (supply 36..44, decimals 44); a Token-2022 mint with extensions carries its
// account type at 165 (1 = mint) and then type-length-value entries, among them the
// metadata (type 19: update authority, mint, then name, symbol and uri as u32-prefixed
// UTF-8).
import { getAddressDecoder, type Address, type ReadonlyUint8Array } from '@solana/kit';

export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA' as Address;
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb' as Address;
export const ASSOCIATED_TOKEN_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL' as Address;
export const SYSTEM_PROGRAM = '11111111111111111111111111111111' as Address;
export const WSOL_MINT = 'So11111111111111111111111111111111111111112' as Address;

/** Symbols of well-known mints that carry no Token-2022 metadata. */
export const KNOWN_SYMBOLS: Record<string, string> = {
  [WSOL_MINT]: 'wSOL',
  J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn: 'jitoSOL',
  mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So: 'mSOL',
  bSo13r4TkiE4KumL71LsHTPpL2euBYLFx6h9HP3piy1: 'bSOL',
  jupSoLaHXQiZZTSfEWMTRRgpnyFm8f6sZdosWBjx93v: 'JupSOL',
  BNso1VUJnh4zcfpZa6986Ea66P6TCp59hvtNJ8b1X85: 'BNSOL',
};

function u64At(data: ReadonlyUint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = 7; i >= 0; i--) value = (value << 8n) | BigInt(data[offset + i] ?? 0);
  return value;
}

function u16At(data: ReadonlyUint8Array, offset: number): number {
  return (data[offset] ?? 0) | ((data[offset + 1] ?? 0) << 8);
}

function u32At(data: ReadonlyUint8Array, offset: number): number {
  return (u16At(data, offset) | (u16At(data, offset + 2) << 16)) >>> 0;
}

/** A token account's owner, mint and amount (SPL Token and Token-2022 alike), or `null`. */
export function readTokenAccount(
  data: ReadonlyUint8Array,
): { mint: Address; owner: Address; amount: bigint } | null {
  if (data.length < 165) return null;
  const addresses = getAddressDecoder();
  return {
    mint: addresses.decode(data, 0),
    owner: addresses.decode(data, 32),
    amount: u64At(data, 64),
  };
}

export type MintInfo = {
  supply: bigint;
  decimals: number;
  /** From the Token-2022 metadata extension, when the mint has one. */
  name: string | null;
  symbol: string | null;
  uri: string | null;
};

const TOKEN_METADATA_EXTENSION = 19;

/** A mint's supply, decimals and Token-2022 metadata (name, symbol, uri), or `null`. */
export function readMint(data: ReadonlyUint8Array): MintInfo | null {
  if (data.length < 82) return null;
  const info: MintInfo = {
    supply: u64At(data, 36),
    decimals: data[44] ?? 0,
    name: null,
    symbol: null,
    uri: null,
  };
  if (data.length <= 166 || data[165] !== 1) return info;
  const text = new TextDecoder();
  let at = 166;
  while (at + 4 <= data.length) {
    const type = u16At(data, at);
    const length = u16At(data, at + 2);
    const start = at + 4;
    if (type === 0 && length === 0) break;
    if (type === TOKEN_METADATA_EXTENSION && start + 64 <= data.length) {
      let p = start + 64; // update authority, mint
      const strings: string[] = [];
      for (let i = 0; i < 3; i++) {
        const n = u32At(data, p);
        if (p + 4 + n > start + length) return info;
        strings.push(text.decode(data.slice(p + 4, p + 4 + n)));
        p += 4 + n;
      }
      [info.name, info.symbol, info.uri] = strings as [string, string, string];
      return info;
    }
    at = start + length;
  }
  return info;
}

/** The symbol to show for a mint: its metadata's, a well-known one, or a short address. */
export function symbolOf(mint: Address, info: MintInfo | null, fallback?: string): string {
  const symbol = info?.symbol?.trim();
  if (symbol) return symbol;
  if (fallback) return fallback;
  return KNOWN_SYMBOLS[mint] ?? `${mint.slice(0, 4)}…`;
}
