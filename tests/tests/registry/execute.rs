//! `execute_slash` into the real vault: the loss (rounded up, clamped by the AVS's
//! maximum), the curator's and the registry's per-epoch caps, the once-per-vault record,
//! the execution window, and the opt-in windows at their exact boundaries (the operator's
//! refused when the request is made, the vault's at execution).
use lrt_client::{
    pda,
    registry::{
        self as reg,
        decode::{SlashExecuted, SlashExecution, VaultAvs, VaultAvsEpochSlash, VaultEpochSlash},
        slasher_registry::state::SlashDestination,
        RegistryError,
    },
    state::{Delegation, SlashEscrow, Vault},
};
use lrt_integration_tests::*;
use solana_signer::Signer;

use crate::{
    allocated, pro_rata_fraction, pro_rata_taken, registry_error, World, ALLOCATION, EPOCH_LENGTH,
    MAX_VAULT_BPS, RESOLUTION_DELAY, STAKE, VAULT_CAP_BPS, VAULT_VALUE,
};

/// `ceil(stake * wad / 1e18)`, computed independently of the code under test.
fn loss_ceil(stake: u64, wad: u128) -> u64 {
    let product = u128::from(stake) * wad;
    u64::try_from(product.div_ceil(WAD)).unwrap()
}

/// `floor(stake * bps / 10_000)`.
fn cap_floor(stake: u64, bps: u16) -> u64 {
    stake * u64::from(bps) / 10_000
}

