//! One withdrawal request: the owner's claim on a bucket.
//!
//! Must hold: `unscaled_amounts` were added to the bucket's totals when the ticket was
//! created and are removed from them exactly once, when the ticket is claimed and closed.
use anchor_lang::prelude::*;

use crate::constants::MAX_ASSETS;

#[account]
#[derive(InitSpace, Debug)]
pub struct WithdrawalTicket {
    pub vault: Pubkey,
    pub owner: Pubkey,
    /// Chosen by the owner; makes the ticket address unique per owner.
    pub id: u64,
    /// Restaking epoch of the bucket; claimable when the current epoch is greater.
    pub bucket_epoch: u64,
    /// Basket per asset slot in unscaled bucket units (see `WithdrawalBucket`).
    pub unscaled_amounts: [u128; MAX_ASSETS],
    /// Shares burnt for this request (after the withdrawal fee).
    pub shares_burned: u64,
    pub requested_slot: u64,
    pub bump: u8,
}
