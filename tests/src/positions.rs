//! What positions are worth now, read off the chain: a holder's shares, a withdrawal
//! ticket, a slash escrow.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    pda,
    state::{SlashEscrow, Vault, WithdrawalBucket, WithdrawalTicket},
};

use crate::TestContext;

/// What `shares` of `vault` claim of asset `k` now: floor(active_k * shares / S).
pub async fn claim_of(t: &mut TestContext, vault: Pubkey, shares: u64, k: usize) -> u64 {
    let state: Vault = t.decode(vault).await;
    (u128::from(state.assets[k].active_amount) * u128::from(shares)
        / u128::from(state.share_supply)) as u64
}

/// What a ticket claims of asset `k` at its bucket's scale now.
pub async fn ticket_claim(t: &mut TestContext, ticket: Pubkey, k: usize) -> u64 {
    let ticket: WithdrawalTicket = t.decode(ticket).await;
    let bucket: WithdrawalBucket = t
        .decode(pda::bucket(&ticket.vault, ticket.bucket_epoch))
        .await;
    restaking_math::scaled_amount_floor(ticket.unscaled_amounts[k], bucket.scale_wad).unwrap()
}

/// The escrow of `request`'s slash of `vault`.
pub async fn escrow(t: &mut TestContext, vault: Pubkey, request: Pubkey) -> SlashEscrow {
    t.decode(pda::escrow(&vault, &request)).await
}
