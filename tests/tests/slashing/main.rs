//! Slashing end to end on the real programs (DESIGN.md section 5): a request, its veto
//! window, execution into two vaults, the waterfall (bond, insurance, everyone pro rata,
//! pending withdrawals included), the window in which a slash that cost the holders
//! something may still be cancelled (no deposits), the cancel as the exact inverse, and
//! the sweep. The world allocates half of each vault to the operator: its stake is half of
//! the vault's slashable value. Every amount is computed here from the rules,
//! independently of `restaking_math::plan_slash`.
#![allow(deprecated)] // see tests/src/lib.rs
mod authorization;
mod equivocation;
mod long_scenario;
mod waterfall;

use lrt_client::{
    instructions as build, pda,
    state::{Delegation, OperatorBond, SlashEscrow},
};
use lrt_integration_tests::slashing_world::*;
use lrt_integration_tests::*;
use lrt_vault::errors::VaultError;
use slasher_registry::errors::RegistryError;
use solana_signer::Signer;

/// `floor(allocation * value / 1e18)`: an operator's stake (lamports) from an allocation
/// (WAD) of a vault whose slashable value is `value_wad` (WAD-lamports).
pub fn stake_of(allocation: u64, value_wad: u128) -> u64 {
    let stake_wad = restaking_math::mul_div_floor(value_wad, u128::from(allocation), WAD).unwrap();
    u64::try_from(stake_wad / WAD).unwrap()
}

