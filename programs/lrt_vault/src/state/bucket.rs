//! Withdrawals that mature together: every request made during restaking epoch `e - 1`
//! lands in bucket `e` and is claimable once the current epoch is greater than `e`.
//!
//! Must hold: `scale_wad` in (0, 1e18], starts at 1e18 and only decreases (slashing);
//! `unscaled_amounts[k]` = sum of the open tickets' unscaled amounts for asset k; a claim
//! pays `floor(ticket_k * scale / 1e18)`, so claims never exceed the bucket.
//! The last claim closes the bucket and returns its rent to whoever opened it; a matured
//! bucket can take no new ticket (requests go to cur+1), so it is never reopened.
use anchor_lang::prelude::*;

use crate::constants::MAX_ASSETS;

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
    /// moved in, less slashes and claims. At least what the tickets can claim; the
    /// rounding residue returns to the active pool when the bucket closes.
    pub queued_amounts: [u64; MAX_ASSETS],
    pub open_tickets: u32,
    /// Paid the rent when the first request of the epoch created the bucket.
    pub rent_payer: Pubkey,
    pub bump: u8,
}
