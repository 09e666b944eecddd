//! Registry configuration and roles: initialisation (once, bounded by the vault program's
//! epoch length), the two-step admin handover, the veto authority.
use anchor_lang::prelude::Pubkey;
use lrt_client::registry::{
    self as reg,
    decode::{self, AdminTransferStarted, AdminTransferred, RegistryConfig, RegistryInitialized},
};
use lrt_integration_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{anchor_codes::*, registry_args, registry_error, registry_params, World, EPOCH_LENGTH};
use lrt_client::registry::RegistryError;

#[tokio::test]
async fn initialize_registry_records_the_config_and_emits_it() {
    let mut w = World::bare().await;
    let admin = w.admin.pubkey();
    let ix = reg::initialize_registry(admin, None, registry_args(w.veto.pubkey()));
    let events =
        w.t.send_with_events(&[ix], &[], reg::REGISTRY_PROGRAM_ID)
            .await;
    let config: RegistryConfig = w.t.decode(reg::pda::registry_config()).await;
    assert_eq!(config.admin, admin);
    assert_eq!(config.pending_admin, None);
    assert_eq!(config.veto_authority, w.veto.pubkey());
    // in force at once and in every epoch: nothing is announced
    for epoch in [0, 1, u64::MAX] {
        assert_eq!(config.params_at(epoch), registry_params(), "epoch {epoch}");
    }
    assert_eq!(
        (config.next_params, config.params_effective_epoch),
        (config.params, 0)
    );
    assert_eq!(config.vault_program, lrt_vault::ID);
    let event: RegistryInitialized = decode::event(&events[0]).expect("RegistryInitialized");
    assert_eq!(
        (event.admin, event.veto_authority, event.epoch_length),
        (admin, w.veto.pubkey(), EPOCH_LENGTH)
    );
    assert_eq!(event.vault_program, lrt_vault::ID);
    assert_eq!(
        (
            event.veto_window_slots,
            event.resolution_delay_slots,
            event.max_vault_slash_bps_per_epoch,
            event.max_commission_bps
        ),
        (
            crate::VETO_WINDOW,
            crate::RESOLUTION_DELAY,
            crate::MAX_VAULT_BPS,
            crate::MAX_COMMISSION_BPS
        )
    );

    // once only
    let again = reg::initialize_registry(admin, None, registry_args(admin));
    assert_program_error(
        w.t.send(&[again], &[]).await,
        0,
        registry_error(RegistryError::AccountAlreadyExists),
    );
    let config: RegistryConfig = w.t.decode(reg::pda::registry_config()).await;
    assert_eq!(config.veto_authority, w.veto.pubkey(), "unchanged");
}

#[tokio::test]
async fn initialize_registry_bounds_the_veto_window_the_resolution_delay_and_both_caps() {
    let mut w = World::bare().await;
    let admin = w.admin.pubkey();
    let with = |veto_window_slots, resolution_delay_slots, max_vault_slash_bps_per_epoch| {
        let mut args = registry_args(admin);
        args.veto_window_slots = veto_window_slots;
        args.resolution_delay_slots = resolution_delay_slots;
        args.max_vault_slash_bps_per_epoch = max_vault_slash_bps_per_epoch;
        args.max_commission_bps = 10_000;
        reg::initialize_registry(admin, None, args)
    };
    // the window must be at least a slot and strictly shorter than an epoch
    for window in [0, EPOCH_LENGTH, EPOCH_LENGTH + 1] {
        assert_program_error(
            w.t.send(&[with(window, 50, 5_000)], &[]).await,
            0,
            registry_error(RegistryError::InvalidVetoWindow),
        );
    }
    // a slash stays cancellable for at most one epoch (a cancel then only ever has to
    // raise the buckets of epochs c+1 to c+3)
    assert_program_error(
        w.t.send(&[with(10, EPOCH_LENGTH + 1, 5_000)], &[]).await,
        0,
        registry_error(RegistryError::InvalidResolutionDelay),
    );
    for bps in [0, 10_001] {
        assert_program_error(
            w.t.send(&[with(10, 50, bps)], &[]).await,
            0,
            registry_error(RegistryError::InvalidVaultSlashCap),
        );
    }
    // a commission cap above 100%
    let mut args = registry_args(admin);
    args.max_commission_bps = 10_001;
    assert_program_error(
        w.t.send(&[reg::initialize_registry(admin, None, args)], &[])
            .await,
        0,
        registry_error(RegistryError::InvalidCommissionCap),
    );
    assert!(w.t.account(reg::pda::registry_config()).await.is_none());
    // the largest window, the longest delay and both full caps are accepted
    w.t.send(&[with(EPOCH_LENGTH - 1, EPOCH_LENGTH, 10_000)], &[])
        .await
        .unwrap();
    let config: RegistryConfig = w.t.decode(reg::pda::registry_config()).await;
    let params = config.params_at(0);
    assert_eq!(
        (
            params.veto_window_slots,
            params.resolution_delay_slots,
            params.max_vault_slash_bps_per_epoch,
            params.max_commission_bps
        ),
        (EPOCH_LENGTH - 1, EPOCH_LENGTH, 10_000, 10_000)
    );
}

