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
use lrt_vault::instructions::RequestWithdrawalArgs;
use slasher_registry::{
    errors::RegistryError,
    instructions::{RegisterAvsArgs, RequestSlashArgs},
    state::{AvsKind, SlashExecution, SlashRequest},
};
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;

pub fn registry_error(e: RegistryError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + e as u32
}

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

/// What `shares` of `vault` claim of asset `k` now: floor(active_k * shares / S).
pub async fn claim_of(w: &mut World, vault: Pubkey, shares: u64, k: usize) -> u64 {
    let state = w.vault(vault).await;
    (u128::from(state.assets[k].active_amount) * u128::from(shares)
        / u128::from(state.share_supply)) as u64
}

/// The curator allocates `allocation_wad` more of `vault` to the operator.
pub async fn allocate(w: &mut World, vault: Pubkey, allocation_wad: u64) {
    let curator = w.curator.insecure_clone();
    let ix = build::delegate(curator.pubkey(), vault, w.operator, allocation_wad);
    w.t.send(&[ix], &[&curator]).await.unwrap();
}

/// `who` asks to withdraw `shares` of `vault` as ticket `id`; returns the ticket and its
/// bucket addresses.
pub async fn request_withdrawal(
    w: &mut World,
    who: &Keypair,
    vault: Pubkey,
    shares: u64,
    id: u64,
) -> Result<(Pubkey, Pubkey), BanksClientError> {
    let state = w.vault(vault).await;
    let epoch = w.epoch().await;
    let ix = build::request_withdrawal(
        &state,
        w.treasury,
        who.pubkey(),
        epoch,
        RequestWithdrawalArgs {
            shares,
            ticket_id: id,
        },
    );
    w.t.send(&[ix], &[who]).await?;
    Ok((
        pda::ticket(&vault, &who.pubkey(), id),
        pda::bucket(&vault, epoch + 1),
    ))
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

/// What a ticket claims of asset `k` at its bucket's scale now.
pub async fn ticket_claim(w: &mut World, ticket: Pubkey, k: usize) -> u64 {
    let ticket: WithdrawalTicket = w.t.decode(ticket).await;
    let vault = ticket.vault;
    let bucket: WithdrawalBucket = w.t.decode(pda::bucket(&vault, ticket.bucket_epoch)).await;
    restaking_math::scaled_amount_floor(ticket.unscaled_amounts[k], bucket.scale_wad).unwrap()
}

/// The registry admin cancels the execution of `request` against `vault`.
pub async fn cancel(w: &mut World, request: Pubkey, vault: Pubkey) -> Result<(), BanksClientError> {
    let execution: SlashExecution =
        w.t.decode(registry::pda::slash_execution(&request, &vault))
            .await;
    let admin = w.t.payer();
    let ix = registry::cancel_slash(admin.pubkey(), &execution);
    w.t.send(&[ix], &[]).await
}

pub async fn escrow(w: &mut World, vault: Pubkey, request: Pubkey) -> SlashEscrow {
    w.t.decode(pda::escrow(&vault, &request)).await
}

/// A second AVS whose requests may take up to `max_slash_wad`, its slash authority a key;
/// the operator and both vaults opt in now (active from the next epoch).
pub async fn second_avs(w: &mut World, max_slash_wad: u128) -> (Pubkey, Keypair) {
    let authority = Keypair::new();
    w.t.fund(&[&authority], SOL).await;
    let id = Pubkey::new_unique();
    let admit = registry::register_avs(
        w.t.payer().pubkey(),
        RegisterAvsArgs {
            id,
            admin: authority.pubkey(),
            kind: AvsKind::Local {
                slash_authority: authority.pubkey(),
            },
            max_slash_wad,
            destination: SlashDestination::Recipient { owner: w.recipient },
            metadata_uri: String::new(),
        },
    );
    w.t.send(&[admit], &[]).await.unwrap();
    let avs = registry::pda::avs(&id);
    let op = w.op.insecure_clone();
    w.t.send(&[registry::opt_in_avs(op.pubkey(), avs)], &[&op])
        .await
        .unwrap();
    let curator = w.curator.insecure_clone();
    for vault in [w.vault_a, w.vault_b] {
        let ix = registry::vault_opt_in_avs(curator.pubkey(), vault, avs, 10_000);
        w.t.send(&[ix], &[&curator]).await.unwrap();
    }
    (avs, authority)
}

/// `authority` of `avs` requests a slash of `wad` against the operator.
pub async fn request_slash_of(
    w: &mut World,
    avs: Pubkey,
    authority: &Keypair,
    wad: u128,
) -> Result<(Pubkey, SlashRequest), BanksClientError> {
    let state: slasher_registry::state::Avs = w.t.decode(avs).await;
    let ix = registry::request_slash(
        authority.pubkey(),
        authority.pubkey(),
        avs,
        state.request_count,
        w.operator,
        RequestSlashArgs {
            wad,
            evidence_hash: [7; 32],
        },
    );
    w.t.send(&[ix], &[authority]).await?;
    let key = registry::pda::slash_request(&avs, state.request_count);
    Ok((key, w.t.decode(key).await))
}
