//! A vault's fees (`Vault.fees`, a `FeeSchedule`, and the insurance cut): in force now,
//! and an announced increase with the epoch it applies from (a decrease applies at once;
//! an increase after a full epoch of notice, `FeeSchedule::set`).
use std::fmt;

use lrt_client::state::{Fees, Vault};
use serde::Serialize;

use crate::{amount::bps, views::announced};

/// Deposit, withdrawal and reward fees, as percentages and bps.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct FeeRates {
    /// On deposits, in shares.
    pub deposit: String,
    pub deposit_bps: u16,
    /// On withdrawal requests, in shares.
    pub withdrawal: String,
    pub withdrawal_bps: u16,
    /// On rewards, after the operator's commission.
    pub reward: String,
    pub reward_bps: u16,
}

impl From<Fees> for FeeRates {
    fn from(f: Fees) -> Self {
        Self {
            deposit: bps(f.deposit_bps),
            deposit_bps: f.deposit_bps,
            withdrawal: bps(f.withdrawal_bps),
            withdrawal_bps: f.withdrawal_bps,
            reward: bps(f.reward_bps),
            reward_bps: f.reward_bps,
        }
    }
}

impl fmt::Display for FeeRates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "deposit {}, withdrawal {}, rewards {}",
            self.deposit, self.withdrawal, self.reward
        )
    }
}

/// A vault's fees at the current epoch (`vault show`, `vault set-fees`).
#[derive(Serialize, Debug, Clone)]
pub struct FeesView {
    /// In force now (`FeeSchedule::at(current epoch)`).
    #[serde(flatten)]
    pub in_force: FeeRates,
    /// The insurance fund's part of the reward fee (it changes at once).
    pub insurance_cut: String,
    pub insurance_cut_bps: u16,
    /// Announced fees (an increase waits a full epoch), null when none is pending.
    pub next: Option<FeeRates>,
    /// First epoch of `next`.
    pub next_from_epoch: Option<u64>,
}

impl FeesView {
    pub fn new(vault: &Vault, cur: u64) -> Self {
        let fees =
            announced(|e| vault.fees.at(e), vault.fees.effective_epoch, cur).map(FeeRates::from);
        Self {
            next_from_epoch: fees.next_from_epoch(),
            in_force: fees.in_force,
            insurance_cut: bps(vault.insurance_cut_bps),
            insurance_cut_bps: vault.insurance_cut_bps,
            next: fees.next.map(|(rates, _)| rates),
        }
    }
}

impl fmt::Display for FeesView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} of the reward fee to the insurance fund)",
            self.in_force, self.insurance_cut
        )?;
        if let (Some(next), Some(from)) = (&self.next, self.next_from_epoch) {
            write!(f, "; announced, from epoch {from}: {next}")?;
        }
        Ok(())
    }
}
