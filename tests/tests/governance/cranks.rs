//! Cranks with nothing to do succeed without effect (issue 10; DESIGN.md section 8), so
//! keepers never see spurious errors: a second `refresh_prices` in the same Solana epoch
//! (which also means a price can no longer be re-read around a deposit within an epoch),
//! a sweep of an asset already swept, a claim of an empty treasury ledger. Each succeeds,
//! emits nothing and changes no byte.
use anchor_lang::prelude::Clock;
use lrt_client::{
    instructions as build, pda,
    state::{PricingSource, SlashEscrow},
    token_programs::TOKEN,
    VaultError,
};
use lrt_integration_tests::{slashing_world, *};
use lrt_vault::{
    constants::{MARINADE_PROGRAM, WSOL_MINT},
    events::{EscrowSwept, PricesRefreshed, TreasuryFeesClaimed},
    instructions::AddAssetArgs,
};
use restaking_math::{encode_marinade_state, MarinadeReading};
use solana_signer::Signer;

use crate::*;

const MSOL_PRICE_2_32: u64 = 5_569_433_525;

fn marinade_state(mint: Pubkey, msol_price: u64) -> Account {
    data_account(
        MARINADE_PROGRAM,
        encode_marinade_state(&MarinadeReading {
            msol_mint: mint.to_bytes(),
            msol_price,
        }),
    )
}

#[tokio::test]
async fn a_second_refresh_in_the_same_solana_epoch_succeeds_and_changes_nothing() {
    let (state, msol_mint) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut w = World::new_with(vec![
        (
            msol_mint,
            mint_account(Pubkey::new_unique(), 9, 1_000 * SOL),
        ),
        (state, marinade_state(msol_mint, MSOL_PRICE_2_32)),
    ])
    .await;
    let curator = w.curator.insecure_clone();
    let add = build::add_asset(
        curator.pubkey(),
        w.vault_key,
        msol_mint,
        TOKEN,
        AddAssetArgs {
            pricing: PricingSource::Marinade { state },
            deposit_cap: u64::MAX,
        },
    );
    w.t.send(&[add], &[&curator]).await.unwrap();
    let read_at = |p: u64| (u128::from(p) * WAD) >> 32;
    let clock: Clock = w.t.ctx.banks_client.get_sysvar().await.unwrap();
    let vault = w.vault().await;
    assert_eq!(vault.assets[1].price_wad, read_at(MSOL_PRICE_2_32));
    assert_eq!(vault.assets[1].price_epoch, clock.epoch);

    // Marinade's price moves within the Solana epoch: a refresh now re-reads nothing
    // (issue 10: it used to read the new price again, mid-epoch)
    w.t.ctx.set_account(
        &state,
        &marinade_state(msol_mint, MSOL_PRICE_2_32 + 1_000_000).into(),
    );
    let before = w.t.snapshot(&[w.vault_key]).await;
    let events = w.events(&[build::refresh_prices(&vault)], &[]).await;
    assert!(events.is_empty(), "no event: nothing happened");
    assert!(
        w.t.snapshot(&[w.vault_key]).await == before,
        "the vault changed"
    );

    // in the next Solana epoch the refresh reads it, once
    w.t.ctx.warp_to_epoch(clock.epoch + 1).unwrap();
    let events = w.events(&[build::refresh_prices(&vault)], &[]).await;
    let refreshed: PricesRefreshed = only(&events);
    assert_eq!(refreshed.solana_epoch, clock.epoch + 1);
    let vault = w.vault().await;
    assert_eq!(
        vault.assets[1].price_wad,
        read_at(MSOL_PRICE_2_32 + 1_000_000)
    );
    let before = w.t.snapshot(&[w.vault_key]).await;
    let events = w.events(&[build::refresh_prices(&vault)], &[]).await;
    assert!(events.is_empty());
    assert!(
        w.t.snapshot(&[w.vault_key]).await == before,
        "the vault changed"
    );
    w.check.check(&mut w.t, "refreshed").await;
}

