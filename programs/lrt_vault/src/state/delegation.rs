//! A vault's stake delegated to one operator, with the history a slash needs.
//!
//! Must hold (docs/slashing.md, "Windows"): an increase made during epoch `e` counts from
//! `e + 1`, so a slash captured at `c` never takes stake added during or after `c`; an
//! undelegation made during `u` stops counting from `u + 1`, yet stays slashable for every
//! capture `<= u` (those execute by the end of `u + 1`). The registry reads
//! [`Delegation::stake_at`] for the capture epoch, which is only answerable for the
//! current and the previous epoch, exactly the execution window.
use anchor_lang::prelude::*;

use crate::errors::VaultError;

#[account]
#[derive(InitSpace, Debug)]
pub struct Delegation {
    pub vault: Pubkey,
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    /// The operator's authority when whitelisted: signs bonds and unbonds.
    pub operator_authority: Pubkey,
    /// Concentration limit: `stake_next` may not exceed this share of the vault's value.
    pub max_bps: u16,
    /// Epoch of `stake_current`; everything is rolled forward to the current epoch first.
    pub epoch: u64,
    /// Lamports of stake counted during `epoch - 1`.
    pub stake_previous: u64,
    /// Lamports of stake counted during `epoch`.
    pub stake_current: u64,
    /// Lamports of stake that count from `epoch + 1` on.
    pub stake_next: u64,
    /// Undelegated lamports whose slashable window has not been completed yet.
    pub undelegating: u64,
    /// Epoch of the latest undelegation.
    pub undelegate_epoch: u64,
    /// Lamports ever slashed through this delegation.
    pub slashed_total: u64,
    pub bump: u8,
}

impl Delegation {
    /// Moves the history forward to epoch `now` (no-op if already there).
    pub fn roll(&mut self, now: u64) {
        if now == self.epoch.saturating_add(1) {
            self.stake_previous = self.stake_current;
            self.stake_current = self.stake_next;
        } else if now > self.epoch {
            self.stake_previous = self.stake_next;
            self.stake_current = self.stake_next;
        }
        self.epoch = self.epoch.max(now);
    }

    /// Stake that counted during `capture` (after rolling to `now`): the current or the
    /// previous epoch only; anything else is outside the execution window.
    pub fn stake_at(&mut self, capture: u64, now: u64) -> Result<u64> {
        self.roll(now);
        if capture == self.epoch {
            Ok(self.stake_current)
        } else if capture.checked_add(1) == Some(self.epoch) {
            Ok(self.stake_previous)
        } else {
            err!(VaultError::OutsideSlashWindow)
        }
    }

    /// Takes a slash of `loss` lamports out of every stake figure that contains it.
    pub fn reduce_by_slash(&mut self, loss: u64) -> Result<()> {
        self.stake_previous = self.stake_previous.saturating_sub(loss);
        self.stake_current = self.stake_current.saturating_sub(loss);
        self.stake_next = self.stake_next.saturating_sub(loss);
        self.slashed_total = self
            .slashed_total
            .checked_add(loss)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delegation(epoch: u64, previous: u64, current: u64, next: u64) -> Delegation {
        Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            operator_authority: Pubkey::default(),
            max_bps: 10_000,
            epoch,
            stake_previous: previous,
            stake_current: current,
            stake_next: next,
            undelegating: 0,
            undelegate_epoch: 0,
            slashed_total: 0,
            bump: 0,
        }
    }

    #[test]
    fn an_increase_counts_from_the_next_epoch() {
        // 100 delegated during epoch 5 (next = 100)
        let mut d = delegation(5, 0, 0, 100);
        assert_eq!(d.stake_at(5, 5).unwrap(), 0);
        assert_eq!(d.stake_at(6, 6).unwrap(), 100);
        assert_eq!(d.stake_at(5, 6).unwrap(), 0, "capture 5 executed in 6");
    }

    #[test]
    fn an_undelegation_stays_slashable_for_captures_up_to_its_epoch() {
        // 100 active since long ago; 40 undelegated during epoch 9
        let mut d = delegation(9, 100, 100, 60);
        assert_eq!(d.stake_at(9, 9).unwrap(), 100);
        assert_eq!(d.stake_at(9, 10).unwrap(), 100, "capture 9 executed in 10");
        assert_eq!(d.stake_at(10, 10).unwrap(), 60);
        assert!(
            d.stake_at(9, 11).is_err(),
            "capture 9 is out of window in 11"
        );
    }

    #[test]
    fn a_long_gap_rolls_to_the_steady_state() {
        let mut d = delegation(3, 10, 20, 30);
        assert_eq!(d.stake_at(8, 9).unwrap(), 30);
        assert_eq!(d.stake_at(9, 9).unwrap(), 30);
        assert!(d.stake_at(7, 9).is_err());
        assert!(d.stake_at(10, 9).is_err(), "a future capture is refused");
    }

    #[test]
    fn a_slash_reduces_every_figure_that_held_the_stake() {
        let mut d = delegation(9, 100, 100, 60);
        d.reduce_by_slash(70).unwrap();
        assert_eq!(
            (
                d.stake_previous,
                d.stake_current,
                d.stake_next,
                d.slashed_total
            ),
            (30, 30, 0, 70)
        );
    }
}
