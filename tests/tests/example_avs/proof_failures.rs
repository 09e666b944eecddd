//! Every way a proof can be wrong, forged or replayed, and an AVS the registry stopped.
//! Each test asserts the exact error of the failing instruction and that no account a
//! report touches changed; the signatures are verified for real by the runtime's Ed25519
//! program.
use anchor_lang::{
    prelude::Pubkey,
    solana_program::{
        instruction::AccountMeta,
        system_instruction,
        sysvar::instructions::{
            construct_instructions_data, BorrowedAccountMeta, BorrowedInstruction,
        },
    },
};
use lrt_client::{
    avs::{
        self, attestation_message, ed25519, example_avs::instructions::ReportEquivocationArgs,
        AvsError,
    },
    registry::{self as reg, RegistryError},
    Instruction,
};
use solana_account::{Account, AccountSharedData};
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::InstructionError;

use crate::world::*;

const ROUND: u64 = 77;

/// Byte offsets inside an instruction built by `solana-ed25519-program`.
const PUBKEY_AT: usize = 16;
const SIGNATURE_AT: usize = 48;
const MESSAGE_AT: usize = 112;
/// Where the offsets record keeps `message_instruction_index`.
const MESSAGE_INDEX_AT: usize = 2 + 12;

/// `report_equivocation` of `ROUND` by the world's reporter; `index` names the request.
fn report_ix(w: &World, index: u64, a: [u8; 32], b: [u8; 32]) -> Instruction {
    report_round_ix(w, index, ROUND, a, b)
}

fn report_round_ix(w: &World, index: u64, round: u64, a: [u8; 32], b: [u8; 32]) -> Instruction {
    avs::report_equivocation(
        w.reporter.pubkey(),
        w.avs,
        index,
        w.operator,
        ReportEquivocationArgs {
            round,
            value_a: a,
            value_b: b,
        },
    )
}

#[tokio::test]
async fn a_forged_instructions_sysvar_account_is_refused() {
    let mut w = World::new().await;
    let index = w.request_index().await;
    // an account that reads like the instructions sysvar of a transaction carrying two
    // Ed25519 instructions with the operator's key and the right messages, but signatures
    // nobody verified (the runtime never saw those instructions)
    let key = w.signer.pubkey().to_bytes();
    let unverified = |v| {
        ed25519::new_ed25519_instruction_with_signature(
            &attestation_message(&w.avs, ROUND, &v),
            &[0x5a; 64],
            &key,
        )
    };
    let (ed_a, ed_b) = (unverified(value(1)), unverified(value(2)));
    let fake = Pubkey::new_unique();
    let mut report = report_ix(&w, index, value(1), value(2));
    let real = solana_sdk_ids::sysvar::instructions::ID;
    let meta = report
        .accounts
        .iter_mut()
        .find(|m| m.pubkey == real)
        .expect("the report passes the instructions sysvar");
    *meta = AccountMeta::new_readonly(fake, false);
    let borrowed = |ix: &Instruction| {
        (
            ix.program_id,
            ix.accounts
                .iter()
                .map(|m| (m.pubkey, m.is_signer, m.is_writable))
                .collect::<Vec<_>>(),
            ix.data.clone(),
        )
    };
    let owned = [borrowed(&ed_a), borrowed(&ed_b), borrowed(&report)];
    let instructions: Vec<BorrowedInstruction> = owned
        .iter()
        .map(|(program_id, metas, data)| BorrowedInstruction {
            program_id,
            accounts: metas
                .iter()
                .map(|(pubkey, is_signer, is_writable)| BorrowedAccountMeta {
                    pubkey,
                    is_signer: *is_signer,
                    is_writable: *is_writable,
                })
                .collect(),
            data,
        })
        .collect();
    let mut data = construct_instructions_data(&instructions);
    // "currently executing: instruction 2", as the runtime would write it
    let last = data.len() - 2;
    data[last..].copy_from_slice(&2u16.to_le_bytes());
    let look_alike = Account {
        lamports: 1_000_000_000,
        data,
        owner: solana_sdk_ids::sysvar::ID,
        executable: false,
        rent_epoch: 0,
    };
    w.t.ctx
        .set_account(&fake, &AccountSharedData::from(look_alike));

    w.assert_report_fails(
        &[report],
        ROUND,
        0,
        avs_error(AvsError::WrongInstructionsSysvar),
    )
    .await;
}

