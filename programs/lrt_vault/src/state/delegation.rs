//! A vault's stake delegated to one operator, with the history a slash needs.
//!
//! Must hold (docs/slashing.md, "Windows"), the same rule as the registry's opt-ins: an
//! increase made during epoch `e` counts from `e + 1`, so a slash captured at `c` never
//! takes stake added during or after `c`; an undelegation made during `u` still counts
//! for captures up to `u + 1` (an AVS gets a full epoch to report what happened while the
//! stake was there) and stops counting from `u + 2`. The registry reads
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
    /// Concentration limit: the stake may not exceed this share of the vault's value.
    pub max_bps: u16,
    /// Epoch of `stake_current`; everything is rolled forward to the current epoch first.
    pub epoch: u64,
    /// Lamports of stake counted during `epoch - 1`.
    pub stake_previous: u64,
    /// Lamports of stake counted during `epoch`.
    pub stake_current: u64,
    /// Lamports of stake counted during `epoch + 1` (increases already, decreases not).
    pub stake_next: u64,
    /// Lamports of stake counted from `epoch + 2` on, once every pending change applies.
    pub stake_later: u64,
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
        match now.saturating_sub(self.epoch) {
            0 => {}
            1 => {
                self.stake_previous = self.stake_current;
                self.stake_current = self.stake_next;
                self.stake_next = self.stake_later;
            }
            2 => {
                self.stake_previous = self.stake_next;
                self.stake_current = self.stake_later;
                self.stake_next = self.stake_later;
            }
            _ => {
                self.stake_previous = self.stake_later;
                self.stake_current = self.stake_later;
                self.stake_next = self.stake_later;
            }
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
        self.stake_later = self.stake_later.saturating_sub(loss);
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

    fn delegation(epoch: u64, stakes: [u64; 4]) -> Delegation {
        Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            max_bps: 10_000,
            epoch,
            stake_previous: stakes[0],
            stake_current: stakes[1],
            stake_next: stakes[2],
            stake_later: stakes[3],
            undelegating: 0,
            undelegate_epoch: 0,
            slashed_total: 0,
            bump: 0,
        }
    }

    #[test]
    fn an_increase_counts_from_the_next_epoch() {
        // 100 delegated during epoch 5
        let mut d = delegation(5, [0, 0, 100, 100]);
        assert_eq!(d.stake_at(5, 5).unwrap(), 0);
        assert_eq!(d.stake_at(6, 6).unwrap(), 100);
        assert_eq!(d.stake_at(5, 6).unwrap(), 0, "capture 5 executed in 6");
    }

    #[test]
    fn an_undelegation_counts_for_one_more_capture_epoch() {
        // 100 active since long ago; 40 undelegated during epoch 9
        let mut d = delegation(9, [100, 100, 100, 60]);
        assert_eq!(d.stake_at(9, 9).unwrap(), 100);
        assert_eq!(d.stake_at(10, 10).unwrap(), 100, "capture 10 still sees it");
        assert_eq!(
            d.stake_at(10, 11).unwrap(),
            100,
            "capture 10 executed in 11"
        );
        assert_eq!(d.stake_at(11, 11).unwrap(), 60);
        assert!(
            d.stake_at(9, 11).is_err(),
            "capture 9 is out of window in 11"
        );
    }

    #[test]
    fn rolls_of_two_and_more_epochs() {
        let mut d = delegation(3, [10, 20, 30, 40]);
        assert_eq!(d.stake_at(4, 5).unwrap(), 30);
        assert_eq!(d.stake_at(5, 5).unwrap(), 40);
        let mut d = delegation(3, [10, 20, 30, 40]);
        assert_eq!(d.stake_at(8, 9).unwrap(), 40);
        assert_eq!(d.stake_at(9, 9).unwrap(), 40);
        assert!(d.stake_at(7, 9).is_err());
        assert!(d.stake_at(10, 9).is_err(), "a future capture is refused");
    }

    #[test]
    fn a_slash_reduces_every_figure_that_held_the_stake() {
        let mut d = delegation(9, [100, 100, 100, 60]);
        d.reduce_by_slash(70).unwrap();
        assert_eq!(
            (
                d.stake_previous,
                d.stake_current,
                d.stake_next,
                d.stake_later
            ),
            (30, 30, 30, 0)
        );
        assert_eq!(d.slashed_total, 70);
    }
}
