//! Operators: registration under their authority, updates, and the limits on commission,
//! signing key and metadata. (A commission's notice and the registry's cap:
//! `commission.rs`.)
use lrt_client::registry::{
    self as reg,
    decode::{self, Operator, OperatorRegistered, OperatorUpdated},
    RegistryError,
};
use lrt_integration_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{
    anchor_codes::*, operator_args, registry_error, World, COMMISSION_BPS, EPOCH_LENGTH,
    MAX_COMMISSION_BPS,
};

#[tokio::test]
async fn register_operator_records_it_under_its_authority() {
    let mut w = World::new().await;
    let bob = Keypair::new();
    w.t.fund(&[&bob], SOL).await;
    let mut args = operator_args(9);
    args.commission_bps = MAX_COMMISSION_BPS; // the largest commission the registry allows
    args.metadata_uri = "u".repeat(200); // and the longest uri
    let events =
        w.t.send_with_events(
            &[reg::register_operator(bob.pubkey(), args.clone())],
            &[&bob],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let key = reg::pda::operator(&bob.pubkey());
    let operator: Operator = w.t.decode(key).await;
    assert_eq!(operator.authority, bob.pubkey());
    // in force at once, in every epoch: nothing is announced
    for epoch in [0, 1, u64::MAX] {
        assert_eq!(operator.commission_at(epoch), MAX_COMMISSION_BPS);
    }
    assert_eq!(
        (
            operator.next_commission_bps,
            operator.commission_effective_epoch
        ),
        (MAX_COMMISSION_BPS, 0)
    );
    assert_eq!(operator.signing_key, [9; 32]);
    assert_eq!(
        (operator.previous_signing_key, operator.key_rotated_epoch),
        ([0; 32], 0),
        "never rotated"
    );
    assert_eq!(operator.metadata_uri, args.metadata_uri);
    assert!(operator.registered_slot > 0);
    let event: OperatorRegistered = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.operator, event.authority, event.commission_bps),
        (key, bob.pubkey(), MAX_COMMISSION_BPS)
    );
    assert_eq!(event.signing_key, [9; 32]);
    // bob cannot register at another authority's address
    let carol = solana_keypair::Keypair::new();
    let mut forged = reg::register_operator(bob.pubkey(), operator_args(4));
    forged.accounts[1].pubkey = reg::pda::operator(&carol.pubkey());
    assert_program_error(w.t.send(&[forged], &[&bob]).await, 0, CONSTRAINT_SEEDS);
    assert!(w
        .t
        .account(reg::pda::operator(&carol.pubkey()))
        .await
        .is_none());
    // one operator per authority
    assert_program_error(
        w.t.send(
            &[reg::register_operator(bob.pubkey(), operator_args(1))],
            &[&bob],
        )
        .await,
        0,
        registry_error(RegistryError::AccountAlreadyExists),
    );
    let operator: Operator = w.t.decode(key).await;
    assert_eq!(operator.signing_key, [9; 32], "unchanged");
}

#[tokio::test]
async fn register_operator_rejects_bad_settings() {
    let mut w = World::new().await;
    let bob = Keypair::new();
    w.t.fund(&[&bob], SOL).await;
    let cases = [
        (
            {
                let mut a = operator_args(1);
                a.commission_bps = 10_001;
                a
            },
            RegistryError::CommissionTooHigh,
        ),
        (
            {
                let mut a = operator_args(1);
                a.commission_bps = MAX_COMMISSION_BPS + 1;
                a
            },
            RegistryError::CommissionAboveCap,
        ),
        (operator_args(0), RegistryError::InvalidSigningKey),
        (
            {
                let mut a = operator_args(1);
                a.metadata_uri = "u".repeat(201);
                a
            },
            RegistryError::MetadataTooLong,
        ),
    ];
    for (args, error) in cases {
        assert_program_error(
            w.t.send(&[reg::register_operator(bob.pubkey(), args)], &[&bob])
                .await,
            0,
            registry_error(error),
        );
    }
    assert!(w
        .t
        .account(reg::pda::operator(&bob.pubkey()))
        .await
        .is_none());
}

#[tokio::test]
async fn a_prefunded_operator_address_does_not_block_registration() {
    let mut w = World::new().await;
    let bob = Keypair::new();
    w.t.fund(&[&bob], SOL).await;
    let key = reg::pda::operator(&bob.pubkey());
    let grief =
        anchor_lang::solana_program::system_instruction::transfer(&w.admin.pubkey(), &key, 890_880);
    w.t.send(&[grief], &[]).await.unwrap();
    w.t.send(
        &[reg::register_operator(bob.pubkey(), operator_args(3))],
        &[&bob],
    )
    .await
    .unwrap();
    let operator: Operator = w.t.decode(key).await;
    assert_eq!(operator.authority, bob.pubkey());
    assert_eq!(
        w.t.account(key).await.unwrap().owner,
        reg::REGISTRY_PROGRAM_ID
    );
}

