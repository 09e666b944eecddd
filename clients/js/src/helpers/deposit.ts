// What a deposit would mint, as programs/lrt_vault/src/instructions/depositor/deposit.rs
// computes it: the checks in the instruction's order, then vesting credited to the slot,
// value = amount * price, shares = floor(value * S / V) with V the deposit value
// (`Vault::deposit_value_wad`), the fee in force ceil'd out of them (`split_fee`).
import {
  LRT_VAULT_ERROR__DEPOSITS_AWAIT_SLASH_RESOLUTION,
  LRT_VAULT_ERROR__DEPOSITS_PAUSED,
  LRT_VAULT_ERROR__DEPOSIT_CAP_EXCEEDED,
  LRT_VAULT_ERROR__FEE_ABOVE_MAXIMUM,
  LRT_VAULT_ERROR__MATH_OVERFLOW,
  LRT_VAULT_ERROR__PROTOCOL_PAUSED,
  LRT_VAULT_ERROR__SLIPPAGE_EXCEEDED,
  LRT_VAULT_ERROR__STALE_PRICE,
  LRT_VAULT_ERROR__UNKNOWN_ASSET,
  LRT_VAULT_ERROR__VAULT_WIPED_OUT,
  LRT_VAULT_ERROR__ZERO_AMOUNT,
  LRT_VAULT_ERROR__ZERO_SHARES,
  type LrtVaultError,
  type Vault,
} from '../generated/lrt_vault/index.ts';
import { feeInForce, type FeeInForce } from './fees.ts';
import { U64_MAX, assetValueWad, sharePriceWad, sharesForDepositFloor, splitFee } from './math.ts';
import { vaultMath } from './refusals.ts';
import { accrueVesting, depositValueWad, vaultAssets } from './sharePrice.ts';
import { currentEpoch, type Now } from './time.ts';

/** What the deposit instruction is given besides the vault, asset and amount. */
export type DepositOptions = {
  /** `DepositArgs.max_fee_bps`; by default the fee in force (what `lrt deposit` signs for). */
  maxFeeBps?: number;
  /** `DepositArgs.min_shares_out` (after the fee); 0 by default. */
  minSharesOut?: bigint;
  /**
   * The current Solana epoch: with it, cached prices of an earlier Solana epoch refuse
   * (`StalePrice`; put `refresh_prices` in the same transaction, and the quote, at the
   * cached prices, moves with the refresh). Without it, prices are taken as fresh.
   */
  solanaEpoch?: bigint;
  /** The vault program Config's `paused`. */
  protocolPaused?: boolean;
};

/** The numbers of a deposit. */
export type DepositQuote = {
  /** The asset's cached price: lamports per raw unit, x 1e18. */
  priceWad: bigint;
  /** `asset_value_wad(amount, price)`: what the deposit brings, WAD-lamports. */
  valueWad: bigint;
  /** `Vault::deposit_value_wad` after vesting: what it buys into. */
  totalValueWad: bigint;
  /** `shares_for_deposit_floor(value, S, V)`: every share minted, fee included. */
  shares: bigint;
  /** `split_fee(shares, fee).fee`: kept in the vault's treasury ledger (rounded up). */
  feeShares: bigint;
  /** `split_fee(shares, fee).net`: what the recipient receives. */
  netShares: bigint;
  /** The share price the deposit pays, `share_price_wad(V, S)` (`null` with no shares). */
  sharePriceWad: bigint | null;
};

export type DepositPreview = {
  /** The restaking epoch of `now`: the one whose fee applies. */
  epoch: bigint;
  /** The deposit fee in force (`FeeSchedule::at(epoch).deposit_bps`) and its announced change. */
  fee: FeeInForce;
  /** `null` when the asset is unknown or the math refuses (see `refusal`). */
  quote: DepositQuote | null;
  /** The first check the instruction would fail, in its order, or `null`. */
  refusal: LrtVaultError | null;
};

/**
 * A preview of `deposit(asset_index, amount)` into `vault` at `now`
 * (programs/lrt_vault/src/instructions/depositor/deposit.rs `Deposit::validate` then
 * `Deposit::handle`).
 */
export function previewDeposit(
  vault: Vault,
  now: Now,
  assetIndex: number,
  amount: bigint,
  options: DepositOptions = {},
): DepositPreview {
  const epoch = currentEpoch(now);
  const fee = feeInForce(vault.fees, epoch, 'deposit');
  const asset =
    assetIndex >= 0 && assetIndex < vault.assetCount ? vaultAssets(vault)[assetIndex] : undefined;
  const refusals: LrtVaultError[] = [];

  // Deposit::validate
  if (options.protocolPaused) refusals.push(LRT_VAULT_ERROR__PROTOCOL_PAUSED);
  if (vault.depositsPaused) refusals.push(LRT_VAULT_ERROR__DEPOSITS_PAUSED);
  // Vault::check_deposits_open: the slash window speaks first, then a wipe-out
  if (now.slot < vault.slashWindow.untilSlot)
    refusals.push(LRT_VAULT_ERROR__DEPOSITS_AWAIT_SLASH_RESOLUTION);
  if (vault.wipedOut) refusals.push(LRT_VAULT_ERROR__VAULT_WIPED_OUT);
  if (amount <= 0n) refusals.push(LRT_VAULT_ERROR__ZERO_AMOUNT);
  if (asset === undefined) {
    refusals.push(LRT_VAULT_ERROR__UNKNOWN_ASSET);
    return { epoch, fee, quote: null, refusal: refusals[0] ?? null };
  }
  // the cap is checked on the books before vesting is credited
  const after = asset.activeAmount + amount;
  if (after > U64_MAX) refusals.push(LRT_VAULT_ERROR__MATH_OVERFLOW);
  else if (after > asset.depositCap) refusals.push(LRT_VAULT_ERROR__DEPOSIT_CAP_EXCEEDED);
  // Vault::require_fresh_prices
  if (
    options.solanaEpoch !== undefined &&
    vaultAssets(vault).some((a) => a.priceEpoch !== options.solanaEpoch)
  ) {
    refusals.push(LRT_VAULT_ERROR__STALE_PRICE);
  }

  // Deposit::handle: the fee guard (check_fee_accepted), then the quote
  if (fee.bps > (options.maxFeeBps ?? fee.bps)) refusals.push(LRT_VAULT_ERROR__FEE_ABOVE_MAXIMUM);
  const quoted = vaultMath(() => {
    const accrued = accrueVesting(vault, now);
    const priceWad = asset.priceWad;
    const valueWad = assetValueWad(amount, priceWad);
    const totalValueWad = depositValueWad(accrued);
    const shares = sharesForDepositFloor(valueWad, accrued.shareSupply, totalValueWad);
    const split = splitFee(shares, fee.bps);
    return {
      priceWad,
      valueWad,
      totalValueWad,
      shares,
      feeShares: split.fee,
      netShares: split.net,
      sharePriceWad:
        accrued.shareSupply === 0n ? null : sharePriceWad(totalValueWad, accrued.shareSupply),
    };
  });
  if (!quoted.ok) {
    refusals.push(quoted.code);
    return { epoch, fee, quote: null, refusal: refusals[0] ?? null };
  }
  const quote = quoted.value;
  if (quote.shares === 0n || quote.netShares === 0n) refusals.push(LRT_VAULT_ERROR__ZERO_SHARES);
  else if (quote.netShares < (options.minSharesOut ?? 0n))
    refusals.push(LRT_VAULT_ERROR__SLIPPAGE_EXCEEDED);
  return { epoch, fee, quote, refusal: refusals[0] ?? null };
}
