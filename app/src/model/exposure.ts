// Who the vault is exposed to, and how much it can lose (DESIGN.md section 5): each
// operator's allocation and stake (its allocation times the vault's slashable value), its
// commission, bond, the AVSs it serves and its slash history; for each AVS the vault
// serves, the most the vault can lose to it in one capture epoch.
//
// The most an AVS can take per epoch: for every operator the vault allocates to that is
// slashable for the AVS now (both opt-ins active at the current epoch), the registry caps
// what one (vault, operator) loses per capture epoch at `VaultAvs.cap_bps` of the
// operator's stake for this AVS and at the registry's `max_vault_slash_bps_per_epoch` for
// all AVSs together, and never more than the stake; an AVS may send several requests, so
// the caps (not the per-request maximum) bound an epoch. The sum over those operators is
// the AVS's bound; across every AVS, each operator counts once, at the smaller of the
// registry cap and the sum of its AVSs' caps.
import {
  BPS_DENOMINATOR,
  WAD,
  currentEpoch,
  inForce,
  isOptInActiveAt,
  operatorStake,
  registryParamsAt,
  slashLossCeil,
  type Addressed,
  type Now,
  type registry,
  type vault,
} from '@lrt/client';
import { isOffCurveAddress, type Address } from '@solana/kit';

import { navWad, type World } from './world.ts';
import { crossChainBadge } from './xchain.ts';

export type Badge = { text: string; tone: 'neutral' | 'info' | 'warn'; title: string };

/** How an AVS slashes, as badges: where requests come from, where slashed funds go. */
export function avsBadges(avs: registry.Avs, epoch: bigint): Badge[] {
  const kind = inForce(avs.kind, avs.nextKind, avs.changesEffectiveEpoch, epoch);
  const destination = inForce(
    avs.destination,
    avs.nextDestination,
    avs.changesEffectiveEpoch,
    epoch,
  );
  const badges: Badge[] = [];
  if (kind.__kind === 'Local') {
    const program = isOffCurveAddress(kind.slashAuthority);
    badges.push({
      text: program ? 'Local · program' : 'Local · key',
      tone: 'neutral',
      title: program
        ? `Requests come from a Solana program (its PDA ${kind.slashAuthority} signs): the rules are in its code.`
        : `Requests are signed by the key ${kind.slashAuthority}: whoever holds it decides.`,
    });
  } else {
    badges.push(crossChainBadge(kind.chain, kind.emitter));
  }
  if (destination.__kind === 'Burn') {
    badges.push({
      text: 'Burns',
      tone: 'neutral',
      title: 'Slashed tokens are burnt: nobody receives them.',
    });
  } else {
    badges.push({
      text: 'Pays a recipient',
      tone: 'warn',
      title: `Slashed tokens go to ${destination.owner}, who gains from slashes.`,
    });
  }
  if (!avs.active)
    badges.push({
      text: 'Inactive',
      tone: 'warn',
      title: 'The registry admin deactivated this AVS.',
    });
  if (
    avs.changesEffectiveEpoch > epoch &&
    (avs.nextKind.__kind !== avs.kind.__kind ||
      avs.nextMaxSlashWad !== avs.maxSlashWad ||
      avs.nextDestination.__kind !== avs.destination.__kind)
  ) {
    badges.push({
      text: `Changes from epoch ${avs.changesEffectiveEpoch}`,
      tone: 'warn',
      title: 'The AVS admin announced a change of its slash authority, maximum or destination.',
    });
  }
  return badges;
}

/** An operator's opt-in to an AVS, where it stands during `epoch`. */
export type OptInState = 'active' | 'pending' | 'leaving' | 'out';

/** `OptInWindow` read at `epoch`: counting now, from next epoch, still slashable after an opt-out, or out. */
export function optInState(window: registry.OptInWindow, epoch: bigint): OptInState {
  if (isOptInActiveAt(window, epoch)) {
    return window.deactivationEpoch === (1n << 64n) - 1n ? 'active' : 'leaving';
  }
  return window.activationEpoch >= epoch && window.deactivationEpoch === (1n << 64n) - 1n
    ? 'pending'
    : 'out';
}

export type OperatorAvsRow = {
  avs: Address;
  label: string;
  state: OptInState;
  /** In words: "since epoch 3", "counts from epoch 8", "slashable through epoch 9". */
  text: string;
};

export type SlashHistoryRow = {
  request: Address;
  avs: Address;
  captureEpoch: bigint;
  lossLamports: bigint;
  executedSlot: bigint;
  cancelled: boolean;
};

