//! An operator's first-loss capital in one vault: LRT shares burnt into an internal
//! ledger (so a slash needs no token CPI to take them) and minted back on unbonding.
//!
//! Must hold: `shares + unbonding_shares` are counted in `Vault.bonded_shares` and so in
//! `Vault.share_supply`; unbonding shares stay first in line for slashes until
//! `complete_unbond`, which waits until every capture up to the unbond epoch + 1 has
//! had its chance to execute (current epoch > unbond epoch + 2).
use anchor_lang::prelude::*;

use crate::errors::VaultError;

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

    /// The last capture epoch whose slashes still take the unbonding shares first: the
    /// one after the unbond.
    pub fn unbonding_slashable_through(&self) -> u64 {
        self.unbond_epoch.saturating_add(1)
    }

    /// The first epoch in which `complete_unbond` is accepted: the unbonding shares stay
    /// first in line for captures up to the unbond epoch + 1, which execute by the end of
    /// the unbond epoch + 2.
    pub fn unbond_completes_from(&self) -> u64 {
        self.unbond_epoch.saturating_add(3)
    }

    /// Whether the unbonding shares may be minted back during epoch `cur`: something is
    /// unbonding (`NothingPending`) and the wait is over (`CooldownNotOver`).
    pub fn check_unbond_complete(&self, cur: u64) -> Result<()> {
        require_gt!(self.unbonding_shares, 0, VaultError::NothingPending);
        require_gte!(
            cur,
            self.unbond_completes_from(),
            VaultError::CooldownNotOver
        );
        Ok(())
    }

    /// Gives back shares a cancelled slash burnt, each to where it was burnt from.
    pub fn restore(&mut self, bonded: u64, unbonding: u64) -> Option<()> {
        self.shares = self.shares.checked_add(bonded)?;
        self.unbonding_shares = self.unbonding_shares.checked_add(unbonding)?;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unbond_completes_once_its_captures_can_no_longer_execute() {
        let mut bond = OperatorBond {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            authority: Pubkey::default(),
            shares: 0,
            unbonding_shares: 0,
            unbond_epoch: 7,
            bump: 0,
        };
        assert_eq!(
            bond.check_unbond_complete(20).unwrap_err(),
            VaultError::NothingPending.into()
        );
        bond.unbonding_shares = 5;
        // captures up to 8 execute by the end of 9
        for cur in [7, 8, 9] {
            assert_eq!(
                bond.check_unbond_complete(cur).unwrap_err(),
                VaultError::CooldownNotOver.into(),
                "epoch {cur}"
            );
        }
        assert_eq!(bond.unbonding_slashable_through(), 8);
        assert_eq!(bond.unbond_completes_from(), 10);
        bond.check_unbond_complete(10).unwrap();
    }
}