#[tokio::test]
async fn a_proof_signed_by_another_key_than_the_registered_one_is_refused() {
    let mut w = World::new().await;
    // the reporter's own key: valid signatures, but not the operator's
    let stranger = Keypair::new();
    let ixs = w.proof(&stranger, ROUND, value(1), value(2)).await;
    w.assert_report_fails(&ixs, ROUND, 2, avs_error(AvsError::WrongSigningKey))
        .await;
    // the operator's authority is not its signing key either
    let authority = w.op.insecure_clone();
    let ixs = w.proof(&authority, ROUND, value(1), value(2)).await;
    w.assert_report_fails(&ixs, ROUND, 2, avs_error(AvsError::WrongSigningKey))
        .await;
    // one of the two from the operator is not enough
    let signer = w.signer.insecure_clone();
    let index = w.request_index().await;
    let ixs = [
        avs::attest_instruction(&signer, &w.avs, ROUND, &value(1)),
        avs::attest_instruction(&stranger, &w.avs, ROUND, &value(2)),
        report_ix(&w, index, value(1), value(2)),
    ];
    w.assert_report_fails(&ixs, ROUND, 2, avs_error(AvsError::WrongSigningKey))
        .await;
}

#[tokio::test]
async fn the_same_value_twice_is_not_an_equivocation() {
    let mut w = World::new().await;
    let signer = w.signer.insecure_clone();
    let ixs = w.proof(&signer, ROUND, value(4), value(4)).await;
    w.assert_report_fails(&ixs, ROUND, 2, avs_error(AvsError::SameValue))
        .await;
}

#[tokio::test]
async fn values_signed_for_different_rounds_are_not_an_equivocation() {
    let mut w = World::new().await;
    let signer = w.signer.insecure_clone();
    let index = w.request_index().await;
    // honest: value 1 in ROUND, value 2 in ROUND + 1; reported as both in ROUND, and as
    // both in ROUND + 1
    let ed_a = avs::attest_instruction(&signer, &w.avs, ROUND, &value(1));
    let ed_b = avs::attest_instruction(&signer, &w.avs, ROUND + 1, &value(2));
    let ixs = [
        ed_a.clone(),
        ed_b.clone(),
        report_ix(&w, index, value(1), value(2)),
    ];
    w.assert_report_fails(&ixs, ROUND, 2, avs_error(AvsError::WrongAttestationMessage))
        .await;
    let report = report_round_ix(&w, index, ROUND + 1, value(1), value(2));
    w.assert_report_fails(
        &[ed_a, ed_b, report],
        ROUND + 1,
        2,
        avs_error(AvsError::WrongAttestationMessage),
    )
    .await;
}

#[tokio::test]
async fn an_attestation_made_for_another_avs_cannot_be_replayed() {
    let mut w = World::new().await;
    let signer = w.signer.insecure_clone();
    let index = w.request_index().await;
    // the operator equivocated, but for another AVS (its registry account in the message)
    let other_avs = reg::pda::avs(&Pubkey::new_unique());
    let ixs = [
        avs::attest_instruction(&signer, &other_avs, ROUND, &value(1)),
        avs::attest_instruction(&signer, &other_avs, ROUND, &value(2)),
        report_ix(&w, index, value(1), value(2)),
    ];
    w.assert_report_fails(&ixs, ROUND, 2, avs_error(AvsError::WrongAttestationMessage))
        .await;
}

/// The attack the `u16::MAX` rule stops: frame an honest operator. It signed value 9 for
/// round `ROUND + 1` and value 6 for `ROUND`. The forged instruction carries the operator's
/// key, its real signature of the first message and, in its own data, the attestation of
/// value 5 for `ROUND`; its message offset points at instruction 0, the honest attestation.
/// The runtime verifies the honest bytes and passes; a program reading the forged
/// instruction's own data would see the operator "sign" value 5 in `ROUND`.
#[tokio::test]
async fn offsets_that_point_at_another_instruction_are_refused() {
    let mut w = World::new().await;
    let signer = w.signer.insecure_clone();
    let index = w.request_index().await;
    let honest = avs::attest_instruction(&signer, &w.avs, ROUND + 1, &value(9));
    let honest_signature: [u8; 64] = honest.data[SIGNATURE_AT..MESSAGE_AT].try_into().unwrap();
    let mut forged = ed25519::new_ed25519_instruction_with_signature(
        &attestation_message(&w.avs, ROUND, &value(5)),
        &honest_signature,
        &signer.pubkey().to_bytes(),
    );
    forged.data[MESSAGE_INDEX_AT..MESSAGE_INDEX_AT + 2].copy_from_slice(&0u16.to_le_bytes());
    assert_eq!(
        &forged.data[PUBKEY_AT..SIGNATURE_AT],
        signer.pubkey().as_ref()
    );
    let ixs = [
        honest,
        forged,
        avs::attest_instruction(&signer, &w.avs, ROUND, &value(6)),
        report_ix(&w, index, value(5), value(6)),
    ];
    // the runtime accepted every signature: the refusal is the program's, at instruction 3
    w.assert_report_fails(&ixs, ROUND, 3, avs_error(AvsError::ProofDataElsewhere))
        .await;
}