#[tokio::test]
async fn execute_slash_applies_the_loss_once_and_records_it_everywhere() {
    let mut w = World::staked().await;
    let mut invariants = InvariantChecker::new(w.vault_key);
    let alice = w.alice.pubkey();
    invariants.track_holder(alice, pda::lrt_account(&alice, &w.vault.lrt_mint));
    invariants.check(&mut w.t, "staked").await;
    let request = w.request(WAD / 10).await;
    let state = w.request_state(request).await;
    assert_eq!(state.capture_epoch, 1);

    // not before the deadline has passed: at the deadline the veto may still come
    w.t.warp_to_slot(state.veto_deadline_slot).await;
    assert_program_error(
        w.execute(request).await,
        1,
        registry_error(RegistryError::VetoWindowOpen),
    );
    w.t.warp_to_slot(state.veto_deadline_slot + 1).await;
    let vault_before: Vault = w.t.decode(w.vault_key).await;
    let ixs = w.execute_ixs(request, w.vault_key).await;
    let events =
        w.t.send_with_events(&ixs, &[], reg::REGISTRY_PROGRAM_ID)
            .await;
    let slot = w.t.slot().await;

    let loss = loss_ceil(STAKE, WAD / 10);
    assert_eq!(loss, 400_000_000);
    let execution_key = reg::pda::slash_execution(&request, &w.vault_key);
    let execution: SlashExecution = w.t.decode(execution_key).await;
    assert_eq!(
        (
            execution.request,
            execution.vault,
            execution.avs,
            execution.operator
        ),
        (request, w.vault_key, w.avs, w.operator)
    );
    assert_eq!(execution.capture_epoch, 1);
    assert_eq!(execution.stake_lamports, STAKE);
    assert_eq!(
        (execution.requested_loss_lamports, execution.loss_lamports),
        (loss, loss)
    );
    assert_eq!(execution.executor, w.admin.pubkey());
    assert_eq!(
        execution.resolve_after_slot,
        execution.executed_slot + RESOLUTION_DELAY
    );
    assert!(execution.executed_slot > state.veto_deadline_slot && execution.executed_slot <= slot);
    let ledger: VaultEpochSlash =
        w.t.decode(reg::pda::vault_epoch_slash(&w.vault_key, &w.operator, 1))
            .await;
    assert_eq!(
        (
            ledger.vault,
            ledger.operator,
            ledger.capture_epoch,
            ledger.stake_at_capture_lamports,
            ledger.slashed_lamports,
            ledger.executions
        ),
        (w.vault_key, w.operator, 1, STAKE, loss, 1)
    );
    let vault_avs_key = reg::pda::vault_avs(&w.vault_key, &w.avs);
    let avs_ledger: VaultAvsEpochSlash =
        w.t.decode(reg::pda::vault_avs_epoch_slash(
            &vault_avs_key,
            &w.operator,
            1,
        ))
        .await;
    assert_eq!(
        (
            avs_ledger.vault_avs,
            avs_ledger.operator,
            avs_ledger.capture_epoch,
            avs_ledger.slashed_lamports,
            avs_ledger.executions
        ),
        (vault_avs_key, w.operator, 1, loss, 1)
    );
    let vault_avs: VaultAvs = w.t.decode(vault_avs_key).await;
    assert_eq!(vault_avs.slashed_in(1), loss);
    let state = w.request_state(request).await;
    assert_eq!((state.executions, state.slashed_lamports), (1, loss));

    // the vault took it from its pool (no bond, no insurance): f = 0.4 / 10 = 4% exactly,
    // so exactly the loss. The allocation stays; the operator's stake now is its 40% of
    // the 9.6 SOL left (the old lamport delegation lost the loss itself instead)
    let f = pro_rata_fraction(VAULT_VALUE, loss);
    assert_eq!(f, WAD / 25);
    let taken = pro_rata_taken(VAULT_VALUE, loss);
    assert_eq!(taken, loss);
    let delegation: Delegation = w.t.decode(pda::delegation(&w.vault_key, &w.operator)).await;
    assert_eq!(delegation.slashed_total, loss);
    assert_eq!(delegation.allocation.at(1, 1).unwrap(), ALLOCATION);
    assert_eq!(
        w.stake_now(1).await,
        allocated(ALLOCATION, VAULT_VALUE - taken)
    );
    assert_eq!(w.stake_now(1).await, 3_840_000_000);
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&w.vault_key, &request)).await;
    assert_eq!(
        (escrow.request, escrow.operator, escrow.loss_lamports),
        (request, w.operator, loss)
    );
    assert_eq!(escrow.destination, SlashDestination::Burn);
    assert_eq!(escrow.resolve_after_slot, execution.resolve_after_slot);
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault_before.assets[0].active_amount, VAULT_VALUE);
    assert_eq!(vault.assets[0].active_amount, VAULT_VALUE - taken);
    assert_eq!(escrow.amounts[0], taken);
    assert_eq!(vault.assets[0].escrowed_amount, taken);
    // every position's part is recorded for a cancel: all of it from the pool
    assert_eq!(escrow.pool_taken[0], taken);
    assert_eq!(escrow.fraction_wad, f);
    assert_eq!(
        (
            escrow.bond_shares_burnt,
            escrow.bond_unbonding_shares_burnt,
            escrow.insurance_shares_burnt
        ),
        (0, 0, 0)
    );
    assert!(escrow.buckets.iter().all(|b| !b.present), "no bucket yet");
    // the holders lost a fraction: until the slash resolves, deposits wait and new
    // buckets start at the slashed scale
    assert_eq!(
        (vault.slash_window.until_slot, vault.slash_window.factor_wad),
        (execution.resolve_after_slot, WAD - f)
    );
    invariants.expect_slash(f, [2, 3]);
    invariants.check(&mut w.t, "after the slash").await;

    let event: SlashExecuted = find_event(&events).expect("SlashExecuted");
    assert_eq!(
        (
            event.request,
            event.execution,
            event.vault,
            event.operator,
            event.avs
        ),
        (request, execution_key, w.vault_key, w.operator, w.avs)
    );
    assert_eq!(
        (event.stake_lamports, event.effective_wad),
        (STAKE, WAD / 10)
    );
    assert_eq!(
        (event.requested_loss_lamports, event.loss_lamports),
        (loss, loss)
    );
    assert_eq!(event.avs_cap_room_lamports, cap_floor(STAKE, VAULT_CAP_BPS));
    assert_eq!(
        event.vault_cap_room_lamports,
        cap_floor(STAKE, MAX_VAULT_BPS)
    );
    assert_eq!(
        (
            event.avs_epoch_total_lamports,
            event.vault_epoch_total_lamports
        ),
        (loss, loss)
    );
    assert_eq!(event.destination, SlashDestination::Burn);
    assert_eq!(event.resolve_after_slot, execution.resolve_after_slot);

    // once per request and vault
    let vault_bytes = w.t.account(w.vault_key).await.unwrap();
    assert_program_error(
        w.execute(request).await,
        1,
        registry_error(RegistryError::SlashAlreadyExecuted),
    );
    assert_eq!(
        w.t.account(w.vault_key).await.unwrap().data,
        vault_bytes.data
    );
    assert_eq!(w.request_state(request).await.executions, 1);
}

