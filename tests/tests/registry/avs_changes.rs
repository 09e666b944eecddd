//! `announce_avs_change`: an AVS's slash authority, maximum slash and destination change
//! only with a full epoch of notice (DESIGN.md section 8; EigenLayer ELIP-013), and a
//! request keeps the maximum and destination in force when it was made, whatever is
//! announced after it.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    registry::{
        self as reg,
        decode::{self, Avs, AvsChangesAnnounced, SlashExecuted, SlashExecution},
        slasher_registry::{
            instructions::AnnounceAvsChangeArgs,
            state::{AvsKind, SlashDestination},
        },
        RegistryError,
    },
    state::{SlashEscrow, Vault},
};
use lrt_integration_tests::*;
use lrt_vault::constants::{INCINERATOR, WSOL_MINT};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{
    allocated, anchor_codes::*, pro_rata_taken, registry_error, World, ALLOCATION, EPOCH_LENGTH,
    STAKE, VAULT_VALUE,
};

fn kind(slash_authority: Pubkey) -> AvsKind {
    AvsKind::Local { slash_authority }
}

/// `announce_avs_change` of the world's AVS, signed by `authority`.
fn announce(w: &World, authority: Pubkey, args: AnnounceAvsChangeArgs) -> lrt_client::Instruction {
    reg::announce_avs_change(authority, w.avs, args)
}

#[tokio::test]
async fn announce_avs_change_is_for_the_avs_admin_or_the_registry_admin_with_sound_values() {
    let mut w = World::new().await;
    let (admin, avs_admin) = (w.admin.pubkey(), w.avs_admin.insecure_clone());
    let new_authority = Pubkey::new_unique();
    let good = AnnounceAvsChangeArgs {
        kind: Some(kind(new_authority)),
        ..Default::default()
    };
    let before = w.t.account(w.avs).await.unwrap();
    // anyone else: alice, the operator, the AVS's own slash authority
    for signer in [
        w.alice.insecure_clone(),
        w.op.insecure_clone(),
        w.slash_authority.insecure_clone(),
    ] {
        assert_program_error(
            w.t.send(&[announce(&w, signer.pubkey(), good)], &[&signer])
                .await,
            0,
            registry_error(RegistryError::NotAvsAdmin),
        );
    }
    // another registry account in the AVS's place
    let mut ix = announce(&w, admin, good);
    ix.accounts[3].pubkey = w.operator;
    assert_program_error(
        w.t.send(&[ix], &[]).await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
    // each value as at registration; nothing new
    let with = |args: AnnounceAvsChangeArgs| announce(&w, admin, args);
    let none = AnnounceAvsChangeArgs::default();
    let cases = [
        (
            with(AnnounceAvsChangeArgs {
                kind: Some(kind(Pubkey::default())),
                ..none
            }),
            RegistryError::InvalidAvsKind,
        ),
        (
            with(AnnounceAvsChangeArgs {
                kind: Some(AvsKind::Remote {
                    chain: 0,
                    emitter: [1; 32],
                }),
                ..none
            }),
            RegistryError::InvalidAvsKind,
        ),
        (
            with(AnnounceAvsChangeArgs {
                max_slash_wad: Some(0),
                ..none
            }),
            RegistryError::InvalidMaxSlash,
        ),
        (
            with(AnnounceAvsChangeArgs {
                max_slash_wad: Some(WAD + 1),
                ..none
            }),
            RegistryError::InvalidMaxSlash,
        ),
        (
            with(AnnounceAvsChangeArgs {
                destination: Some(SlashDestination::Recipient {
                    owner: Pubkey::default(),
                }),
                ..none
            }),
            RegistryError::InvalidDestination,
        ),
        (with(none), RegistryError::NothingToAnnounce),
        (
            with(AnnounceAvsChangeArgs {
                kind: Some(kind(w.slash_authority.pubkey())),
                max_slash_wad: Some(WAD),
                destination: Some(SlashDestination::Burn),
            }),
            RegistryError::NothingToAnnounce,
        ),
    ];
    for (ix, error) in cases {
        assert_program_error(w.t.send(&[ix], &[]).await, 0, registry_error(error));
    }
    assert_eq!(w.t.account(w.avs).await.unwrap(), before, "unchanged");

    // the AVS's admin announces a new authority during 0; then the registry admin a
    // maximum during 1, which keeps the authority announced and moves both to 3
    let events =
        w.t.send_with_events(
            &[announce(&w, avs_admin.pubkey(), good)],
            &[&avs_admin],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let avs: Avs = w.avs_state().await;
    let old = kind(w.slash_authority.pubkey());
    assert_eq!(
        (avs.kind, avs.next_kind, avs.changes_effective_epoch),
        (old, kind(new_authority), 2)
    );
    assert_eq!([1, 2].map(|e| avs.kind_at(e)), [old, kind(new_authority)]);
    assert_eq!(
        (avs.max_slash_wad_at(2), avs.destination_at(2)),
        (WAD, SlashDestination::Burn)
    );
    let event: AvsChangesAnnounced = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.avs, event.by, event.epoch, event.effective_epoch),
        (w.avs, avs_admin.pubkey(), 0, 2)
    );
    assert_eq!((event.kind, event.next_kind), (old, kind(new_authority)));
    assert_eq!((event.max_slash_wad, event.next_max_slash_wad), (WAD, WAD));
    assert_eq!(
        (event.destination, event.next_destination),
        (SlashDestination::Burn, SlashDestination::Burn)
    );

    w.warp(1, 0).await;
    let max = AnnounceAvsChangeArgs {
        max_slash_wad: Some(WAD / 4),
        ..none
    };
    let events =
        w.t.send_with_events(&[announce(&w, admin, max)], &[], reg::REGISTRY_PROGRAM_ID)
            .await;
    let avs: Avs = w.avs_state().await;
    assert_eq!(avs.changes_effective_epoch, 3);
    assert_eq!([2, 3].map(|e| avs.kind_at(e)), [old, kind(new_authority)]);
    assert_eq!([2, 3].map(|e| avs.max_slash_wad_at(e)), [WAD, WAD / 4]);
    let event: AvsChangesAnnounced = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.by, event.epoch, event.effective_epoch),
        (admin, 1, 3)
    );
    assert_eq!(
        (event.kind, event.next_kind, event.next_max_slash_wad),
        (old, kind(new_authority), WAD / 4)
    );
    assert!(avs.active, "untouched");
    assert_eq!((avs.admin, avs.request_count), (avs_admin.pubkey(), 0));
}

