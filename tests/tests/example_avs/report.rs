//! `report_equivocation` when the proof is good: the record, the registry's request with
//! the right operator, fraction, capture epoch and evidence, the event, the rent; once per
//! (operator, round), even when someone pre-funded the record's address; and only for a
//! round (a slot) of the current or the previous restaking epoch.
use anchor_lang::Space;
use lrt_client::{
    avs::{
        self,
        decode::{Equivocation, EquivocationReported},
        sha256, AvsError,
    },
    registry::{self as reg, decode::SlashRequest},
};
use lrt_integration_tests::find_event;
use solana_signer::Signer;
use solana_transaction::Transaction;

use crate::world::*;

/// Largest serialized transaction a validator accepts.
const PACKET_DATA_SIZE: usize = 1232;

#[tokio::test]
async fn a_valid_proof_records_the_equivocation_and_requests_the_slash() {
    let mut w = World::new().await;
    // restaking epoch 3, slot 7 of it; the round is a slot of the same epoch
    w.warp(3, 7).await;
    let slot = 3 * EPOCH_LENGTH + 7;
    let (round, a, b) = (3 * EPOCH_LENGTH + 2, value(0xaa), value(0xbb));
    let signer = w.signer.insecure_clone();
    let ixs = w.proof(&signer, round, a, b).await;

    // the signed bytes, from the documented layout: domain, registry Avs, round LE, value
    let message = |v: [u8; 32]| {
        [
            &b"example_avs:attest:v2"[..],
            w.avs.as_ref(),
            &round.to_le_bytes(),
            &v,
        ]
        .concat()
    };
    let (message_a, message_b) = (message(a), message(b));
    assert_eq!(message_a.len(), 93);
    let signature_a: [u8; 64] = signer.sign_message(&message_a).into();
    let signature_b: [u8; 64] = signer.sign_message(&message_b).into();
    for (ix, m, s) in [
        (&ixs[0], &message_a, &signature_a),
        (&ixs[1], &message_b, &signature_b),
    ] {
        // solana-ed25519-program's layout: pubkey at 16, signature at 48, message at 112
        assert_eq!(ix.program_id, solana_sdk_ids::ed25519_program::ID);
        assert_eq!(&ix.data[16..48], signer.pubkey().as_ref());
        assert_eq!(&ix.data[48..112], &s[..]);
        assert_eq!(&ix.data[112..], &m[..]);
    }
    // what a reporter builds from the operator's published signatures is the same
    let key = signer.pubkey().to_bytes();
    assert_eq!(
        ixs[..2],
        [
            avs::signed_attestation_instruction(&key, &signature_a, &w.avs, round, &a),
            avs::signed_attestation_instruction(&key, &signature_b, &w.avs, round, &b),
        ]
    );
    let evidence = sha256::hashv(&[
        b"example_avs:evidence:v1",
        &message_a,
        &signature_a,
        &message_b,
        &signature_b,
    ])
    .to_bytes();

    // the whole report fits one legacy transaction, reporter and fee payer apart
    let payer = w.t.payer();
    let blockhash = w.t.ctx.last_blockhash;
    let tx = Transaction::new_signed_with_payer(
        &ixs,
        Some(&payer.pubkey()),
        &[&payer, &w.reporter],
        blockhash,
    );
    let size = bincode::serialize(&tx).unwrap().len();
    println!(
        "report transaction (2 Ed25519 proofs + report_equivocation, reporter and fee payer \
         apart): {size} of {PACKET_DATA_SIZE} bytes, {} accounts",
        tx.message.account_keys.len()
    );
    assert!(
        size <= PACKET_DATA_SIZE,
        "report transaction is {size} bytes"
    );

    let reporter = w.reporter.insecure_clone();
    let reporter_before = w.t.account(reporter.pubkey()).await.unwrap().lamports;
    let events =
        w.t.send_with_events(&ixs, &[&reporter], avs::AVS_PROGRAM_ID)
            .await;

    // the registry's request
    let request_key = reg::pda::slash_request(&w.avs, 0);
    let request: SlashRequest = w.t.decode(request_key).await;
    assert_eq!(request.avs, w.avs);
    assert_eq!(request.operator, w.operator);
    assert_eq!(request.index, 0);
    assert_eq!(request.wad, SLASH_WAD);
    assert_eq!(request.evidence_hash, evidence);
    assert_eq!(request.capture_epoch, 3);
    assert_eq!(request.requested_slot, slot);
    assert_eq!(request.veto_deadline_slot, slot + VETO_WINDOW);
    assert!(!request.vetoed);
    assert_eq!((request.executions, request.slashed_lamports), (0, 0));
    assert_eq!(w.avs_state().await.request_count, 1);

    // this AVS's record
    let record_key = avs::pda::equivocation(&w.operator, round);
    let record: Equivocation = w.t.decode(record_key).await;
    assert_eq!(record.operator, w.operator);
    assert_eq!((record.signing_key_a, record.signing_key_b), (key, key));
    assert_eq!(
        (record.round, record.value_a, record.value_b),
        (round, a, b)
    );
    assert_eq!(record.evidence_hash, evidence);
    assert_eq!(record.reporter, reporter.pubkey());
    assert_eq!(
        (record.slash_request, record.request_index),
        (request_key, 0)
    );
    assert_eq!(record.reported_slot, slot);
    assert_eq!(w.config().await.equivocations, 1);

    // the reporter paid exactly both rents
    let rent = w.t.ctx.banks_client.get_rent().await.unwrap();
    let rents = rent.minimum_balance(w.t.account(record_key).await.unwrap().data.len())
        + rent.minimum_balance(w.t.account(request_key).await.unwrap().data.len());
    assert_eq!(
        w.t.account(reporter.pubkey()).await.unwrap().lamports,
        reporter_before - rents
    );

    let event: EquivocationReported = find_event(&events).expect("EquivocationReported");
    assert_eq!(
        (event.equivocation, event.operator, event.round),
        (record_key, w.operator, round)
    );
    assert_eq!((event.signing_key_a, event.signing_key_b), (key, key));
    assert_eq!((event.value_a, event.value_b), (a, b));
    assert_eq!(event.evidence_hash, evidence);
    assert_eq!((event.reporter, event.avs), (reporter.pubkey(), w.avs));
    assert_eq!(
        (event.slash_request, event.request_index, event.wad),
        (request_key, 0, SLASH_WAD)
    );
    assert_eq!((event.equivocations, event.slot), (1, slot));
}

