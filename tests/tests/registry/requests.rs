//! Slash requests (only from an active local AVS's slash authority, only against an
//! operator slashable for that AVS in the current epoch; capture epoch and veto deadline)
//! and vetoes (only by the veto authority, up to the deadline).
use anchor_lang::prelude::Pubkey;
use lrt_client::registry::{
    self as reg,
    decode::{self, SlashRequest, SlashRequested, SlashVetoed},
    slasher_registry::{
        instructions::{RegisterAvsArgs, RequestSlashArgs},
        state::{AvsKind, SlashDestination},
    },
    RegistryError,
};
use lrt_integration_tests::*;
use solana_signer::Signer;

use crate::{anchor_codes::*, registry_error, World, EPOCH_LENGTH, VETO_WINDOW};

#[tokio::test]
async fn request_slash_captures_the_epoch_and_numbers_the_requests() {
    let mut w = World::new().await;
    w.operator_slashable().await;
    w.warp(3, 20).await;
    let (key, ix) = w.request_ix(w.operator, WAD / 10).await;
    assert_eq!(key, reg::pda::slash_request(&w.avs, 0));
    let signer = w.slash_authority.insecure_clone();
    let events =
        w.t.send_with_events(&[ix], &[&signer], reg::REGISTRY_PROGRAM_ID)
            .await;
    let request: SlashRequest = w.t.decode(key).await;
    assert_eq!((request.avs, request.operator), (w.avs, w.operator));
    assert_eq!((request.index, request.wad), (0, WAD / 10));
    // the AVS's maximum and destination in force at the capture epoch, kept
    assert_eq!(
        (request.max_slash_wad, request.destination),
        (WAD, SlashDestination::Burn)
    );
    assert_eq!(request.evidence_hash, [1; 32]);
    assert_eq!(request.capture_epoch, 3);
    assert_eq!(request.requested_slot / EPOCH_LENGTH, 3);
    assert_eq!(
        request.veto_deadline_slot,
        request.requested_slot + VETO_WINDOW
    );
    assert!(!request.vetoed);
    assert_eq!((request.executions, request.slashed_lamports), (0, 0));
    assert_eq!(w.avs_state().await.request_count, 1);
    let event: SlashRequested = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.request, event.avs, event.operator),
        (key, w.avs, w.operator)
    );
    assert_eq!(
        (event.index, event.wad, event.capture_epoch),
        (0, WAD / 10, 3)
    );
    assert_eq!(event.veto_deadline_slot, request.veto_deadline_slot);
    assert_eq!(
        (event.max_slash_wad, event.destination),
        (WAD, SlashDestination::Burn)
    );

    // the next one is number 1, in a later epoch, up to 100%
    w.warp(4, 0).await;
    let second = w.request(WAD).await;
    assert_eq!(second, reg::pda::slash_request(&w.avs, 1));
    let request: SlashRequest = w.t.decode(second).await;
    assert_eq!(
        (request.index, request.capture_epoch, request.wad),
        (1, 4, WAD)
    );
    assert_eq!(w.avs_state().await.request_count, 2);
}