#[tokio::test]
async fn an_ed25519_instruction_with_two_signatures_is_refused() {
    let mut w = World::new().await;
    let signer = w.signer.insecure_clone();
    let index = w.request_index().await;
    // both attestations in one instruction, both valid, all data in that instruction
    let (m1, m2) = (
        attestation_message(&w.avs, ROUND, &value(1)),
        attestation_message(&w.avs, ROUND, &value(3)),
    );
    let (s1, s2): ([u8; 64], [u8; 64]) = (
        signer.sign_message(&m1).into(),
        signer.sign_message(&m2).into(),
    );
    let start = 2 + 2 * 14;
    let key_at = start;
    let (s1_at, m1_at) = (key_at + 32, key_at + 96);
    let (s2_at, m2_at) = (m1_at + m1.len(), m1_at + m1.len() + 64);
    let offsets = |s_at: usize, m_at: usize, len: usize| ed25519::Ed25519SignatureOffsets {
        signature_offset: s_at as u16,
        signature_instruction_index: u16::MAX,
        public_key_offset: key_at as u16,
        public_key_instruction_index: u16::MAX,
        message_data_offset: m_at as u16,
        message_data_size: len as u16,
        message_instruction_index: u16::MAX,
    };
    let mut double = ed25519::offsets_to_ed25519_instruction(&[
        offsets(s1_at, m1_at, m1.len()),
        offsets(s2_at, m2_at, m2.len()),
    ]);
    assert_eq!(double.data.len(), start);
    for part in [signer.pubkey().as_ref(), &s1, &m1, &s2, &m2] {
        double.data.extend_from_slice(part);
    }
    let ixs = [
        double,
        avs::attest_instruction(&signer, &w.avs, ROUND, &value(2)),
        report_ix(&w, index, value(1), value(2)),
    ];
    w.assert_report_fails(&ixs, ROUND, 2, avs_error(AvsError::WrongSignatureCount))
        .await;
}

#[tokio::test]
async fn a_report_without_its_two_ed25519_instructions_is_refused() {
    let mut w = World::new().await;
    let signer = w.signer.insecure_clone();
    let index = w.request_index().await;
    let report = report_ix(&w, index, value(1), value(2));
    let ed_a = avs::attest_instruction(&signer, &w.avs, ROUND, &value(1));
    let ed_b = avs::attest_instruction(&signer, &w.avs, ROUND, &value(2));
    // nothing before it; only one instruction before it
    w.assert_report_fails(
        std::slice::from_ref(&report),
        ROUND,
        0,
        avs_error(AvsError::MissingProofInstructions),
    )
    .await;
    w.assert_report_fails(
        &[ed_b.clone(), report.clone()],
        ROUND,
        1,
        avs_error(AvsError::MissingProofInstructions),
    )
    .await;
    // another program's instruction in either slot
    let transfer = system_instruction::transfer(&w.admin.pubkey(), &w.reporter.pubkey(), 1);
    w.assert_report_fails(
        &[ed_a.clone(), transfer.clone(), report.clone()],
        ROUND,
        2,
        avs_error(AvsError::NotEd25519Instruction),
    )
    .await;
    w.assert_report_fails(
        &[transfer, ed_b.clone(), report.clone()],
        ROUND,
        2,
        avs_error(AvsError::NotEd25519Instruction),
    )
    .await;
    // the two swapped: each message is checked against its own value
    w.assert_report_fails(
        &[ed_b, ed_a, report],
        ROUND,
        2,
        avs_error(AvsError::WrongAttestationMessage),
    )
    .await;
}

