// Where a remote AVS's slash requests come from (docs/cross-chain.md): an AVS registered
// with `AvsKind::Remote { chain, emitter }` asks through Wormhole messages that the
// registry's guardian set signed, emitted by the contract `emitter` on the chain with
// Wormhole id `chain`. A slash request does not record how it arrived: it came
// cross-chain when its AVS's kind in force at the request's capture epoch was Remote
// (the only way a Remote AVS can ask). The Operators screen's badge and the Risk screen's
// badge are the same `crossChainBadge`.
import { inForce, type registry } from '@lrt/client';
import type { ReadonlyUint8Array } from '@solana/kit';

import type { Badge } from './exposure.ts';

/** Wormhole chain ids of the chains a remote AVS most likely lives on, and testnets. */
export const WORMHOLE_CHAINS: Readonly<Record<number, string>> = {
  1: 'Solana',
  2: 'Ethereum',
  4: 'BNB Smart Chain',
  5: 'Polygon',
  6: 'Avalanche',
  10: 'Fantom',
  13: 'Klaytn',
  14: 'Celo',
  16: 'Moonbeam',
  21: 'Sui',
  22: 'Aptos',
  23: 'Arbitrum',
  24: 'Optimism',
  30: 'Base',
  10002: 'Sepolia',
  10003: 'Arbitrum Sepolia',
  10004: 'Base Sepolia',
  10005: 'Optimism Sepolia',
  10006: 'Holesky',
  10007: 'Polygon Amoy',
};

/** A Wormhole chain's name when known, else "chain <id>". */
export function chainName(chain: number): string {
  return WORMHOLE_CHAINS[chain] ?? `chain ${chain}`;
}

function hex(bytes: ReadonlyUint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The emitter as `0x` and 64 hex digits (Wormhole's 32-byte universal address). */
export function emitterHex(emitter: ReadonlyUint8Array): string {
  return `0x${hex(emitter)}`;
}

/**
 * The emitter, short: an EVM address (12 zero bytes, then 20) as its 20 bytes, else the 32
 * bytes; `0x` and the first and last 4 hex digits ("0xde15…0015").
 */
export function shortEmitter(emitter: ReadonlyUint8Array): string {
  const evm = emitter.length === 32 && emitter.slice(0, 12).every((b) => b === 0);
  const digits = hex(evm ? emitter.slice(12) : emitter);
  return digits.length > 12 ? `0x${digits.slice(0, 4)}…${digits.slice(-4)}` : `0x${digits}`;
}

/** Where a remote AVS's requests come from. */
export type RemoteOrigin = {
  chain: number;
  chainName: string;
  /** `0x` and 64 hex digits. */
  emitter: string;
  emitterShort: string;
  badge: Badge;
};

/** The badge of a cross-chain AVS or request: "Cross-chain · <chain>". */
export function crossChainBadge(chain: number, emitter: ReadonlyUint8Array): Badge {
  const name = chainName(chain);
  return {
    text: `Cross-chain · ${name}`,
    tone: 'info',
    title:
      `Requests arrive from ${name} (Wormhole chain ${chain}) as messages signed by the ` +
      `registry's guardian set, emitted by ${emitterHex(emitter)}.`,
  };
}

/** Where the AVS's requests come from during `epoch`: null for a local AVS. */
export function remoteOrigin(avs: registry.Avs, epoch: bigint): RemoteOrigin | null {
  const kind = inForce(avs.kind, avs.nextKind, avs.changesEffectiveEpoch, epoch);
  if (kind.__kind !== 'Remote') return null;
  return {
    chain: kind.chain,
    chainName: chainName(kind.chain),
    emitter: emitterHex(kind.emitter),
    emitterShort: shortEmitter(kind.emitter),
    badge: crossChainBadge(kind.chain, kind.emitter),
  };
}
