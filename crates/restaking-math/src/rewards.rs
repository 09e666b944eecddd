//! Rewards (DESIGN.md section 5): an AVS pays a reward in a supported asset for
//! (vault, operator); the operator's commission goes to the operator, the vault's fee
//! (split between the treasury and the insurance fund) is minted as shares, and the rest
//! vests linearly into the active pool, so no one can deposit just before a reward and
//! take it.
//!
//! What must hold:
//! - The parts of a reward sum exactly to the reward: nothing is created or lost.
//! - The commission and the insurance cut round down, the vault fee rounds up (as every
//!   fee in [`crate::fees`]): rounding never pays the operator more than its rate, and
//!   never charges the vault fee below its rate.
//! - Vesting releases at most the linear schedule (`floor`), reaches the whole amount at
//!   the end of the period, never decreases with time, and never releases more than was
//!   put in; a payment made during epoch `e` vests over `e + 1` and never delays another
//!   ([`VestingCohorts`]).
use crate::{bps_floor, fee_ceil, to_u64, MathError, MathResult, BPS_DENOMINATOR};

/// One reward, split into who gets what:
/// `operator_commission + insurance_part + treasury_part + to_pool == amount`, and
/// `vault_fee == insurance_part + treasury_part`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RewardSplit {
    /// `floor(amount * commission_bps / 10_000)`, paid to the operator.
    pub operator_commission: u64,
    /// [`fee_ceil`] of `amount - operator_commission` at the vault fee rate; minted as
    /// shares to the treasury and the insurance fund.
    pub vault_fee: u64,
    /// `floor(vault_fee * insurance_cut_bps / 10_000)`: the insurance fund's part of the fee.
    pub insurance_part: u64,
    /// `vault_fee - insurance_part`: the treasury's part (it gets the rounding remainder).
    pub treasury_part: u64,
    /// `amount - operator_commission - vault_fee`: vests into the active pool.
    pub to_pool: u64,
}

/// Splits a reward: commission off the top (rounded down), then the vault fee on what is
/// left (rounded up), the fee divided between insurance (rounded down) and treasury (the
/// rest), and the remainder to the pool. The fee is charged on the holders' part only, so
/// the operator's commission does not pay the vault fee.
///
/// Errors: [`MathError::InvalidBps`] if any rate is above 10_000 (checked before anything,
/// whatever the amount).
pub fn split_reward(
    amount: u64,
    commission_bps: u16,
    vault_fee_bps: u16,
    insurance_cut_bps: u16,
) -> MathResult<RewardSplit> {
    for bps in [commission_bps, vault_fee_bps, insurance_cut_bps] {
        if u64::from(bps) > BPS_DENOMINATOR {
            return Err(MathError::InvalidBps);
        }
    }
    let operator_commission = bps_floor(amount, commission_bps)?;
    let after_commission = amount
        .checked_sub(operator_commission)
        .ok_or(MathError::Overflow)?;
    let vault_fee = fee_ceil(after_commission, vault_fee_bps)?;
    let insurance_part = bps_floor(vault_fee, insurance_cut_bps)?;
    let treasury_part = vault_fee
        .checked_sub(insurance_part)
        .ok_or(MathError::Overflow)?;
    let to_pool = after_commission
        .checked_sub(vault_fee)
        .ok_or(MathError::Overflow)?;
    Ok(RewardSplit {
        operator_commission,
        vault_fee,
        insurance_part,
        treasury_part,
        to_pool,
    })
}

/// `floor(total * clamp(now - start, 0, duration) / duration)`: the part of `total` that
/// has vested by `now_slot` under linear vesting from `start_slot` over `duration_slots`.
/// Rounding down releases never more than the schedule, so a holder who arrives during
/// the period gets at most its time-weighted part; the last slot releases the rest.
///
/// Nothing is vested before `start_slot`; everything is vested from
/// `start_slot + duration_slots` on. `duration_slots == 0` vests everything at `start_slot`.
pub fn vested_floor(
    total: u64,
    start_slot: u64,
    duration_slots: u64,
    now_slot: u64,
) -> MathResult<u64> {
    let elapsed = now_slot.saturating_sub(start_slot);
    if duration_slots == 0 {
        return Ok(if now_slot >= start_slot { total } else { 0 });
    }
    if elapsed >= duration_slots {
        return Ok(total);
    }
    // u64 * u64 < 2^128; elapsed < duration, so the result is < total.
    let vested = u128::from(total)
        .checked_mul(u128::from(elapsed))
        .ok_or(MathError::Overflow)?
        .checked_div(u128::from(duration_slots))
        .ok_or(MathError::DivisionByZero)?;
    to_u64(vested)
}

