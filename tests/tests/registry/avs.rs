//! AVSs: registration by the registry admin (local or remote, burn or recipient), the
//! limits on their settings, and who may deactivate and reactivate them.
use anchor_lang::prelude::Pubkey;
use lrt_client::registry::{
    self as reg,
    decode::{self, Avs, AvsActiveSet, AvsRegistered},
    slasher_registry::{
        instructions::RegisterAvsArgs,
        state::{AvsKind, SlashDestination},
    },
    RegistryError,
};
use lrt_integration_tests::*;
use solana_signer::Signer;

use crate::{anchor_codes::*, local_avs_args, registry_error, World};

#[tokio::test]
async fn register_avs_records_local_and_remote_services() {
    let mut w = World::new().await;
    let admin = w.admin.pubkey();
    // the world's AVS, registered in World::new
    let avs: Avs = w.t.decode(w.avs).await;
    assert_eq!(avs.id, w.avs_id);
    assert_eq!(avs.admin, w.avs_admin.pubkey());
    // in force at once and in every epoch: nothing is announced
    for epoch in [0, 1, u64::MAX] {
        assert_eq!(
            avs.kind_at(epoch),
            AvsKind::Local {
                slash_authority: w.slash_authority.pubkey()
            }
        );
        assert_eq!(avs.max_slash_wad_at(epoch), WAD);
        assert_eq!(avs.destination_at(epoch), SlashDestination::Burn);
    }
    assert_eq!(avs.changes_effective_epoch, 0);
    assert!(avs.active);
    assert_eq!(avs.request_count, 0);

    // a remote AVS paying a recipient, with the longest uri
    let id = Pubkey::new_unique();
    let recipient = Pubkey::new_unique();
    let args = RegisterAvsArgs {
        id,
        admin: recipient,
        kind: AvsKind::Remote {
            chain: 2,
            emitter: [5; 32],
        },
        max_slash_wad: WAD / 10,
        destination: SlashDestination::Recipient { owner: recipient },
        metadata_uri: "m".repeat(200),
    };
    let events =
        w.t.send_with_events(
            &[reg::register_avs(admin, args.clone())],
            &[],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let avs: Avs = w.t.decode(reg::pda::avs(&id)).await;
    for epoch in [0, u64::MAX] {
        assert_eq!(avs.kind_at(epoch), args.kind);
        assert_eq!(avs.max_slash_wad_at(epoch), WAD / 10);
        assert_eq!(avs.destination_at(epoch), args.destination);
    }
    assert_eq!(avs.changes_effective_epoch, 0);
    assert_eq!(avs.metadata_uri, args.metadata_uri);
    assert!(avs.active);
    let event: AvsRegistered = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.avs, event.id, event.admin),
        (reg::pda::avs(&id), id, recipient)
    );
    assert_eq!(event.kind, args.kind);
    assert_eq!(event.destination, args.destination);

    // one AVS per id
    assert_program_error(
        w.t.send(&[reg::register_avs(admin, args)], &[]).await,
        0,
        registry_error(RegistryError::AccountAlreadyExists),
    );
}

#[tokio::test]
async fn register_avs_is_for_the_registry_admin_with_sound_settings() {
    let mut w = World::new().await;
    let (admin, alice) = (w.admin.pubkey(), w.alice.insecure_clone());
    let id = Pubkey::new_unique();
    let good = local_avs_args(id, admin, Pubkey::new_unique());
    assert_program_error(
        w.t.send(
            &[reg::register_avs(alice.pubkey(), good.clone())],
            &[&alice],
        )
        .await,
        0,
        registry_error(RegistryError::NotAdmin),
    );
    let with = |f: &dyn Fn(&mut RegisterAvsArgs)| {
        let mut args = good.clone();
        f(&mut args);
        reg::register_avs(admin, args)
    };
    let cases = [
        (
            with(&|a| a.max_slash_wad = 0),
            RegistryError::InvalidMaxSlash,
        ),
        (
            with(&|a| a.max_slash_wad = WAD + 1),
            RegistryError::InvalidMaxSlash,
        ),
        (
            with(&|a| {
                a.kind = AvsKind::Local {
                    slash_authority: Pubkey::default(),
                }
            }),
            RegistryError::InvalidAvsKind,
        ),
        (
            with(&|a| {
                a.kind = AvsKind::Remote {
                    chain: 0,
                    emitter: [1; 32],
                }
            }),
            RegistryError::InvalidAvsKind,
        ),
        (
            with(&|a| {
                a.kind = AvsKind::Remote {
                    chain: 2,
                    emitter: [0; 32],
                }
            }),
            RegistryError::InvalidAvsKind,
        ),
        (
            with(&|a| {
                a.destination = SlashDestination::Recipient {
                    owner: Pubkey::default(),
                }
            }),
            RegistryError::InvalidDestination,
        ),
        (
            with(&|a| a.metadata_uri = "m".repeat(201)),
            RegistryError::MetadataTooLong,
        ),
    ];
    for (ix, error) in cases {
        assert_program_error(w.t.send(&[ix], &[]).await, 0, registry_error(error));
    }
    assert!(w.t.account(reg::pda::avs(&id)).await.is_none());
    // the account of another id
    let mut ix = reg::register_avs(admin, good.clone());
    ix.accounts[2].pubkey = reg::pda::avs(&Pubkey::new_unique());
    assert_program_error(w.t.send(&[ix], &[]).await, 0, CONSTRAINT_SEEDS);
    // a registry config substituted by another registry account
    let mut ix = reg::register_avs(admin, good);
    ix.accounts[1].pubkey = w.operator;
    assert_program_error(
        w.t.send(&[ix], &[]).await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
}

#[tokio::test]
async fn avs_admin_or_registry_admin_deactivates_only_the_registry_admin_reactivates() {
    let mut w = World::new().await;
    let (admin, alice, avs_admin) = (
        w.admin.pubkey(),
        w.alice.insecure_clone(),
        w.avs_admin.insecure_clone(),
    );
    let avs = w.avs;
    assert_program_error(
        w.t.send(
            &[reg::set_avs_active(alice.pubkey(), avs, false)],
            &[&alice],
        )
        .await,
        0,
        registry_error(RegistryError::NotAvsAdmin),
    );
    assert!(w.avs_state().await.active);

    let events =
        w.t.send_with_events(
            &[reg::set_avs_active(avs_admin.pubkey(), avs, false)],
            &[&avs_admin],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    assert!(!w.avs_state().await.active);
    let event: AvsActiveSet = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.avs, event.by, event.active),
        (avs, avs_admin.pubkey(), false)
    );
    // the AVS's own admin cannot bring it back; a stranger even less
    assert_program_error(
        w.t.send(
            &[reg::set_avs_active(avs_admin.pubkey(), avs, true)],
            &[&avs_admin],
        )
        .await,
        0,
        registry_error(RegistryError::OnlyAdminReactivates),
    );
    assert_program_error(
        w.t.send(&[reg::set_avs_active(alice.pubkey(), avs, true)], &[&alice])
            .await,
        0,
        registry_error(RegistryError::NotAvsAdmin),
    );
    assert!(!w.avs_state().await.active);
    w.t.send(&[reg::set_avs_active(admin, avs, true)], &[])
        .await
        .unwrap();
    assert!(w.avs_state().await.active);
    // the registry admin may deactivate too
    w.t.send(&[reg::set_avs_active(admin, avs, false)], &[])
        .await
        .unwrap();
    assert!(!w.avs_state().await.active);
    // an operator account in the AVS's place
    assert_program_error(
        w.t.send(&[reg::set_avs_active(admin, w.operator, true)], &[])
            .await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
}
