// Reading accounts over JSON-RPC with kit: by address (in batches of 100, absent ones as
// null) and by program with a discriminator and field filters (Anchor accounts start with
// their 8-byte discriminator, then their fields: the offsets used below are the accounts'
// layouts in programs/*/src/state).
import {
  getBase58Decoder,
  getBase64Encoder,
  type Address,
  type Base58EncodedBytes,
  type Decoder,
  type ReadonlyUint8Array,
  type Rpc,
  type SolanaRpcApi,
} from '@solana/kit';

export type AppRpc = Rpc<SolanaRpcApi>;

const base64 = getBase64Encoder();

/** Raw data of accounts by address, in order; `null` for an account that does not exist. */
export async function fetchRaw(
  rpc: AppRpc,
  addresses: readonly Address[],
): Promise<(ReadonlyUint8Array | null)[]> {
  const out: (ReadonlyUint8Array | null)[] = [];
  for (let i = 0; i < addresses.length; i += 100) {
    const chunk = addresses.slice(i, i + 100);
    const { value } = await rpc
      .getMultipleAccounts(chunk, { encoding: 'base64', commitment: 'confirmed' })
      .send();
    for (const account of value) out.push(account ? base64.encode(account.data[0]) : null);
  }
  return out;
}

/** One account's raw data and owner program, or `null` when it does not exist. */
export async function fetchOne(
  rpc: AppRpc,
  address: Address,
): Promise<{ data: ReadonlyUint8Array; owner: Address } | null> {
  const { value } = await rpc
    .getAccountInfo(address, { encoding: 'base64', commitment: 'confirmed' })
    .send();
  return value ? { data: base64.encode(value.data[0]), owner: value.owner } : null;
}

/** A memcmp filter: `bytes` at `offset`. */
export type Match = { offset: number; bytes: ReadonlyUint8Array | Address };

function filterOf(m: Match) {
  const bytes =
    typeof m.bytes === 'string' ? m.bytes : (getBase58Decoder().decode(m.bytes) as string);
  return {
    memcmp: {
      offset: BigInt(m.offset),
      bytes: bytes as Base58EncodedBytes,
      encoding: 'base58' as const,
    },
  };
}

/**
 * Every account of `program` starting with `discriminator` and matching `matches`
 * (addresses compare as their 32 bytes), decoded with `decoder`.
 */
export async function fetchAllOf<T extends object>(
  rpc: AppRpc,
  program: Address,
  discriminator: ReadonlyUint8Array,
  decoder: Decoder<T>,
  matches: Match[] = [],
): Promise<{ address: Address; data: T }[]> {
  const accounts = await rpc
    .getProgramAccounts(program, {
      encoding: 'base64',
      commitment: 'confirmed',
      filters: [filterOf({ offset: 0, bytes: discriminator }), ...matches.map(filterOf)],
    })
    .send();
  const out: { address: Address; data: T }[] = [];
  for (const a of accounts) {
    try {
      out.push({ address: a.pubkey, data: decoder.decode(base64.encode(a.account.data[0])) });
    } catch {
      // an account of an older layout is skipped rather than breaking the page
    }
  }
  return out;
}

/** Decodes what exists, dropping absent accounts and ones that do not decode. */
export function decodePresent<T extends object>(
  addresses: readonly Address[],
  raw: readonly (ReadonlyUint8Array | null)[],
  decoder: Decoder<T>,
): { address: Address; data: T }[] {
  const out: { address: Address; data: T }[] = [];
  raw.forEach((data, i) => {
    if (data === null) return;
    try {
      out.push({ address: addresses[i]!, data: decoder.decode(data) });
    } catch {
      // not this account type
    }
  });
  return out;
}
