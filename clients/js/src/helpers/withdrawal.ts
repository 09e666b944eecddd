// What a withdrawal request would burn and queue, as
// programs/lrt_vault/src/instructions/depositor/request_withdrawal.rs computes it: the fee
// in force ceil'd out of the shares (`split_fee`), then every asset k moves
// floor(active_k * net / S) into the bucket of the next epoch (no price is read), recorded
// in the bucket's unscaled units.
import {
  LRT_VAULT_ERROR__FEE_ABOVE_MAXIMUM,
  LRT_VAULT_ERROR__INSUFFICIENT_SHARES,
  LRT_VAULT_ERROR__PROTOCOL_PAUSED,
  LRT_VAULT_ERROR__WITHDRAWALS_AWAIT_SLASH_RESOLUTION,
  LRT_VAULT_ERROR__WITHDRAWALS_PAUSED,
  LRT_VAULT_ERROR__WITHDRAWAL_TOO_SMALL,
  LRT_VAULT_ERROR__ZERO_AMOUNT,
  type LrtVaultError,
  type Vault,
  type WithdrawalBucket,
} from '../generated/lrt_vault/index.ts';
import { feeInForce, type FeeInForce } from './fees.ts';
import {
  INITIAL_BUCKET_SCALE,
  MAX_ASSETS,
  amountForSharesFloor,
  basketValueWad,
  splitFee,
  unscaledAmountFloor,
} from './math.ts';
import { vaultMath } from './refusals.ts';
import { accrueVesting, vaultAssets } from './sharePrice.ts';
import { currentEpoch, type Now } from './time.ts';

export type WithdrawalOptions = {
  /** `RequestWithdrawalArgs.max_fee_bps`; by default the fee in force (what `lrt` signs for). */
  maxFeeBps?: number;
  /** The owner's LRT balance: with it, asking for more refuses (`InsufficientShares`). */
  ownerShares?: bigint;
  /** The vault program Config's `paused`. */
  protocolPaused?: boolean;
  /**
   * The vault's bucket of epoch cur+1 if a request already created it (its scale and hold
   * apply); `null` or absent when this request would create it.
   */
  bucket?: WithdrawalBucket | null;
};

export type WithdrawalPreview = {
  /** The restaking epoch of `now`: the one whose fee applies. */
  epoch: bigint;
  /** The bucket the ticket joins: epoch + 1. */
  bucketEpoch: bigint;
  /** The first epoch the ticket can be claimed in: bucket epoch + 1. */
  claimableFromEpoch: bigint;
  /** The withdrawal fee in force and its announced change. */
  fee: FeeInForce;
  /** `split_fee(shares, fee)`: the fee stays in the treasury ledger, the rest is burnt. */
  feeShares: bigint;
  netShares: bigint;
  /** Per asset slot (8, zero past the vault's assets): floor(active_k * net / S). */
  amounts: bigint[] | null;
  /** The basket at the cached prices (information only: the withdrawal reads no price). */
  valueWad: bigint | null;
  /** The scale the ticket is recorded at: the bucket's, or the one a new bucket starts at. */
  bucketScaleWad: bigint | null;
  /** The ticket's `unscaled_amounts`: `unscaled_amount_floor(amount_k, scale)`. */
  unscaledAmounts: bigint[] | null;
  /** The bucket's `hold_until_slot` after the request: claims wait until then. */
  bucketHoldUntilSlot: bigint;
  /** The first check the instruction would fail, in its order, or `null`. */
  refusal: LrtVaultError | null;
};

/**
 * A preview of `request_withdrawal(shares)` from `vault` at `now`
 * (programs/lrt_vault/src/instructions/depositor/request_withdrawal.rs
 * `RequestWithdrawal::validate` then `RequestWithdrawal::handle`).
 */
