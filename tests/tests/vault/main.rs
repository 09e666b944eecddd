//! End-to-end life of a vault on the real token programs: config, creation with a seed
//! deposit, a deposit, a withdrawal request, the cooldown, and the claim; and the
//! failure paths a user or attacker can reach.
#![allow(deprecated)] // see tests/src/lib.rs
mod failures;
mod three_assets;
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    state::{PricingSource, Vault, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, errors::VaultError, instructions::*};
use solana_keypair::Keypair;
use solana_signer::Signer;

const EPOCH_LENGTH: u64 = 100;
const SOL: u64 = 1_000_000_000;

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
    let admin = t.payer();
    let treasury = Pubkey::new_unique();
    // fund signers' SOL for rent
    for who in [&creator, &alice] {
        t.send(
            &[anchor_lang::solana_program::system_instruction::transfer(
                &admin.pubkey(),
                &who.pubkey(),
                SOL,
            )],
            &[],
        )
        .await
        .unwrap();
    }

    t.send(
        &[build::initialize_config(
            admin.pubkey(),
            None,
            InitializeConfigArgs {
                pauser: admin.pubkey(),
                treasury,
                registry_program: Pubkey::new_unique(),
                epoch_length: EPOCH_LENGTH,
                max_deposit_fee_bps: 100,
                max_withdrawal_fee_bps: 100,
            },
        )],
        &[],
    )
    .await
    .unwrap();

    // create the vault with a 1 SOL seed: 1e9 dead shares (one share unit per lamport)
    let lrt_mint = Keypair::new();
    let vault_key = pda::vault(&lrt_mint.pubkey());
    t.send(
        &[build::create_vault(
            build::CreateVaultKeys {
                creator: creator.pubkey(),
                lrt_mint: lrt_mint.pubkey(),
                treasury,
                seed_mint: WSOL_MINT,
                seed_token_program: anchor_spl::token::ID,
                creator_seed_account: creator_wsol,
            },
            CreateVaultArgs {
                name: "Restaked SOL".into(),
                symbol: "rstSOL".into(),
                uri: "https://example.org/rst.json".into(),
                curator: creator.pubkey(),
                fee_admin: creator.pubkey(),
                seed_asset: AddAssetArgs {
                    pricing: PricingSource::Wsol,
                    deposit_cap: 1_000 * SOL,
                },
                seed_amount: SOL,
            },
        )],
        &[&creator, &lrt_mint],
    )
    .await
    .unwrap();
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.share_supply, SOL);
    assert_eq!(vault.assets[0].active_amount, SOL);
    assert_eq!(t.token_balance(pda::dead_shares(&vault_key)).await, SOL);
    assert_eq!(t.mint_supply(lrt_mint.pubkey()).await, SOL);
    assert_eq!(t.token_balance(vault.assets[0].reserve).await, SOL);

    // alice deposits 3 SOL of wSOL: shares = floor(3e9 * 1e9 / 1e9) = 3e9
    let alice_lrt = pda::lrt_account(&alice.pubkey(), &lrt_mint.pubkey());
    let create_ata = anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
        &alice.pubkey(), &alice.pubkey(), &lrt_mint.pubkey(), &anchor_spl::token_2022::ID,
    );
    let deposit = |min_shares_out| {
        build::deposit(
            &vault,
            treasury,
            alice.pubkey(),
            alice_wsol,
            alice_lrt,
            DepositArgs {
                asset_index: 0,
                amount: 3 * SOL,
                min_shares_out,
            },
        )
    };
    // slippage guard: asking for one share more than the quote fails and changes nothing
    assert_error(
        t.send(&[create_ata.clone(), deposit(3 * SOL + 1)], &[&alice])
            .await,
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
    assert_eq!(t.mint_supply(lrt_mint.pubkey()).await, 4 * SOL);

    // request withdrawal of 1.5e9 shares at restaking epoch e: bucket e+1, basket 1.5 SOL
    let epoch = t.slot().await / EPOCH_LENGTH;
    t.send(
        &[build::request_withdrawal(
            &vault,
            treasury,
            alice.pubkey(),
            epoch,
            RequestWithdrawalArgs {
                shares: 1_500_000_000,
                ticket_id: 7,
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
    assert_eq!(t.mint_supply(lrt_mint.pubkey()).await, 2_500_000_000);

    // too early: during epoch e+1 the ticket is not mature
    t.warp_to_slot((epoch + 1) * EPOCH_LENGTH + 1).await;
    assert_error(
        t.send(&[build::claim(&vault, &ticket)], &[&alice]).await,
        vault_error(VaultError::TicketNotMature),
    );
    // someone else cannot claim it
    let mallory = Keypair::new();
    let mut forged = build::claim(&vault, &ticket);
    forged.accounts[0].pubkey = mallory.pubkey();
    assert!(t.send(&[forged], &[&mallory]).await.is_err());

    // at epoch e+2 the claim pays exactly the basket and closes the ticket
    t.warp_to_slot((epoch + 2) * EPOCH_LENGTH + 1).await;
    let claim = build::claim_to(&vault, &ticket, |_| alice_wsol);
    t.send(std::slice::from_ref(&claim), &[&alice])
        .await
        .unwrap();
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
    assert!(t.send(&[claim], &[&alice]).await.is_err());
}