#[tokio::test]
async fn a_request_applies_to_each_opted_in_vault_once() {
    let mut w = World::new().await;
    // 40% of the second vault's 5 SOL: 2 SOL of stake
    let vault2 = w.second_vault(ALLOCATION, 10_000).await;
    let stake2 = allocated(ALLOCATION, 5 * SOL);
    assert_eq!(stake2, 2 * SOL);
    w.stake().await;
    let request = w.request(WAD / 4).await;
    w.past_deadline(request).await;
    w.execute(request).await.unwrap();
    let ixs = w.execute_ixs(request, vault2).await;
    w.t.send(&ixs, &[]).await.unwrap();
    let first: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&request, &w.vault_key))
            .await;
    let second: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&request, &vault2))
            .await;
    assert_eq!(first.loss_lamports, loss_ceil(STAKE, WAD / 4));
    assert_eq!(second.loss_lamports, loss_ceil(stake2, WAD / 4));
    let state = w.request_state(request).await;
    assert_eq!(
        (state.executions, state.slashed_lamports),
        (2, first.loss_lamports + second.loss_lamports)
    );
    // each vault keeps its own epoch ledger
    let ledger2: VaultEpochSlash =
        w.t.decode(reg::pda::vault_epoch_slash(&vault2, &w.operator, 1))
            .await;
    assert_eq!(
        (ledger2.stake_at_capture_lamports, ledger2.slashed_lamports),
        (stake2, second.loss_lamports)
    );
    let ixs = w.execute_ixs(request, vault2).await;
    assert_program_error(
        w.t.send(&ixs, &[]).await,
        1,
        registry_error(RegistryError::SlashAlreadyExecuted),
    );
}