export function previewWithdrawal(
  vault: Vault,
  now: Now,
  shares: bigint,
  options: WithdrawalOptions = {},
): WithdrawalPreview {
  const epoch = currentEpoch(now);
  const bucketEpoch = epoch + 1n;
  const bucket = options.bucket ?? null;
  if (bucket !== null && bucket.epoch !== bucketEpoch) {
    throw new Error(`the bucket given is of epoch ${bucket.epoch}, not of epoch ${bucketEpoch}`);
  }
  const fee = feeInForce(vault.fees, epoch, 'withdrawal');
  const split = splitFee(shares, fee.bps);
  const windowOpen = now.slot < vault.slashWindow.untilSlot;
  let hold = bucket?.holdUntilSlot ?? 0n;
  if (windowOpen && vault.slashWindow.untilSlot > hold) hold = vault.slashWindow.untilSlot;
  const preview: WithdrawalPreview = {
    epoch,
    bucketEpoch,
    claimableFromEpoch: bucketEpoch + 1n,
    fee,
    feeShares: split.fee,
    netShares: split.net,
    amounts: null,
    valueWad: null,
    bucketScaleWad: null,
    unscaledAmounts: null,
    bucketHoldUntilSlot: hold,
    refusal: null,
  };
  const refusals: LrtVaultError[] = [];
  const done = () => ({ ...preview, refusal: refusals[0] ?? null });

  // RequestWithdrawal::validate
  if (options.protocolPaused) refusals.push(LRT_VAULT_ERROR__PROTOCOL_PAUSED);
  if (vault.withdrawalsPaused) refusals.push(LRT_VAULT_ERROR__WITHDRAWALS_PAUSED);
  if (shares <= 0n) refusals.push(LRT_VAULT_ERROR__ZERO_AMOUNT);
  if (options.ownerShares !== undefined && options.ownerShares < shares) {
    refusals.push(LRT_VAULT_ERROR__INSUFFICIENT_SHARES);
  }
  // RequestWithdrawal::handle: the fee guard, vesting, the basket from the books only
  if (fee.bps > (options.maxFeeBps ?? fee.bps)) refusals.push(LRT_VAULT_ERROR__FEE_ABOVE_MAXIMUM);
  const accrued = vaultMath(() => accrueVesting(vault, now));
  if (!accrued.ok) {
    refusals.push(accrued.code);
    return done();
  }
  if (split.net === 0n) {
    refusals.push(LRT_VAULT_ERROR__WITHDRAWAL_TOO_SMALL);
    return done();
  }
  const assets = vaultAssets(accrued.value);
  const basket = vaultMath(() =>
    assets.map((a) => amountForSharesFloor(a.activeAmount, split.net, accrued.value.shareSupply)),
  );
  if (!basket.ok) {
    refusals.push(basket.code);
    return done();
  }
  const amounts = [...basket.value, ...Array<bigint>(MAX_ASSETS - basket.value.length).fill(0n)];
  preview.amounts = amounts;
  preview.valueWad = basketValueWad(assets.map((a, k) => [amounts[k] ?? 0n, a.priceWad] as const));
  if (!amounts.some((a) => a > 0n)) {
    refusals.push(LRT_VAULT_ERROR__WITHDRAWAL_TOO_SMALL);
    return done();
  }
  // the bucket, joined or created (`SlashWindow::new_bucket_scale`), in unscaled units
  const scale =
    bucket !== null
      ? bucket.scaleWad
      : windowOpen
        ? vault.slashWindow.factorWad
        : INITIAL_BUCKET_SCALE;
  preview.bucketScaleWad = scale;
  if (bucket === null && scale === 0n) {
    refusals.push(LRT_VAULT_ERROR__WITHDRAWALS_AWAIT_SLASH_RESOLUTION);
    return done();
  }
  const unscaled = vaultMath(() =>
    assets.map((_, k) => unscaledAmountFloor(amounts[k] ?? 0n, scale)),
  );
  if (!unscaled.ok) {
    refusals.push(unscaled.code);
    return done();
  }
  preview.unscaledAmounts = [
    ...unscaled.value,
    ...Array<bigint>(MAX_ASSETS - unscaled.value.length).fill(0n),
  ];
  return done();
}