#[tokio::test]
async fn request_slash_comes_only_from_the_slash_authority_of_an_active_local_avs() {
    let mut w = World::new().await;
    w.operator_slashable().await;
    let admin = w.admin.pubkey();
    // anyone else signing: alice, the AVS admin, the registry admin
    for signer in [
        w.alice.insecure_clone(),
        w.avs_admin.insecure_clone(),
        w.admin.insecure_clone(),
    ] {
        let (_, mut ix) = w.request_ix(w.operator, WAD).await;
        ix.accounts[0].pubkey = signer.pubkey();
        assert_program_error(
            w.t.send(&[ix], &[&signer]).await,
            0,
            registry_error(RegistryError::NotSlashAuthority),
        );
    }
    // bad fractions
    let slash_authority = w.slash_authority.insecure_clone();
    for wad in [0, WAD + 1] {
        let (_, ix) = w.request_ix(w.operator, wad).await;
        assert_program_error(
            w.t.send(&[ix], &[&slash_authority]).await,
            0,
            registry_error(RegistryError::InvalidSlashWad),
        );
    }
    // the registry reads the operator's opt-in to the AVS: an operator that is not
    // registered, and one registered but never opted in, have none
    let bob = solana_keypair::Keypair::new();
    w.t.fund(&[&bob], SOL).await;
    let register = reg::register_operator(bob.pubkey(), crate::operator_args(2));
    w.t.send(&[register], &[&bob]).await.unwrap();
    for operator in [
        reg::pda::operator(&Pubkey::new_unique()),
        reg::pda::operator(&bob.pubkey()),
    ] {
        let (_, ix) = w.request_ix(operator, WAD).await;
        assert_program_error(
            w.t.send(&[ix], &[&slash_authority]).await,
            0,
            ACCOUNT_NOT_INITIALIZED,
        );
    }
    // in the opt-in's place: another registry account, and bob's opt-in to another AVS
    // (a real `OperatorAvs`, not of this AVS)
    let other_id = Pubkey::new_unique();
    let other_avs = reg::pda::avs(&other_id);
    let args = crate::local_avs_args(other_id, admin, Pubkey::new_unique());
    w.t.send(&[reg::register_avs(admin, args)], &[])
        .await
        .unwrap();
    w.t.send(&[reg::opt_in_avs(bob.pubkey(), other_avs)], &[&bob])
        .await
        .unwrap();
    let bob_elsewhere = reg::pda::operator_avs(&reg::pda::operator(&bob.pubkey()), &other_avs);
    for (opt_in, code) in [
        (w.avs, ACCOUNT_DISCRIMINATOR_MISMATCH),
        (bob_elsewhere, CONSTRAINT_SEEDS),
    ] {
        let (_, mut ix) = w.request_ix(w.operator, WAD).await;
        assert_eq!(
            ix.accounts[5].pubkey,
            reg::pda::operator_avs(&w.operator, &w.avs),
            "the opt-in's position"
        );
        ix.accounts[5].pubkey = opt_in;
        assert_program_error(w.t.send(&[ix], &[&slash_authority]).await, 0, code);
    }
    // a request account other than the next one
    let (_, mut ix) = w.request_ix(w.operator, WAD).await;
    ix.accounts[6].pubkey = reg::pda::slash_request(&w.avs, 1);
    assert_program_error(
        w.t.send(&[ix], &[&slash_authority]).await,
        0,
        CONSTRAINT_SEEDS,
    );
    // a deactivated AVS
    w.t.send(&[reg::set_avs_active(admin, w.avs, false)], &[])
        .await
        .unwrap();
    let (_, ix) = w.request_ix(w.operator, WAD).await;
    assert_program_error(
        w.t.send(&[ix], &[&slash_authority]).await,
        0,
        registry_error(RegistryError::AvsInactive),
    );
    assert_eq!(w.avs_state().await.request_count, 0);
    assert!(w
        .t
        .account(reg::pda::slash_request(&w.avs, 0))
        .await
        .is_none());

    // a remote AVS's requests arrive as guardian messages, never as a signature
    let id = Pubkey::new_unique();
    let remote = reg::pda::avs(&id);
    let args = RegisterAvsArgs {
        id,
        admin,
        kind: AvsKind::Remote {
            chain: 2,
            emitter: slash_authority.pubkey().to_bytes(),
        },
        max_slash_wad: WAD,
        destination: SlashDestination::Burn,
        metadata_uri: String::new(),
    };
    w.t.send(&[reg::register_avs(admin, args)], &[])
        .await
        .unwrap();
    // (the operator opted in to it, so that only the AVS's kind refuses the request)
    let op = w.op.insecure_clone();
    w.t.send(&[reg::opt_in_avs(op.pubkey(), remote)], &[&op])
        .await
        .unwrap();
    let ix = reg::request_slash(
        slash_authority.pubkey(),
        admin,
        remote,
        0,
        w.operator,
        RequestSlashArgs {
            wad: WAD,
            evidence_hash: [0; 32],
        },
    );
    assert_program_error(
        w.t.send(&[ix], &[&slash_authority]).await,
        0,
        registry_error(RegistryError::AvsNotLocal),
    );
}

#[tokio::test]
async fn a_prefunded_request_address_does_not_block_the_avs() {
    let mut w = World::new().await;
    w.operator_slashable().await;
    // the next two request addresses are public knowledge; a griefer sends the least a
    // transfer can leave there (rent exemption for no data), and more
    let rent = w.t.ctx.banks_client.get_rent().await.unwrap();
    let payer = w.admin.pubkey();
    let grief: Vec<_> = [(0, rent.minimum_balance(0)), (1, SOL)]
        .map(|(i, lamports)| {
            anchor_lang::solana_program::system_instruction::transfer(
                &payer,
                &reg::pda::slash_request(&w.avs, i),
                lamports,
            )
        })
        .to_vec();
    w.t.send(&grief, &[]).await.unwrap();
    let first = w.request(WAD / 2).await;
    let second = w.request(WAD / 3).await;
    let a: SlashRequest = w.t.decode(first).await;
    let b: SlashRequest = w.t.decode(second).await;
    assert_eq!((a.index, a.wad, b.index, b.wad), (0, WAD / 2, 1, WAD / 3));
    let second_account = w.t.account(second).await.unwrap();
    assert_eq!(
        second_account.lamports, SOL,
        "the griefer's lamports stay there"
    );
    assert_eq!(w.avs_state().await.request_count, 2);
}