#[tokio::test]
async fn a_bad_signature_fails_in_the_ed25519_program_before_the_avs_runs() {
    let mut w = World::new().await;
    let signer = w.signer.insecure_clone();
    let mut ixs = w.proof(&signer, ROUND, value(1), value(2)).await;
    ixs[1].data[SIGNATURE_AT] ^= 1;
    let keys = w.report_accounts(ROUND).await;
    let before = w.t.snapshot(&keys).await;
    // the precompile's InvalidSignature, at the tampered instruction
    assert_program_error(w.report(&ixs).await, 1, InstructionError::Custom(2));
    assert_eq!(w.t.snapshot(&keys).await, before);
}

#[tokio::test]
async fn an_avs_the_registry_deactivated_cannot_request_slashes() {
    let mut w = World::new().await;
    let avs_admin = w.avs_admin.insecure_clone();
    let deactivate = reg::set_avs_active(avs_admin.pubkey(), w.avs, false);
    w.t.send(&[deactivate], &[&avs_admin]).await.unwrap();
    let signer = w.signer.insecure_clone();
    let ixs = w.proof(&signer, ROUND, value(1), value(2)).await;
    // refused inside the CPI by the registry; the AVS's record is undone with it
    w.assert_report_fails(&ixs, ROUND, 2, registry_error(RegistryError::AvsInactive))
        .await;
    assert!(w
        .t
        .account(avs::pda::equivocation(&w.operator, ROUND))
        .await
        .is_none());
    assert_eq!(w.config().await.equivocations, 0);
}

/// A good proof against an operator the registry cannot slash now is refused inside the
/// CPI (the registry reads the operator's opt-in, `OperatorNotSlashable`), and the AVS's
/// record goes with it: a record exists only for a request the registry accepted, so the
/// round can still be reported once the operator is slashable.
#[tokio::test]
async fn a_proof_against_an_operator_not_yet_slashable_records_nothing() {
    // the world's operator opted in during epoch 0: slashable from epoch 1
    let mut w = World::new().await;
    assert_eq!(w.epoch().await, 0);
    let signer = w.signer.insecure_clone();
    let ixs = w.proof(&signer, ROUND, value(1), value(2)).await;
    w.assert_report_fails(
        &ixs,
        ROUND,
        2,
        registry_error(RegistryError::OperatorNotSlashable),
    )
    .await;
    assert!(w
        .t
        .account(avs::pda::equivocation(&w.operator, ROUND))
        .await
        .is_none());
    assert_eq!(w.config().await.equivocations, 0);
    // in epoch 1 the same round (of the previous epoch) is reported
    w.warp(1, 0).await;
    let ixs = w.proof(&signer, ROUND, value(1), value(2)).await;
    w.report(&ixs).await.unwrap();
    assert_eq!(w.config().await.equivocations, 1);
}

/// An operator that never opted in to the AVS has no opt-in account for the registry to
/// read: the request is refused (Anchor's `AccountNotInitialized`) and nothing recorded.
#[tokio::test]
async fn a_proof_against_an_operator_never_opted_in_records_nothing() {
    let mut w = World::registered().await;
    w.initialize(SLASH_WAD).await.unwrap();
    w.warp(1, 0).await;
    let signer = w.signer.insecure_clone();
    let round = EPOCH_LENGTH;
    let ixs = w.proof(&signer, round, value(1), value(2)).await;
    w.assert_report_fails(&ixs, round, 2, 3012).await;
    assert!(w
        .t
        .account(avs::pda::equivocation(&w.operator, round))
        .await
        .is_none());
}

#[tokio::test]
async fn another_registry_avs_than_the_configured_one_is_refused() {
    let mut w = World::new().await;
    // a second registry AVS naming the same slash authority
    let id = Pubkey::new_unique();
    let mut args = avs_args(w.avs_admin.pubkey(), avs::pda::slash_authority());
    args.id = id;
    let admin = w.admin.pubkey();
    w.t.send(&[reg::register_avs(admin, args)], &[])
        .await
        .unwrap();
    let other = reg::pda::avs(&id);
    let signer = w.signer.insecure_clone();
    let ixs = [
        avs::attest_instruction(&signer, &other, ROUND, &value(1)),
        avs::attest_instruction(&signer, &other, ROUND, &value(2)),
        avs::report_equivocation(
            w.reporter.pubkey(),
            other,
            0,
            w.operator,
            ReportEquivocationArgs {
                round: ROUND,
                value_a: value(1),
                value_b: value(2),
            },
        ),
    ];
    w.assert_report_fails(&ixs, ROUND, 2, avs_error(AvsError::WrongAvs))
        .await;
    assert!(w
        .t
        .account(reg::pda::slash_request(&other, 0))
        .await
        .is_none());
}