#[tokio::test]
async fn a_slash_runs_from_request_through_the_veto_window_into_two_vaults_and_is_swept() {
    let mut w = World::new().await;
    let [alice, bob, carol] = [0, 1, 2].map(|i| w.users[i].key.insecure_clone());
    let (alice_wsol, bob_pool, carol_wsol) =
        (w.users[0].wsol, w.users[1].pool_tokens, w.users[2].wsol);
    let (vault_a, vault_b) = (w.vault_a, w.vault_b);
    w.deposit_from(&alice, alice_wsol, vault_a, 0, 5_900_000_000)
        .await;
    w.deposit_from(&bob, bob_pool, vault_a, 1, 2 * SOL).await;
    w.deposit_from(&carol, carol_wsol, vault_b, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let mut check_a = InvariantChecker::new(vault_a);
    let mut check_b = InvariantChecker::new(vault_b);
    let (lrt_a, lrt_b) = (
        w.vault(vault_a).await.lrt_mint,
        w.vault(vault_b).await.lrt_mint,
    );
    for who in [&alice, &bob] {
        check_a.track_holder(who.pubkey(), pda::lrt_account(&who.pubkey(), &lrt_a));
    }
    check_b.track_holder(carol.pubkey(), pda::lrt_account(&carol.pubkey(), &lrt_b));
    check_a.check(&mut w.t, "A before").await;
    check_b.check(&mut w.t, "B before").await;

    // A: 1 + 1 (operator) + 5.9 wSOL and 2 pool tokens at 1.05: V = 10 SOL, S = 10e9
    // (one share per lamport), of which 0.5e9 bonded. B: 4 SOL of wSOL, S = 4e9.
    let a = w.vault(vault_a).await;
    assert_eq!((a.share_supply, a.bonded_shares), (10 * SOL, BOND_A));
    assert_eq!(
        [a.assets[0].active_amount, a.assets[1].active_amount],
        [7_900_000_000, 2 * SOL]
    );
    // half of each allocated: 5 SOL of stake in A, 2 SOL in B
    let value_a = u128::from(a.assets[0].active_amount) * WAD
        + u128::from(a.assets[1].active_amount) * POOL_PRICE;
    assert_eq!(stake_of(ALLOCATION_A, value_a), 5 * SOL);
    assert_eq!(stake_of(ALLOCATION_B, u128::from(4 * SOL) * WAD), 2 * SOL);

    // a 10% request, captured now
    let capture = w.epoch().await;
    let (request_key, request) = w.request_slash(WAD / 10).await;
    assert_eq!(request.capture_epoch, capture);
    assert_program_error(
        w.execute(&request, vault_a).await,
        1,
        registry_error(RegistryError::VetoWindowOpen),
    );
    w.advance_to_slot(request.veto_deadline_slot + 1).await;

    // vault A: loss = ceil(10% of 5 SOL) = 0.5 SOL, exactly the bond's value: the bond's
    // 0.5e9 shares burn with floor(active_k * 0.5e9 / 10e9) of each asset
    w.execute(&request, vault_a).await.unwrap();
    let a = w.vault(vault_a).await;
    let escrow_a = [
        (7_900_000_000u128 * 500_000_000 / 10_000_000_000) as u64,
        (2 * SOL as u128 * 500_000_000 / 10_000_000_000) as u64,
    ];
    assert_eq!(escrow_a, [395_000_000, 100_000_000]);
    assert_eq!(a.bonded_shares, 0);
    assert_eq!(a.share_supply, 9_500_000_000);
    assert_eq!(a.assets[0].active_amount, 7_900_000_000 - escrow_a[0]);
    assert_eq!(a.assets[1].active_amount, 2 * SOL - escrow_a[1]);
    assert_eq!(
        [a.assets[0].escrowed_amount, a.assets[1].escrowed_amount],
        escrow_a
    );
    // the holders behind the bond lose nothing: their balances, their claims (a pro-rata
    // fraction of 0) and the share price hold
    assert_eq!(
        w.t.token_balance(pda::lrt_account(&alice.pubkey(), &a.lrt_mint))
            .await,
        5_900_000_000
    );
    check_a.expect_slash(0, [capture + 1, capture + 2]);
    check_a.check(&mut w.t, "A slashed within the bond").await;
    let delegation: Delegation = w.t.decode(pda::delegation(&vault_a, &w.operator)).await;
    assert_eq!(delegation.slashed_total, 500_000_000);
    assert_eq!(
        delegation.allocation.at(capture, capture).unwrap(),
        ALLOCATION_A,
        "a slash leaves the allocation alone"
    );
    // a slash the bond covered opens no window: A takes deposits at once
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &request_key)).await;
    assert_eq!((escrow.fraction_wad, escrow.bond_shares_burnt), (0, BOND_A));
    assert_eq!(a.slash_window.until_slot, 0);
    let ixs = refresh_and_deposit_ixs(&a, alice.pubkey(), alice_wsol, 0, SOL, 10_000);
    w.t.send(&ixs, &[&alice]).await.unwrap();
    assert_eq!(
        w.t.token_balance(pda::lrt_account(&alice.pubkey(), &a.lrt_mint))
            .await,
        6_900_000_000,
        "1 SOL at the unchanged price of one lamport per share"
    );
    check_a
        .check(&mut w.t, "A deposit after the bond paid")
        .await;

    // vault B: no bond, no insurance. loss = 0.2 SOL of V = 4 SOL: f = 5% exactly
    w.execute(&request, vault_b).await.unwrap();
    let b = w.vault(vault_b).await;
    assert_eq!(b.assets[0].active_amount, 3_800_000_000);
    assert_eq!(b.assets[0].escrowed_amount, 200_000_000);
    assert_eq!(b.share_supply, 4 * SOL, "pro rata: nobody's shares move");
    check_b.expect_slash(WAD / 20, [capture + 1, capture + 2]);
    check_b.check(&mut w.t, "B slashed pro rata").await;
    // the holders lost 5%: until the slash resolves it may be cancelled, so B takes no
    // deposit at the slashed price (it would gain from the cancel)
    let escrow_b: SlashEscrow = w.t.decode(pda::escrow(&vault_b, &request_key)).await;
    assert_eq!(
        (b.slash_window.until_slot, b.slash_window.factor_wad),
        (escrow_b.resolve_after_slot, WAD - WAD / 20)
    );
    let carol_more = refresh_and_deposit_ixs(&b, carol.pubkey(), carol_wsol, 0, SOL, 10_000);
    let before = w.t.account(vault_b).await.unwrap();
    assert_program_error(
        w.t.send(&carol_more, &[&carol]).await,
        1,
        vault_error(VaultError::DepositsAwaitSlashResolution),
    );
    assert_eq!(w.t.account(vault_b).await.unwrap(), before, "nothing moved");

    // once per request and vault
    assert_program_error(
        w.execute(&request, vault_a).await,
        1,
        registry_error(RegistryError::SlashAlreadyExecuted),
    );

    // the sweep waits for the resolution delay, then pays the AVS's recipient
    assert_eq!(escrow.amounts[..2], escrow_a);
    let sweep_a0 = build::sweep_escrow(&a, &escrow, 0);
    assert_program_error(
        w.t.send(std::slice::from_ref(&sweep_a0), &[]).await,
        0,
        vault_error(VaultError::EscrowNotResolved),
    );
    w.advance_to_slot(escrow.resolve_after_slot.max(escrow_b.resolve_after_slot))
        .await;
    let sweeps = [
        sweep_a0.clone(),
        build::sweep_escrow(&a, &escrow, 1),
        build::sweep_escrow(&b, &escrow_b, 0),
    ];
    w.t.send(&sweeps, &[]).await.unwrap();
    let recipient_wsol = pda::associated_token_account(
        &w.recipient,
        &lrt_vault::constants::WSOL_MINT,
        &anchor_spl::token::ID,
    );
    let recipient_pool =
        pda::associated_token_account(&w.recipient, &w.pool_mint, &anchor_spl::token::ID);
    assert_eq!(
        w.t.token_balance(recipient_wsol).await,
        escrow_a[0] + 200_000_000
    );
    assert_eq!(w.t.token_balance(recipient_pool).await, escrow_a[1]);
    let a = w.vault(vault_a).await;
    assert_eq!(
        [a.assets[0].escrowed_amount, a.assets[1].escrowed_amount],
        [0, 0]
    );
    check_a.check(&mut w.t, "A swept").await;
    check_b.check(&mut w.t, "B swept").await;
    // a second sweep of the same asset is a keeper's no-op (issue 10: it used to fail with
    // `EscrowAlreadySettled`): it succeeds and changes no byte
    let books = [
        vault_a,
        pda::escrow(&vault_a, &request_key),
        a.assets[0].reserve,
        recipient_wsol,
    ];
    let before = w.t.snapshot(&books).await;
    w.t.send(&[sweep_a0], &[]).await.unwrap();
    assert_eq!(w.t.snapshot(&books).await, before, "nothing moved");
    // resolved, B takes deposits again, at the slashed price: 3.8 SOL for 4e9 shares
    let b = w.vault(vault_b).await;
    let carol_more = refresh_and_deposit_ixs(&b, carol.pubkey(), carol_wsol, 0, SOL, 10_000);
    w.t.send(&carol_more, &[&carol]).await.unwrap();
    let expected = (u128::from(SOL) * u128::from(4 * SOL) / 3_800_000_000) as u64;
    assert_eq!(expected, 1_052_631_578);
    assert_eq!(
        w.t.token_balance(pda::lrt_account(&carol.pubkey(), &b.lrt_mint))
            .await,
        3 * SOL + expected
    );
    check_b
        .check(&mut w.t, "B deposit after the resolution")
        .await;
}