/// `total - vested_floor(..)`: what is still vesting at `now_slot` (rounded up, as the
/// complement of a floor), for the vault's solvency check (unvested rewards sit in the
/// reserve but belong to no share yet: DESIGN.md section 7, invariant 1).
pub fn unvested_ceil(
    total: u64,
    start_slot: u64,
    duration_slots: u64,
    now_slot: u64,
) -> MathResult<u64> {
    let vested = vested_floor(total, start_slot, duration_slots, now_slot)?;
    total.checked_sub(vested).ok_or(MathError::Overflow)
}

/// An asset's rewards on their way into the active pool (DESIGN.md section 5): what is
/// paid during restaking epoch `e` vests linearly over epoch `e + 1`, whoever pays next. So
/// there are at most two cohorts: the epoch's arrivals (`pending`, waiting for the next
/// epoch) and the previous epoch's (`vesting`, being released now). A payment only adds to
/// its own epoch's cohort: it never delays the vesting of earlier payments (the old ledger
/// restarted everything on each payment, so one base unit could hold back every reward).
///
/// What must hold: nothing is created or lost (`released + unvested == paid`); a cohort
/// releases at most its linear schedule (floor) and all of it by the end of its epoch;
/// what arrived in `e` releases nothing during `e`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VestingCohorts {
    /// Paid during `pending_epoch`; vests over `pending_epoch + 1`.
    pub pending: u64,
    pub pending_epoch: u64,
    /// Vesting over `vesting_epoch`, of which `vested` is already in the pool.
    pub vesting: u64,
    pub vesting_epoch: u64,
    pub vested: u64,
}

impl VestingCohorts {
    /// What is paid but not yet in the pool.
    pub fn unvested(&self) -> MathResult<u64> {
        self.pending
            .checked_add(self.vesting)
            .and_then(|x| x.checked_sub(self.vested))
            .ok_or(MathError::Overflow)
    }

    /// Moves the cohorts forward to `now_slot` (epochs of `epoch_length` slots) and returns
    /// what becomes vested, to be credited to the active pool.
    ///
    /// Errors: [`MathError::DivisionByZero`] if `epoch_length == 0`.
    pub fn accrue(&mut self, now_slot: u64, epoch_length: u64) -> MathResult<u64> {
        let cur = now_slot
            .checked_div(epoch_length)
            .ok_or(MathError::DivisionByZero)?;
        let mut credited = 0u64;
        let mut credit = |amount: u64| -> MathResult<()> {
            credited = credited.checked_add(amount).ok_or(MathError::Overflow)?;
            Ok(())
        };
        // 1. a cohort whose vesting epoch is over releases the rest
        if self.vesting > 0 && self.vesting_epoch < cur {
            credit(
                self.vesting
                    .checked_sub(self.vested)
                    .ok_or(MathError::Overflow)?,
            )?;
            (self.vesting, self.vested) = (0, 0);
        }
        // 2. arrivals of an earlier epoch start vesting (or are done, if their epoch passed)
        if self.pending > 0 && self.pending_epoch < cur {
            let vests_in = self.pending_epoch.saturating_add(1);
            if vests_in < cur {
                credit(self.pending)?;
            } else {
                // the vesting slot was freed in 1: it held an older epoch
                (self.vesting, self.vesting_epoch, self.vested) = (self.pending, vests_in, 0);
            }
            self.pending = 0;
        }
        // 3. the current epoch's cohort releases linearly over the epoch
        if self.vesting > 0 && self.vesting_epoch == cur {
            let start = cur.checked_mul(epoch_length).ok_or(MathError::Overflow)?;
            let due = vested_floor(self.vesting, start, epoch_length, now_slot)?;
            credit(due.checked_sub(self.vested).ok_or(MathError::Overflow)?)?;
            self.vested = due;
        }
        Ok(credited)
    }

