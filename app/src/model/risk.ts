// Slashing as a depositor needs to see it: the requests pending against the vault's
// operators (what each is, its deadlines, the most it can cost: the helpers'
// `pendingSlashes`, the registry's own computation), the requests that cannot reach the
// vault and why, and the slashes already applied with how the loss was split (the
// operator's bond, the insurance fund, every holder pro rata, and the withdrawal buckets
// that were waiting), from the vault's escrow accounts and, when the history has it, the
// `SlashApplied` event.
import {
  MS_PER_SLOT,
  WAD,
  countdown,
  currentEpoch,
  pendingSlashes,
  registryParamsAt,
  vaultSlashRequests,
  type ExecutionSkip,
  type Now,
  type VaultEventData,
} from '@lrt/client';
import type { Address } from '@solana/kit';

import { formatBps, formatDuration, formatSol, formatWadPercent, shortAddress } from './format.ts';
import { slashAccounts, type AssetInfo, type World } from './world.ts';
import { remoteOrigin, type RemoteOrigin } from './xchain.ts';

export type PendingRow = {
  request: Address;
  avs: Address;
  avsLabel: string;
  operator: Address;
  operatorLabel: string;
  index: bigint;
  status: 'veto_window' | 'executable';
  /** The fraction of the operator's stake asked for, after the AVS's maximum (WAD). */
  fractionWad: bigint;
  captureEpoch: bigint;
  vetoDeadlineSlot: bigint;
  executableUntilEpoch: bigint;
  executableUntilSlot: bigint;
  /** Until the veto deadline (zero once passed). */
  vetoSlotsLeft: bigint;
  vetoMs: number;
  /** Until the last slot it can execute in. */
  expirySlotsLeft: bigint;
  expiryMs: number;
  maxLossLamports: bigint;
  maxLossShareWad: bigint;
  /** Where it came from, when its AVS is on another chain (null: a local request). */
  origin: RemoteOrigin | null;
  /** What it is, in words. */
  text: string;
};

export type UnreachableRow = {
  request: Address;
  operatorLabel: string;
  avsLabel: string;
  reason: string;
};

/** Why a live request does not reach this vault, in words (plan.rs `Skip`). */
export function skipText(skip: ExecutionSkip): string {
  switch (skip.kind) {
    case 'already_executed':
      return 'already executed against this vault';
    case 'vault_not_opted_in':
      return 'the vault does not serve this AVS';
    case 'operator_not_opted_in':
      return 'the operator does not serve this AVS';
    case 'operator_not_active_at_capture':
      return 'the operator’s opt-in did not count at the capture epoch';
    case 'vault_not_active_at_capture':
      return 'the vault’s opt-in did not count at the capture epoch';
    case 'not_whitelisted':
      return 'the vault does not allocate to this operator';
    case 'no_stake_at_capture':
      return 'the vault had no stake with the operator at the capture epoch';
    case 'avs_cap_used':
      return `the vault’s cap for this AVS (${formatBps(skip.capBps)} per epoch) is used up`;
    case 'vault_cap_used':
      return `the registry’s per-epoch cap (${formatBps(skip.capBps)}) is used up`;
  }
}

function label(world: World, address: string): string {
  return world.labels[address] ?? shortAddress(address);
}

/**
 * Where a request of `avs` captured at `captureEpoch` came from: the AVS's kind in force
 * then (a remote AVS asks only through guardian-signed messages); null when it was local
 * or the AVS is not loaded.
 */
export function requestOrigin(
  world: Pick<World, 'avss'>,
  avs: string,
  captureEpoch: bigint,
): RemoteOrigin | null {
  const account = world.avss.find((a) => a.address === avs);
  return account ? remoteOrigin(account.data, captureEpoch) : null;
}