#[tokio::test]
async fn a_second_report_for_the_same_operator_and_round_fails() {
    let mut w = World::new().await;
    w.warp(1, 10).await;
    let signer = w.signer.insecure_clone();
    let round = EPOCH_LENGTH + 9;
    let ixs = w.proof(&signer, round, value(1), value(2)).await;
    w.report(&ixs).await.unwrap();
    let record_key = avs::pda::equivocation(&w.operator, round);
    let record = w.t.account(record_key).await;

    // the same pair swapped, and a third value: the round is already reported
    for (a, b) in [(value(2), value(1)), (value(1), value(3))] {
        let ixs = w.proof(&signer, round, a, b).await;
        w.assert_report_fails(&ixs, round, 2, avs_error(AvsError::AlreadyReported))
            .await;
    }
    assert_eq!(w.t.account(record_key).await, record);
    assert_eq!(w.avs_state().await.request_count, 1);

    // another round is another equivocation: request 1
    let ixs = w.proof(&signer, round + 1, value(1), value(2)).await;
    w.report(&ixs).await.unwrap();
    let request: SlashRequest = w.t.decode(reg::pda::slash_request(&w.avs, 1)).await;
    assert_eq!((request.operator, request.index), (w.operator, 1));
    assert_eq!(w.config().await.equivocations, 2);
    let second: Equivocation =
        w.t.decode(avs::pda::equivocation(&w.operator, round + 1))
            .await;
    assert_eq!(second.request_index, 1);
}

#[tokio::test]
async fn a_prefunded_record_address_does_not_let_the_operator_escape() {
    let mut w = World::new().await;
    w.warp(1, 10).await;
    let round = EPOCH_LENGTH + 5;
    let record_key = avs::pda::equivocation(&w.operator, round);
    // the operator, expecting to be caught, pre-funds its record (more than its rent)
    let op = w.op.insecure_clone();
    let grief = anchor_lang::solana_program::system_instruction::transfer(
        &op.pubkey(),
        &record_key,
        5_000_000,
    );
    w.t.send(&[grief], &[&op]).await.unwrap();

    let signer = w.signer.insecure_clone();
    let ixs = w.proof(&signer, round, value(1), value(2)).await;
    w.report(&ixs).await.unwrap();
    let account = w.t.account(record_key).await.unwrap();
    assert_eq!(account.owner, avs::AVS_PROGRAM_ID);
    assert_eq!(account.data.len(), 8 + Equivocation::INIT_SPACE);
    // already above the rent minimum: nothing topped up, nothing taken
    assert_eq!(account.lamports, 5_000_000);
    let record: Equivocation = w.t.decode(record_key).await;
    assert_eq!((record.operator, record.round), (w.operator, round));
    let request: SlashRequest = w.t.decode(reg::pda::slash_request(&w.avs, 0)).await;
    assert_eq!(request.operator, w.operator);
}

/// A round is a slot: a report is accepted while the round's restaking epoch is the
/// current or the previous one (the stake a request captures now was there then), and
/// refused for an older round and for one of an epoch that has not begun, at the exact
/// boundaries, with nothing recorded.
#[tokio::test]
async fn a_round_is_reportable_during_its_epoch_and_the_next_one_only() {
    let mut w = World::new().await;
    w.warp(3, 50).await;
    let signer = w.signer.insecure_clone();
    // the last slot of epoch 1 is two epochs back; the first slot of epoch 4 is to come
    for round in [2 * EPOCH_LENGTH - 1, 4 * EPOCH_LENGTH] {
        let ixs = w.proof(&signer, round, value(1), value(2)).await;
        w.assert_report_fails(
            &ixs,
            round,
            2,
            avs_error(AvsError::RoundOutsideReportWindow),
        )
        .await;
    }
    assert_eq!(w.config().await.equivocations, 0);
    // the first slot of epoch 2 (previous), and the last of epoch 3 (current, later than
    // now: the window is whole epochs)
    for (index, round) in [(0, 2 * EPOCH_LENGTH), (1, 4 * EPOCH_LENGTH - 1)] {
        let ixs = w.proof(&signer, round, value(1), value(2)).await;
        w.report(&ixs).await.unwrap();
        let request: SlashRequest = w.t.decode(reg::pda::slash_request(&w.avs, index)).await;
        assert_eq!(
            (request.index, request.capture_epoch),
            (index, 3),
            "round {round}"
        );
        let record: Equivocation = w.t.decode(avs::pda::equivocation(&w.operator, round)).await;
        assert_eq!(record.round, round);
    }
    // in epoch 4, a round of epoch 2 is two epochs back
    w.warp(4, 0).await;
    let round = 2 * EPOCH_LENGTH + 1;
    let ixs = w.proof(&signer, round, value(1), value(2)).await;
    w.assert_report_fails(
        &ixs,
        round,
        2,
        avs_error(AvsError::RoundOutsideReportWindow),
    )
    .await;
    assert_eq!(w.config().await.equivocations, 2);
}
