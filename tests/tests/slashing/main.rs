//! Slashing end to end on the real programs (DESIGN.md section 5): a request, its veto
//! window, execution into two vaults, the waterfall (bond, insurance, everyone pro rata,
//! pending withdrawals included), and the sweep. Every amount is computed here from the
//! rules, independently of `restaking_math::plan_slash`.
#![allow(deprecated)] // see tests/src/lib.rs
mod authorization;
mod equivocation;
mod long_scenario;
mod waterfall;

use lrt_client::{instructions as build, pda, state::SlashEscrow};
use lrt_integration_tests::slashing_world::*;
use lrt_integration_tests::*;
use lrt_vault::errors::VaultError;
use slasher_registry::errors::RegistryError;
use solana_signer::Signer;

pub fn registry_error(e: RegistryError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + e as u32
}

#[tokio::test]
async fn a_slash_runs_from_request_through_the_veto_window_into_two_vaults_and_is_swept() {
    let mut w = World::new().await;
    let [alice, bob, carol] = [0, 1, 2].map(|i| w.users[i].key.insecure_clone());
    let (alice_wsol, bob_pool, carol_wsol) =
        (w.users[0].wsol, w.users[1].pool_tokens, w.users[2].wsol);
    let (vault_a, vault_b) = (w.vault_a, w.vault_b);
    w.deposit_from(&alice, alice_wsol, vault_a, 0, 6 * SOL)
        .await;
    w.deposit_from(&bob, bob_pool, vault_a, 1, 2 * SOL).await;
    w.deposit_from(&carol, carol_wsol, vault_b, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let mut check_a = InvariantChecker::new(vault_a);
    let mut check_b = InvariantChecker::new(vault_b);
    check_a.check(&mut w.t, "A before").await;
    check_b.check(&mut w.t, "B before").await;

    // A: 1 + 1 (operator) + 6 wSOL and 2 pool tokens at 1.05: V = 10.1 SOL, S = 10.1e9
    // (one share per lamport), of which 0.5e9 bonded. B: 4 SOL of wSOL, S = 4e9.
    let a = w.vault(vault_a).await;
    assert_eq!((a.share_supply, a.bonded_shares), (10_100_000_000, BOND_A));
    assert_eq!(
        [a.assets[0].active_amount, a.assets[1].active_amount],
        [8 * SOL, 2 * SOL]
    );

    // a 10% request, captured now
    let capture = w.epoch().await;
    let (request_key, request) = w.request_slash(WAD / 10).await;
    assert_eq!(request.capture_epoch, capture);
    assert_error(
        w.execute(&request, vault_a).await,
        registry_error(RegistryError::VetoWindowOpen),
    );
    w.advance_to_slot(request.veto_deadline_slot + 1).await;

    // vault A: loss = ceil(10% of 5 SOL) = 0.5 SOL, exactly the bond's value: the bond's
    // 0.5e9 shares burn with floor(active_k * 0.5e9 / 10.1e9) of each asset
    w.execute(&request, vault_a).await.unwrap();
    let a = w.vault(vault_a).await;
    let escrow_a = [
        (8 * SOL as u128 * 500_000_000 / 10_100_000_000) as u64,
        (2 * SOL as u128 * 500_000_000 / 10_100_000_000) as u64,
    ];
    assert_eq!(escrow_a, [396_039_603, 99_009_900]);
    assert_eq!(a.bonded_shares, 0);
    assert_eq!(a.share_supply, 9_600_000_000);
    assert_eq!(a.assets[0].active_amount, 8 * SOL - escrow_a[0]);
    assert_eq!(a.assets[1].active_amount, 2 * SOL - escrow_a[1]);
    assert_eq!(
        [a.assets[0].escrowed_amount, a.assets[1].escrowed_amount],
        escrow_a
    );
    // the holders behind the bond lose nothing: their balances and the share price hold
    assert_eq!(
        w.t.token_balance(pda::lrt_account(&alice.pubkey(), &a.lrt_mint))
            .await,
        6 * SOL
    );
    check_a.check(&mut w.t, "A slashed within the bond").await;
    let delegation: lrt_client::state::Delegation =
        w.t.decode(pda::delegation(&vault_a, &w.operator)).await;
    assert_eq!(delegation.slashed_total, 500_000_000);

    // vault B: no bond, no insurance. loss = 0.2 SOL of V = 4 SOL: f = 5% exactly
    w.execute(&request, vault_b).await.unwrap();
    let b = w.vault(vault_b).await;
    assert_eq!(b.assets[0].active_amount, 3_800_000_000);
    assert_eq!(b.assets[0].escrowed_amount, 200_000_000);
    assert_eq!(b.share_supply, 4 * SOL, "pro rata: nobody's shares move");
    check_b.allow_loss();
    check_b.check(&mut w.t, "B slashed pro rata").await;

    // once per request and vault
    assert_error(
        w.execute(&request, vault_a).await,
        registry_error(RegistryError::SlashAlreadyExecuted),
    );

    // the sweep waits for the resolution delay, then pays the AVS's recipient
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &request_key)).await;
    assert_eq!(escrow.amounts[..2], escrow_a);
    let sweep_a0 = build::sweep_escrow(&a, &escrow, 0);
    assert_error(
        w.t.send(std::slice::from_ref(&sweep_a0), &[]).await,
        vault_error(VaultError::EscrowNotResolved),
    );
    w.advance_to_slot(escrow.resolve_after_slot).await;
    let escrow_b: SlashEscrow = w.t.decode(pda::escrow(&vault_b, &request_key)).await;
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
    assert_error(
        w.t.send(&[sweep_a0], &[]).await,
        vault_error(VaultError::EscrowAlreadySettled),
    );
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
    assert_error(
        w.t.send(&[by_carol], &[&carol]).await,
        registry_error(RegistryError::NotVetoAuthority),
    );
    let ix = lrt_client::registry::veto_slash(veto.pubkey(), vetoed_key);
    w.t.send(&[ix], &[&veto]).await.unwrap();

    // stake delegated during the capture epoch is not slashable for this capture
    let curator = w.curator.insecure_clone();
    let a = w.vault(vault_a).await;
    let more = [
        build::refresh_prices(&a),
        build::delegate(curator.pubkey(), vault_a, w.operator, 3 * SOL),
    ];
    w.t.send(&more, &[&curator]).await.unwrap();
    let (_, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    assert_error(
        w.execute(&vetoed, vault_a).await,
        registry_error(RegistryError::SlashVetoed),
    );
    let late_veto = lrt_client::registry::veto_slash(veto.pubkey(), pda_request(&w, 1));
    assert_error(
        w.t.send(&[late_veto], &[&veto]).await,
        registry_error(RegistryError::VetoWindowClosed),
    );
    let before = w.vault(vault_a).await;
    w.execute(&request, vault_a).await.unwrap();
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &pda_request(&w, 1))).await;
    assert_eq!(
        escrow.loss_lamports, 500_000_000,
        "10% of the 5 SOL active at capture, not of the 8 SOL delegated since"
    );
    assert_eq!(escrow.capture_epoch, capture);
    let after = w.vault(vault_a).await;
    assert_eq!(
        before.share_supply - after.share_supply,
        BOND_A,
        "the bond paid"
    );

    // from capture + 2 on, the request can no longer reach vault B
    w.advance_to_slot((capture + 2) * EPOCH_LENGTH).await;
    assert_error(
        w.execute(&request, vault_b).await,
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
    use lrt_client::registry;
    use lrt_vault::constants::{INCINERATOR, WSOL_MINT};
    use slasher_registry::{instructions::RegisterAvsArgs, state::AvsKind};
    let mut w = World::new().await;
    let [alice, bob] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let vault_a = w.vault_a;
    w.deposit_from(&alice, w.users[0].wsol, vault_a, 0, 6 * SOL)
        .await;
    w.deposit_from(&bob, w.users[1].pool_tokens, vault_a, 1, 2 * SOL)
        .await;
    w.deposit_from(&bob, w.users[1].wsol, w.vault_b, 0, 3 * SOL)
        .await;

    // a second AVS, whose slashed tokens are burnt
    let authority = solana_keypair::Keypair::new();
    w.t.fund(&[&authority], SOL).await;
    let id = anchor_lang::prelude::Pubkey::new_unique();
    let admit = registry::register_avs(
        w.t.payer().pubkey(),
        RegisterAvsArgs {
            id,
            admin: authority.pubkey(),
            kind: AvsKind::Local {
                slash_authority: authority.pubkey(),
            },
            max_slash_wad: WAD,
            destination: lrt_client::state::SlashDestination::Burn,
            metadata_uri: String::new(),
        },
    );
    w.t.send(&[admit], &[]).await.unwrap();
    let burner = registry::pda::avs(&id);
    let op = w.op.insecure_clone();
    let curator = w.curator.insecure_clone();
    w.t.send(&[registry::opt_in_avs(op.pubkey(), burner)], &[&op])
        .await
        .unwrap();
    let opt_in = registry::vault_opt_in_avs(curator.pubkey(), vault_a, burner, 10_000);
    w.t.send(&[opt_in], &[&curator]).await.unwrap();
    w.delegate_and_enter_capture_epoch().await;

    // 30% of 5 SOL = 1.5 SOL: the 0.5 bond, then 1 SOL pro rata
    let request = registry::request_slash(
        authority.pubkey(),
        authority.pubkey(),
        burner,
        0,
        w.operator,
        slasher_registry::instructions::RequestSlashArgs {
            wad: WAD / 10 * 3,
            evidence_hash: [3; 32],
        },
    );
    w.t.send(&[request], &[&authority]).await.unwrap();
    let request_key = registry::pda::slash_request(&burner, 0);
    let request: slasher_registry::state::SlashRequest = w.t.decode(request_key).await;
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

#[tokio::test]
async fn the_registry_admin_can_cancel_an_executed_slash_until_it_resolves() {
    let mut w = World::new().await;
    let carol = w.users[2].key.insecure_clone();
    let vault_b = w.vault_b;
    w.deposit_from(&carol, w.users[2].wsol, w.vault_a, 0, 6 * SOL)
        .await;
    w.deposit_from(&carol, w.users[2].wsol, vault_b, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let (request_key, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    let before = w.vault(vault_b).await;
    w.execute(&request, vault_b).await.unwrap();
    w.execute(&request, w.vault_a).await.unwrap();
    let execution_key = lrt_client::registry::pda::slash_execution(&request_key, &vault_b);
    let execution: slasher_registry::state::SlashExecution = w.t.decode(execution_key).await;
    let mut check = InvariantChecker::new(vault_b);
    check.check(&mut w.t, "slashed").await;

    // only the registry admin cancels, once, and only before the escrow resolves
    let admin = w.t.payer();
    let by_carol = lrt_client::registry::cancel_slash(carol.pubkey(), &execution);
    assert_error(
        w.t.send(&[by_carol], &[&carol]).await,
        registry_error(RegistryError::NotAdmin),
    );
    let cancel = lrt_client::registry::cancel_slash(admin.pubkey(), &execution);
    w.t.send(std::slice::from_ref(&cancel), &[]).await.unwrap();
    let after = w.vault(vault_b).await;
    assert_eq!(
        after.assets[0].active_amount, before.assets[0].active_amount,
        "the 0.2 SOL returned to the pool"
    );
    assert_eq!(after.assets[0].escrowed_amount, 0);
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_b, &request_key)).await;
    assert!(escrow.cancelled);
    check.check(&mut w.t, "cancelled").await;
    assert_error(
        w.t.send(std::slice::from_ref(&cancel), &[]).await,
        registry_error(RegistryError::SlashAlreadyCancelled),
    );
    w.advance_to_slot(escrow.resolve_after_slot).await;
    let sweep = build::sweep_escrow(&after, &escrow, 0);
    assert_error(
        w.t.send(&[sweep], &[]).await,
        vault_error(VaultError::EscrowAlreadySettled),
    );

    // once resolved, the slash of vault A can no longer be cancelled
    let execution_a: slasher_registry::state::SlashExecution =
        w.t.decode(lrt_client::registry::pda::slash_execution(
            &request_key,
            &w.vault_a,
        ))
        .await;
    let late = lrt_client::registry::cancel_slash(admin.pubkey(), &execution_a);
    assert_error(
        w.t.send(&[late], &[]).await,
        registry_error(RegistryError::ResolutionDelayOver),
    );
}
