//! When an opt-in (operator to AVS, or vault to AVS) exposes stake to the AVS's slashes.
//!
//! Rule (docs/slashing.md, "Windows"): an opt-in made during epoch `a` counts from
//! `a + 1`; after an opt-out during epoch `d` the stake stays slashable until the end of
//! `d + 1`. So the opt-in is *active at* capture epoch `c` exactly when
//! `activation_epoch < c && c <= deactivation_epoch + 1`, with
//! `deactivation_epoch == u64::MAX` while opted in.
//!
//! Opting in again after an opt-out: the account is reused, with a fresh activation epoch,
//! but only once no request that could see the old opt-in as active can still execute.
//! The old window reaches captures `c <= d + 1`, which execute until the end of `d + 2`;
//! resetting the window earlier would make such a capture look inactive and let the stake
//! escape a slash it earned. So a new opt-in needs `cur > d + 2`, and then counts from
//! `cur + 1` like any opt-in.
use anchor_lang::prelude::*;

use crate::{constants::NOT_DEACTIVATED, errors::RegistryError};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct OptInWindow {
    /// Restaking epoch of the (latest) opt-in; it counts from the next epoch.
    pub activation_epoch: u64,
    /// Restaking epoch of the opt-out; `u64::MAX` while opted in.
    pub deactivation_epoch: u64,
}

impl OptInWindow {
    /// An opt-in made during epoch `cur`.
    pub fn opted_in_at(cur: u64) -> Self {
        Self {
            activation_epoch: cur,
            deactivation_epoch: NOT_DEACTIVATED,
        }
    }

    /// Opted in and not opted out since.
    pub fn is_opted_in(&self) -> bool {
        self.deactivation_epoch == NOT_DEACTIVATED
    }

    /// The first capture epoch that counts this opt-in: the one after the opt-in.
    pub fn counts_from_epoch(&self) -> u64 {
        Self::counts_from(self.activation_epoch)
    }

    /// The first capture epoch that counts an opt-in made during `activation_epoch` (for
    /// clients holding only the epoch, such as an `…OptedIn` event).
    pub fn counts_from(activation_epoch: u64) -> u64 {
        activation_epoch.saturating_add(1)
    }

    /// After an opt-out, the last capture epoch that still counts it: the one after the
    /// opt-out (`None` while opted in).
    pub fn slashable_through_epoch(&self) -> Option<u64> {
        (!self.is_opted_in()).then(|| Self::slashable_through(self.deactivation_epoch))
    }

    /// The last capture epoch that counts an opt-in opted out of during
    /// `deactivation_epoch` (for clients holding only the epoch, such as an `…OptedOut`
    /// event).
    pub fn slashable_through(deactivation_epoch: u64) -> u64 {
        deactivation_epoch.saturating_add(1)
    }

    /// After an opt-out, the first epoch in which `opt_in_again` is accepted: once the
    /// captures that count the old window can no longer execute (`None` while opted in).
    pub fn opt_in_again_from_epoch(&self) -> Option<u64> {
        (!self.is_opted_in()).then(|| self.deactivation_epoch.saturating_add(3))
    }

    /// Whether stake behind this opt-in is slashable by a request captured at `capture`.
    pub fn is_active_at(&self, capture: u64) -> bool {
        Self::counts_from(self.activation_epoch) <= capture
            && capture <= Self::slashable_through(self.deactivation_epoch)
    }

    /// Opt out during epoch `cur`: slashable until the end of `cur + 1`.
    pub fn opt_out(&mut self, cur: u64) -> Result<()> {
        require!(self.is_opted_in(), RegistryError::NotOptedIn);
        self.deactivation_epoch = cur;
        Ok(())
    }

    /// Opt in again during epoch `cur` after an opt-out (see the module docs).
    pub fn opt_in_again(&mut self, cur: u64) -> Result<()> {
        require!(!self.is_opted_in(), RegistryError::AlreadyOptedIn);
        require_gt!(
            cur,
            self.deactivation_epoch.saturating_add(2),
            RegistryError::OptOutStillSlashable
        );
        *self = Self::opted_in_at(cur);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opt_in_counts_from_the_next_epoch_and_forever_until_opt_out() {
        let w = OptInWindow::opted_in_at(5);
        assert!(!w.is_active_at(4));
        assert!(!w.is_active_at(5));
        assert!(w.is_active_at(6));
        assert!(w.is_active_at(u64::MAX));
    }

    #[test]
    fn opt_out_stays_slashable_through_the_next_epoch() {
        let mut w = OptInWindow::opted_in_at(5);
        assert_eq!(
            (w.counts_from_epoch(), w.slashable_through_epoch()),
            (6, None)
        );
        w.opt_out(9).unwrap();
        assert_eq!(w.slashable_through_epoch(), Some(10));
        // what a client holding only the events' epochs computes
        assert_eq!(OptInWindow::counts_from(5), 6);
        assert_eq!(OptInWindow::slashable_through(9), 10);
        assert!(w.is_active_at(9));
        assert!(w.is_active_at(10));
        assert!(!w.is_active_at(11));
        assert!(w.opt_out(9).is_err(), "second opt-out");
    }

    #[test]
    fn opt_out_in_the_opt_in_epoch_still_exposes_one_epoch() {
        let mut w = OptInWindow::opted_in_at(5);
        w.opt_out(5).unwrap();
        assert!(!w.is_active_at(5));
        assert!(w.is_active_at(6));
        assert!(!w.is_active_at(7));
    }

    #[test]
    fn opting_in_again_waits_until_the_old_window_cannot_execute() {
        let mut w = OptInWindow::opted_in_at(1);
        assert!(w.opt_in_again(2).is_err(), "still opted in");
        w.opt_out(4).unwrap();
        // capture 5 (<= d + 1) executes until the end of 6 (d + 2)
        for cur in [4, 5, 6] {
            assert!(w.clone().opt_in_again(cur).is_err(), "cur {cur}");
        }
        assert_eq!(w.opt_in_again_from_epoch(), Some(7));
        w.opt_in_again(7).unwrap();
        assert_eq!(w.opt_in_again_from_epoch(), None);
        assert_eq!(w, OptInWindow::opted_in_at(7));
        assert!(!w.is_active_at(7));
        assert!(w.is_active_at(8));
    }
}
