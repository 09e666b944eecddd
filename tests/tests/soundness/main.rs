//! Slashing nobody can game (issue 9), each scenario of the issue on the real programs,
//! with the numbers it names. Every expected amount is computed here from the rules of
//! DESIGN.md section 5: an operator's stake is its allocation times the vault's slashable
//! value; a slash takes the same fraction from everyone it reaches; a cancel gives every
//! position back what it lost and nothing to anyone who came after.
#![allow(deprecated)] // see tests/src/lib.rs
mod cancel_inverse;
mod early_refusal;
mod escrow_binding;
mod wiped_vault;
mod withdrawal_before_capture;

use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda, registry,
    state::{SlashDestination, SlashEscrow, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::slashing_world::*;
use lrt_integration_tests::*;
use slasher_registry::{
    errors::RegistryError,
    state::{SlashExecution, SlashRequest},
};
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;

/// `wad` of 1e18 as an exact fraction of `amount` (floor).
pub fn part(amount: u64, wad: u128) -> u64 {
    (u128::from(amount) * wad / WAD) as u64
}

/// The owner's LRT account in `vault`.
pub async fn lrt_account(w: &mut World, owner: &Pubkey, vault: Pubkey) -> Pubkey {
    let state = w.vault(vault).await;
    pda::lrt_account(owner, &state.lrt_mint)
}

/// Shares `owner` holds in `vault`.
pub async fn shares_of(w: &mut World, owner: &Pubkey, vault: Pubkey) -> u64 {
    let account = lrt_account(w, owner, vault).await;
    w.t.token_balance(account).await
}

/// A second AVS whose requests may take up to `max_slash_wad`, paying the world's
/// recipient; everyone opts in now.
pub async fn second_avs(w: &mut World, max_slash_wad: u128) -> (Pubkey, Keypair) {
    let destination = SlashDestination::Recipient { owner: w.recipient };
    w.second_avs(max_slash_wad, destination).await
}

/// Claims `who`'s ticket `id` of `vault` into `wsol` (a wSOL-only vault).
pub async fn claim_wsol(
    w: &mut World,
    who: &Keypair,
    vault: Pubkey,
    id: u64,
    wsol: Pubkey,
) -> Result<(), BanksClientError> {
    let state = w.vault(vault).await;
    let ticket: WithdrawalTicket = w.t.decode(pda::ticket(&vault, &who.pubkey(), id)).await;
    let bucket: WithdrawalBucket = w.t.decode(pda::bucket(&vault, ticket.bucket_epoch)).await;
    let ix = build::claim_to(&state, &bucket, &ticket, |_| wsol);
    w.t.send(&[ix], &[who]).await
}
