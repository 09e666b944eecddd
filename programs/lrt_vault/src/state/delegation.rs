//! A vault's allocation to one operator: a fraction of the vault's slashable value (DESIGN.md
//! section 5), with the history a slash needs.
//!
//! An allocation is not an amount of lamports: the operator's stake is the allocation
//! times the vault's slashable value (its active pool plus the withdrawal buckets a
//! capture can still reach), so it follows the vault as holders come and go, and a
//! holder's exposure to an operator never changes because other holders withdraw.
//!
//! Must hold (docs/slashing.md, "Windows"), the same rule as the registry's opt-ins: an
//! increase made during epoch `e` counts from `e + 1`, so a slash captured at `c` never
//! reaches allocation added during or after `c`; a decrease made during `d` still counts
//! for captures up to `d + 1` and stops from `d + 2`. The allocation at a capture epoch is
//! only answerable for the current and the previous epoch, exactly the execution window.
//! A vault's allocations sum to at most 100% in every epoch (`Vault.allocations` holds the
//! sums, rolled by the same rule), and each is at most the operator's concentration limit
//! from the next epoch on. Slashes do not change allocations: the curator decides whether
//! to keep backing a slashed operator.
use anchor_lang::prelude::*;

use crate::errors::{math, VaultError};

/// Allocation (WAD, 1e18 = 100% of the vault) counted in the epochs around `epoch`.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct AllocationHistory {
    /// Epoch of `current`; everything is rolled forward to the present epoch first.
    pub epoch: u64,
    /// Counted during `epoch - 1`.
    pub previous: u64,
    /// Counted during `epoch`.
    pub current: u64,
    /// Counted during `epoch + 1` (increases already, decreases not yet).
    pub next: u64,
    /// Counted from `epoch + 2` on, once every pending change applies.
    pub later: u64,
}

impl AllocationHistory {
    /// The first epoch an increase made during `now` counts in.
    pub fn increase_counts_from(now: u64) -> u64 {
        now.saturating_add(1)
    }

    /// The first epoch a decrease made during `now` no longer counts in: it still counts
    /// for captures through `now + 1` (an AVS gets a full epoch to report).
    pub fn decrease_stops_from(now: u64) -> u64 {
        now.saturating_add(2)
    }

    /// Moves the history forward to epoch `now` (no-op if already there).
    pub fn roll(&mut self, now: u64) {
        match now.saturating_sub(self.epoch) {
            0 => {}
            1 => {
                self.previous = self.current;
                self.current = self.next;
                self.next = self.later;
            }
            2 => {
                self.previous = self.next;
                self.current = self.later;
                self.next = self.later;
            }
            _ => {
                self.previous = self.later;
                self.current = self.later;
                self.next = self.later;
            }
        }
        self.epoch = self.epoch.max(now);
    }

    /// The allocation that counted during `capture`, read during `now`: the current or the
    /// previous epoch only; anything else is outside the execution window.
    pub fn at(&self, capture: u64, now: u64) -> Result<u64> {
        let mut rolled = *self;
        rolled.roll(now);
        if capture == rolled.epoch {
            Ok(rolled.current)
        } else if capture.checked_add(1) == Some(rolled.epoch) {
            Ok(rolled.previous)
        } else {
            err!(VaultError::OutsideSlashWindow)
        }
    }

    /// The most this history allocates in any epoch from the next one on (a decrease
    /// waits one epoch longer than an increase, so `next >= later`).
    pub fn committed(&self) -> u64 {
        self.next.max(self.later)
    }

    /// Adds `amount` during epoch `now`: it counts from the next epoch.
    pub fn increase(&mut self, amount: u64, now: u64) -> Result<()> {
        self.roll(now);
        let add = |x: u64| x.checked_add(amount).ok_or(VaultError::MathOverflow);
        self.next = add(self.next)?;
        self.later = add(self.later)?;
        Ok(())
    }

    /// Takes `amount` off during epoch `now`: it keeps counting through the next epoch.
    pub fn decrease(&mut self, amount: u64, now: u64) -> Result<()> {
        self.roll(now);
        self.later = self
            .later
            .checked_sub(amount)
            .ok_or(VaultError::InsufficientDelegation)?;
        Ok(())
    }
}