export type OperatorRow = {
  operator: Address;
  label: string;
  metadataUri: string | null;
  /** Allocations (WAD of the vault): counted now, next epoch, and from the epoch after on. */
  allocationNow: bigint;
  allocationNext: bigint;
  allocationLater: bigint;
  /** The concentration limit (bps of the vault). */
  maxBps: number;
  /** Stake now: the allocation now times the slashable value, lamports. */
  stakeLamports: bigint;
  commissionBps: number | null;
  nextCommission: { bps: number; fromEpoch: bigint } | null;
  bondShares: bigint;
  bondUnbondingShares: bigint;
  /** The bond's value at the share price now, WAD-lamports. */
  bondValueWad: bigint;
  avss: OperatorAvsRow[];
  slashes: SlashHistoryRow[];
  /** `Delegation.slashed_total`, lamports. */
  slashedTotal: bigint;
};

function labelOr(world: World, address: string, fallback: string): string {
  return world.labels[address] ?? fallback;
}

function stakeOf(world: World, delegation: vault.Delegation, now: Now): bigint {
  const epoch = currentEpoch(now);
  const bucket = (e: bigint) => world.buckets.find((b) => b.data.epoch === e)?.data ?? null;
  // a capture now reaches the buckets of epochs cur+1 and cur+2 (the latter cannot exist yet)
  const stake = operatorStake(
    world.vault,
    delegation,
    [bucket(epoch + 1n), bucket(epoch + 2n)],
    now,
  );
  return stake.stakeLamports ?? 0n;
}

/** Every operator the vault allocates to (its delegations), in allocation order. */
export function operatorRows(world: World, now: Now): OperatorRow[] {
  const epoch = currentEpoch(now);
  const price = navWad(world, now.slot) ?? WAD;
  const rows = world.delegations.map(({ data: d }): OperatorRow => {
    const op = world.operators.find((o) => o.address === d.operator)?.data ?? null;
    const bond = world.bonds.find(
      (b) => b.data.operator === d.operator && b.data.vault === world.vaultAddress,
    )?.data;
    const rolled = operatorStake(world.vault, d, [], now).allocation;
    const commissionBps = op
      ? inForce(op.commissionBps, op.nextCommissionBps, op.commissionEffectiveEpoch, epoch)
      : null;
    const lastCommission = op?.nextCommissionBps ?? null;
    const avss = world.operatorAvs
      .filter((o) => o.data.operator === d.operator)
      .map(({ data: o }): OperatorAvsRow => {
        const state = optInState(o.window, epoch);
        const label = labelOr(world, o.avs, o.avs);
        const text =
          state === 'active'
            ? `slashable since epoch ${o.window.activationEpoch + 1n}`
            : state === 'pending'
              ? `counts from epoch ${o.window.activationEpoch + 1n}`
              : state === 'leaving'
                ? `opted out in epoch ${o.window.deactivationEpoch}: slashable through epoch ${o.window.deactivationEpoch + 1n}`
                : 'opted out';
        return { avs: o.avs, label, state, text };
      });
    const shares = bond?.shares ?? 0n;
    const unbonding = bond?.unbondingShares ?? 0n;
    return {
      operator: d.operator,
      label: labelOr(world, d.operator, d.operator),
      metadataUri: op?.metadataUri ? op.metadataUri : null,
      allocationNow: rolled.current,
      allocationNext: rolled.next,
      allocationLater: rolled.later,
      maxBps: d.maxBps,
      stakeLamports: stakeOf(world, d, now),
      commissionBps,
      nextCommission:
        op && commissionBps !== null && lastCommission !== null && lastCommission !== commissionBps
          ? { bps: lastCommission, fromEpoch: op.commissionEffectiveEpoch }
          : null,
      bondShares: shares,
      bondUnbondingShares: unbonding,
      bondValueWad: (shares + unbonding) * price,
      avss,
      slashes: world.executions
        .filter((e) => e.data.operator === d.operator && e.data.vault === world.vaultAddress)
        .map(({ data: e }) => ({
          request: e.request,
          avs: e.avs,
          captureEpoch: e.captureEpoch,
          lossLamports: e.lossLamports,
          executedSlot: e.executedSlot,
          cancelled: e.cancelled,
        }))
        .sort((a, b) => (a.executedSlot < b.executedSlot ? 1 : -1)),
      slashedTotal: d.slashedTotal,
    };
  });
  return rows.sort((a, b) =>
    a.allocationNow > b.allocationNow ? -1 : a.allocationNow < b.allocationNow ? 1 : 0,
  );
}

/** One operator's part in an AVS's bound. */
export type AvsOperatorExposure = {
  operator: Address;
  label: string;
  stakeLamports: bigint;
  /** `ceil(min(request, AVS max) x stake)` for a 100% request: what one request can take. */
  perRequestLamports: bigint;
  /** What this AVS can take from this operator's stake per capture epoch. */
  perEpochLamports: bigint;
};

