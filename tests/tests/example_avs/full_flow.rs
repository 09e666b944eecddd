//! End to end: a vault allocates part of itself to the operator, both opt in to the
//! example AVS, the operator equivocates, anyone reports it, and after the veto window the
//! registry's `execute_slash` takes the requested fraction of the operator's stake in the
//! vault; also when the operator rotated its signing key after equivocating.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    avs::{self, example_avs::instructions::ReportEquivocationArgs},
    instructions as build, pda,
    registry::{self as reg, decode::SlashRequest},
    state::{Delegation, Vault},
};
use lrt_integration_tests::*;
use lrt_vault::constants::WSOL_MINT;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::world::*;

/// The vault's seed deposit: its whole value.
const VAULT_VALUE: u64 = 10 * SOL;
/// Allocated to the operator: 40% of the vault (WAD).
const ALLOCATION: u64 = 400_000_000_000_000_000;
/// The operator's stake: floor(40% x 10 SOL), the vault's whole value being slashable (no
/// withdrawal pending).
const STAKE: u64 = 4 * SOL;
const _: () = assert!(STAKE as u128 == ALLOCATION as u128 * VAULT_VALUE as u128 / WAD);
/// The curator's per-epoch cap for the AVS.
const VAULT_CAP_BPS: u16 = 3_000;

/// The world with a vault worth `VAULT_VALUE` that, during epoch 0, whitelists the
/// operator, allocates `ALLOCATION` to it and opts in to the AVS (cap `VAULT_CAP_BPS`);
/// the operator opts in too. All of it counts from epoch 1. Returns the vault.
async fn staked_world() -> (World, Pubkey) {
    let curator = Keypair::new();
    let curator_wsol = Pubkey::new_unique();
    let mut w = World::registered_with(vec![
        (WSOL_MINT, native_mint_account()),
        (curator_wsol, wsol_account(curator.pubkey(), VAULT_VALUE)),
    ])
    .await;
    w.initialize(SLASH_WAD).await.unwrap();
    w.t.fund(&[&curator], SOL).await;
    let treasury = w.treasury;
    let vault_key =
        w.t.create_wsol_vault(&curator, curator_wsol, treasury, VAULT_VALUE, u64::MAX)
            .await
            .vault;

    assert_eq!(w.epoch().await, 0);
    let curator_key = curator.pubkey();
    let ixs = [
        lrt_fixtures::whitelist_ixs(curator_key, vault_key, &[w.operator], 5_000),
        lrt_fixtures::allocate_ixs(curator_key, vault_key, &[(w.operator, ALLOCATION)]),
        lrt_fixtures::vault_opt_in_ixs(curator_key, vault_key, &[w.avs], VAULT_CAP_BPS),
    ]
    .concat();
    w.t.send(&ixs, &[&curator]).await.unwrap();
    let op = w.op.insecure_clone();
    lrt_fixtures::opt_in_operator(&mut w.t, &op, w.avs)
        .await
        .unwrap();
    (w, vault_key)
}

/// After the veto deadline of request 0: anyone executes it against the vault, which
/// loses `ceil(10% x STAKE)` (under the curator's 30% and the registry's 50%) from its
/// pool; the allocation stays, so the operator's stake is then 40% of what is left.
async fn execute_and_check_the_loss(w: &mut World, vault_key: Pubkey) {
    let request_key = reg::pda::slash_request(&w.avs, 0);
    let request: SlashRequest = w.t.decode(request_key).await;
    let vault: Vault = w.t.decode(vault_key).await;
    let execute = [
        build::refresh_prices(&vault),
        reg::execute_slash(w.admin.pubkey(), &request, vault_key),
    ];
    w.t.send(&execute, &[]).await.unwrap();

    let loss = (SLASH_WAD * STAKE as u128).div_ceil(WAD) as u64;
    assert_eq!(loss, 400_000_000);
    assert!(loss <= STAKE * u64::from(VAULT_CAP_BPS) / 10_000);
    assert!(loss <= STAKE * u64::from(MAX_VAULT_BPS) / 10_000);
    let delegation: Delegation = w.t.decode(pda::delegation(&vault_key, &w.operator)).await;
    assert_eq!(delegation.slashed_total, loss);
    let capture = request.capture_epoch;
    let cur = w.epoch().await;
    assert_eq!(delegation.allocation.at(capture, cur).unwrap(), ALLOCATION);
    // no bond, no insurance: f = 0.4 / 10 = 4% of the pool, exactly the loss
    let vault: Vault = w.t.decode(vault_key).await;
    assert_eq!(vault.assets[0].active_amount, VAULT_VALUE - loss);
    let stake_now = (u128::from(ALLOCATION) * u128::from(VAULT_VALUE - loss) / WAD) as u64;
    assert_eq!(stake_now, 3_840_000_000);
    let request: SlashRequest = w.t.decode(request_key).await;
    assert_eq!((request.executions, request.slashed_lamports), (1, loss));
}

#[tokio::test]
async fn an_equivocation_report_slashes_the_operator_stake_in_an_opted_in_vault() {
    let (mut w, vault_key) = staked_world().await;

    // epoch 1: the operator signs two values for round 103 (a slot of epoch 1); a reporter
    // proves it
    w.warp(1, 5).await;
    let signer = w.signer.insecure_clone();
    let ixs = w.proof(&signer, EPOCH_LENGTH + 3, value(1), value(2)).await;
    w.report(&ixs).await.unwrap();
    let request: SlashRequest = w.t.decode(reg::pda::slash_request(&w.avs, 0)).await;
    assert_eq!(request.capture_epoch, 1);

    // after the veto deadline, still in epoch 1
    w.warp(1, 5 + VETO_WINDOW + 1).await;
    execute_and_check_the_loss(&mut w, vault_key).await;
}

/// The escape a key rotation used to offer, end to end: the operator equivocates in
/// epoch 1 (round 103) and rotates its key at once; the report lands in epoch 2, the last
/// epoch the old key counts and the last in which a round of epoch 1 may be reported,
/// captures epoch 2 (the stake is still there) and executes.
#[tokio::test]
async fn an_operator_that_rotates_its_key_after_equivocating_is_still_slashed() {
    let (mut w, vault_key) = staked_world().await;
    w.warp(1, 5).await;
    let old = w.signer.insecure_clone();
    let round = EPOCH_LENGTH + 3;
    let published = [
        avs::attest_instruction(&old, &w.avs, round, &value(1)),
        avs::attest_instruction(&old, &w.avs, round, &value(2)),
    ];
    w.rotate_key(&Keypair::new()).await.unwrap();

    w.warp(2, EPOCH_LENGTH - VETO_WINDOW - 2).await;
    let index = w.request_index().await;
    let report = avs::report_equivocation(
        w.reporter.pubkey(),
        w.avs,
        index,
        w.operator,
        ReportEquivocationArgs {
            round,
            value_a: value(1),
            value_b: value(2),
        },
    );
    let [a, b] = published;
    w.report(&[a, b, report]).await.unwrap();
    let request: SlashRequest = w.t.decode(reg::pda::slash_request(&w.avs, 0)).await;
    assert_eq!(request.capture_epoch, 2);

    // the last slot of epoch 2, past the veto deadline
    w.warp(2, EPOCH_LENGTH - 1).await;
    execute_and_check_the_loss(&mut w, vault_key).await;
}