#[account]
#[derive(InitSpace, Debug)]
pub struct Delegation {
    pub vault: Pubkey,
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    /// Concentration limit: the allocation may not exceed this share of the vault.
    pub max_bps: u16,
    /// The operator's allocation (WAD fraction of the vault's slashable value).
    pub allocation: AllocationHistory,
    /// Epoch of the latest decrease: it stops counting from this epoch + 2.
    pub decrease_epoch: u64,
    /// Lamports ever slashed through this delegation (less cancelled slashes).
    pub slashed_total: u64,
    pub bump: u8,
}

impl Delegation {
    /// The concentration limit as a WAD fraction.
    pub fn limit_wad(&self) -> Result<u64> {
        math(restaking_math::bps_to_wad(self.max_bps))
    }

    /// Whether the allocation from the next epoch on stays within the concentration limit.
    pub fn check_within_limit(&self) -> Result<()> {
        require_gte!(
            self.limit_wad()?,
            self.allocation.committed(),
            VaultError::DelegationLimitExceeded
        );
        Ok(())
    }

    /// The first epoch from which the latest decrease no longer counts, while it still
    /// does during `cur` or later (`None` once every decrease has stopped counting).
    pub fn pending_decrease_stops_from(&self, cur: u64) -> Option<u64> {
        let mut rolled = self.allocation;
        rolled.roll(cur);
        let pending = rolled.current > rolled.later || rolled.next > rolled.later;
        pending.then(|| AllocationHistory::decrease_stops_from(self.decrease_epoch))
    }

    /// Whether `allocation_wad` may be taken back during epoch `now`: more than nothing
    /// (`ZeroAmount`) and at most what is allocated once every pending decrease has
    /// stopped counting (`InsufficientDelegation`).
    pub fn check_decrease(&self, allocation_wad: u64, now: u64) -> Result<()> {
        require_gt!(allocation_wad, 0, VaultError::ZeroAmount);
        let mut after = self.allocation;
        after.decrease(allocation_wad, now)
    }

    /// Takes `allocation_wad` back during epoch `now` (see `check_decrease`): it stops
    /// counting from `AllocationHistory::decrease_stops_from(now)`.
    pub fn decrease(&mut self, allocation_wad: u64, now: u64) -> Result<()> {
        self.check_decrease(allocation_wad, now)?;
        self.allocation.decrease(allocation_wad, now)?;
        self.decrease_epoch = now;
        Ok(())
    }