export type AvsExposure = {
  avs: Address;
  label: string;
  badges: Badge[];
  /** The vault's opt-in and the curator's cap for this AVS (bps of an operator's stake per epoch). */
  vaultState: OptInState;
  capBps: number;
  /** The AVS's maximum per request in force now (WAD). */
  maxSlashWad: bigint;
  operators: AvsOperatorExposure[];
  /** The most the vault can lose to this AVS per capture epoch, lamports. */
  maxLossPerEpochLamports: bigint;
  /** That as a share of the vault's slashable value now (WAD). */
  maxLossShareWad: bigint;
};

export type ExposureSummary = {
  /** The registry cap in force now (bps of an operator's stake per epoch, all AVSs). */
  registryCapBps: number | null;
  avss: AvsExposure[];
  /** The most the vault can lose per capture epoch across every AVS, lamports. */
  totalMaxLossPerEpochLamports: bigint;
  totalMaxLossShareWad: bigint;
  /** The vault's slashable value now (active pool and the buckets a capture now reaches), WAD-lamports. */
  slashableValueWad: bigint;
};

function minBig(...xs: bigint[]): bigint {
  return xs.reduce((m, x) => (x < m ? x : m));
}

/** For each AVS the vault serves, the most it can lose to it per capture epoch; and in all. */
export function exposureSummary(world: World, now: Now): ExposureSummary {
  const epoch = currentEpoch(now);
  const registryCapBps = world.registryConfig
    ? registryParamsAt(world.registryConfig, epoch).maxVaultSlashBpsPerEpoch
    : null;
  const regCap = BigInt(registryCapBps ?? Number(BPS_DENOMINATOR));
  const stakes = new Map(
    world.delegations.map((d) => [d.data.operator, stakeOf(world, d.data, now)]),
  );
  const bucket = (e: bigint) => world.buckets.find((b) => b.data.epoch === e)?.data ?? null;
  const slashable = world.delegations.length
    ? operatorStake(
        world.vault,
        world.delegations[0]!.data,
        [bucket(epoch + 1n), bucket(epoch + 2n)],
        now,
      ).slashableValueWad
    : 0n;
  const share = (lamports: bigint) =>
    slashable === 0n ? 0n : minBig((lamports * WAD * WAD) / slashable, WAD);

  const capsByOperator = new Map<Address, bigint>();
  const avss: AvsExposure[] = world.vaultAvs
    .filter((v) => v.data.vault === world.vaultAddress)
    .map(({ data: v }): AvsExposure => {
      const avs: Addressed<registry.Avs> | undefined = world.avss.find((a) => a.address === v.avs);
      const vaultState = optInState(v.window, epoch);
      const maxSlashWad = avs
        ? inForce(
            avs.data.maxSlashWad,
            avs.data.nextMaxSlashWad,
            avs.data.changesEffectiveEpoch,
            epoch,
          )
        : WAD;
      const reachable = isOptInActiveAt(v.window, epoch);
      const operators: AvsOperatorExposure[] = [];
      for (const { data: o } of world.operatorAvs) {
        if (o.avs !== v.avs || !isOptInActiveAt(o.window, epoch)) continue;
        const stake = stakes.get(o.operator);
        if (stake === undefined || !reachable) continue;
        const perEpoch = minBig(
          stake,
          (stake * BigInt(v.capBps)) / BPS_DENOMINATOR,
          (stake * regCap) / BPS_DENOMINATOR,
        );
        const perRequest = minBig(
          slashLossCeil(stake, maxSlashWad > WAD ? WAD : maxSlashWad),
          perEpoch,
        );
        capsByOperator.set(o.operator, (capsByOperator.get(o.operator) ?? 0n) + perEpoch);
        operators.push({
          operator: o.operator,
          label: labelOr(world, o.operator, o.operator),
          stakeLamports: stake,
          perRequestLamports: perRequest,
          perEpochLamports: perEpoch,
        });
      }
      const total = operators.reduce((s, o) => s + o.perEpochLamports, 0n);
      return {
        avs: v.avs,
        label: labelOr(world, v.avs, v.avs),
        badges: avs ? avsBadges(avs.data, epoch) : [],
        vaultState,
        capBps: v.capBps,
        maxSlashWad,
        operators,
        maxLossPerEpochLamports: total,
        maxLossShareWad: share(total),
      };
    });
  let totalLoss = 0n;
  for (const [operator, sum] of capsByOperator) {
    const stake = stakes.get(operator) ?? 0n;
    totalLoss += minBig(sum, (stake * regCap) / BPS_DENOMINATOR, stake);
  }
  return {
    registryCapBps,
    avss,
    totalMaxLossPerEpochLamports: totalLoss,
    totalMaxLossShareWad: share(totalLoss),
    slashableValueWad: slashable,
  };
}