    /// Adds a payment made at `now_slot`, after [`VestingCohorts::accrue`] to that slot:
    /// it joins the current epoch's arrivals.
    pub fn add(&mut self, amount: u64, now_slot: u64, epoch_length: u64) -> MathResult<()> {
        let cur = now_slot
            .checked_div(epoch_length)
            .ok_or(MathError::DivisionByZero)?;
        if self.pending == 0 {
            self.pending_epoch = cur;
        }
        // accrue emptied any earlier epoch's arrivals
        if self.pending_epoch != cur {
            return Err(MathError::Overflow);
        }
        self.pending = self
            .pending
            .checked_add(amount)
            .ok_or(MathError::Overflow)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reward_split_worked_example() {
        // 1_000_003 units, 8% commission, 10% vault fee, 25% of the fee to insurance:
        // commission = floor(80_000.24) = 80_000; left 920_003
        // fee = ceil(92_000.3) = 92_001; insurance = floor(23_000.25) = 23_000
        // treasury = 69_001; pool = 920_003 - 92_001 = 828_002
        assert_eq!(
            split_reward(1_000_003, 800, 1_000, 2_500),
            Ok(RewardSplit {
                operator_commission: 80_000,
                vault_fee: 92_001,
                insurance_part: 23_000,
                treasury_part: 69_001,
                to_pool: 828_002,
            })
        );
        // 80_000 + 23_000 + 69_001 + 828_002 = 1_000_003
    }

    #[test]
    fn reward_split_edges() {
        assert_eq!(
            split_reward(0, 10_000, 10_000, 10_000),
            Ok(RewardSplit::default())
        );
        // everything to the operator
        let all_op = split_reward(u64::MAX, 10_000, 10_000, 10_000).unwrap();
        assert_eq!(all_op.operator_commission, u64::MAX);
        assert_eq!(all_op.to_pool, 0);
        // no commission, full fee, all to insurance
        assert_eq!(
            split_reward(7, 0, 10_000, 10_000),
            Ok(RewardSplit {
                operator_commission: 0,
                vault_fee: 7,
                insurance_part: 7,
                treasury_part: 0,
                to_pool: 0,
            })
        );
        // dust: a 1-unit reward at any positive fee pays a 1-unit fee (fee rounds up),
        // while a 1-unit commission at 99.99% rounds to 0
        assert_eq!(
            split_reward(1, 9_999, 1, 5_000),
            Ok(RewardSplit {
                operator_commission: 0,
                vault_fee: 1,
                insurance_part: 0,
                treasury_part: 1,
                to_pool: 0,
            })
        );
    }

    #[test]
    fn reward_rates_above_one_whole_are_refused() {
        assert_eq!(split_reward(0, 10_001, 0, 0), Err(MathError::InvalidBps));
        assert_eq!(split_reward(100, 0, 10_001, 0), Err(MathError::InvalidBps));
        assert_eq!(
            split_reward(100, 0, 0, u16::MAX),
            Err(MathError::InvalidBps)
        );
    }

    #[test]
    fn vesting_is_linear_and_rounds_down() {
        // 1_000 over 3 slots from slot 10
        assert_eq!(vested_floor(1_000, 10, 3, 0), Ok(0));
        assert_eq!(vested_floor(1_000, 10, 3, 10), Ok(0));
        assert_eq!(vested_floor(1_000, 10, 3, 11), Ok(333)); // 333.3
        assert_eq!(vested_floor(1_000, 10, 3, 12), Ok(666)); // 666.6
        assert_eq!(vested_floor(1_000, 10, 3, 13), Ok(1_000));
        assert_eq!(vested_floor(1_000, 10, 3, u64::MAX), Ok(1_000));
        assert_eq!(unvested_ceil(1_000, 10, 3, 11), Ok(667));
        // full-width operands: (2^64 - 1) * (2^64 - 2) / (2^64 - 1) = 2^64 - 2
        assert_eq!(
            vested_floor(u64::MAX, 0, u64::MAX, u64::MAX - 1),
            Ok(u64::MAX - 1)
        );
    }

    #[test]
    fn zero_duration_vests_everything_at_the_start() {
        assert_eq!(vested_floor(500, 7, 0, 6), Ok(0));
        assert_eq!(vested_floor(500, 7, 0, 7), Ok(500));
        assert_eq!(unvested_ceil(500, 7, 0, 6), Ok(500));
        assert_eq!(unvested_ceil(500, 7, 0, 8), Ok(0));
    }

    #[test]
    fn a_payment_vests_over_the_next_epoch_and_never_delays_an_earlier_one() {
        // epochs of 100 slots; 900 paid at slot 150 (epoch 1) vest over epoch 2
        let mut c = VestingCohorts::default();
        assert_eq!(c.accrue(150, 100), Ok(0));
        c.add(900, 150, 100).unwrap();
        assert_eq!(
            c.accrue(199, 100),
            Ok(0),
            "nothing during the payment's epoch"
        );
        assert_eq!(c.accrue(200, 100), Ok(0));
        assert_eq!(c.accrue(250, 100), Ok(450));
        // a 1-unit payment in epoch 2 joins epoch 2's arrivals: the 900 still end at 300
        c.add(1, 250, 100).unwrap();
        assert_eq!(c.unvested(), Ok(451));
        assert_eq!(c.accrue(299, 100), Ok(441)); // floor(900 * 99 / 100) = 891
        assert_eq!(c.accrue(300, 100), Ok(9));
        assert_eq!(c.unvested(), Ok(1));
        // and the unit vests over epoch 3; a long gap releases everything at once
        assert_eq!(c.accrue(10_000, 100), Ok(1));
        assert_eq!(
            c,
            VestingCohorts {
                pending_epoch: 2,
                vesting_epoch: 3,
                ..VestingCohorts::default()
            }
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn reward_parts_sum_to_the_reward_and_respect_their_rates(
            amount in any::<u64>(),
            commission in 0u16..=10_000,
            fee in 0u16..=10_000,
            cut in 0u16..=10_000,
        ) {
            let s = split_reward(amount, commission, fee, cut).unwrap();
            let sum = u128::from(s.operator_commission) + u128::from(s.insurance_part)
                + u128::from(s.treasury_part) + u128::from(s.to_pool);
            prop_assert_eq!(sum, u128::from(amount));
            prop_assert_eq!(s.vault_fee, s.insurance_part + s.treasury_part);
            let d = u128::from(BPS_DENOMINATOR);
            // commission = floor(amount * c / 10_000)
            let c_exact = u128::from(amount) * u128::from(commission);
            prop_assert!(u128::from(s.operator_commission) * d <= c_exact);
            prop_assert!(u128::from(s.operator_commission) * d + d > c_exact);
            // fee = ceil(left * f / 10_000), left = amount - commission
            let left = u128::from(amount - s.operator_commission);
            let f_exact = left * u128::from(fee);
            prop_assert!(u128::from(s.vault_fee) * d >= f_exact);
            prop_assert!(u128::from(s.vault_fee) * d < f_exact + d);
            // insurance = floor(fee * cut / 10_000)
            let i_exact = u128::from(s.vault_fee) * u128::from(cut);
            prop_assert!(u128::from(s.insurance_part) * d <= i_exact);
            prop_assert!(u128::from(s.insurance_part) * d + d > i_exact);
        }

        #[test]
        fn vesting_is_monotone_bounded_and_complete(
            total in any::<u64>(),
            start in any::<u64>(),
            duration in prop_oneof![Just(0u64), 1u64..=1_000, any::<u64>()],
            t1 in any::<u64>(),
            t2 in any::<u64>(),
        ) {
            let (early, late) = (t1.min(t2), t1.max(t2));
            let a = vested_floor(total, start, duration, early).unwrap();
            let b = vested_floor(total, start, duration, late).unwrap();
            prop_assert!(a <= b && b <= total);
            prop_assert_eq!(a + unvested_ceil(total, start, duration, early).unwrap(), total);
            // exact schedule: vested * duration <= total * elapsed < (vested + 1) * duration
            let elapsed = u128::from(late.saturating_sub(start).min(duration));
            if duration > 0 {
                let d = u128::from(duration);
                prop_assert!(u128::from(b) * d <= u128::from(total) * elapsed);
                prop_assert!((u128::from(b) + 1) * d > u128::from(total) * elapsed);
            }
            if let Some(end) = start.checked_add(duration) {
                prop_assert_eq!(vested_floor(total, start, duration, end), Ok(total));
            }
            if start > 0 {
                prop_assert_eq!(vested_floor(total, start, duration, start - 1), Ok(0));
            }
        }

        #[test]
        fn cohorts_never_lose_or_create_tokens_and_release_each_payment_in_its_next_epoch(
            payments in prop::collection::vec((0u64..=(1 << 40), 0u64..=120), 1..=16),
            epoch_length in 1u64..=50,
            tail in 0u64..=200,
        ) {
            // payments at increasing slots, accruals at each payment and at the end
            let mut c = VestingCohorts::default();
            let (mut now, mut paid, mut released) = (0u64, 0u64, 0u64);
            // the latest slot by which everything paid so far must have vested
            let mut all_by = 0u64;
            for (amount, gap) in payments {
                now += gap;
                released += c.accrue(now, epoch_length).unwrap();
                let before = released;
                c.add(amount, now, epoch_length).unwrap();
                paid += amount;
                // conservation, and a payment releases nothing in its own epoch
                prop_assert_eq!(released + c.unvested().unwrap(), paid);
                let epoch_end = (now / epoch_length + 1) * epoch_length - 1;
                released += c.accrue(epoch_end, epoch_length).unwrap();
                prop_assert!(released - before <= paid - amount, "the new payment vested early");
                now = epoch_end;
                all_by = (now / epoch_length + 2) * epoch_length;
            }
            released += c.accrue(all_by.max(now) + tail, epoch_length).unwrap();
            prop_assert_eq!(released, paid, "everything vests by the end of the next epoch");
            prop_assert_eq!(c.unvested(), Ok(0));
        }
    }
}