#[tokio::test]
async fn a_sweep_of_an_asset_already_swept_succeeds_and_changes_nothing() {
    let mut w = slashing_world::World::new().await;
    let vault = w.vault_b;
    let user = w.users[0].key.insecure_clone();
    let user_wsol = w.users[0].wsol;
    w.deposit_from(&user, user_wsol, vault, 0, 3 * SOL).await;
    w.delegate_and_enter_capture_epoch().await;
    let (request_key, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault, &request_key)).await;
    // half of B's 4 SOL is the operator's stake: 10% of it, 0.2 SOL
    assert_eq!(escrow.amounts[0], 200_000_000);
    let state = w.vault(vault).await;
    let recipient_wsol =
        pda::associated_token_account(&w.recipient, &WSOL_MINT, &anchor_spl::token::ID);
    let books = [
        vault,
        pda::escrow(&vault, &request_key),
        state.assets[0].reserve,
        recipient_wsol,
    ];

    // too early still fails
    let sweep = build::sweep_escrow(&state, &escrow, 0);
    let before = w.t.snapshot(&books).await;
    assert_program_error(
        w.t.send(std::slice::from_ref(&sweep), &[]).await,
        0,
        vault_error(VaultError::EscrowNotResolved),
    );
    assert!(w.t.snapshot(&books).await == before);

    // once resolved: the sweep pays the AVS's recipient
    w.advance_to_slot(escrow.resolve_after_slot).await;
    let events =
        w.t.send_with_events(std::slice::from_ref(&sweep), &[], lrt_vault::ID)
            .await;
    let swept: EscrowSwept = only(&events);
    assert_eq!((swept.asset_index, swept.amount), (0, escrow.amounts[0]));
    assert_eq!(w.t.token_balance(recipient_wsol).await, escrow.amounts[0]);

    // a keeper sweeping again: success, no event, not a byte moved
    let before = w.t.snapshot(&books).await;
    let events = w.t.send_with_events(&[sweep], &[], lrt_vault::ID).await;
    assert!(events.is_empty());
    assert!(
        w.t.snapshot(&books).await == before,
        "a second sweep moved something"
    );
}

#[tokio::test]
async fn a_claim_of_an_empty_treasury_ledger_succeeds_and_changes_nothing() {
    let mut w = World::new().await;
    let treasury = w.treasury.insecure_clone();
    let destination = w.t.create_lrt_account(&treasury, w.lrt_mint).await;
    let vault = w.vault().await;
    assert_eq!(vault.treasury_shares, 0);
    let books = [w.vault_key, w.lrt_mint, destination];
    let claim = build::claim_treasury_fees(&vault, treasury.pubkey(), destination);
    let before = w.t.snapshot(&books).await;
    let events = w.events(std::slice::from_ref(&claim), &[&treasury]).await;
    assert!(events.is_empty(), "nothing claimed, no event");
    assert!(
        w.t.snapshot(&books).await == before,
        "an empty claim changed something"
    );

    // after a fee and its claim, the ledger is empty again: the same no-op
    let alice = w.alice.insecure_clone();
    let alice_wsol = w.alice_wsol;
    let e = w.epoch().await;
    w.set_fees(100, 0).await;
    w.warp(e + 2, 0).await;
    w.deposit(&alice, alice_wsol, SOL, 100).await.unwrap();
    let owed = w.vault().await.treasury_shares;
    assert_eq!(owed, bps_ceil(SOL, 100));
    let events = w.events(std::slice::from_ref(&claim), &[&treasury]).await;
    let claimed: TreasuryFeesClaimed = only(&events);
    assert_eq!(claimed.shares, owed);
    let before = w.t.snapshot(&books).await;
    let events = w.events(&[claim], &[&treasury]).await;
    assert!(events.is_empty());
    assert!(w.t.snapshot(&books).await == before);
    assert_eq!(w.t.token_balance(destination).await, owed);
    w.check.check(&mut w.t, "claimed twice").await;
}
