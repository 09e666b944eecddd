//! The treasury (issue 10, item 4): fees accrue as shares in the vault's treasury ledger,
//! so no user flow sends anything to an account the treasury controls; a treasury that
//! turns on required memos (the attack of the issue) blocks nothing. It claims the ledger
//! with `claim_treasury_fees`, and changes hands in two steps (`set_treasury` by the admin,
//! `accept_treasury` by the new key), after which only the new key claims.
use anchor_spl::token_2022::spl_token_2022::{
    error::TokenError,
    extension::{
        memo_transfer::{self, MemoTransfer},
        BaseStateWithExtensions, ExtensionType, StateWithExtensions,
    },
    instruction as token_2022_ix,
    state::Account as Token2022Account,
};
use lrt_client::{events::Role, instructions as build, token_programs::TOKEN_2022, VaultError};
use lrt_integration_tests::*;
use lrt_vault::events::{RoleAccepted, RoleProposed, TreasuryFeesClaimed};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::*;

/// The treasury's own LRT account (its associated account) as the attacker made
/// it, with the real Token-2022 program: created, then reallocated for the MemoTransfer
/// extension and set to require memos on every incoming transfer.
async fn memo_required_treasury_account(w: &mut World) -> Pubkey {
    let treasury = w.treasury.insecure_clone();
    let account = w.lrt(&treasury);
    w.t.send(
        &[create_lrt_account_ix(treasury.pubkey(), w.lrt_mint)],
        &[&treasury],
    )
    .await
    .unwrap();
    let require_memos = [
        token_2022_ix::reallocate(
            &TOKEN_2022,
            &account,
            &treasury.pubkey(),
            &treasury.pubkey(),
            &[],
            &[ExtensionType::MemoTransfer],
        )
        .unwrap(),
        memo_transfer::instruction::enable_required_transfer_memos(
            &TOKEN_2022,
            &account,
            &treasury.pubkey(),
            &[],
        )
        .unwrap(),
    ];
    w.t.send(&require_memos, &[&treasury]).await.unwrap();
    let data = w.t.account(account).await.unwrap().data;
    let state = StateWithExtensions::<Token2022Account>::unpack(&data).unwrap();
    let memo: &MemoTransfer = state.get_extension().unwrap();
    assert!(bool::from(memo.require_incoming_transfer_memos));
    account
}

#[tokio::test]
async fn a_treasury_whose_lrt_account_requires_memos_blocks_nothing() {
    let mut w = World::new().await;
    let (alice, treasury) = (w.alice.insecure_clone(), w.treasury.insecure_clone());
    let alice_wsol = w.alice_wsol;
    w.deposit(&alice, alice_wsol, 10 * SOL, 0).await.unwrap();
    let e = w.epoch().await;
    w.set_fees(100, 1_000).await;
    let memo_account = memo_required_treasury_account(&mut w).await;
    // the extension is real: a plain transfer into the account now fails with NoMemo
    let transfer = token_2022_ix::transfer_checked(
        &TOKEN_2022,
        &w.lrt(&alice),
        &w.lrt_mint,
        &memo_account,
        &alice.pubkey(),
        &[],
        1,
        9,
    )
    .unwrap();
    assert_program_error(
        w.t.send(&[transfer], &[&alice]).await,
        0,
        TokenError::NoMemo as u32,
    );

    // with fees in force, a deposit and a withdrawal request that pay fees go through
    w.warp(e + 2, 0).await;
    let before = w.vault().await;
    let shares = shares_for(
        10 * SOL as u128 * WAD,
        before.share_supply,
        before.active_value_wad().unwrap(),
    );
    w.deposit(&alice, alice_wsol, 10 * SOL, 100).await.unwrap();
    let deposit_fee = bps_ceil(shares, 100);
    w.request(&alice, 5 * SOL, 1, 1_000).await.unwrap();
    let request_fee = bps_ceil(5 * SOL, 1_000);
    let vault = w.vault().await;
    assert_eq!(vault.treasury_shares, deposit_fee + request_fee);
    assert_eq!(
        (deposit_fee, request_fee),
        (100_000_000, 500_000_000),
        "1% of 10e9 shares, 10% of 5e9"
    );
    assert_eq!(
        w.t.token_balance(memo_account).await,
        0,
        "nothing sent to it"
    );
    w.check
        .check(&mut w.t, "fees with a memo-requiring treasury")
        .await;

    // and the treasury claims its ledger into that very account (minting needs no memo)
    let supply = w.t.mint_supply(w.lrt_mint).await;
    let claim = build::claim_treasury_fees(&vault, treasury.pubkey(), memo_account);
    let events = w.events(&[claim], &[&treasury]).await;
    let claimed: TreasuryFeesClaimed = only(&events);
    assert_eq!(
        (
            claimed.vault,
            claimed.treasury,
            claimed.destination,
            claimed.shares
        ),
        (
            w.vault_key,
            treasury.pubkey(),
            memo_account,
            deposit_fee + request_fee
        )
    );
    assert_eq!(
        w.t.token_balance(memo_account).await,
        deposit_fee + request_fee
    );
    assert_eq!(
        w.t.mint_supply(w.lrt_mint).await,
        supply + deposit_fee + request_fee
    );
    let after = w.vault().await;
    assert_eq!(after.treasury_shares, 0);
    assert_eq!(
        after.share_supply, vault.share_supply,
        "no share changed value"
    );
    assert_eq!(claimed.snapshot, after.snapshot());
    w.check.check(&mut w.t, "treasury claimed").await;
}