/** The requests that can still take something from the vault, and those that cannot. */
export function pendingRows(
  world: World,
  now: Now,
  msPerSlot: number = MS_PER_SLOT,
): { pending: PendingRow[]; unreachable: UnreachableRow[] } {
  const accounts = slashAccounts(world);
  if (accounts === null) return { pending: [], unreachable: [] };
  const pending = pendingSlashes(accounts, now).map((p): PendingRow => {
    const fractionWad = p.wad < p.maxSlashWad ? p.wad : p.maxSlashWad;
    const veto = countdown(p.vetoDeadlineSlot, now, msPerSlot);
    const expiry = countdown(p.executableUntilSlot, now, msPerSlot);
    const operatorLabel = label(world, p.operator);
    const avsLabel = label(world, p.avs);
    const origin = requestOrigin(world, p.avs, p.captureEpoch);
    const via = origin
      ? ` It came cross-chain from ${origin.chainName} (Wormhole chain ${origin.chain}, emitter ${origin.emitterShort}), signed by the registry's guardian set.`
      : '';
    const when =
      p.status === 'veto_window'
        ? `The veto authority can still veto it until slot ${p.vetoDeadlineSlot} (${formatDuration(veto.estimatedMs)}); after that anyone can execute it`
        : 'Its veto window is over: anyone can execute it now';
    return {
      request: p.request,
      avs: p.avs,
      avsLabel,
      operator: p.operator,
      operatorLabel,
      index: p.index,
      status: p.status as 'veto_window' | 'executable',
      fractionWad,
      captureEpoch: p.captureEpoch,
      vetoDeadlineSlot: p.vetoDeadlineSlot,
      executableUntilEpoch: p.executableUntilEpoch,
      executableUntilSlot: p.executableUntilSlot,
      vetoSlotsLeft: veto.slotsLeft,
      vetoMs: veto.estimatedMs,
      expirySlotsLeft: expiry.slotsLeft,
      expiryMs: expiry.estimatedMs,
      maxLossLamports: p.maxLossLamports,
      maxLossShareWad: p.maxLossShareWad,
      origin,
      text:
        `${avsLabel} asks to slash ${formatWadPercent(fractionWad)} of ${operatorLabel}’s stake ` +
        `for misbehaviour in epoch ${p.captureEpoch}.${via} ${when}, until the end of epoch ` +
        `${p.executableUntilEpoch} (slot ${p.executableUntilSlot}). If it executes, the vault loses ` +
        `at most ${formatSol(p.maxLossLamports)} SOL, about ${formatWadPercent(p.maxLossShareWad, 4)} ` +
        `of every position (less where the operator’s bond and the insurance fund cover it).`,
    };
  });
  const unreachable = vaultSlashRequests(accounts, now)
    .filter((r) => r.skip !== null && r.skip.kind !== 'already_executed')
    .map((r) => ({
      request: r.request,
      operatorLabel: label(world, r.operator),
      avsLabel: label(world, r.avs),
      reason: skipText(r.skip!),
    }));
  return { pending, unreachable };
}

export type SlashPart = { asset: AssetInfo; amount: bigint };

export type PastSlashRow = {
  escrow: Address;
  request: Address;
  operator: Address;
  operatorLabel: string;
  avs: Address | null;
  avsLabel: string | null;
  /** Where the request came from, when its AVS is on another chain. */
  origin: RemoteOrigin | null;
  captureEpoch: bigint;
  executedSlot: bigint | null;
  lossLamports: bigint;
  /** Tier a: the operator's bond (LRT shares burnt). */
  bondShares: bigint;
  /** Tier b: the insurance fund (LRT shares burnt). */
  insuranceShares: bigint;
  /** Value the two tiers covered (from the `SlashApplied` event, when in the history). */
  coveredValueWad: bigint | null;
  /** Tier c: the fraction every holder lost (WAD; 0 when tiers a and b covered it all). */
  holderFractionWad: bigint;
  poolTaken: SlashPart[];
  /** Withdrawal buckets that were waiting, and what the slash took from each. */
  buckets: { epoch: bigint; lostFractionWad: bigint; taken: SlashPart[] }[];
  /** 'cancellable' until `resolveAfterSlot`, then 'final'; or 'cancelled'. */
  status: 'cancellable' | 'final' | 'cancelled';
  resolveAfterSlot: bigint;
  swept: boolean;
  destination: string;
  /** How the loss was split, in words. */
  splitText: string;
};

function parts(assets: AssetInfo[], amounts: readonly bigint[]): SlashPart[] {
  return assets
    .filter((a) => (amounts[a.index] ?? 0n) > 0n)
    .map((asset) => ({ asset, amount: amounts[asset.index]! }));
}

/**
 * The slashes applied to the vault, newest first, each with how the loss was split.
 * `applied` maps a request to its `SlashApplied` event, when the history holds it.
 */