#[tokio::test]
async fn vetoes_windows_and_late_stake_bound_what_a_request_can_take() {
    let mut w = World::new().await;
    let carol = w.users[2].key.insecure_clone();
    let (carol_wsol, vault_a, vault_b) = (w.users[2].wsol, w.vault_a, w.vault_b);
    w.deposit_from(&carol, carol_wsol, vault_a, 0, 6 * SOL)
        .await;
    w.deposit_from(&carol, carol_wsol, vault_b, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let capture = w.epoch().await;

    // a vetoed request never executes; only the veto authority vetoes, before the deadline
    let (vetoed_key, vetoed) = w.request_slash(WAD / 10).await;
    let veto = w.veto.insecure_clone();
    let by_carol = lrt_client::registry::veto_slash(carol.pubkey(), vetoed_key);
    assert_program_error(
        w.t.send(&[by_carol], &[&carol]).await,
        0,
        registry_error(RegistryError::NotVetoAuthority),
    );
    let ix = lrt_client::registry::veto_slash(veto.pubkey(), vetoed_key);
    w.t.send(&[ix], &[&veto]).await.unwrap();

    // allocation added during the capture epoch is not slashable for this capture: 30%
    // more of A (80% from capture + 1; no price needed, it is a fraction)
    let curator = w.curator.insecure_clone();
    let more = build::delegate(curator.pubkey(), vault_a, w.operator, WAD as u64 / 10 * 3);
    w.t.send(&[more], &[&curator]).await.unwrap();
    let (_, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    assert_program_error(
        w.execute(&vetoed, vault_a).await,
        1,
        registry_error(RegistryError::SlashVetoed),
    );
    let late_veto = lrt_client::registry::veto_slash(veto.pubkey(), pda_request(&w, 1));
    assert_program_error(
        w.t.send(&[late_veto], &[&veto]).await,
        0,
        registry_error(RegistryError::VetoWindowClosed),
    );
    let before = w.vault(vault_a).await;
    w.execute(&request, vault_a).await.unwrap();
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &pda_request(&w, 1))).await;
    // A: 1 + 1 (operator) + 6 SOL of wSOL, one share per lamport
    assert_eq!(
        (before.share_supply, before.assets[0].active_amount),
        (8 * SOL, 8 * SOL)
    );
    assert_eq!(
        escrow.loss_lamports, 400_000_000,
        "10% of the 50% allocated at capture (4 SOL), not of the 80% allocated since"
    );
    assert_eq!(escrow.capture_epoch, capture);
    let after = w.vault(vault_a).await;
    // the bond paid it all: ceil(0.4 SOL * S / V) = 0.4e9 of its 0.5e9 shares
    assert_eq!(escrow.bond_shares_burnt, 400_000_000);
    assert_eq!(before.share_supply - after.share_supply, 400_000_000);
    assert_eq!(after.bonded_shares, BOND_A - 400_000_000);

    // from capture + 2 on, the request can no longer reach vault B
    w.advance_to_slot((capture + 2) * EPOCH_LENGTH).await;
    assert_program_error(
        w.execute(&request, vault_b).await,
        1,
        registry_error(RegistryError::ExecutionWindowClosed),
    );
    assert!(w
        .t
        .account(pda::escrow(&vault_b, &pda_request(&w, 1)))
        .await
        .is_none());
}

