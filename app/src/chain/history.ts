// The vault's recent history from its transactions: `getSignaturesForAddress(vault)` (the
// latest `limit`), then each transaction with its inner instructions, where the programs'
// `emit_cpi!` events are (`eventsOfTransaction`). Bounded and fetched a few at a time, so
// a public endpoint is not flooded.
import {
  eventsOfTransaction,
  registry,
  snapshotOf,
  vault,
  vaultOfEvent,
  type EventInTransaction,
  type ProgramEvent,
  type TransactionWithInnerInstructions,
  type VaultEventData,
} from '@lrt/client';
import type { Address, Signature } from '@solana/kit';

import type { SnapshotPoint } from '../model/chart.ts';
import type { AppRpc } from './accounts.ts';

export type History = {
  /** Vault snapshots, oldest first, for the chart. */
  points: SnapshotPoint[];
  /** `SlashApplied` events by request, for the split of past slashes. */
  applied: Map<string, VaultEventData<'SlashApplied'>>;
  events: EventInTransaction<ProgramEvent>[];
  /** Transactions read (at most the limit). */
  transactions: number;
};

async function inBatches<T, R>(items: T[], size: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  }
  return out;
}

export async function loadHistory(
  rpc: AppRpc,
  vaultAddress: Address,
  limit = 200,
): Promise<History> {
  const signatures = await rpc
    .getSignaturesForAddress(vaultAddress, { limit, commitment: 'confirmed' })
    .send();
  // newest first from the RPC: oldest first here, so events of one slot keep their order
  const ok = signatures
    .filter((s) => s.err === null)
    .map((s) => s.signature as Signature)
    .reverse();
  const txs = await inBatches(ok, 8, async (signature) => {
    try {
      return await rpc
        .getTransaction(signature, {
          encoding: 'json',
          maxSupportedTransactionVersion: 0,
          commitment: 'confirmed',
        })
        .send();
    } catch {
      return null;
    }
  });
  const events: EventInTransaction<ProgramEvent>[] = [];
  for (const tx of txs) {
    if (tx === null) continue;
    events.push(
      ...eventsOfTransaction(tx as unknown as TransactionWithInnerInstructions, {
        vault: vault.LRT_VAULT_PROGRAM_ADDRESS,
        registry: registry.SLASHER_REGISTRY_PROGRAM_ADDRESS,
      }),
    );
  }
  events.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
  const points: SnapshotPoint[] = [];
  const applied = new Map<string, VaultEventData<'SlashApplied'>>();
  for (const e of events) {
    if (vaultOfEvent(e.event) !== vaultAddress) continue;
    const snapshot = snapshotOf(e.event);
    if (snapshot !== null) {
      points.push({ slot: e.slot, blockTime: e.blockTime, snapshot, event: e.event.name });
    }
    if (e.event.program === 'lrt_vault' && e.event.name === 'SlashApplied') {
      applied.set(e.event.data.request, e.event.data);
    }
  }
  return { points, applied, events, transactions: txs.length };
}