/// The request of `signer` (as the AVS's slash authority) against the world's operator:
/// refused with `NotSlashAuthority`, and nothing recorded.
async fn refused(w: &mut World, signer: &Keypair) {
    let (key, mut ix) = w.request_ix(w.operator, WAD / 10).await;
    ix.accounts[0].pubkey = signer.pubkey();
    let before = w.t.account(w.avs).await.unwrap();
    assert_program_error(
        w.t.send(&[ix], &[signer]).await,
        0,
        registry_error(RegistryError::NotSlashAuthority),
    );
    assert_eq!(w.t.account(w.avs).await.unwrap(), before);
    assert!(w.t.account(key).await.is_none());
}

/// The request of `signer` against the world's operator succeeds.
async fn accepted(w: &mut World, signer: &Keypair) {
    let (key, mut ix) = w.request_ix(w.operator, WAD / 10).await;
    ix.accounts[0].pubkey = signer.pubkey();
    w.t.send(&[ix], &[signer]).await.unwrap();
    let request = w.request_state(key).await;
    assert_eq!(request.capture_epoch, w.epoch().await);
}

#[tokio::test]
async fn a_new_slash_authority_requests_from_e_plus_2_and_the_old_one_until_then() {
    let mut w = World::new().await;
    w.operator_slashable().await;
    let (old, avs_admin) = (
        w.slash_authority.insecure_clone(),
        w.avs_admin.insecure_clone(),
    );
    let new = Keypair::new();
    let e = 1;
    w.warp(e, EPOCH_LENGTH - 1).await;
    let args = AnnounceAvsChangeArgs {
        kind: Some(kind(new.pubkey())),
        ..Default::default()
    };
    let ix = announce(&w, avs_admin.pubkey(), args);
    w.t.send(&[ix], &[&avs_admin]).await.unwrap();
    let avs: Avs = w.avs_state().await;
    assert_eq!(
        [e, e + 1, e + 2].map(|x| avs.kind_at(x)),
        [kind(old.pubkey()), kind(old.pubkey()), kind(new.pubkey())]
    );

    // in the announcement's slot, then through the last slot of e + 1: only the old one
    refused(&mut w, &new).await;
    accepted(&mut w, &old).await;
    for offset in [0, EPOCH_LENGTH - 1] {
        w.warp(e + 1, offset).await;
        refused(&mut w, &new).await;
        accepted(&mut w, &old).await;
    }
    // from the first slot of e + 2: only the new one
    w.warp(e + 2, 0).await;
    refused(&mut w, &old).await;
    accepted(&mut w, &new).await;
    assert_eq!(w.avs_state().await.request_count, 4);
}