#[tokio::test]
async fn the_treasury_changes_in_two_steps_and_only_the_new_one_claims_afterwards() {
    let mut w = World::new().await;
    let (alice, mallory, old) = (
        w.alice.insecure_clone(),
        w.mallory.insecure_clone(),
        w.treasury.insecure_clone(),
    );
    let alice_wsol = w.alice_wsol;
    let new = Keypair::new();
    w.t.fund(&[&new], SOL).await;
    let e = w.epoch().await;
    w.set_fees(100, 0).await;
    w.warp(e + 2, 0).await;
    let deposit_fee = |w: &Vault, amount: u64| {
        let shares = shares_for(
            u128::from(amount) * WAD,
            w.share_supply,
            w.active_value_wad().unwrap(),
        );
        bps_ceil(shares, 100)
    };
    let vault = w.vault().await;
    let first = deposit_fee(&vault, 10 * SOL);
    w.deposit(&alice, alice_wsol, 10 * SOL, 100).await.unwrap();
    assert_eq!(w.vault().await.treasury_shares, first);
    // the old treasury claims what it is owed so far into its own account
    let old_lrt = w.t.create_lrt_account(&old, w.lrt_mint).await;
    let vault = w.vault().await;
    let claim = build::claim_treasury_fees(&vault, old.pubkey(), old_lrt);
    w.t.send(&[claim], &[&old]).await.unwrap();
    assert_eq!(w.t.token_balance(old_lrt).await, first);
    w.check.check(&mut w.t, "old treasury claimed").await;

    // wrong signers, nothing changes: set_treasury by anyone but the admin (the treasury
    // itself included); accept before any proposal ("too early"); a claim by a stranger
    let mut books = w.books().await;
    books.push(old_lrt);
    for who in [&mallory, &old] {
        let ix = build::set_treasury(who.pubkey(), new.pubkey());
        w.refused(
            &[ix],
            &[who],
            vault_error(VaultError::NotAdmin),
            &books,
            "set_treasury by a stranger",
        )
        .await;
    }
    let ix = build::accept_treasury(new.pubkey());
    w.refused(
        &[ix],
        &[&new],
        vault_error(VaultError::NotPendingTreasury),
        &books,
        "accept before a proposal",
    )
    .await;
    let mallory_lrt = w.lrt(&mallory);
    w.t.create_lrt_account(&mallory, w.lrt_mint).await;
    let claim = build::claim_treasury_fees(&vault, mallory.pubkey(), mallory_lrt);
    w.refused(
        &[claim],
        &[&mallory],
        vault_error(VaultError::NotTreasury),
        &books,
        "claim by a stranger",
    )
    .await;

    // the admin proposes mallory, then changes its mind: a new proposal replaces it
    let admin = w.admin.pubkey();
    w.t.send(&[build::set_treasury(admin, mallory.pubkey())], &[])
        .await
        .unwrap();
    let events = w
        .events(&[build::set_treasury(admin, new.pubkey())], &[])
        .await;
    let proposed: RoleProposed = only(&events);
    assert_eq!(
        (
            proposed.vault,
            proposed.role,
            proposed.current,
            proposed.proposed
        ),
        (None, Role::Treasury, old.pubkey(), new.pubkey())
    );
    let config = w.config().await;
    assert_eq!(
        (config.treasury, config.pending_treasury),
        (old.pubkey(), Some(new.pubkey()))
    );
    let ix = build::accept_treasury(mallory.pubkey());
    w.refused(
        &[ix],
        &[&mallory],
        vault_error(VaultError::NotPendingTreasury),
        &books,
        "accept by a replaced proposal",
    )
    .await;

    // until it accepts, the old treasury is the treasury; more fees accrue meanwhile
    let vault = w.vault().await;
    let second = deposit_fee(&vault, 10 * SOL);
    w.deposit(&alice, alice_wsol, 10 * SOL, 100).await.unwrap();
    let events = w
        .events(&[build::accept_treasury(new.pubkey())], &[&new])
        .await;
    let accepted: RoleAccepted = only(&events);
    assert_eq!(
        (
            accepted.vault,
            accepted.role,
            accepted.previous,
            accepted.new
        ),
        (None, Role::Treasury, old.pubkey(), new.pubkey())
    );
    let config = w.config().await;
    assert_eq!(
        (config.treasury, config.pending_treasury),
        (new.pubkey(), None)
    );
    let ix = build::accept_treasury(new.pubkey());
    w.refused(
        &[ix],
        &[&new],
        vault_error(VaultError::NotPendingTreasury),
        &books,
        "a second accept",
    )
    .await;
    let vault = w.vault().await;
    let third = deposit_fee(&vault, 10 * SOL);
    w.deposit(&alice, alice_wsol, 10 * SOL, 100).await.unwrap();
    let vault = w.vault().await;
    assert_eq!(vault.treasury_shares, second + third);

    // the old treasury can no longer claim; the new one claims everything owed
    let claim = build::claim_treasury_fees(&vault, old.pubkey(), old_lrt);
    w.refused(
        &[claim],
        &[&old],
        vault_error(VaultError::NotTreasury),
        &books,
        "claim by the old treasury",
    )
    .await;
    let new_lrt = w.t.create_lrt_account(&new, w.lrt_mint).await;
    let claim = build::claim_treasury_fees(&vault, new.pubkey(), new_lrt);
    w.t.send(&[claim], &[&new]).await.unwrap();
    assert_eq!(w.t.token_balance(new_lrt).await, second + third);
    assert_eq!(w.t.token_balance(old_lrt).await, first);
    assert_eq!(w.vault().await.treasury_shares, 0);
    w.check.check(&mut w.t, "new treasury claimed").await;
}