/// The address of the AVS's request number `index`.
fn pda_request(w: &World, index: u64) -> anchor_lang::prelude::Pubkey {
    lrt_client::registry::pda::slash_request(&w.avs, index)
}

#[tokio::test]
async fn a_burning_avs_burns_the_lst_and_locks_wsol_at_the_incinerator() {
    use lrt_vault::constants::{INCINERATOR, WSOL_MINT};
    let mut w = World::new().await;
    let [alice, bob] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let vault_a = w.vault_a;
    // A: 1 + 1 (operator) + 5.9 SOL of wSOL and 2 pool tokens at 1.05: 10 SOL
    w.deposit_from(&alice, w.users[0].wsol, vault_a, 0, 5_900_000_000)
        .await;
    w.deposit_from(&bob, w.users[1].pool_tokens, vault_a, 1, 2 * SOL)
        .await;
    w.deposit_from(&bob, w.users[1].wsol, w.vault_b, 0, 3 * SOL)
        .await;

    // a second AVS, whose slashed tokens are burnt
    let (burner, authority) = w
        .second_avs(WAD, lrt_client::state::SlashDestination::Burn)
        .await;
    w.delegate_and_enter_capture_epoch().await;

    // 30% of the 5 SOL allocated (half of 10 SOL) = 1.5 SOL: the 0.5 bond, then 1 SOL pro
    // rata
    let (request_key, request) = w
        .request_slash_of(burner, &authority, WAD / 10 * 3)
        .await
        .unwrap();
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault_a).await.unwrap();
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &request_key)).await;
    assert_eq!(escrow.loss_lamports, 1_500_000_000);
    w.advance_to_slot(escrow.resolve_after_slot).await;

    let a = w.vault(vault_a).await;
    let pool_supply = w.t.mint_supply(w.pool_mint).await;
    let pool_reserve = w.t.token_balance(a.assets[1].reserve).await;
    let incinerator_wsol =
        pda::associated_token_account(&INCINERATOR, &WSOL_MINT, &anchor_spl::token::ID);
    let payer = w.t.payer();
    let sweeps = [
        create_associated_wsol_account(payer.pubkey(), INCINERATOR),
        build::sweep_escrow(&a, &escrow, 0),
        build::sweep_escrow(&a, &escrow, 1),
    ];
    w.t.send(&sweeps, &[]).await.unwrap();
    // the LST is burnt: its supply and the reserve drop by the escrow
    assert_eq!(
        w.t.mint_supply(w.pool_mint).await,
        pool_supply - escrow.amounts[1]
    );
    assert_eq!(
        w.t.token_balance(a.assets[1].reserve).await,
        pool_reserve - escrow.amounts[1]
    );
    // wSOL, which SPL Token cannot burn, sits where no one can spend it
    assert_eq!(w.t.token_balance(incinerator_wsol).await, escrow.amounts[0]);
    let mut check = InvariantChecker::new(vault_a);
    check.check(&mut w.t, "burnt").await;
}

