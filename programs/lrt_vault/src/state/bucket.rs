//! Withdrawals that mature together: every request made during restaking epoch `e - 1`
//! lands in bucket `e` and is claimable once the current epoch is greater than `e` and no
//! slash that touched the bucket can still be cancelled.
//!
//! Must hold: `scale_wad` in [0, 1e18]; it starts at 1e18, or below it when the bucket is
//! created while a slash of the vault can still be cancelled (its requests left the pool
//! at the slashed price: `Vault.slash_window`); only slashes lower it and only a cancel
//! raises it back. `unscaled_amounts[k]` = sum of the open tickets' unscaled amounts for
//! asset k; a claim pays `floor(ticket_k * scale / 1e18)`, so claims never exceed the
//! bucket. All tickets of a bucket are paid at one rate: a claim waits until
//! `hold_until_slot`, after which no slash that touched the bucket can be cancelled.
//! The last claim closes the bucket and returns its rent to whoever opened it; a matured
//! bucket can take no new ticket (requests go to cur+1), so it is never reopened.
use anchor_lang::prelude::*;

use crate::{constants::MAX_ASSETS, errors::VaultError, pda_accounts::load};

#[account]
#[derive(InitSpace, Debug)]
pub struct WithdrawalBucket {
    pub vault: Pubkey,
    pub epoch: u64,
    pub scale_wad: u128,
    /// Sum of the open tickets' unscaled amounts (u128: after deep slashes an amount
    /// divided by a small scale outgrows u64).
    pub unscaled_amounts: [u128; MAX_ASSETS],
    /// Tokens the vault holds for this bucket (in `AssetSlot.queued_amount`): what was
    /// moved in, less slashes and claims, plus what cancels gave back. At least what the
    /// tickets can claim; the rounding residue returns to the active pool when the bucket
    /// closes.
    pub queued_amounts: [u64; MAX_ASSETS],
    pub open_tickets: u32,
    /// Paid the rent when the first request of the epoch created the bucket.
    pub rent_payer: Pubkey,
    /// Claims wait until this slot: a slash that touched the bucket may be cancelled
    /// before it, and a cancel changes the rate every ticket is paid at.
    pub hold_until_slot: u64,
    pub bump: u8,
}

impl WithdrawalBucket {
    /// The bucket at `info`, or `None` if no request created it yet. The caller fixes the
    /// address (a seeds constraint): anything not owned by this program is "absent".
    pub fn load_if_present(info: &AccountInfo) -> Result<Option<Self>> {
        if info.owner != &crate::ID {
            return Ok(None);
        }
        Ok(Some(load::<Self>(info)?))
    }

    /// The first restaking epoch in which tickets of the bucket of `bucket_epoch` mature:
    /// the one after it (withdrawals requested during an epoch wait for its end).
    pub fn claimable_from_epoch(bucket_epoch: u64) -> u64 {
        bucket_epoch.saturating_add(1)
    }

    /// Whether a ticket of this bucket may be claimed during restaking epoch `cur` at
    /// `slot`: its epoch is over (`TicketNotMature`) and no slash that touched it can still
    /// be cancelled (`TicketAwaitsSlashResolution`, until `hold_until_slot`). Pure: the
    /// instruction logs the slot, clients show it.
    pub fn check_claimable(&self, cur: u64, slot: u64) -> Result<()> {
        require_gte!(
            cur,
            Self::claimable_from_epoch(self.epoch),
            VaultError::TicketNotMature
        );
        require_gte!(
            slot,
            self.hold_until_slot,
            VaultError::TicketAwaitsSlashResolution
        );
        Ok(())
    }

    /// Claims wait at least until `slot`.
    pub fn hold_until(&mut self, slot: u64) {
        self.hold_until_slot = self.hold_until_slot.max(slot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_mature_after_their_epoch_and_once_no_slash_can_be_cancelled() {
        let mut bucket = WithdrawalBucket {
            vault: Pubkey::default(),
            epoch: 7,
            scale_wad: 0,
            unscaled_amounts: [0; MAX_ASSETS],
            queued_amounts: [0; MAX_ASSETS],
            open_tickets: 0,
            rent_payer: Pubkey::default(),
            hold_until_slot: 0,
            bump: 0,
        };
        assert_eq!(WithdrawalBucket::claimable_from_epoch(7), 8);
        assert_eq!(
            bucket.check_claimable(7, 0).unwrap_err(),
            VaultError::TicketNotMature.into()
        );
        bucket.check_claimable(8, 0).unwrap();
        bucket.hold_until(500);
        assert_eq!(
            bucket.check_claimable(9, 499).unwrap_err(),
            VaultError::TicketAwaitsSlashResolution.into()
        );
        bucket.check_claimable(9, 500).unwrap();
    }
}
