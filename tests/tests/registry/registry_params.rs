//! `announce_registry_params`: the veto window, the resolution delay, the registry-wide cap
//! and the commission cap change only with a full epoch of notice (DESIGN.md section 7,
//! invariant 10), and each use reads the epoch that protects whoever committed: a request
//! the window in force at its epoch, an execution the cap in force at its capture epoch
//! and the delay in force when it runs.
use lrt_client::registry::{
    self as reg,
    decode::{self, RegistryConfig, RegistryParamsAnnounced, SlashExecuted, SlashExecution},
    slasher_registry::state::RegistryParams,
    RegistryError,
};
use lrt_integration_tests::*;
use solana_signer::Signer;

use crate::{
    allocated, anchor_codes::*, pro_rata_taken, registry_error, registry_params, World, ALLOCATION,
    EPOCH_LENGTH, MAX_VAULT_BPS, RESOLUTION_DELAY, STAKE, VAULT_VALUE, VETO_WINDOW,
};

/// The parameters the tests announce: a longer veto window, a shorter delay, a registry
/// cap of 10% and a commission cap of 30%.
fn announced() -> RegistryParams {
    RegistryParams {
        veto_window_slots: 30,
        resolution_delay_slots: 20,
        max_vault_slash_bps_per_epoch: 1_000,
        max_commission_bps: 3_000,
    }
}

async fn config_of(w: &mut World) -> RegistryConfig {
    w.t.decode(reg::pda::registry_config()).await
}

