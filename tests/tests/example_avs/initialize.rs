//! `initialize` and `set_slash_wad`: only the registry AVS's admin, only for a registry
//! AVS that names this program's slash authority, only a fraction in (0, 100%].
use anchor_lang::{prelude::Pubkey, Space};
use lrt_client::{
    avs::{
        self,
        decode::{AvsConfig, AvsInitialized, SlashWadSet},
        example_avs::instructions::InitializeArgs,
        AvsError,
    },
    registry::{self as reg, slasher_registry::state::AvsKind},
};
use lrt_integration_tests::*;
use solana_account::{Account, AccountSharedData};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::world::*;

#[tokio::test]
async fn initialize_records_the_registry_avs_its_admin_and_the_slash_fraction() {
    let mut w = World::registered().await;
    let admin = w.avs_admin.insecure_clone();
    let ix = avs::initialize(
        admin.pubkey(),
        w.avs,
        InitializeArgs {
            slash_wad: SLASH_WAD,
        },
    );
    let events =
        w.t.send_with_events(&[ix], &[&admin], avs::AVS_PROGRAM_ID)
            .await;

    // the config PDA is also the slash authority the registry AVS names (one account for
    // both keeps a whole report in one transaction)
    let (config_key, config_bump) =
        Pubkey::find_program_address(&[b"config"], &avs::AVS_PROGRAM_ID);
    assert_eq!(config_key, avs::pda::config());
    assert_eq!(avs::pda::slash_authority(), config_key);
    let config = w.config().await;
    assert_eq!(config.admin, admin.pubkey());
    assert_eq!(config.avs, w.avs);
    assert_eq!(config.avs_id, avs::AVS_PROGRAM_ID);
    assert_eq!(config.slash_wad, SLASH_WAD);
    assert_eq!(config.equivocations, 0);
    assert_eq!(config.bump, config_bump);
    assert_eq!(config.reserved, [0; 57]);
    let event: AvsInitialized = find_event(&events).expect("AvsInitialized");
    assert_eq!(
        (event.config, event.admin, event.avs, event.avs_id),
        (config_key, admin.pubkey(), w.avs, avs::AVS_PROGRAM_ID)
    );
    assert_eq!(
        (event.slash_authority, event.slash_wad),
        (config_key, SLASH_WAD)
    );

    // once only
    let again = avs::initialize(admin.pubkey(), w.avs, InitializeArgs { slash_wad: 1 });
    let before = w.t.account(config_key).await;
    assert_program_error(
        w.t.send(&[again], &[&admin]).await,
        0,
        avs_error(AvsError::AccountAlreadyExists),
    );
    assert_eq!(w.t.account(config_key).await, before);
}

#[tokio::test]
async fn initialize_refuses_anyone_but_the_registry_avs_admin() {
    let mut w = World::registered().await;
    let mallory = Keypair::new();
    w.t.fund(&[&mallory], SOL).await;
    let ix = |admin: Pubkey| {
        avs::initialize(
            admin,
            w.avs,
            InitializeArgs {
                slash_wad: SLASH_WAD,
            },
        )
    };
    // a stranger, and the registry admin itself (who chose the AVS admin but is not it)
    assert_program_error(
        w.t.send(&[ix(mallory.pubkey())], &[&mallory]).await,
        0,
        avs_error(AvsError::NotAvsAdmin),
    );
    let registry_admin = w.admin.pubkey();
    assert_program_error(
        w.t.send(&[ix(registry_admin)], &[]).await,
        0,
        avs_error(AvsError::NotAvsAdmin),
    );
    assert!(w.t.account(avs::pda::config()).await.is_none());
    // control: the AVS admin
    w.initialize(SLASH_WAD).await.unwrap();
    assert_eq!(w.config().await.admin, w.avs_admin.pubkey());
}

#[tokio::test]
async fn initialize_refuses_a_registry_avs_that_names_another_slash_authority() {
    let mut w = World::registered().await;
    let admin = w.avs_admin.insecure_clone();
    // a local AVS whose authority is a plain key; one naming this program's former
    // `["slash_authority"]` PDA (before the config became the signer); a remote AVS
    let former = Pubkey::find_program_address(&[b"slash_authority"], &avs::AVS_PROGRAM_ID).0;
    let kinds = [
        AvsKind::Local {
            slash_authority: admin.pubkey(),
        },
        AvsKind::Local {
            slash_authority: former,
        },
        AvsKind::Remote {
            chain: 2,
            emitter: [7; 32],
        },
    ];
    for kind in kinds {
        let id = Pubkey::new_unique();
        let mut args = avs_args(admin.pubkey(), avs::pda::slash_authority());
        (args.id, args.kind) = (id, kind);
        let registry_admin = w.admin.pubkey();
        w.t.send(&[reg::register_avs(registry_admin, args)], &[])
            .await
            .unwrap();
        let ix = avs::initialize(
            admin.pubkey(),
            reg::pda::avs(&id),
            InitializeArgs {
                slash_wad: SLASH_WAD,
            },
        );
        assert_program_error(
            w.t.send(&[ix], &[&admin]).await,
            0,
            avs_error(AvsError::NotOurSlashAuthority),
        );
    }
    assert!(w.t.account(avs::pda::config()).await.is_none());
}