#[tokio::test]
async fn the_curator_cap_then_the_registry_cap_bind_within_an_epoch() {
    let mut w = World::new().await;
    // a second AVS the vault trusts fully (100% cap)
    let avs2 = w.second_avs(WAD, 10_000).await;
    w.stake().await;

    // 1. AVS 1 asks for everything: the curator's 30% cap leaves 1.2 SOL
    let r1 = w.request(WAD).await;
    w.past_deadline(r1).await;
    let ixs = w.execute_ixs(r1, w.vault_key).await;
    let events =
        w.t.send_with_events(&ixs, &[], reg::REGISTRY_PROGRAM_ID)
            .await;
    let first = cap_floor(STAKE, VAULT_CAP_BPS);
    let execution: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&r1, &w.vault_key))
            .await;
    assert_eq!(
        (execution.requested_loss_lamports, execution.loss_lamports),
        (STAKE, first)
    );
    let event: SlashExecuted = find_event(&events).unwrap();
    assert_eq!(
        (event.avs_cap_room_lamports, event.loss_lamports),
        (first, first)
    );
    // the pool gave 1.2 SOL (f = 12% exactly); the operator keeps 40% of the 8.8 SOL left
    let mut active = VAULT_VALUE - pro_rata_taken(VAULT_VALUE, first);
    assert_eq!(active, 8_800_000_000);
    assert_eq!(w.stake_now(1).await, allocated(ALLOCATION, active));

    // 2. AVS 1 again in the same epoch: its cap (of the stake at capture) is used up
    let r2 = w.request(WAD / 100).await;
    w.past_deadline(r2).await;
    assert_program_error(
        w.execute(r2).await,
        1,
        registry_error(RegistryError::AvsVaultCapExhausted),
    );
    assert!(w
        .t
        .account(reg::pda::slash_execution(&r2, &w.vault_key))
        .await
        .is_none());

    // 3. AVS 2 asks for everything: only the registry's 50% per (vault, operator) and
    //    epoch is left, both the request and the cap measured on the stake at capture
    //    (not on what the first slash left)
    let r3 = w.request_of(avs2, WAD).await;
    w.past_deadline(r3).await;
    w.execute(r3).await.unwrap();
    let room = cap_floor(STAKE, MAX_VAULT_BPS) - first;
    assert_eq!(room, 800_000_000);
    let execution: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&r3, &w.vault_key))
            .await;
    assert_eq!(execution.stake_lamports, STAKE);
    assert_eq!(
        (execution.requested_loss_lamports, execution.loss_lamports),
        (STAKE, room)
    );
    let ledger: VaultEpochSlash =
        w.t.decode(reg::pda::vault_epoch_slash(&w.vault_key, &w.operator, 1))
            .await;
    assert_eq!(
        (
            ledger.stake_at_capture_lamports,
            ledger.slashed_lamports,
            ledger.executions
        ),
        (STAKE, first + room, 2)
    );
    assert_eq!(
        first + room,
        STAKE / 2,
        "exactly half of the stake at capture taken"
    );
    active -= pro_rata_taken(active, room);
    assert_eq!(w.active().await, active);
    assert_eq!(w.stake_now(1).await, allocated(ALLOCATION, active));
    let vault_avs2: VaultAvs = w.t.decode(reg::pda::vault_avs(&w.vault_key, &avs2)).await;
    assert_eq!(vault_avs2.slashed_in(1), room);

    // 4. AVS 2 again: the vault's epoch is used up across AVSs
    let r4 = w.request_of(avs2, WAD / 100).await;
    w.past_deadline(r4).await;
    assert_program_error(
        w.execute(r4).await,
        1,
        registry_error(RegistryError::VaultEpochCapExhausted),
    );

    // 5. a new capture epoch starts new ledgers, on the stake then: the same 40% of what
    //    capture 1's slashes left
    w.warp(2, 0).await;
    let stake2 = w.stake_now(2).await;
    assert_eq!(stake2, allocated(ALLOCATION, active));
    let r5 = w.request(WAD / 10).await;
    w.past_deadline(r5).await;
    w.execute(r5).await.unwrap();
    let execution: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&r5, &w.vault_key))
            .await;
    assert_eq!(execution.capture_epoch, 2);
    assert_eq!(execution.stake_lamports, stake2);
    assert_eq!(execution.loss_lamports, loss_ceil(stake2, WAD / 10));
    let vault_avs: VaultAvs = w.t.decode(reg::pda::vault_avs(&w.vault_key, &w.avs)).await;
    assert_eq!(
        (vault_avs.slashed_in(1), vault_avs.slashed_in(2)),
        (first, execution.loss_lamports)
    );
}

#[tokio::test]
async fn the_avs_maximum_clamps_and_dust_still_takes_a_lamport() {
    let mut w = World::new().await;
    // an AVS that may take at most 5% per request, fully trusted by the curator
    let avs2 = w.second_avs(WAD / 20, 10_000).await;
    w.stake().await;
    let r1 = w.request_of(avs2, WAD).await;
    // the smallest request there is: 1e-18 of the stake
    let r2 = w.request(1).await;
    w.past_deadline(r2).await;
    w.execute(r1).await.unwrap();
    let execution: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&r1, &w.vault_key))
            .await;
    assert_eq!(execution.loss_lamports, loss_ceil(STAKE, WAD / 20));
    assert_eq!(execution.loss_lamports, 200_000_000);
    let mut active = VAULT_VALUE - pro_rata_taken(VAULT_VALUE, execution.loss_lamports);
    w.execute(r2).await.unwrap();
    let execution: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&r2, &w.vault_key))
            .await;
    // the base stays the stake at capture
    assert_eq!(execution.stake_lamports, STAKE);
    assert_eq!(
        (execution.requested_loss_lamports, execution.loss_lamports),
        (1, 1),
        "rounded up, never to nothing"
    );
    // the pool pays at least that lamport (f rounds up too)
    let taken = pro_rata_taken(active, 1);
    assert!(taken >= 1);
    active -= taken;
    assert_eq!(w.active().await, active);
    assert_eq!(w.stake_now(1).await, allocated(ALLOCATION, active));
}

