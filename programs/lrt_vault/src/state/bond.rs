//! An operator's first-loss capital in one vault: LRT shares burnt into an internal
//! ledger (so a slash needs no token CPI to take them) and minted back on unbonding.
//!
//! Must hold: `shares + unbonding_shares` are counted in `Vault.bonded_shares` and so in
//! `Vault.share_supply`; unbonding shares stay first in line for slashes until
//! `complete_unbond`, which waits until every capture up to the unbond epoch + 1 has
//! had its chance to execute (current epoch > unbond epoch + 2).
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct OperatorBond {
    pub vault: Pubkey,
    pub operator: Pubkey,
    /// Signs bond and unbond; receives the shares back.
    pub authority: Pubkey,
    pub shares: u64,
    pub unbonding_shares: u64,
    pub unbond_epoch: u64,
    pub bump: u8,
}

impl OperatorBond {
    /// Every share a slash may burn: bonded and still unbonding.
    pub fn slashable_shares(&self) -> Option<u64> {
        self.shares.checked_add(self.unbonding_shares)
    }

    /// Burns `burnt` shares, the bonded ones first; returns how many came from the
    /// bonded and how many from the unbonding shares.
    pub fn burn(&mut self, burnt: u64) -> Option<(u64, u64)> {
        let from_bonded = burnt.min(self.shares);
        let from_unbonding = burnt - from_bonded;
        self.unbonding_shares = self.unbonding_shares.checked_sub(from_unbonding)?;
        self.shares -= from_bonded;
        Some((from_bonded, from_unbonding))
    }

    /// Gives back shares a cancelled slash burnt, each to where it was burnt from.
    pub fn restore(&mut self, bonded: u64, unbonding: u64) -> Option<()> {
        self.shares = self.shares.checked_add(bonded)?;
        self.unbonding_shares = self.unbonding_shares.checked_add(unbonding)?;
        Some(())
    }
}
