//! End-to-end life of a vault on the real token programs: config, creation with a seed
//! deposit, a deposit, a withdrawal request, the cooldown, and the claim; and the
//! failure paths a user or attacker can reach.
#![allow(deprecated)] // see tests/src/lib.rs
mod events;
mod failures;
mod mainnet_lsts;
mod operators;
mod prefunded;
mod substitution;
mod three_assets;
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    state::{Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, errors::VaultError, instructions::*};
use solana_keypair::Keypair;
use solana_signer::Signer;

const EPOCH_LENGTH: u64 = 100;

#[tokio::test]
async fn wsol_vault_deposit_withdraw_claim_lifecycle() {
    let creator = Keypair::new();
    let alice = Keypair::new();
    let creator_wsol = Pubkey::new_unique();
    let alice_wsol = Pubkey::new_unique();
    let mut t = TestContext::start(vec![
        (WSOL_MINT, native_mint_account()),
        (creator_wsol, wsol_account(creator.pubkey(), 2 * SOL)),
        (alice_wsol, wsol_account(alice.pubkey(), 10 * SOL)),
    ])
    .await;
    let treasury = Pubkey::new_unique();
    t.fund(&[&creator, &alice], SOL).await;
    t.initialize_config(treasury, EPOCH_LENGTH, 100).await;
    // create the vault with a 1 SOL seed: 1e9 dead shares (one share unit per lamport)
    let created = t
        .create_wsol_vault(&creator, creator_wsol, treasury, SOL, 1_000 * SOL)
        .await;
    let (lrt_mint, vault_key) = (created.lrt_mint, created.vault);
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.share_supply, SOL);
    assert_eq!(vault.assets[0].active_amount, SOL);
    assert_eq!(t.token_balance(pda::dead_shares(&vault_key)).await, SOL);
    assert_eq!(t.mint_supply(lrt_mint).await, SOL);
    assert_eq!(t.token_balance(vault.assets[0].reserve).await, SOL);

    // alice deposits 3 SOL of wSOL: shares = floor(3e9 * 1e9 / 1e9) = 3e9
    let alice_lrt = pda::lrt_account(&alice.pubkey(), &lrt_mint);
    let create_ata = create_lrt_account_ix(alice.pubkey(), lrt_mint);
    let deposit = |min_shares_out| {
        build::deposit(
            &vault,
            alice.pubkey(),
            alice_wsol,
            alice_lrt,
            DepositArgs {
                asset_index: 0,
                amount: 3 * SOL,
                min_shares_out,
                max_fee_bps: 10_000,
            },
        )
    };
    // slippage guard: asking for one share more than the quote fails and changes nothing
    assert_program_error(
        t.send(&[create_ata.clone(), deposit(3 * SOL + 1)], &[&alice])
            .await,
        1,
        vault_error(VaultError::SlippageExceeded),
    );
    assert_eq!(t.token_balance(alice_wsol).await, 10 * SOL);
    t.send(&[create_ata, deposit(3 * SOL)], &[&alice])
        .await
        .unwrap();
    assert_eq!(t.token_balance(alice_lrt).await, 3 * SOL);
    assert_eq!(t.token_balance(alice_wsol).await, 7 * SOL);
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.share_supply, 4 * SOL);
    assert_eq!(vault.assets[0].active_amount, 4 * SOL);
    assert_eq!(t.mint_supply(lrt_mint).await, 4 * SOL);

    // request withdrawal of 1.5e9 shares at restaking epoch e: bucket e+1, basket 1.5 SOL
    let epoch = t.slot().await / EPOCH_LENGTH;
    t.send(
        &[build::request_withdrawal(
            &vault,
            alice.pubkey(),
            epoch,
            RequestWithdrawalArgs {
                shares: 1_500_000_000,
                ticket_id: 7,
                max_fee_bps: 10_000,
            },
        )],
        &[&alice],
    )
    .await
    .unwrap();
    let ticket_key = pda::ticket(&vault_key, &alice.pubkey(), 7);
    let ticket: WithdrawalTicket = t.decode(ticket_key).await;
    assert_eq!(ticket.bucket_epoch, epoch + 1);
    assert_eq!(ticket.unscaled_amounts[0], 1_500_000_000);
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.share_supply, 2_500_000_000);
    assert_eq!(vault.assets[0].active_amount, 2_500_000_000);
    assert_eq!(vault.assets[0].queued_amount, 1_500_000_000);
    assert_eq!(t.mint_supply(lrt_mint).await, 2_500_000_000);

    let bucket_key = pda::bucket(&vault_key, epoch + 1);
    let bucket: WithdrawalBucket = t.decode(bucket_key).await;
    assert_eq!(
        (bucket.rent_payer, bucket.open_tickets),
        (alice.pubkey(), 1)
    );
    // too early: during epoch e+1 the ticket is not mature
    t.warp_to_slot((epoch + 1) * EPOCH_LENGTH + 1).await;
    assert_program_error(
        t.send(&[build::claim(&vault, &bucket, &ticket)], &[&alice])
            .await,
        0,
        vault_error(VaultError::TicketNotMature),
    );
    // someone else cannot claim it
    let mallory = Keypair::new();
    let mut forged = build::claim(&vault, &bucket, &ticket);
    forged.accounts[0].pubkey = mallory.pubkey();
    // (the ticket's address is derived from its owner, so another signer's seeds differ)
    assert_program_error(t.send(&[forged], &[&mallory]).await, 0, 2006);

    // at epoch e+2 the claim pays exactly the basket and closes the ticket
    t.warp_to_slot((epoch + 2) * EPOCH_LENGTH + 1).await;
    let claim = build::claim_to(&vault, &bucket, &ticket, |_| alice_wsol);
    let rents = t.account(ticket_key).await.unwrap().lamports
        + t.account(bucket_key).await.unwrap().lamports;
    let alice_lamports = t.account(alice.pubkey()).await.unwrap().lamports;
    t.send(std::slice::from_ref(&claim), &[&alice])
        .await
        .unwrap();
    // the last ticket's claim closes the bucket: both rents return to alice, who paid them
    assert!(t.account(bucket_key).await.is_none());
    assert_eq!(
        t.account(alice.pubkey()).await.unwrap().lamports,
        alice_lamports + rents
    );
    assert_eq!(t.token_balance(alice_wsol).await, 7 * SOL + 1_500_000_000);
    assert!(t.account(ticket_key).await.is_none());
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.assets[0].queued_amount, 0);
    // solvency: the reserve holds at least active + queued
    assert!(
        t.token_balance(vault.assets[0].reserve).await
            >= vault.assets[0].active_amount + vault.assets[0].queued_amount
    );
    // a second claim fails: the ticket is gone
    // (Anchor's AccountNotInitialized: the ticket was closed)
    assert_program_error(t.send(&[claim], &[&alice]).await, 0, 3012);
}
