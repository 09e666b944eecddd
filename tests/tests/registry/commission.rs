//! An operator's commission with notice (DESIGN.md section 5, rewards, and invariant 10):
//! `update_operator` announces a new commission, which applies from two epochs after the
//! announcement's, however late in its epoch it came; a second announcement replaces one
//! still pending, never one that applied; the registry caps commissions with the cap in
//! force when they are set. The vault reads the commission in force at a reward's epoch
//! from the bytes checked here.
use lrt_client::registry::{
    self as reg,
    decode::{self, Operator, OperatorUpdated},
    slasher_registry::state::RegistryParams,
    RegistryError,
};
use lrt_integration_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{
    operator_args, registry_error, registry_params, World, COMMISSION_BPS, EPOCH_LENGTH,
    MAX_COMMISSION_BPS,
};

/// The world operator's update to `commission_bps` (signing key and metadata unchanged).
fn update(op: &Keypair, commission_bps: u16) -> lrt_client::Instruction {
    let mut args = operator_args(7);
    args.commission_bps = commission_bps;
    reg::update_operator(op.pubkey(), args)
}

/// The commission as the vault program reads it, from the raw account: `authority` at
/// 8..40, then the commission until the change (40..42), the next one (42..44) and the
/// epoch it applies from (44..52), picked with `restaking_math::in_force`.
async fn raw_commission_at(w: &mut World, epoch: u64) -> u16 {
    let data = w.t.account(w.operator).await.unwrap().data;
    assert_eq!(&data[8..40], w.op.pubkey().as_ref());
    let current = u16::from_le_bytes(data[40..42].try_into().unwrap());
    let next = u16::from_le_bytes(data[42..44].try_into().unwrap());
    let effective = u64::from_le_bytes(data[44..52].try_into().unwrap());
    if epoch >= effective {
        next
    } else {
        current
    }
}

#[tokio::test]
async fn a_commission_raised_in_the_last_slot_of_e_applies_from_e_plus_2() {
    let mut w = World::new().await;
    let (op, alice) = (w.op.insecure_clone(), w.alice.insecure_clone());
    let e = 3;
    w.warp(e, EPOCH_LENGTH - 1).await;

    // only the operator's authority announces: alice's attempt changes nothing
    let before = w.t.account(w.operator).await.unwrap();
    let mut forged = update(&alice, MAX_COMMISSION_BPS);
    forged.accounts[2].pubkey = w.operator;
    assert_program_error(
        w.t.send(&[forged], &[&alice]).await,
        0,
        registry_error(RegistryError::NotOperatorAuthority),
    );
    assert_eq!(w.t.account(w.operator).await.unwrap(), before);

    let events =
        w.t.send_with_events(
            &[update(&op, MAX_COMMISSION_BPS)],
            &[&op],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    assert_eq!(
        w.t.slot().await,
        e * EPOCH_LENGTH + EPOCH_LENGTH - 1,
        "last slot of e"
    );
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (
            operator.commission_bps,
            operator.next_commission_bps,
            operator.commission_effective_epoch
        ),
        (COMMISSION_BPS, MAX_COMMISSION_BPS, e + 2)
    );
    // the old commission through e + 1 (the whole epoch of notice), the new one from e + 2
    let expected = [
        COMMISSION_BPS,
        COMMISSION_BPS,
        MAX_COMMISSION_BPS,
        MAX_COMMISSION_BPS,
    ];
    assert_eq!(
        [e, e + 1, e + 2, e + 3].map(|x| operator.commission_at(x)),
        expected
    );
    for (i, epoch) in [e, e + 1, e + 2, e + 3].into_iter().enumerate() {
        assert_eq!(raw_commission_at(&mut w, epoch).await, expected[i], "bytes");
    }
    // nothing else moved
    assert_eq!(
        (
            operator.signing_key,
            operator.previous_signing_key,
            operator.key_rotated_epoch
        ),
        ([7; 32], [0; 32], 0)
    );
    let event: OperatorUpdated = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.operator, event.authority, event.epoch),
        (w.operator, op.pubkey(), e)
    );
    assert_eq!(
        (
            event.commission_bps,
            event.next_commission_bps,
            event.commission_effective_epoch,
            event.commission_announced
        ),
        (COMMISSION_BPS, MAX_COMMISSION_BPS, e + 2, true)
    );

    // the account still reads the same once time passes: at the first slot of e + 1 the
    // old commission is in force, at the first slot of e + 2 the new one
    w.warp(e + 1, 0).await;
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(operator.commission_at(w.epoch().await), COMMISSION_BPS);
    w.warp(e + 2, 0).await;
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(operator.commission_at(w.epoch().await), MAX_COMMISSION_BPS);
}