#[tokio::test]
async fn execution_runs_from_the_slot_after_the_deadline_to_the_end_of_the_next_epoch() {
    let mut w = World::staked().await;
    // requested at the last slot of epoch 1: the deadline falls in epoch 2
    w.warp(1, EPOCH_LENGTH - 1).await;
    let late = w.request(WAD / 100).await;
    let other = w.request(WAD / 100).await;
    let state = w.request_state(late).await;
    assert_eq!(state.capture_epoch, 1);
    assert_eq!(state.veto_deadline_slot / EPOCH_LENGTH, 2);
    // the last slot of epoch 2 (= capture + 1) is still in time
    w.warp(2, EPOCH_LENGTH - 1).await;
    w.execute(late).await.unwrap();
    assert_eq!(w.request_state(late).await.executions, 1);
    // the first slot of epoch 3 is not
    w.warp(3, 0).await;
    assert_program_error(
        w.execute(other).await,
        1,
        registry_error(RegistryError::ExecutionWindowClosed),
    );
    assert_eq!(w.request_state(other).await.executions, 0);
}

/// Which side opts in late and out early in `opt_in_window_case`.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Operator,
    Vault,
}

/// The opt-in of `side` is made during epoch 1 and withdrawn during epoch 3 (the other
/// side is opted in at 0): captures 1 and 5 cannot reach the stake, 2, 3 and 4 (= d + 1)
/// are executed; opting in again during 6 (> d + 2) counts from 7. Where the operator is
/// not slashable in the epoch of the request, the registry refuses the request itself
/// (`OperatorNotSlashable`: a request that could never execute is not recorded); this used
/// to be accepted and refused at execution with `OperatorNotActiveAtCapture`, which no
/// request can reach any more (a request exists only for an operator active at its
/// capture, and its opt-in cannot change for that epoch before the execution window
/// closes). The vault's opt-in is still checked at execution (`VaultNotActiveAtCapture`).
/// A request captured now, which the window of `side` does not reach: refused when
/// requested (operator) or when executed (vault), and nothing recorded either way.
async fn unreachable_capture(w: &mut World, side: Side) {
    let slash_authority = w.slash_authority.insecure_clone();
    let count = w.avs_state().await.request_count;
    let (key, ix) = w.request_ix(w.operator, WAD / 100).await;
    match side {
        Side::Operator => {
            assert_program_error(
                w.t.send(&[ix], &[&slash_authority]).await,
                0,
                registry_error(RegistryError::OperatorNotSlashable),
            );
            assert_eq!(w.avs_state().await.request_count, count);
            assert!(w.t.account(key).await.is_none());
        }
        Side::Vault => {
            w.t.send(&[ix], &[&slash_authority]).await.unwrap();
            w.past_deadline(key).await;
            let vault_before = w.t.account(w.vault_key).await.unwrap();
            assert_program_error(
                w.execute(key).await,
                1,
                registry_error(RegistryError::VaultNotActiveAtCapture),
            );
            assert_eq!(w.request_state(key).await.executions, 0);
            assert_eq!(w.t.account(w.vault_key).await.unwrap(), vault_before);
        }
    }
}