#[tokio::test]
async fn update_operator_by_its_authority_only() {
    let mut w = World::new().await;
    let (op, alice) = (w.op.insecure_clone(), w.alice.insecure_clone());
    let mut args = operator_args(8);
    args.commission_bps = 250;
    args.metadata_uri = "https://example.org/new.json".into();
    // alice signs for the world's operator
    let mut forged = reg::update_operator(alice.pubkey(), args.clone());
    forged.accounts[2].pubkey = w.operator;
    assert_program_error(
        w.t.send(&[forged], &[&alice]).await,
        0,
        registry_error(RegistryError::NotOperatorAuthority),
    );
    // alice has no operator of her own
    assert_program_error(
        w.t.send(
            &[reg::update_operator(alice.pubkey(), args.clone())],
            &[&alice],
        )
        .await,
        0,
        ACCOUNT_NOT_INITIALIZED,
    );
    // another registry account in the operator's place
    let mut substituted = reg::update_operator(op.pubkey(), args.clone());
    substituted.accounts[2].pubkey = w.avs;
    assert_program_error(
        w.t.send(&[substituted], &[&op]).await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
    // bad settings, as at registration
    for (bad, error) in [
        (
            {
                let mut a = args.clone();
                a.commission_bps = 10_001;
                a
            },
            RegistryError::CommissionTooHigh,
        ),
        (
            {
                let mut a = args.clone();
                a.commission_bps = MAX_COMMISSION_BPS + 1;
                a
            },
            RegistryError::CommissionAboveCap,
        ),
        (
            {
                let mut a = args.clone();
                a.signing_key = [0; 32];
                a
            },
            RegistryError::InvalidSigningKey,
        ),
        (
            {
                let mut a = args.clone();
                a.metadata_uri = "u".repeat(201);
                a
            },
            RegistryError::MetadataTooLong,
        ),
    ] {
        assert_program_error(
            w.t.send(&[reg::update_operator(op.pubkey(), bad)], &[&op])
                .await,
            0,
            registry_error(error),
        );
    }
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (
            operator.commission_at(u64::MAX),
            operator.commission_effective_epoch,
            operator.signing_key
        ),
        (COMMISSION_BPS, 0, [7; 32]),
        "unchanged"
    );

    let events =
        w.t.send_with_events(
            &[reg::update_operator(op.pubkey(), args.clone())],
            &[&op],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(operator.authority, op.pubkey());
    // the commission is announced during epoch 0: 250 from epoch 2
    assert_eq!(
        [0, 1, 2].map(|e| operator.commission_at(e)),
        [COMMISSION_BPS, COMMISSION_BPS, 250]
    );
    assert_eq!(operator.signing_key, [8; 32]);
    // a rotation during epoch 0: the old key is kept
    assert_eq!(
        (operator.previous_signing_key, operator.key_rotated_epoch),
        ([7; 32], 0)
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
        (0, COMMISSION_BPS, 250, 2, true)
    );
    assert_eq!(
        (event.previous_signing_key, event.signing_key),
        ([7; 32], [8; 32])
    );
    assert_eq!(
        (event.key_rotated_epoch, event.previous_key_valid_through),
        (0, Some(1))
    );
}

/// The rule of `state::operator`: a rotation during `r` keeps the old key (AVSs accept it
/// through `r + 1`); another rotation waits until `r + 2`; commission announcements and
/// metadata changes never touch the keys.
#[tokio::test]
async fn a_key_rotation_keeps_the_old_key_and_blocks_another_until_its_window_ends() {
    let mut w = World::new().await;
    let op = w.op.insecure_clone();
    let update = |key: u8, commission_bps: u16| {
        let mut args = operator_args(key);
        args.commission_bps = commission_bps;
        reg::update_operator(op.pubkey(), args)
    };
    w.warp(3, 40).await;
    w.t.send(&[update(8, 1_000)], &[&op]).await.unwrap();
    let rotated: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (
            rotated.signing_key,
            rotated.previous_signing_key,
            rotated.key_rotated_epoch
        ),
        ([8; 32], [7; 32], 3)
    );

    // during 3 and through the last slot of 4: no second rotation, not even back to 7
    for (epoch, offset) in [(3, 41), (4, 0), (4, EPOCH_LENGTH - 1)] {
        w.warp(epoch, offset).await;
        for key in [9, 7] {
            let before = w.t.account(w.operator).await;
            assert_program_error(
                w.t.send(&[update(key, 1_000)], &[&op]).await,
                0,
                registry_error(RegistryError::KeyRotationPending),
            );
            assert_eq!(w.t.account(w.operator).await, before, "unchanged");
        }
    }
    // the same key with a new commission is no rotation: allowed (announced during 4,
    // from 6), keys untouched
    let events =
        w.t.send_with_events(&[update(8, 300)], &[&op], reg::REGISTRY_PROGRAM_ID)
            .await;
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!([5, 6].map(|e| operator.commission_at(e)), [1_000, 300]);
    assert_eq!(
        (
            operator.signing_key,
            operator.previous_signing_key,
            operator.key_rotated_epoch
        ),
        ([8; 32], [7; 32], 3)
    );
    let event: OperatorUpdated = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.previous_signing_key, event.signing_key),
        ([8; 32], [8; 32])
    );
    assert_eq!(
        (event.key_rotated_epoch, event.previous_key_valid_through),
        (3, Some(4))
    );

    // from the first slot of 5 (r + 2) the old key no longer counts: rotate again
    w.warp(5, 0).await;
    let events =
        w.t.send_with_events(&[update(9, 300)], &[&op], reg::REGISTRY_PROGRAM_ID)
            .await;
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (
            operator.signing_key,
            operator.previous_signing_key,
            operator.key_rotated_epoch
        ),
        ([9; 32], [8; 32], 5)
    );
    let event: OperatorUpdated = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.previous_signing_key, event.signing_key),
        ([8; 32], [9; 32])
    );
    assert_eq!(
        (event.key_rotated_epoch, event.previous_key_valid_through),
        (5, Some(6))
    );
}
