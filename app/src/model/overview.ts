// The vault at a glance: what it is worth and what one LRT is worth (the vault's own
// valuation: the active pool at the cached prices, vesting credited to the slot), what it
// holds per asset and how full each deposit cap is, its fees with announced changes, what
// is paused, and the first-loss capital in front of holders (operators' bonds and the
// insurance fund, both LRT shares kept in the vault's ledger).
import {
  U64_MAX,
  WAD,
  accrueVesting,
  assetValueWad,
  currentEpoch,
  feeInForce,
  lastSlotOfEpoch,
  type FeeInForce,
  type Now,
  type SharePrice,
} from '@lrt/client';
import type { Address } from '@solana/kit';

import { ratioWad } from './format.ts';
import { navWad, sharePriceNow, type AssetInfo, type World } from './world.ts';

export type CompositionRow = {
  asset: AssetInfo;
  /** Backing the LRT now (vesting credited), base units. */
  active: bigint;
  /** Waiting in withdrawal buckets, taken by slashes and not yet swept, rewards still vesting. */
  queued: bigint;
  escrowed: bigint;
  /** The cached price (lamports per raw unit, x 1e18) and the Solana epoch it was read in. */
  priceWad: bigint;
  priceEpoch: bigint;
  /** `active` at the cached price, WAD-lamports, and its share of the vault's value (WAD). */
  valueWad: bigint;
  shareWad: bigint;
  depositCap: bigint;
  /** `active / cap` (WAD); deposits stop at 100%. */
  capUsedWad: bigint;
  /** The cap is u64::MAX: no cap. */
  uncapped: boolean;
};

export type Pauses = {
  protocol: boolean;
  deposits: boolean;
  withdrawals: boolean;
  /** While a slash can still be cancelled, deposits wait until this slot. */
  depositsReopenAtSlot: bigint | null;
  wipedOut: boolean;
};

export type Overview = {
  epoch: bigint;
  /** Slots left in the current restaking epoch. */
  epochSlotsLeft: bigint;
  price: SharePrice;
  /** Net asset value per share: the active value over the share supply (WAD SOL per LRT). */
  navWad: bigint | null;
  /** Total value (the active pool), WAD-lamports. */
  totalValueWad: bigint;
  /** The share count, and its parts: LRT in circulation and the vault's ledgers. */
  shareSupply: bigint;
  lrtSupply: bigint;
  treasuryShares: bigint;
  insuranceShares: bigint;
  bondedShares: bigint;
  insuranceValueWad: bigint;
  bondedValueWad: bigint;
  bonds: {
    operator: Address;
    label: string;
    shares: bigint;
    unbondingShares: bigint;
    valueWad: bigint;
  }[];
  composition: CompositionRow[];
  fees: {
    deposit: FeeInForce;
    withdrawal: FeeInForce;
    reward: FeeInForce;
    insuranceCutBps: number;
  };
  pauses: Pauses;
  /** Prices older than the current Solana epoch (a deposit refreshes them first). */
  stalePrices: boolean;
};

export function overview(world: World, now: Now): Overview {
  const epoch = currentEpoch(now);
  const v = accrueVesting(world.vault, now);
  const price = sharePriceNow(world, now.slot);
  const nav = navWad(world, now.slot);
  const perShare = nav ?? WAD;
  const total = price.activeValueWad;
  const composition = world.assets.map((asset): CompositionRow => {
    const slot = v.assets[asset.index]!;
    const valueWad = assetValueWad(slot.activeAmount, slot.priceWad);
    return {
      asset,
      active: slot.activeAmount,
      queued: slot.queuedAmount,
      escrowed: slot.escrowedAmount,
      priceWad: slot.priceWad,
      priceEpoch: slot.priceEpoch,
      valueWad,
      shareWad: ratioWad(valueWad, total),
      depositCap: slot.depositCap,
      capUsedWad: ratioWad(slot.activeAmount, slot.depositCap),
      uncapped: slot.depositCap === U64_MAX,
    };
  });
  const bonds = world.bonds
    .filter((b) => b.data.vault === world.vaultAddress)
    .map(({ data: b }) => ({
      operator: b.operator,
      label: world.labels[b.operator] ?? b.operator,
      shares: b.shares,
      unbondingShares: b.unbondingShares,
      valueWad: (b.shares + b.unbondingShares) * perShare,
    }));
  return {
    epoch,
    epochSlotsLeft: lastSlotOfEpoch(epoch, now.epochLength) + 1n - now.slot,
    price,
    navWad: nav,
    totalValueWad: total,
    shareSupply: v.shareSupply,
    lrtSupply: world.lrt.supply,
    treasuryShares: v.treasuryShares,
    insuranceShares: v.insuranceShares,
    bondedShares: v.bondedShares,
    insuranceValueWad: v.insuranceShares * perShare,
    bondedValueWad: v.bondedShares * perShare,
    bonds,
    composition,
    fees: {
      deposit: feeInForce(v.fees, epoch, 'deposit'),
      withdrawal: feeInForce(v.fees, epoch, 'withdrawal'),
      reward: feeInForce(v.fees, epoch, 'reward'),
      insuranceCutBps: v.insuranceCutBps,
    },
    pauses: {
      protocol: world.config.paused,
      deposits: v.depositsPaused,
      withdrawals: v.withdrawalsPaused,
      depositsReopenAtSlot: now.slot < v.slashWindow.untilSlot ? v.slashWindow.untilSlot : null,
      wipedOut: v.wipedOut,
    },
    stalePrices: composition.some((c) => c.priceEpoch !== world.solanaEpoch),
  };
}
