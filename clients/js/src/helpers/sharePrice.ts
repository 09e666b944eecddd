// What a vault is worth and what one share is worth, as the vault program values itself
// (programs/lrt_vault/src/state/vault.rs): vesting credited to the current slot first
// (`Vault::accrue_vesting`), so rewards already vested count and rewards still vesting or
// pending do not; the active pool at the cached prices (`Vault::active_value_wad`); and
// for deposits a margin on Marinade-priced assets (`Vault::deposit_value_wad`). Queued
// withdrawals, escrowed slashes and the reserve's token balance never count.
import type { AssetSlot, Vault, WithdrawalBucket } from '../generated/lrt_vault/index.ts';
import {
  LAMPORTS_PER_SOL,
  MathError,
  WAD,
  accrueCohorts,
  allocatedStakeFloor,
  assetValueWad,
  basketValueWad,
  marinadeStalenessMarginCeil,
  scaledAmountFloor,
  sharePriceWad,
  sharesForDepositFloor,
  toU128,
  toU64,
} from './math.ts';
import type { Now } from './time.ts';

/** The vault's asset slots in use (`Vault::assets`). */
export function vaultAssets(vault: Vault): AssetSlot[] {
  return vault.assets.slice(0, vault.assetCount);
}

/**
 * `Vault::accrue_vesting`: a copy of `vault` with every asset's rewards vested by
 * `now.slot` credited to its active pool, as the next instruction will credit them.
 */
export function accrueVesting(vault: Vault, now: Now): Vault {
  const assets = vault.assets.map((slot, k) => {
    if (k >= vault.assetCount) return slot;
    const { cohorts, credited } = accrueCohorts(slot.rewards, now.slot, now.epochLength);
    return {
      ...slot,
      rewards: { ...cohorts },
      activeAmount: toU64(slot.activeAmount + credited),
    };
  });
  return { ...vault, assets };
}

/** `Vault::active_value_wad`: the active pool at the cached prices, WAD-lamports. */
export function activeValueWad(vault: Vault): bigint {
  return basketValueWad(vaultAssets(vault).map((a) => [a.activeAmount, a.priceWad] as const));
}

/**
 * `Vault::deposit_value_wad`: the value a deposit buys into: the active pool at the
 * cached prices plus `marinade_staleness_margin_ceil` of every Marinade-priced asset.
 */
export function depositValueWad(vault: Vault): bigint {
  let value = activeValueWad(vault);
  for (const slot of vaultAssets(vault)) {
    if (slot.pricing.__kind === 'Marinade') {
      const held = assetValueWad(slot.activeAmount, slot.priceWad);
      value = toU128(value + marinadeStalenessMarginCeil(held));
    }
  }
  return value;
}

/**
 * `Vault::slashable_value_wad`: the active pool plus the given withdrawal buckets (those of
 * epochs c+1 and c+2 of a capture c that exist; `null` for a missing one), each asset at
 * `scaled_amount_floor(unscaled, scale)` and the vault's cached price.
 */
export function slashableValueWad(
  vault: Vault,
  buckets: ReadonlyArray<WithdrawalBucket | null>,
): bigint {
  let value = activeValueWad(vault);
  for (const bucket of buckets) {
    if (bucket === null) continue;
    const pairs = vaultAssets(vault).map(
      (a, k) =>
        [scaledAmountFloor(bucket.unscaledAmounts[k] ?? 0n, bucket.scaleWad), a.priceWad] as const,
    );
    value = toU128(value + basketValueWad(pairs));
  }
  return value;
}

/**
 * `Vault::allocated_stake`: an operator's stake in lamports, its allocation (WAD) times the
 * slashable value (`slashableValueWad`), rounded down (`allocated_stake_floor`).
 */
export function allocatedStake(
  vault: Vault,
  allocationWad: bigint,
  buckets: ReadonlyArray<WithdrawalBucket | null>,
): bigint {
  return allocatedStakeFloor(slashableValueWad(vault, buckets), allocationWad);
}

/** The value of one share, as the next deposit would price it. */
export type SharePrice = {
  /** `Vault::active_value_wad` after vesting is credited to the slot: WAD-lamports. */
  activeValueWad: bigint;
  /** `Vault::deposit_value_wad` (with the Marinade margin): what deposits buy into. */
  depositValueWad: bigint;
  shareSupply: bigint;
  /**
   * `share_price_wad(deposit value, supply)`: lamports of SOL value per share base unit,
   * x 1e18, rounded down. LRT and SOL both have 9 decimals, so this is also SOL per LRT as
   * a WAD (1.05e18: one LRT is worth 1.05 SOL). `null` when no share exists (then a
   * deposit mints one share per lamport of value: `initial_shares_floor`).
   */
  sharePriceWad: bigint | null;
  /**
   * The LRT/SOL rate: LRT base units one SOL of value buys before fees
   * (`shares_for_deposit_floor(1 SOL)`, rounded down like a deposit). `null` when shares
   * exist but the vault is worth nothing (a deposit is refused: `VaultValueIsZero`).
   */
  lrtPerSol: bigint | null;
};

/**
 * The share price of `vault` at `now`: vesting credited to the slot (`accrue_vesting`),
 * then `deposit_value_wad` over the share supply, as `deposit` prices a share.
 */
export function sharePrice(vault: Vault, now: Now): SharePrice {
  const accrued = accrueVesting(vault, now);
  const active = activeValueWad(accrued);
  const deposit = depositValueWad(accrued);
  const supply = accrued.shareSupply;
  let lrtPerSol: bigint | null;
  try {
    lrtPerSol = sharesForDepositFloor(LAMPORTS_PER_SOL * WAD, supply, deposit);
  } catch (error) {
    if (error instanceof MathError && error.kind === 'VaultValueIsZero') lrtPerSol = null;
    else throw error;
  }
  return {
    activeValueWad: active,
    depositValueWad: deposit,
    shareSupply: supply,
    sharePriceWad: supply === 0n ? null : sharePriceWad(deposit, supply),
    lrtPerSol,
  };
}