#[tokio::test]
async fn initialize_refuses_a_look_alike_avs_account() {
    let mut w = World::registered().await;
    // the real AVS's bytes at another address, owned by the system program
    let real = w.t.account(w.avs).await.unwrap();
    let fake = Pubkey::new_unique();
    let look_alike = Account {
        owner: anchor_lang::system_program::ID,
        ..real
    };
    w.t.ctx
        .set_account(&fake, &AccountSharedData::from(look_alike));
    let admin = w.avs_admin.insecure_clone();
    let ix = avs::initialize(
        admin.pubkey(),
        fake,
        InitializeArgs {
            slash_wad: SLASH_WAD,
        },
    );
    // Anchor's AccountOwnedByWrongProgram
    assert_program_error(w.t.send(&[ix], &[&admin]).await, 0, 3007);
    assert!(w.t.account(avs::pda::config()).await.is_none());
}

#[tokio::test]
async fn initialize_refuses_a_slash_fraction_of_zero_or_above_100_percent() {
    let mut w = World::registered().await;
    for slash_wad in [0, WAD + 1] {
        assert_program_error(
            w.initialize(slash_wad).await,
            0,
            avs_error(AvsError::InvalidSlashWad),
        );
    }
    assert!(w.t.account(avs::pda::config()).await.is_none());
    w.initialize(WAD).await.unwrap();
    assert_eq!(w.config().await.slash_wad, WAD);
}

#[tokio::test]
async fn initialize_works_at_a_prefunded_config_address() {
    let mut w = World::registered().await;
    let config_key = avs::pda::config();
    let grief = anchor_lang::solana_program::system_instruction::transfer(
        &w.admin.pubkey(),
        &config_key,
        1_000_000,
    );
    w.t.send(&[grief], &[]).await.unwrap();
    w.initialize(SLASH_WAD).await.unwrap();
    let account = w.t.account(config_key).await.unwrap();
    let rent = w.t.ctx.banks_client.get_rent().await.unwrap();
    assert_eq!(account.owner, avs::AVS_PROGRAM_ID);
    assert_eq!(account.data.len(), 8 + AvsConfig::INIT_SPACE);
    // topped up to exactly the rent minimum (the pre-funding was below it)
    assert_eq!(account.lamports, rent.minimum_balance(account.data.len()));
    assert_eq!(w.config().await.slash_wad, SLASH_WAD);
}

#[tokio::test]
async fn set_slash_wad_only_by_the_admin_within_bounds() {
    let mut w = World::new().await;
    let admin = w.avs_admin.insecure_clone();
    let mallory = Keypair::new();
    w.t.fund(&[&mallory], SOL).await;
    let before = w.t.account(avs::pda::config()).await;
    assert_program_error(
        w.t.send(
            &[avs::set_slash_wad(mallory.pubkey(), WAD / 2)],
            &[&mallory],
        )
        .await,
        0,
        avs_error(AvsError::NotAdmin),
    );
    for bad in [0, WAD + 1] {
        assert_program_error(
            w.t.send(&[avs::set_slash_wad(admin.pubkey(), bad)], &[&admin])
                .await,
            0,
            avs_error(AvsError::InvalidSlashWad),
        );
    }
    assert_eq!(w.t.account(avs::pda::config()).await, before);

    let events =
        w.t.send_with_events(
            &[avs::set_slash_wad(admin.pubkey(), WAD / 2)],
            &[&admin],
            avs::AVS_PROGRAM_ID,
        )
        .await;
    assert_eq!(w.config().await.slash_wad, WAD / 2);
    let event: SlashWadSet = find_event(&events).expect("SlashWadSet");
    assert_eq!(
        (event.admin, event.previous_slash_wad, event.slash_wad),
        (admin.pubkey(), SLASH_WAD, WAD / 2)
    );
}
