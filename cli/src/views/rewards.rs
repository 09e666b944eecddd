//! An asset's rewards on their way into the active pool (`AssetSlot.rewards`, a
//! `RewardVesting`): what arrived this epoch (it vests over the next) and this epoch's
//! cohort, vesting linearly, with what of it is in the pool so far.
use std::fmt;

use lrt_client::state::RewardVesting;
use serde::Serialize;

use crate::amount::format_amount;

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct RewardsView {
    /// Paid during the current epoch: vests over the next one.
    pub pending: String,
    /// Paid during the previous epoch: vesting over the current one.
    pub vesting: String,
    /// Of `vesting`, already in the active pool.
    pub vested: String,
}

impl RewardsView {
    /// `rewards` credited to the current slot (`Vault::accrue_vesting` first), in tokens of
    /// `decimals` decimals.
    pub fn new(rewards: &RewardVesting, decimals: u8) -> Self {
        Self {
            pending: format_amount(rewards.pending, decimals),
            vesting: format_amount(rewards.vesting, decimals),
            vested: format_amount(rewards.vested, decimals),
        }
    }

    pub fn is_empty(&self) -> bool {
        [&self.pending, &self.vesting].iter().all(|a| *a == "0")
    }
}

impl fmt::Display for RewardsView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} arrived this epoch (vests over the next), {} vesting this epoch ({} in the \
             pool so far)",
            self.pending, self.vesting, self.vested
        )
    }
}