fn create_associated_wsol_account(
    payer: anchor_lang::prelude::Pubkey,
    owner: anchor_lang::prelude::Pubkey,
) -> anchor_lang::solana_program::instruction::Instruction {
    anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
        &payer,
        &owner,
        &lrt_vault::constants::WSOL_MINT,
        &anchor_spl::token::ID,
    )
}

/// A cancel is the exact inverse of the slash (DESIGN.md section 5, step 5; invariant 9):
/// the pool gets back what it gave and the holders their claims (vault B, pro rata), the
/// operator's bond gets back the shares the slash burnt (vault A; they used to stay burnt,
/// their value going to every holder), and the registry takes the loss out of its ledgers.
/// Only the registry admin cancels, once, and only before the escrow resolves.
#[tokio::test]
async fn the_registry_admin_can_cancel_an_executed_slash_until_it_resolves() {
    use lrt_client::registry::{
        self,
        decode::{
            SlashExecution, SlashRequest as RequestState, VaultAvs, VaultAvsEpochSlash,
            VaultEpochSlash,
        },
    };
    let mut w = World::new().await;
    let carol = w.users[2].key.insecure_clone();
    let (vault_a, vault_b) = (w.vault_a, w.vault_b);
    w.deposit_from(&carol, w.users[2].wsol, vault_a, 0, 6 * SOL)
        .await;
    w.deposit_from(&carol, w.users[2].wsol, vault_b, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let capture = w.epoch().await;
    let mut check_a = InvariantChecker::new(vault_a);
    let mut check_b = InvariantChecker::new(vault_b);
    for (vault, check) in [(vault_a, &mut check_a), (vault_b, &mut check_b)] {
        let lrt = w.vault(vault).await.lrt_mint;
        check.track_holder(carol.pubkey(), pda::lrt_account(&carol.pubkey(), &lrt));
        check.check(&mut w.t, "before").await;
    }
    let (request_key, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    let (before_a, before_b) = (w.vault(vault_a).await, w.vault(vault_b).await);
    let bond_key = pda::bond(&vault_a, &w.operator);
    let bond_before: OperatorBond = w.t.decode(bond_key).await;
    w.execute(&request, vault_b).await.unwrap();
    w.execute(&request, vault_a).await.unwrap();
    // B: 10% of 2 SOL (half of 4) from its pool, f = 5%. A: 10% of 4 SOL (half of 8), all
    // from the bond: 0.4e9 of its shares at one lamport per share
    let (loss_a, loss_b) = (400_000_000, 200_000_000);
    check_b.expect_slash(WAD / 20, [capture + 1, capture + 2]);
    check_b.check(&mut w.t, "B slashed").await;
    check_a.expect_slash(0, [capture + 1, capture + 2]);
    check_a.check(&mut w.t, "A slashed").await;
    let a = w.vault(vault_a).await;
    assert_eq!(a.bonded_shares, BOND_A - loss_a);
    let execution_key = registry::pda::slash_execution(&request_key, &vault_b);
    let execution: SlashExecution = w.t.decode(execution_key).await;
    assert_eq!(execution.loss_lamports, loss_b);
    let execution_a: SlashExecution =
        w.t.decode(registry::pda::slash_execution(&request_key, &vault_a))
            .await;
    assert_eq!(execution_a.loss_lamports, loss_a);

    // only the registry admin cancels
    let admin = w.t.payer();
    let books = [
        vault_b,
        pda::escrow(&vault_b, &request_key),
        execution_key,
        request_key,
    ];
    let before = w.t.snapshot(&books).await;
    let by_carol = registry::cancel_slash(carol.pubkey(), &execution);
    assert_program_error(
        w.t.send(&[by_carol], &[&carol]).await,
        0,
        registry_error(RegistryError::NotAdmin),
    );
    assert_eq!(w.t.snapshot(&books).await, before, "nothing moved");
    let cancel = registry::cancel_slash(admin.pubkey(), &execution);
    w.t.send(std::slice::from_ref(&cancel), &[]).await.unwrap();

    // B: the pool has its 0.2 SOL back, carol her claim, nobody's shares moved
    let after = w.vault(vault_b).await;
    assert_eq!(
        after.assets[0].active_amount, before_b.assets[0].active_amount,
        "the 0.2 SOL returned to the pool"
    );
    assert_eq!(after.assets[0].escrowed_amount, 0);
    assert_eq!(after.share_supply, before_b.share_supply);
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_b, &request_key)).await;
    assert!(escrow.cancelled);
    assert_eq!(escrow.pool_taken[0], loss_b);
    check_b.expect_cancel();
    check_b.check(&mut w.t, "B cancelled").await;
    // the registry's books: the execution stays (cancelled, so it cannot run again), the
    // loss leaves the request's total, the epoch ledgers (the caps' room is back) and the
    // opt-in's record; the delegation's slashed total drops by it
    let execution: SlashExecution = w.t.decode(execution_key).await;
    assert!(execution.cancelled);
    let state: RequestState = w.t.decode(request_key).await;
    assert_eq!(
        (state.executions, state.slashed_lamports),
        (2, loss_a),
        "only A's loss is left"
    );
    let ledger: VaultEpochSlash =
        w.t.decode(registry::pda::vault_epoch_slash(
            &vault_b,
            &w.operator,
            capture,
        ))
        .await;
    let vault_avs_b = registry::pda::vault_avs(&vault_b, &w.avs);
    let avs_ledger: VaultAvsEpochSlash =
        w.t.decode(registry::pda::vault_avs_epoch_slash(
            &vault_avs_b,
            &w.operator,
            capture,
        ))
        .await;
    let opt_in: VaultAvs = w.t.decode(vault_avs_b).await;
    assert_eq!(
        (
            ledger.slashed_lamports,
            avs_ledger.slashed_lamports,
            opt_in.slashed_in(capture)
        ),
        (0, 0, 0)
    );
    assert_eq!(ledger.stake_at_capture_lamports, 2 * SOL, "the base stays");
    let delegation: Delegation = w.t.decode(pda::delegation(&vault_b, &w.operator)).await;
    assert_eq!(delegation.slashed_total, 0);
    // once: a cancelled slash cannot be cancelled again, nor executed again, nor swept
    let before = w.t.snapshot(&books).await;
    assert_program_error(
        w.t.send(std::slice::from_ref(&cancel), &[]).await,
        0,
        registry_error(RegistryError::SlashAlreadyCancelled),
    );
    assert_program_error(
        w.execute(&request, vault_b).await,
        1,
        registry_error(RegistryError::SlashAlreadyExecuted),
    );
    assert_eq!(w.t.snapshot(&books).await, before, "nothing moved");

    // A: the bond gets its 0.4e9 shares back and the pool the tokens they were burnt with
    let cancel_a = registry::cancel_slash(admin.pubkey(), &execution_a);
    w.t.send(&[cancel_a], &[]).await.unwrap();
    let a = w.vault(vault_a).await;
    let bond: OperatorBond = w.t.decode(bond_key).await;
    assert_eq!(
        (bond.shares, bond.unbonding_shares),
        (bond_before.shares, bond_before.unbonding_shares)
    );
    assert_eq!(bond.shares, BOND_A);
    assert_eq!(
        (a.bonded_shares, a.share_supply),
        (before_a.bonded_shares, before_a.share_supply)
    );
    assert_eq!(
        [a.assets[0].active_amount, a.assets[0].escrowed_amount],
        [before_a.assets[0].active_amount, 0]
    );
    let escrow_a: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &request_key)).await;
    assert!(escrow_a.cancelled);
    assert_eq!(escrow_a.bond_shares_burnt, loss_a);
    check_a.expect_cancel();
    check_a.check(&mut w.t, "A cancelled").await;
    let delegation: Delegation = w.t.decode(pda::delegation(&vault_a, &w.operator)).await;
    assert_eq!(delegation.slashed_total, 0);
    assert_eq!(
        w.t.decode::<RequestState>(request_key)
            .await
            .slashed_lamports,
        0
    );

    // after the resolution delay: a cancelled escrow is never swept. Issue 10: a keeper's
    // sweep of it succeeds without effect (it used to fail with `EscrowAlreadySettled`)
    w.advance_to_slot(escrow.resolve_after_slot).await;
    let sweep = build::sweep_escrow(&after, &escrow, 0);
    let books = [books.to_vec(), vec![after.assets[0].reserve]].concat();
    let before = w.t.snapshot(&books).await;
    w.t.send(&[sweep], &[]).await.unwrap();
    assert_eq!(w.t.snapshot(&books).await, before, "nothing moved");

    // a second request, executed into A: once resolved, it can no longer be cancelled
    // (its escrow may be swept from then on)
    let (second_key, second) = w.request_slash(WAD / 20).await;
    assert_eq!(second.capture_epoch, capture);
    w.advance_to_slot(second.veto_deadline_slot + 1).await;
    w.execute(&second, vault_a).await.unwrap();
    let execution_2: SlashExecution =
        w.t.decode(registry::pda::slash_execution(&second_key, &vault_a))
            .await;
    w.advance_to_slot(execution_2.resolve_after_slot).await;
    let late = registry::cancel_slash(admin.pubkey(), &execution_2);
    let before = w.t.account(vault_a).await.unwrap();
    assert_program_error(
        w.t.send(&[late], &[]).await,
        0,
        registry_error(RegistryError::ResolutionDelayOver),
    );
    assert_eq!(w.t.account(vault_a).await.unwrap(), before, "nothing moved");
}