#[tokio::test]
async fn a_second_announcement_replaces_a_pending_one_but_never_an_applied_one() {
    let mut w = World::new().await;
    let op = w.op.insecure_clone();
    // during 2: 30% from 4
    w.warp(2, 10).await;
    w.t.send(&[update(&op, 3_000)], &[&op]).await.unwrap();
    // during 3, before it applied: 20% from 5 replaces it; 10% stays in force through 4
    w.warp(3, 10).await;
    w.t.send(&[update(&op, 2_000)], &[&op]).await.unwrap();
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (
            operator.commission_bps,
            operator.next_commission_bps,
            operator.commission_effective_epoch
        ),
        (COMMISSION_BPS, 2_000, 5)
    );
    assert_eq!(
        [3, 4, 5].map(|e| operator.commission_at(e)),
        [COMMISSION_BPS, COMMISSION_BPS, 2_000]
    );

    // during 6, after 20% applied: 40% from 8; the applied 20% is kept until then
    w.warp(6, 10).await;
    let events =
        w.t.send_with_events(&[update(&op, 4_000)], &[&op], reg::REGISTRY_PROGRAM_ID)
            .await;
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (
            operator.commission_bps,
            operator.next_commission_bps,
            operator.commission_effective_epoch
        ),
        (2_000, 4_000, 8)
    );
    assert_eq!(
        [6, 7, 8].map(|e| operator.commission_at(e)),
        [2_000, 2_000, 4_000]
    );
    let event: OperatorUpdated = decode::event(&events[0]).unwrap();
    assert_eq!(
        (
            event.epoch,
            event.commission_bps,
            event.next_commission_bps,
            event.commission_effective_epoch,
            event.commission_announced
        ),
        (6, 2_000, 4_000, 8, true)
    );

    // during 7 the commission announced last, with new metadata, announces nothing: 40%
    // still applies from 8 (it is not pushed back)
    w.warp(7, 10).await;
    let mut args = operator_args(7);
    args.commission_bps = 4_000;
    args.metadata_uri = "https://example.org/moved.json".into();
    let events =
        w.t.send_with_events(
            &[reg::update_operator(op.pubkey(), args.clone())],
            &[&op],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (
            operator.commission_bps,
            operator.next_commission_bps,
            operator.commission_effective_epoch
        ),
        (2_000, 4_000, 8)
    );
    assert_eq!(operator.metadata_uri, args.metadata_uri);
    let event: OperatorUpdated = decode::event(&events[0]).unwrap();
    assert_eq!(
        (
            event.epoch,
            event.commission_bps,
            event.next_commission_bps,
            event.commission_effective_epoch,
            event.commission_announced
        ),
        (7, 2_000, 4_000, 8, false)
    );
}