export function pastSlashRows(
  world: World,
  now: Now,
  applied: ReadonlyMap<string, VaultEventData<'SlashApplied'>> = new Map(),
): PastSlashRow[] {
  const rows = world.escrows
    .filter((e) => e.data.vault === world.vaultAddress)
    .map(({ address, data: e }): PastSlashRow => {
      const execution = world.executions.find(
        (x) => x.data.request === e.request && x.data.vault === world.vaultAddress,
      )?.data;
      const event = applied.get(e.request);
      const bondShares = e.bondSharesBurnt + e.bondUnbondingSharesBurnt;
      const buckets = e.buckets
        .filter((b) => b.present)
        .map((b) => ({
          epoch: b.epoch,
          lostFractionWad:
            b.scaleBeforeWad === 0n ? 0n : WAD - (b.scaleAfterWad * WAD) / b.scaleBeforeWad,
          taken: parts(world.assets, b.taken),
        }));
      const status = e.cancelled
        ? 'cancelled'
        : now.slot < e.resolveAfterSlot
          ? 'cancellable'
          : 'final';
      const swept = world.assets.every(
        (a) => e.swept[a.index] || (e.amounts[a.index] ?? 0n) === 0n,
      );
      const split: string[] = [];
      if (bondShares > 0n)
        split.push(`the operator’s bond paid first (${formatSol(bondShares)} LRT burnt)`);
      if (e.insuranceSharesBurnt > 0n)
        split.push(`the insurance fund paid ${formatSol(e.insuranceSharesBurnt)} LRT`);
      if (e.fractionWad > 0n)
        split.push(`every holder lost ${formatWadPercent(e.fractionWad, 4)} of their position`);
      else split.push('holders lost nothing: the bond and the insurance fund covered it');
      for (const b of buckets) {
        if (b.lostFractionWad > 0n)
          split.push(
            `withdrawals waiting in the bucket of epoch ${b.epoch} lost ${formatWadPercent(b.lostFractionWad, 4)}`,
          );
      }
      return {
        escrow: address,
        request: e.request,
        operator: e.operator,
        operatorLabel: label(world, e.operator),
        avs: execution?.avs ?? null,
        avsLabel: execution ? label(world, execution.avs) : null,
        origin: execution ? requestOrigin(world, execution.avs, e.captureEpoch) : null,
        captureEpoch: e.captureEpoch,
        executedSlot: execution?.executedSlot ?? null,
        lossLamports: e.lossLamports,
        bondShares,
        insuranceShares: e.insuranceSharesBurnt,
        coveredValueWad: event?.valueCoveredWad ?? null,
        holderFractionWad: e.fractionWad,
        poolTaken: parts(world.assets, e.poolTaken),
        buckets,
        status,
        resolveAfterSlot: e.resolveAfterSlot,
        swept,
        destination:
          e.destination.__kind === 'Burn'
            ? 'burnt'
            : `paid to ${shortAddress(e.destination.owner)}`,
        splitText: `${split.join('; ')}.`,
      };
    });
  return rows.sort((a, b) => ((a.executedSlot ?? 0n) < (b.executedSlot ?? 0n) ? 1 : -1));
}

/** The numbers the risk disclosure quotes, from the chain. */
export type DisclosureFacts = {
  epochLength: bigint;
  vetoWindowSlots: bigint | null;
  resolutionDelaySlots: bigint | null;
  registryCapBps: number | null;
  maxDepositFeeBps: number;
  maxWithdrawalFeeBps: number;
  epochMs: number;
};

export function disclosureFacts(
  world: World,
  now: Now,
  msPerSlot: number = MS_PER_SLOT,
): DisclosureFacts {
  const params = world.registryConfig
    ? registryParamsAt(world.registryConfig, currentEpoch(now))
    : null;
  return {
    epochLength: world.config.epochLength,
    vetoWindowSlots: params?.vetoWindowSlots ?? null,
    resolutionDelaySlots: params?.resolutionDelaySlots ?? null,
    registryCapBps: params?.maxVaultSlashBpsPerEpoch ?? null,
    maxDepositFeeBps: world.config.maxDepositFeeBps,
    maxWithdrawalFeeBps: world.config.maxWithdrawalFeeBps,
    epochMs: Number(world.config.epochLength) * msPerSlot,
  };
}