#[tokio::test]
async fn initialize_registry_reads_only_the_vault_programs_config() {
    let mut w = World::bare().await;
    let admin = w.admin.pubkey();
    // another account of the vault program (the vault) in place of its Config
    let mut ix = reg::initialize_registry(admin, None, registry_args(admin));
    ix.accounts[2].pubkey = w.vault_key;
    assert_program_error(
        w.t.send(&[ix], &[]).await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
    // a wallet
    let mut ix = reg::initialize_registry(admin, None, registry_args(admin));
    ix.accounts[2].pubkey = w.alice.pubkey();
    assert_program_error(
        w.t.send(&[ix], &[]).await,
        0,
        ACCOUNT_OWNED_BY_WRONG_PROGRAM,
    );
    assert!(w.t.account(reg::pda::registry_config()).await.is_none());
}

#[tokio::test]
async fn a_prefunded_config_address_does_not_block_initialization() {
    let mut w = World::bare().await;
    let admin = w.admin.pubkey();
    let config_key = reg::pda::registry_config();
    let grief =
        anchor_lang::solana_program::system_instruction::transfer(&admin, &config_key, 1_000_000);
    w.t.send(&[grief], &[]).await.unwrap();
    let ix = reg::initialize_registry(admin, None, registry_args(w.veto.pubkey()));
    w.t.send(&[ix], &[]).await.unwrap();
    let account = w.t.account(config_key).await.unwrap();
    assert_eq!(account.owner, reg::REGISTRY_PROGRAM_ID);
    let rent = w.t.ctx.banks_client.get_rent().await.unwrap();
    assert_eq!(
        account.lamports,
        rent.minimum_balance(account.data.len()),
        "topped up to exactly rent-exempt"
    );
    let config: RegistryConfig = w.t.decode(config_key).await;
    assert_eq!(config.admin, admin);
}

#[tokio::test]
async fn admin_handover_takes_two_steps() {
    let mut w = World::new().await;
    let (admin, alice) = (w.admin.pubkey(), w.alice.insecure_clone());
    let successor = Keypair::new();
    w.t.fund(&[&successor], SOL).await;
    // only the admin proposes, on the real config
    let mut substituted = reg::transfer_admin(admin, successor.pubkey());
    substituted.accounts[1].pubkey = w.avs;
    assert_program_error(
        w.t.send(&[substituted], &[]).await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
    assert_program_error(
        w.t.send(
            &[reg::transfer_admin(alice.pubkey(), alice.pubkey())],
            &[&alice],
        )
        .await,
        0,
        registry_error(RegistryError::NotAdmin),
    );
    let events =
        w.t.send_with_events(
            &[reg::transfer_admin(admin, successor.pubkey())],
            &[],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let started: AdminTransferStarted = decode::event(&events[0]).unwrap();
    assert_eq!(
        (started.admin, started.pending_admin),
        (admin, successor.pubkey())
    );
    let config: RegistryConfig = w.t.decode(reg::pda::registry_config()).await;
    assert_eq!(
        (config.admin, config.pending_admin),
        (admin, Some(successor.pubkey()))
    );
    // nobody else accepts
    assert_program_error(
        w.t.send(&[reg::accept_admin(alice.pubkey())], &[&alice])
            .await,
        0,
        registry_error(RegistryError::NotPendingAdmin),
    );
    let events =
        w.t.send_with_events(
            &[reg::accept_admin(successor.pubkey())],
            &[&successor],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let done: AdminTransferred = decode::event(&events[0]).unwrap();
    assert_eq!(
        (done.previous_admin, done.new_admin),
        (admin, successor.pubkey())
    );
    let config: RegistryConfig = w.t.decode(reg::pda::registry_config()).await;
    assert_eq!(
        (config.admin, config.pending_admin),
        (successor.pubkey(), None)
    );
    // the old admin has no power left; accepting twice fails
    assert_program_error(
        w.t.send(&[reg::set_veto_authority(admin, admin)], &[])
            .await,
        0,
        registry_error(RegistryError::NotAdmin),
    );
    assert_program_error(
        w.t.send(&[reg::accept_admin(successor.pubkey())], &[&successor])
            .await,
        0,
        registry_error(RegistryError::NotPendingAdmin),
    );
}

#[tokio::test]
async fn only_the_admin_names_the_veto_authority() {
    let mut w = World::new().await;
    let (admin, alice) = (w.admin.pubkey(), w.alice.insecure_clone());
    let new_veto = Pubkey::new_unique();
    assert_program_error(
        w.t.send(
            &[reg::set_veto_authority(alice.pubkey(), new_veto)],
            &[&alice],
        )
        .await,
        0,
        registry_error(RegistryError::NotAdmin),
    );
    let config: RegistryConfig = w.t.decode(reg::pda::registry_config()).await;
    assert_eq!(config.veto_authority, w.veto.pubkey());
    let events =
        w.t.send_with_events(
            &[reg::set_veto_authority(admin, new_veto)],
            &[],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let event: decode::VetoAuthoritySet = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.previous_veto_authority, event.new_veto_authority),
        (w.veto.pubkey(), new_veto)
    );
    let config: RegistryConfig = w.t.decode(reg::pda::registry_config()).await;
    assert_eq!(config.veto_authority, new_veto);
    // a config substituted by another account of the registry is refused
    let mut ix = reg::set_veto_authority(admin, admin);
    ix.accounts[1].pubkey = w.operator;
    assert_program_error(
        w.t.send(&[ix], &[]).await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
}