#[tokio::test]
async fn announce_registry_params_is_for_the_admin_with_the_bounds_of_initialisation() {
    let mut w = World::new().await;
    let admin = w.admin.pubkey();
    let config_key = reg::pda::registry_config();
    let before = w.t.account(config_key).await.unwrap();
    // anyone else: alice, the AVS's admin, the veto authority
    for signer in [
        w.alice.insecure_clone(),
        w.avs_admin.insecure_clone(),
        w.veto.insecure_clone(),
    ] {
        assert_program_error(
            w.t.send(
                &[reg::announce_registry_params(signer.pubkey(), announced())],
                &[&signer],
            )
            .await,
            0,
            registry_error(RegistryError::NotAdmin),
        );
    }
    // a config substituted by another registry account
    let mut ix = reg::announce_registry_params(admin, announced());
    ix.accounts[1].pubkey = w.avs;
    assert_program_error(
        w.t.send(&[ix], &[]).await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
    // each bound, as at initialisation
    let with = |f: &dyn Fn(&mut RegistryParams)| {
        let mut params = announced();
        f(&mut params);
        reg::announce_registry_params(admin, params)
    };
    let mut cases = vec![];
    for window in [0, EPOCH_LENGTH, EPOCH_LENGTH + 1] {
        cases.push((
            with(&|p| p.veto_window_slots = window),
            RegistryError::InvalidVetoWindow,
        ));
    }
    cases.push((
        with(&|p| p.resolution_delay_slots = EPOCH_LENGTH + 1),
        RegistryError::InvalidResolutionDelay,
    ));
    for bps in [0, 10_001] {
        cases.push((
            with(&|p| p.max_vault_slash_bps_per_epoch = bps),
            RegistryError::InvalidVaultSlashCap,
        ));
    }
    cases.push((
        with(&|p| p.max_commission_bps = 10_001),
        RegistryError::InvalidCommissionCap,
    ));
    // the parameters already announced (here: in force) announce nothing
    cases.push((
        reg::announce_registry_params(admin, registry_params()),
        RegistryError::NothingToAnnounce,
    ));
    for (ix, error) in cases {
        assert_program_error(w.t.send(&[ix], &[]).await, 0, registry_error(error));
    }
    assert_eq!(w.t.account(config_key).await.unwrap(), before, "unchanged");

    // the widest values pass
    let widest = RegistryParams {
        veto_window_slots: EPOCH_LENGTH - 1,
        resolution_delay_slots: EPOCH_LENGTH,
        max_vault_slash_bps_per_epoch: 10_000,
        max_commission_bps: 10_000,
    };
    w.t.send(&[reg::announce_registry_params(admin, widest)], &[])
        .await
        .unwrap();
    let config = config_of(&mut w).await;
    assert_eq!(
        (config.next_params, config.params_effective_epoch),
        (widest, 2)
    );
}

#[tokio::test]
async fn parameters_announced_in_the_last_slot_of_e_apply_from_e_plus_2() {
    let mut w = World::new().await;
    w.operator_slashable().await;
    let admin = w.admin.pubkey();
    let e = 1;
    w.warp(e, EPOCH_LENGTH - 1).await;
    let events =
        w.t.send_with_events(
            &[reg::announce_registry_params(admin, announced())],
            &[],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let config = config_of(&mut w).await;
    assert_eq!(
        (
            config.params,
            config.next_params,
            config.params_effective_epoch
        ),
        (registry_params(), announced(), e + 2)
    );
    assert_eq!(
        [e, e + 1, e + 2, e + 3].map(|x| config.params_at(x)),
        [
            registry_params(),
            registry_params(),
            announced(),
            announced()
        ]
    );
    assert_eq!(
        (config.admin, config.veto_authority),
        (admin, w.veto.pubkey()),
        "roles untouched"
    );
    let event: RegistryParamsAnnounced = decode::event(&events[0]).unwrap();
    assert_eq!((event.admin, event.epoch), (admin, e));
    assert_eq!(
        (event.params, event.next_params, event.effective_epoch),
        (registry_params(), announced(), e + 2)
    );

    // a request in the announcement's slot, and in the first and the last slot of e + 1,
    // gets the old window; from the first slot of e + 2, the new one
    let mut requests = vec![(w.request(WAD / 10).await, VETO_WINDOW)];
    for offset in [0, EPOCH_LENGTH - 1] {
        w.warp(e + 1, offset).await;
        requests.push((w.request(WAD / 10).await, VETO_WINDOW));
    }
    w.warp(e + 2, 0).await;
    requests.push((w.request(WAD / 10).await, announced().veto_window_slots));
    for (request, window) in requests {
        let state = w.request_state(request).await;
        assert_eq!(
            state.veto_deadline_slot,
            state.requested_slot + window,
            "request at slot {}",
            state.requested_slot
        );
    }
}

/// `floor(stake * bps / 10_000)`.
fn cap_floor(stake: u64, bps: u16) -> u64 {
    stake * u64::from(bps) / 10_000
}

/// `ceil(stake * wad / 1e18)`.
fn loss_ceil(stake: u64, wad: u128) -> u64 {
    u64::try_from((u128::from(stake) * wad).div_ceil(WAD)).unwrap()
}

#[tokio::test]
async fn an_execution_reads_the_cap_at_its_capture_epoch_and_the_delay_at_its_own() {
    let mut w = World::staked().await;
    let admin = w.admin.pubkey();
    // during 1, the registry cap drops from 50% to 10% and the delay from 50 to 20 slots,
    // from 3
    w.warp(1, EPOCH_LENGTH - 1).await;
    w.t.send(&[reg::announce_registry_params(admin, announced())], &[])
        .await
        .unwrap();

    // captured at 2: a 5% request executed during 2, a 20% one executed during 3
    w.warp(2, 0).await;
    let a = w.request(WAD / 20).await;
    let b = w.request(WAD / 5).await;
    w.past_deadline(a).await;
    w.execute(a).await.unwrap();
    let loss_a = loss_ceil(STAKE, WAD / 20);
    let exec_a: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&a, &w.vault_key))
            .await;
    assert_eq!(exec_a.loss_lamports, loss_a);
    assert_eq!(
        exec_a.resolve_after_slot,
        exec_a.executed_slot + RESOLUTION_DELAY,
        "executed during 2: the old delay"
    );

    w.warp(3, 0).await;
    let ixs = w.execute_ixs(b, w.vault_key).await;
    let events =
        w.t.send_with_events(&ixs, &[], reg::REGISTRY_PROGRAM_ID)
            .await;
    let exec_b: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&b, &w.vault_key))
            .await;
    // 20% of the stake at 2, under the 50% in force at 2 (with the 10% in force now,
    // only 5% would be left after a)
    let loss_b = loss_ceil(STAKE, WAD / 5);
    assert!(loss_b > cap_floor(STAKE, 1_000) - loss_a);
    assert_eq!(
        (exec_b.stake_lamports, exec_b.loss_lamports),
        (STAKE, loss_b)
    );
    assert_eq!(
        exec_b.resolve_after_slot,
        exec_b.executed_slot + announced().resolution_delay_slots,
        "executed during 3: the new delay"
    );
    let event: SlashExecuted = find_event(&events).unwrap();
    assert_eq!(
        (event.vault_cap_room_lamports, event.loss_lamports),
        (cap_floor(STAKE, MAX_VAULT_BPS) - loss_a, loss_b)
    );
    assert_eq!(event.resolve_after_slot, exec_b.resolve_after_slot);

    // captured at 3: the 10% cap of the stake at 3 binds the same 20% request
    let taken_a = pro_rata_taken(VAULT_VALUE, loss_a);
    let taken_b = pro_rata_taken(VAULT_VALUE - taken_a, loss_b);
    let stake_3 = allocated(ALLOCATION, VAULT_VALUE - taken_a - taken_b);
    assert_eq!(w.stake_now(3).await, stake_3);
    let c = w.request(WAD / 5).await;
    w.past_deadline(c).await;
    w.execute(c).await.unwrap();
    let exec_c: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&c, &w.vault_key))
            .await;
    assert_eq!(
        (exec_c.stake_lamports, exec_c.loss_lamports),
        (stake_3, cap_floor(stake_3, 1_000))
    );
    assert!(exec_c.requested_loss_lamports > exec_c.loss_lamports);
    assert_eq!(
        exec_c.resolve_after_slot,
        exec_c.executed_slot + announced().resolution_delay_slots
    );
}