#[tokio::test]
async fn veto_slash_by_the_veto_authority_up_to_the_deadline() {
    let mut w = World::new().await;
    w.operator_slashable().await;
    let (veto, alice) = (w.veto.insecure_clone(), w.alice.insecure_clone());
    let key = w.request(WAD).await;
    let deadline = w.request_state(key).await.veto_deadline_slot;
    assert_program_error(
        w.t.send(&[reg::veto_slash(alice.pubkey(), key)], &[&alice])
            .await,
        0,
        registry_error(RegistryError::NotVetoAuthority),
    );
    // the AVS's slash authority cannot veto either
    let slash_authority = w.slash_authority.insecure_clone();
    assert_program_error(
        w.t.send(
            &[reg::veto_slash(slash_authority.pubkey(), key)],
            &[&slash_authority],
        )
        .await,
        0,
        registry_error(RegistryError::NotVetoAuthority),
    );
    // a look-alike request: another registry account
    assert_program_error(
        w.t.send(&[reg::veto_slash(veto.pubkey(), w.avs)], &[&veto])
            .await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
    assert!(!w.request_state(key).await.vetoed);
    // the deadline slot itself is still in time
    w.t.warp_to_slot(deadline).await;
    let events =
        w.t.send_with_events(
            &[reg::veto_slash(veto.pubkey(), key)],
            &[&veto],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    assert!(w.request_state(key).await.vetoed);
    let event: SlashVetoed = decode::event(&events[0]).unwrap();
    assert_eq!(
        (
            event.request,
            event.avs,
            event.operator,
            event.veto_authority
        ),
        (key, w.avs, w.operator, veto.pubkey())
    );
    assert_eq!(event.slot, deadline);
    assert_program_error(
        w.t.send(&[reg::veto_slash(veto.pubkey(), key)], &[&veto])
            .await,
        0,
        registry_error(RegistryError::SlashVetoed),
    );
}

#[tokio::test]
async fn veto_slash_fails_after_the_deadline() {
    let mut w = World::new().await;
    w.operator_slashable().await;
    let veto = w.veto.insecure_clone();
    let key = w.request(WAD).await;
    let deadline = w.request_state(key).await.veto_deadline_slot;
    w.t.warp_to_slot(deadline + 1).await;
    assert_program_error(
        w.t.send(&[reg::veto_slash(veto.pubkey(), key)], &[&veto])
            .await,
        0,
        registry_error(RegistryError::VetoWindowClosed),
    );
    assert!(!w.request_state(key).await.vetoed);
}

/// The AVS's request against the world's operator is refused with `OperatorNotSlashable`
/// and records nothing.
async fn not_slashable(w: &mut World, slash_authority: &solana_keypair::Keypair) {
    let (key, ix) = w.request_ix(w.operator, WAD / 10).await;
    let avs_before = w.t.account(w.avs).await.unwrap();
    assert_program_error(
        w.t.send(&[ix], &[slash_authority]).await,
        0,
        registry_error(RegistryError::OperatorNotSlashable),
    );
    assert_eq!(w.t.account(w.avs).await.unwrap(), avs_before);
    assert!(w.t.account(key).await.is_none());
}

/// A request captures the current epoch, so it is refused unless the operator's opt-in to
/// the AVS is active in it: made in an earlier epoch, and not ended more than an epoch ago
/// (an opt-out during d keeps the operator slashable through d + 1). Refused early, with
/// nothing recorded: the AVS keeps its request numbers for requests that can execute.
#[tokio::test]
async fn request_slash_refuses_an_operator_not_slashable_in_the_current_epoch() {
    let mut w = World::new().await;
    let (op, slash_authority) = (w.op.insecure_clone(), w.slash_authority.insecure_clone());
    // opted in during epoch 0: not slashable before epoch 1, up to its last slot
    w.t.send(&[reg::opt_in_avs(op.pubkey(), w.avs)], &[&op])
        .await
        .unwrap();
    not_slashable(&mut w, &slash_authority).await;
    w.warp(0, EPOCH_LENGTH - 1).await;
    not_slashable(&mut w, &slash_authority).await;
    // from the first slot of epoch 1
    w.warp(1, 0).await;
    let first = w.request(WAD / 10).await;
    assert_eq!(w.request_state(first).await.capture_epoch, 1);
    // opted out during d = 2: still slashable through the last slot of d + 1
    w.warp(2, 50).await;
    w.t.send(&[reg::opt_out_avs(op.pubkey(), w.avs)], &[&op])
        .await
        .unwrap();
    let during_d = w.request(WAD / 10).await;
    w.warp(3, EPOCH_LENGTH - 1).await;
    let last = w.request(WAD / 10).await;
    assert_eq!(
        (
            w.request_state(during_d).await.capture_epoch,
            w.request_state(last).await.capture_epoch
        ),
        (2, 3)
    );
    // from the first slot of d + 2 no more
    w.warp(4, 0).await;
    not_slashable(&mut w, &slash_authority).await;
    assert_eq!(w.avs_state().await.request_count, 3);
}