#[tokio::test]
async fn a_pending_request_keeps_the_destination_and_maximum_in_force_when_it_was_made() {
    let mut w = World::staked().await;
    let avs_admin = w.avs_admin.insecure_clone();
    let recipient = Pubkey::new_unique();
    let paid = SlashDestination::Recipient { owner: recipient };
    // during 1 (its last slot): slashed tokens go to a recipient, and a request takes at
    // most 10%, from 3
    w.warp(1, EPOCH_LENGTH - 1).await;
    let args = AnnounceAvsChangeArgs {
        kind: None,
        max_slash_wad: Some(WAD / 10),
        destination: Some(paid),
    };
    let ix = announce(&w, avs_admin.pubkey(), args);
    w.t.send(&[ix], &[&avs_admin]).await.unwrap();

    // a 20% request made during 2 keeps the old rules; the same request during 3 the new
    w.warp(2, 50).await;
    let before = w.request(WAD / 5).await;
    w.warp(3, 0).await;
    let after = w.request(WAD / 5).await;
    let (b, a) = (w.request_state(before).await, w.request_state(after).await);
    assert_eq!(
        (b.capture_epoch, b.max_slash_wad, b.destination),
        (2, WAD, SlashDestination::Burn)
    );
    assert_eq!(
        (a.capture_epoch, a.max_slash_wad, a.destination),
        (3, WAD / 10, paid)
    );

    // executed during 3, after the change applied: 20% of the stake at 2, burnt
    let ixs = w.execute_ixs(before, w.vault_key).await;
    let events =
        w.t.send_with_events(&ixs, &[], reg::REGISTRY_PROGRAM_ID)
            .await;
    let loss_before = (u128::from(STAKE) * (WAD / 5)).div_ceil(WAD) as u64;
    let exec: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&before, &w.vault_key))
            .await;
    assert_eq!(exec.loss_lamports, loss_before);
    let event: SlashExecuted = find_event(&events).unwrap();
    assert_eq!(
        (event.effective_wad, event.destination),
        (WAD / 5, SlashDestination::Burn)
    );
    let escrow_before: SlashEscrow = w.t.decode(pda::escrow(&w.vault_key, &before)).await;
    assert_eq!(escrow_before.destination, SlashDestination::Burn);

    // the request made during 3: at most 10% of the stake at 3, to the recipient
    let stake_3 = allocated(
        ALLOCATION,
        VAULT_VALUE - pro_rata_taken(VAULT_VALUE, loss_before),
    );
    w.past_deadline(after).await;
    let ixs = w.execute_ixs(after, w.vault_key).await;
    let events =
        w.t.send_with_events(&ixs, &[], reg::REGISTRY_PROGRAM_ID)
            .await;
    let exec: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&after, &w.vault_key))
            .await;
    let loss_after = (u128::from(stake_3) * (WAD / 10)).div_ceil(WAD) as u64;
    assert_eq!(
        (exec.stake_lamports, exec.loss_lamports),
        (stake_3, loss_after)
    );
    let event: SlashExecuted = find_event(&events).unwrap();
    assert_eq!((event.effective_wad, event.destination), (WAD / 10, paid));
    let escrow_after: SlashEscrow = w.t.decode(pda::escrow(&w.vault_key, &after)).await;
    assert_eq!(escrow_after.destination, paid);

    // swept once resolved: the old request's tokens to the incinerator, the new one's to
    // the recipient
    w.t.warp_to_slot(
        escrow_before
            .resolve_after_slot
            .max(escrow_after.resolve_after_slot),
    )
    .await;
    let vault: Vault = w.t.decode(w.vault_key).await;
    let payer = w.admin.pubkey();
    let wsol_account = |owner: Pubkey| {
        anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
            &payer,
            &owner,
            &WSOL_MINT,
            &anchor_spl::token::ID,
        )
    };
    let sweeps = [
        wsol_account(INCINERATOR),
        wsol_account(recipient),
        build::sweep_escrow(&vault, &escrow_before, 0),
        build::sweep_escrow(&vault, &escrow_after, 0),
    ];
    w.t.send(&sweeps, &[]).await.unwrap();
    let ata =
        |owner: Pubkey| pda::associated_token_account(&owner, &WSOL_MINT, &anchor_spl::token::ID);
    assert_eq!(
        w.t.token_balance(ata(INCINERATOR)).await,
        escrow_before.amounts[0]
    );
    assert_eq!(
        w.t.token_balance(ata(recipient)).await,
        escrow_after.amounts[0]
    );
    assert!(escrow_before.amounts[0] >= loss_before && escrow_after.amounts[0] >= loss_after);
}