/// The registry caps commissions with the cap in force when one is set: at registration
/// and at each announcement. A lowered cap is itself announced, so it binds from two epochs
/// on; it does not change a commission already set, nor block an operator that changes
/// something else.
#[tokio::test]
async fn commissions_above_the_registry_cap_in_force_are_refused() {
    let mut w = World::new().await;
    let (op, admin) = (w.op.insecure_clone(), w.admin.pubkey());
    let bob = Keypair::new();
    w.t.fund(&[&bob], SOL).await;
    // above the cap: no registration, no announcement, nothing moves
    let mut args = operator_args(3);
    args.commission_bps = MAX_COMMISSION_BPS + 1;
    assert_program_error(
        w.t.send(&[reg::register_operator(bob.pubkey(), args)], &[&bob])
            .await,
        0,
        registry_error(RegistryError::CommissionAboveCap),
    );
    assert!(w
        .t
        .account(reg::pda::operator(&bob.pubkey()))
        .await
        .is_none());
    let before = w.t.account(w.operator).await.unwrap();
    assert_program_error(
        w.t.send(&[update(&op, MAX_COMMISSION_BPS + 1)], &[&op])
            .await,
        0,
        registry_error(RegistryError::CommissionAboveCap),
    );
    assert_eq!(w.t.account(w.operator).await.unwrap(), before);

    // during 1 the admin lowers the cap to 20%, from 3; the operator announces 40% during
    // 2, still under the 50% in force then
    let lowered = RegistryParams {
        max_commission_bps: 2_000,
        ..registry_params()
    };
    w.warp(1, 10).await;
    w.t.send(&[reg::announce_registry_params(admin, lowered)], &[])
        .await
        .unwrap();
    w.warp(2, EPOCH_LENGTH - 1).await;
    w.t.send(&[update(&op, 4_000)], &[&op]).await.unwrap();
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(operator.commission_at(4), 4_000);

    // from 3: 20% binds, for registrations and announcements alike
    w.warp(3, 0).await;
    let before = w.t.account(w.operator).await.unwrap();
    assert_program_error(
        w.t.send(&[update(&op, 2_001)], &[&op]).await,
        0,
        registry_error(RegistryError::CommissionAboveCap),
    );
    assert_eq!(w.t.account(w.operator).await.unwrap(), before);
    let mut args = operator_args(3);
    args.commission_bps = 2_001;
    assert_program_error(
        w.t.send(
            &[reg::register_operator(bob.pubkey(), args.clone())],
            &[&bob],
        )
        .await,
        0,
        registry_error(RegistryError::CommissionAboveCap),
    );
    args.commission_bps = 2_000;
    w.t.send(&[reg::register_operator(bob.pubkey(), args)], &[&bob])
        .await
        .unwrap();
    let bob_operator: Operator = w.t.decode(reg::pda::operator(&bob.pubkey())).await;
    assert_eq!(bob_operator.commission_at(3), 2_000);
    // the operator's 40%, set under the old cap, stands; a metadata change keeps it
    let mut keep = operator_args(7);
    keep.commission_bps = 4_000;
    keep.metadata_uri = "https://example.org/kept.json".into();
    w.t.send(&[reg::update_operator(op.pubkey(), keep.clone())], &[&op])
        .await
        .unwrap();
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (operator.commission_at(4), operator.metadata_uri),
        (4_000, keep.metadata_uri)
    );
    // once 40% applied, the operator may come down to the cap (with notice too)
    w.warp(4, 0).await;
    w.t.send(&[update(&op, 2_000)], &[&op]).await.unwrap();
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        [4, 5, 6].map(|e| operator.commission_at(e)),
        [4_000, 4_000, 2_000]
    );
}

#[tokio::test]
async fn an_update_that_leaves_the_commission_out_keeps_a_pending_announcement() {
    use slasher_registry::instructions::UpdateOperatorArgs;
    let mut w = World::new().await;
    let op = w.op.insecure_clone();
    let e = 3;
    w.warp(e, 10).await;
    w.t.send(&[update(&op, MAX_COMMISSION_BPS)], &[&op])
        .await
        .unwrap();

    // during e + 1 the operator only changes its metadata: the commission announced in e
    // still applies from e + 2 (a client that re-sent the commission in force would have
    // announced a revert)
    w.warp(e + 1, 10).await;
    let metadata_only = UpdateOperatorArgs {
        metadata_uri: Some("https://example.org/moved.json".into()),
        ..UpdateOperatorArgs::default()
    };
    let events =
        w.t.send_with_events(
            &[reg::update_operator(op.pubkey(), metadata_only)],
            &[&op],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(operator.metadata_uri, "https://example.org/moved.json");
    assert_eq!(
        (
            operator.commission_bps,
            operator.next_commission_bps,
            operator.commission_effective_epoch
        ),
        (COMMISSION_BPS, MAX_COMMISSION_BPS, e + 2)
    );
    assert_eq!(operator.signing_key, [7; 32], "the key is left alone too");
    let event: OperatorUpdated = decode::event(&events[0]).unwrap();
    assert!(!event.commission_announced);
    assert_eq!(raw_commission_at(&mut w, e + 2).await, MAX_COMMISSION_BPS);
}