async fn opt_in_window_case(side: Side) {
    let mut w = World::new().await;
    let (curator, op) = (w.curator.insecure_clone(), w.op.insecure_clone());
    let (vault, avs) = (w.vault_key, w.avs);
    let mut ixs = lrt_fixtures::whitelist_ixs(curator.pubkey(), vault, &[w.operator], 5_000);
    ixs.extend(lrt_fixtures::allocate_ixs(
        curator.pubkey(),
        vault,
        &[(w.operator, ALLOCATION)],
    ));
    w.t.send(&ixs, &[&curator]).await.unwrap();
    let opt_in = || match side {
        Side::Operator => (reg::opt_in_avs(op.pubkey(), avs), op.insecure_clone()),
        Side::Vault => (
            reg::vault_opt_in_avs(curator.pubkey(), vault, avs, VAULT_CAP_BPS),
            curator.insecure_clone(),
        ),
    };
    let opt_out = || match side {
        Side::Operator => (reg::opt_out_avs(op.pubkey(), avs), op.insecure_clone()),
        Side::Vault => (
            reg::vault_opt_out_avs(curator.pubkey(), vault, avs),
            curator.insecure_clone(),
        ),
    };
    // the other side, at epoch 0
    match side {
        Side::Operator => {
            w.t.send(
                &[reg::vault_opt_in_avs(
                    curator.pubkey(),
                    vault,
                    avs,
                    VAULT_CAP_BPS,
                )],
                &[&curator],
            )
            .await
            .unwrap()
        }
        Side::Vault => {
            w.t.send(&[reg::opt_in_avs(op.pubkey(), avs)], &[&op])
                .await
                .unwrap()
        }
    }
    // epoch 1: opt in; a request captured in the same epoch cannot reach the stake
    w.warp(1, 0).await;
    let (ix, signer) = opt_in();
    w.t.send(&[ix], &[&signer]).await.unwrap();
    unreachable_capture(&mut w, side).await;

    // epochs 2 and 3: active; opt out during 3 after the request
    for epoch in [2, 3] {
        w.warp(epoch, 0).await;
        let r = w.request(WAD / 100).await;
        w.past_deadline(r).await;
        w.execute(r).await.unwrap();
    }
    let (ix, signer) = opt_out();
    w.t.send(&[ix], &[&signer]).await.unwrap();

    // capture 4 = d + 1 is still slashable, even executed during 5; capture 5 is not
    w.warp(4, 0).await;
    let r4 = w.request(WAD / 100).await;
    w.warp(5, 0).await;
    w.execute(r4).await.unwrap();
    let execution: SlashExecution = w.t.decode(reg::pda::slash_execution(&r4, &vault)).await;
    assert_eq!(execution.capture_epoch, 4);
    unreachable_capture(&mut w, side).await;

    // opting in again during 6 counts from 7
    w.warp(6, 0).await;
    let (ix, signer) = opt_in();
    w.t.send(&[ix], &[&signer]).await.unwrap();
    unreachable_capture(&mut w, side).await;
    w.warp(7, 0).await;
    let r7 = w.request(WAD / 100).await;
    w.past_deadline(r7).await;
    w.execute(r7).await.unwrap();
    let operator = w.operator;
    let ledger: VaultEpochSlash =
        w.t.decode(reg::pda::vault_epoch_slash(&vault, &operator, 7))
            .await;
    assert_eq!(ledger.executions, 1);
    for (epoch, executed) in [
        (1, false),
        (2, true),
        (3, true),
        (4, true),
        (5, false),
        (6, false),
    ] {
        let exists =
            w.t.account(reg::pda::vault_epoch_slash(&vault, &operator, epoch))
                .await
                .is_some();
        assert_eq!(exists, executed, "capture {epoch}");
    }
}

#[tokio::test]
async fn an_operator_opt_in_is_active_from_the_next_epoch_to_the_end_of_the_one_after_opt_out() {
    opt_in_window_case(Side::Operator).await;
}

#[tokio::test]
async fn a_vault_opt_in_is_active_from_the_next_epoch_to_the_end_of_the_one_after_opt_out() {
    opt_in_window_case(Side::Vault).await;
}