    /// Sets a new concentration limit: never below what is already allocated from the
    /// next epoch on (decrease the allocation first).
    pub fn set_limit(&mut self, max_bps: u16) -> Result<()> {
        require!(
            max_bps > 0 && u64::from(max_bps) <= restaking_math::BPS_DENOMINATOR,
            VaultError::InvalidConcentrationLimit
        );
        let previous = self.max_bps;
        self.max_bps = max_bps;
        if self.check_within_limit().is_err() {
            self.max_bps = previous;
            return err!(VaultError::ConcentrationLimitBelowAllocation);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::{AccountSerialize, Discriminator};

    fn history(epoch: u64, values: [u64; 4]) -> AllocationHistory {
        AllocationHistory {
            epoch,
            previous: values[0],
            current: values[1],
            next: values[2],
            later: values[3],
        }
    }

    #[test]
    fn declared_space_matches_serialized_size() {
        let delegation = Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            max_bps: 0,
            allocation: AllocationHistory::default(),
            decrease_epoch: 0,
            slashed_total: 0,
            bump: 0,
        };
        let mut bytes = Vec::new();
        delegation.try_serialize(&mut bytes).unwrap();
        assert_eq!(
            bytes.len(),
            Delegation::DISCRIMINATOR.len() + Delegation::INIT_SPACE
        );
    }

    #[test]
    fn an_increase_counts_from_the_next_epoch() {
        let mut h = history(5, [0; 4]);
        h.increase(100, 5).unwrap();
        assert_eq!(h.at(5, 5).unwrap(), 0);
        assert_eq!(h.at(6, 6).unwrap(), 100);
        assert_eq!(h.at(5, 6).unwrap(), 0, "capture 5 executed in 6");
    }

    #[test]
    fn a_decrease_counts_for_one_more_capture_epoch() {
        let mut h = history(9, [100; 4]);
        h.decrease(40, 9).unwrap();
        assert_eq!(h.at(9, 9).unwrap(), 100);
        assert_eq!(h.at(10, 10).unwrap(), 100, "capture 10 still sees it");
        assert_eq!(h.at(10, 11).unwrap(), 100, "capture 10 executed in 11");
        assert_eq!(h.at(11, 11).unwrap(), 60);
        assert!(h.at(9, 11).is_err(), "capture 9 is out of window in 11");
        assert_eq!(
            h.decrease(61, 11).unwrap_err(),
            VaultError::InsufficientDelegation.into()
        );
    }

    #[test]
    fn rolls_of_two_and_more_epochs() {
        let h = history(3, [10, 20, 30, 40]);
        assert_eq!(h.at(4, 5).unwrap(), 30);
        assert_eq!(h.at(5, 5).unwrap(), 40);
        assert_eq!(h.at(8, 9).unwrap(), 40);
        assert_eq!(h.at(9, 9).unwrap(), 40);
        assert!(h.at(7, 9).is_err());
        assert!(h.at(10, 9).is_err(), "a future capture is refused");
    }

    #[test]
    fn a_decrease_frees_room_only_when_it_stops_counting() {
        // 60 allocated; 60 moved to another operator in the same epoch: the sum of what
        // counts next epoch would be 120, so `committed` keeps the 60 until it stops
        let mut h = history(4, [60; 4]);
        h.decrease(60, 4).unwrap();
        assert_eq!(h.committed(), 60);
        h.roll(5);
        assert_eq!(h.committed(), 0);
    }

    #[test]
    fn a_pending_decrease_says_when_it_stops_counting() {
        let mut d = Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            max_bps: 10_000,
            allocation: history(9, [100; 4]),
            decrease_epoch: 0,
            slashed_total: 0,
            bump: 0,
        };
        assert_eq!(d.pending_decrease_stops_from(9), None);
        d.allocation.decrease(40, 9).unwrap();
        d.decrease_epoch = 9;
        for cur in [9, 10] {
            assert_eq!(d.pending_decrease_stops_from(cur), Some(11));
        }
        assert_eq!(d.pending_decrease_stops_from(11), None);
    }

    #[test]
    fn a_decrease_takes_something_and_at_most_what_stays_allocated() {
        let mut d = Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            max_bps: 10_000,
            allocation: history(9, [100; 4]),
            decrease_epoch: 0,
            slashed_total: 0,
            bump: 0,
        };
        assert_eq!(
            d.check_decrease(0, 9).unwrap_err(),
            VaultError::ZeroAmount.into()
        );
        d.decrease(60, 9).unwrap();
        assert_eq!(d.decrease_epoch, 9);
        assert_eq!(AllocationHistory::decrease_stops_from(9), 11);
        assert_eq!(AllocationHistory::increase_counts_from(9), 10);
        assert_eq!(d.pending_decrease_stops_from(10), Some(11));
        // 40 is left from epoch 11 on, though 100 still counts now
        assert_eq!(
            d.check_decrease(41, 10).unwrap_err(),
            VaultError::InsufficientDelegation.into()
        );
        let before = d.allocation;
        assert!(d.decrease(41, 10).is_err());
        assert_eq!(
            (d.allocation, d.decrease_epoch),
            (before, 9),
            "nothing changed"
        );
        d.check_decrease(40, 10).unwrap();
    }

    #[test]
    fn the_limit_cannot_drop_below_the_allocation() {
        let mut d = Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            max_bps: 5_000,
            allocation: history(1, [0, 0, 300_000_000_000_000_000, 300_000_000_000_000_000]),
            decrease_epoch: 0,
            slashed_total: 0,
            bump: 0,
        };
        assert_eq!(
            d.set_limit(2_999).unwrap_err(),
            VaultError::ConcentrationLimitBelowAllocation.into()
        );
        assert_eq!(d.max_bps, 5_000);
        d.set_limit(3_000).unwrap();
        assert_eq!(d.max_bps, 3_000);
        assert_eq!(
            d.set_limit(0).unwrap_err(),
            VaultError::InvalidConcentrationLimit.into()
        );
    }
}