#[tokio::test]
async fn a_second_announcement_replaces_a_pending_one_but_never_an_applied_one() {
    let mut w = World::new().await;
    let admin = w.admin.pubkey();
    let first = announced();
    let second = RegistryParams {
        veto_window_slots: 40,
        ..announced()
    };
    let third = RegistryParams {
        veto_window_slots: 50,
        ..announced()
    };
    // during 0: `first` from 2; during 1, before it applied: `second` from 3 replaces it
    w.t.send(&[reg::announce_registry_params(admin, first)], &[])
        .await
        .unwrap();
    w.warp(1, 0).await;
    w.t.send(&[reg::announce_registry_params(admin, second)], &[])
        .await
        .unwrap();
    let config = config_of(&mut w).await;
    assert_eq!(
        (
            config.params,
            config.next_params,
            config.params_effective_epoch
        ),
        (registry_params(), second, 3)
    );
    assert_eq!(
        [1, 2, 3].map(|e| config.params_at(e)),
        [registry_params(), registry_params(), second]
    );
    // during 4, after `second` applied: it is folded in and kept until 6
    w.warp(4, 0).await;
    let events =
        w.t.send_with_events(
            &[reg::announce_registry_params(admin, third)],
            &[],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let config = config_of(&mut w).await;
    assert_eq!(
        (
            config.params,
            config.next_params,
            config.params_effective_epoch
        ),
        (second, third, 6)
    );
    assert_eq!(
        [4, 5, 6].map(|e| config.params_at(e)),
        [second, second, third]
    );
    let event: RegistryParamsAnnounced = decode::event(&events[0]).unwrap();
    assert_eq!(
        (
            event.epoch,
            event.params,
            event.next_params,
            event.effective_epoch
        ),
        (4, second, third, 6)
    );
}

#[tokio::test]
async fn a_partial_announcement_keeps_the_other_parameters_announced_last() {
    use slasher_registry::instructions::AnnounceRegistryParamsArgs;
    let mut w = World::new().await;
    let admin = w.t.payer().pubkey();
    let before = config_of(&mut w).await;
    let cur = w.epoch().await;
    let only_window = AnnounceRegistryParamsArgs {
        veto_window_slots: Some(before.next_params.veto_window_slots + 1),
        ..AnnounceRegistryParamsArgs::default()
    };
    w.t.send(&[reg::announce_registry_params(admin, only_window)], &[])
        .await
        .unwrap();
    let after = config_of(&mut w).await;
    assert_eq!(
        after.next_params,
        RegistryParams {
            veto_window_slots: before.next_params.veto_window_slots + 1,
            ..before.next_params
        }
    );
    assert_eq!(after.params_effective_epoch, cur + 2);
    assert_eq!(after.params_at(cur + 1), before.params_at(cur + 1));
    // nothing given announces nothing
    assert_program_error(
        w.t.send(
            &[reg::announce_registry_params(
                admin,
                AnnounceRegistryParamsArgs::default(),
            )],
            &[],
        )
        .await,
        0,
        registry_error(RegistryError::NothingToAnnounce),
    );
}
