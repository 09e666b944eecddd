//! Opt-ins of operators and vaults to AVSs: who signs, the epochs they record, opting
//! out, and opting in again only once the old window can no longer be slashed.
//! (Whether an opt-in is active at a capture epoch is exercised through real executions
//! in `execute.rs`.)
use anchor_lang::prelude::Pubkey;
use lrt_client::registry::{
    self as reg,
    decode::{self, OperatorAvs, OperatorOptedIn, OperatorOptedOut, VaultAvs, VaultOptedIn},
    slasher_registry::state::{EpochSlashed, OptInWindow},
    RegistryError,
};
use lrt_integration_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{anchor_codes::*, local_avs_args, operator_args, registry_error, World, EPOCH_LENGTH};

const OPTED_IN: u64 = u64::MAX;

#[tokio::test]
async fn operator_opt_in_records_its_epoch_and_needs_the_authority_and_an_active_avs() {
    let mut w = World::new().await;
    let (op, alice) = (w.op.insecure_clone(), w.alice.insecure_clone());
    w.warp(3, 7).await;
    let key = reg::pda::operator_avs(&w.operator, &w.avs);
    // alice signs for the world's operator
    let mut forged = reg::opt_in_avs(alice.pubkey(), w.avs);
    forged.accounts[2].pubkey = w.operator;
    forged.accounts[4].pubkey = key;
    assert_program_error(
        w.t.send(&[forged], &[&alice]).await,
        0,
        registry_error(RegistryError::NotOperatorAuthority),
    );
    // the opt-in account of another AVS
    let mut substituted = reg::opt_in_avs(op.pubkey(), w.avs);
    substituted.accounts[4].pubkey = reg::pda::operator_avs(&w.operator, &Pubkey::new_unique());
    assert_program_error(w.t.send(&[substituted], &[&op]).await, 0, CONSTRAINT_SEEDS);
    assert!(w.t.account(key).await.is_none());

    let events =
        w.t.send_with_events(
            &[reg::opt_in_avs(op.pubkey(), w.avs)],
            &[&op],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let opt_in: OperatorAvs = w.t.decode(key).await;
    assert_eq!((opt_in.operator, opt_in.avs), (w.operator, w.avs));
    assert_eq!(
        opt_in.window,
        OptInWindow {
            activation_epoch: 3,
            deactivation_epoch: OPTED_IN
        }
    );
    let event: OperatorOptedIn = decode::event(&events[0]).unwrap();
    assert_eq!(
        (
            event.operator,
            event.avs,
            event.operator_avs,
            event.activation_epoch
        ),
        (w.operator, w.avs, key, 3)
    );
    assert_program_error(
        w.t.send(&[reg::opt_in_avs(op.pubkey(), w.avs)], &[&op])
            .await,
        0,
        registry_error(RegistryError::AlreadyOptedIn),
    );

    // an inactive AVS takes no opt-ins
    let bob = Keypair::new();
    w.t.fund(&[&bob], SOL).await;
    w.t.send(
        &[reg::register_operator(bob.pubkey(), operator_args(2))],
        &[&bob],
    )
    .await
    .unwrap();
    let admin = w.admin.pubkey();
    w.t.send(&[reg::set_avs_active(admin, w.avs, false)], &[])
        .await
        .unwrap();
    assert_program_error(
        w.t.send(&[reg::opt_in_avs(bob.pubkey(), w.avs)], &[&bob])
            .await,
        0,
        registry_error(RegistryError::AvsInactive),
    );
    let bob_operator = reg::pda::operator(&bob.pubkey());
    assert!(w
        .t
        .account(reg::pda::operator_avs(&bob_operator, &w.avs))
        .await
        .is_none());
    // an unregistered operator cannot opt in at all
    let carol = Keypair::new();
    w.t.fund(&[&carol], SOL).await;
    assert_program_error(
        w.t.send(&[reg::opt_in_avs(carol.pubkey(), w.avs)], &[&carol])
            .await,
        0,
        ACCOUNT_NOT_INITIALIZED,
    );
}

#[tokio::test]
async fn operator_opts_out_and_in_again_only_after_the_old_window_is_over() {
    let mut w = World::new().await;
    let (op, alice) = (w.op.insecure_clone(), w.alice.insecure_clone());
    let key = reg::pda::operator_avs(&w.operator, &w.avs);
    // never opted in: nothing to opt out of
    assert_program_error(
        w.t.send(&[reg::opt_out_avs(op.pubkey(), w.avs)], &[&op])
            .await,
        0,
        ACCOUNT_NOT_INITIALIZED,
    );
    w.t.send(&[reg::opt_in_avs(op.pubkey(), w.avs)], &[&op])
        .await
        .unwrap();
    // opt out during epoch d = 2
    w.warp(2, 50).await;
    let mut forged = reg::opt_out_avs(alice.pubkey(), w.avs);
    forged.accounts[2].pubkey = w.operator;
    forged.accounts[4].pubkey = key;
    assert_program_error(
        w.t.send(&[forged], &[&alice]).await,
        0,
        registry_error(RegistryError::NotOperatorAuthority),
    );
    // the opt-in of the world's AVS passed with another AVS
    let admin = w.admin.pubkey();
    let other_id = Pubkey::new_unique();
    let args = local_avs_args(other_id, admin, Pubkey::new_unique());
    w.t.send(&[reg::register_avs(admin, args)], &[])
        .await
        .unwrap();
    let mut substituted = reg::opt_out_avs(op.pubkey(), reg::pda::avs(&other_id));
    substituted.accounts[4].pubkey = key;
    assert_program_error(w.t.send(&[substituted], &[&op]).await, 0, CONSTRAINT_SEEDS);
    let events =
        w.t.send_with_events(
            &[reg::opt_out_avs(op.pubkey(), w.avs)],
            &[&op],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let opt_in: OperatorAvs = w.t.decode(key).await;
    assert_eq!(
        opt_in.window,
        OptInWindow {
            activation_epoch: 0,
            deactivation_epoch: 2
        }
    );
    let event: OperatorOptedOut = decode::event(&events[0]).unwrap();
    assert_eq!((event.activation_epoch, event.deactivation_epoch), (0, 2));
    assert_program_error(
        w.t.send(&[reg::opt_out_avs(op.pubkey(), w.avs)], &[&op])
            .await,
        0,
        registry_error(RegistryError::NotOptedIn),
    );
    // captures <= 3 can execute until the end of epoch 4: no new opt-in before epoch 5
    for slot in [
        2 * EPOCH_LENGTH + 51,
        3 * EPOCH_LENGTH,
        5 * EPOCH_LENGTH - 1,
    ] {
        w.t.warp_to_slot(slot).await;
        assert_program_error(
            w.t.send(&[reg::opt_in_avs(op.pubkey(), w.avs)], &[&op])
                .await,
            0,
            registry_error(RegistryError::OptOutStillSlashable),
        );
    }
    w.warp(5, 0).await;
    w.t.send(&[reg::opt_in_avs(op.pubkey(), w.avs)], &[&op])
        .await
        .unwrap();
    let opt_in: OperatorAvs = w.t.decode(key).await;
    assert_eq!(
        opt_in.window,
        OptInWindow {
            activation_epoch: 5,
            deactivation_epoch: OPTED_IN
        }
    );
    // opting out is possible even when the AVS was deactivated
    w.t.send(&[reg::set_avs_active(admin, w.avs, false)], &[])
        .await
        .unwrap();
    w.t.send(&[reg::opt_out_avs(op.pubkey(), w.avs)], &[&op])
        .await
        .unwrap();
    let opt_in: OperatorAvs = w.t.decode(key).await;
    assert_eq!(opt_in.window.deactivation_epoch, 5);
}

#[tokio::test]
async fn vault_opt_in_is_signed_by_the_real_vaults_curator_with_a_cap() {
    let mut w = World::new().await;
    let (curator, alice) = (w.curator.insecure_clone(), w.alice.insecure_clone());
    let (vault, avs) = (w.vault_key, w.avs);
    let key = reg::pda::vault_avs(&vault, &avs);
    w.warp(2, 3).await;
    assert_program_error(
        w.t.send(
            &[reg::vault_opt_in_avs(alice.pubkey(), vault, avs, 1_000)],
            &[&alice],
        )
        .await,
        0,
        registry_error(RegistryError::NotCurator),
    );
    for cap in [0, 10_001] {
        assert_program_error(
            w.t.send(
                &[reg::vault_opt_in_avs(curator.pubkey(), vault, avs, cap)],
                &[&curator],
            )
            .await,
            0,
            registry_error(RegistryError::InvalidCap),
        );
    }
    // look-alike vaults: the vault program's Config (its owner, not a Vault) and a
    // registry account (not the vault program's)
    for (fake, code) in [
        (lrt_client::pda::config(), ACCOUNT_DISCRIMINATOR_MISMATCH),
        (w.operator, ACCOUNT_OWNED_BY_WRONG_PROGRAM),
    ] {
        let mut ix = reg::vault_opt_in_avs(curator.pubkey(), vault, avs, 1_000);
        ix.accounts[2].pubkey = fake;
        ix.accounts[4].pubkey = reg::pda::vault_avs(&fake, &avs);
        assert_program_error(w.t.send(&[ix], &[&curator]).await, 0, code);
    }
    assert!(w.t.account(key).await.is_none());

    let events =
        w.t.send_with_events(
            &[reg::vault_opt_in_avs(curator.pubkey(), vault, avs, 10_000)],
            &[&curator],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let opt_in: VaultAvs = w.t.decode(key).await;
    assert_eq!(
        (opt_in.vault, opt_in.avs, opt_in.cap_bps),
        (vault, avs, 10_000)
    );
    assert_eq!(
        opt_in.window,
        OptInWindow {
            activation_epoch: 2,
            deactivation_epoch: OPTED_IN
        }
    );
    assert_eq!(opt_in.slashed, [EpochSlashed::default(); 2]);
    let event: VaultOptedIn = decode::event(&events[0]).unwrap();
    assert_eq!(
        (event.vault, event.avs, event.vault_avs, event.curator),
        (vault, avs, key, curator.pubkey())
    );
    assert_eq!((event.cap_bps, event.activation_epoch), (10_000, 2));
    assert_program_error(
        w.t.send(
            &[reg::vault_opt_in_avs(curator.pubkey(), vault, avs, 1_000)],
            &[&curator],
        )
        .await,
        0,
        registry_error(RegistryError::AlreadyOptedIn),
    );

    // an inactive AVS takes no vault opt-ins
    let admin = w.admin.pubkey();
    let other_id = Pubkey::new_unique();
    let other = reg::pda::avs(&other_id);
    let args = local_avs_args(other_id, admin, Pubkey::new_unique());
    w.t.send(
        &[
            reg::register_avs(admin, args),
            reg::set_avs_active(admin, other, false),
        ],
        &[],
    )
    .await
    .unwrap();
    assert_program_error(
        w.t.send(
            &[reg::vault_opt_in_avs(curator.pubkey(), vault, other, 1_000)],
            &[&curator],
        )
        .await,
        0,
        registry_error(RegistryError::AvsInactive),
    );
}

#[tokio::test]
async fn vault_opts_out_and_in_again_with_a_new_cap() {
    let mut w = World::new().await;
    let (curator, alice) = (w.curator.insecure_clone(), w.alice.insecure_clone());
    let (vault, avs) = (w.vault_key, w.avs);
    let key = reg::pda::vault_avs(&vault, &avs);
    w.t.send(
        &[reg::vault_opt_in_avs(curator.pubkey(), vault, avs, 1_000)],
        &[&curator],
    )
    .await
    .unwrap();
    w.warp(4, 0).await;
    assert_program_error(
        w.t.send(
            &[reg::vault_opt_out_avs(alice.pubkey(), vault, avs)],
            &[&alice],
        )
        .await,
        0,
        registry_error(RegistryError::NotCurator),
    );
    // the vault program's Config in the vault's place
    let mut substituted = reg::vault_opt_out_avs(curator.pubkey(), vault, avs);
    substituted.accounts[2].pubkey = lrt_client::pda::config();
    assert_program_error(
        w.t.send(&[substituted], &[&curator]).await,
        0,
        ACCOUNT_DISCRIMINATOR_MISMATCH,
    );
    let events =
        w.t.send_with_events(
            &[reg::vault_opt_out_avs(curator.pubkey(), vault, avs)],
            &[&curator],
            reg::REGISTRY_PROGRAM_ID,
        )
        .await;
    let event: decode::VaultOptedOut = decode::event(&events[0]).unwrap();
    assert_eq!(
        (
            event.vault,
            event.avs,
            event.activation_epoch,
            event.deactivation_epoch
        ),
        (vault, avs, 0, 4)
    );
    let opt_in: VaultAvs = w.t.decode(key).await;
    assert_eq!(opt_in.window.deactivation_epoch, 4);
    assert_program_error(
        w.t.send(
            &[reg::vault_opt_out_avs(curator.pubkey(), vault, avs)],
            &[&curator],
        )
        .await,
        0,
        registry_error(RegistryError::NotOptedIn),
    );
    // epoch 6 (d + 2) is the last in which capture 5 may execute
    w.warp(6, EPOCH_LENGTH - 1).await;
    assert_program_error(
        w.t.send(
            &[reg::vault_opt_in_avs(curator.pubkey(), vault, avs, 2_000)],
            &[&curator],
        )
        .await,
        0,
        registry_error(RegistryError::OptOutStillSlashable),
    );
    w.warp(7, 0).await;
    w.t.send(
        &[reg::vault_opt_in_avs(curator.pubkey(), vault, avs, 2_000)],
        &[&curator],
    )
    .await
    .unwrap();
    let opt_in: VaultAvs = w.t.decode(key).await;
    assert_eq!(opt_in.cap_bps, 2_000);
    assert_eq!(
        opt_in.window,
        OptInWindow {
            activation_epoch: 7,
            deactivation_epoch: OPTED_IN
        }
    );
}

#[tokio::test]
async fn prefunded_opt_in_addresses_do_not_block_opting_in() {
    let mut w = World::new().await;
    let (curator, op) = (w.curator.insecure_clone(), w.op.insecure_clone());
    let operator_avs = reg::pda::operator_avs(&w.operator, &w.avs);
    let vault_avs = reg::pda::vault_avs(&w.vault_key, &w.avs);
    let payer = w.admin.pubkey();
    let grief: Vec<_> = [operator_avs, vault_avs]
        .iter()
        .map(|to| anchor_lang::solana_program::system_instruction::transfer(&payer, to, 10_000_000))
        .collect();
    w.t.send(&grief, &[]).await.unwrap();
    w.t.send(&[reg::opt_in_avs(op.pubkey(), w.avs)], &[&op])
        .await
        .unwrap();
    w.t.send(
        &[reg::vault_opt_in_avs(
            curator.pubkey(),
            w.vault_key,
            w.avs,
            500,
        )],
        &[&curator],
    )
    .await
    .unwrap();
    let a: OperatorAvs = w.t.decode(operator_avs).await;
    let b: VaultAvs = w.t.decode(vault_avs).await;
    assert!(a.window.is_opted_in() && b.window.is_opted_in());
    assert_eq!(b.cap_bps, 500);
    // the griefer's lamports stayed (more than the rent)
    assert_eq!(w.t.account(vault_avs).await.unwrap().lamports, 10_000_000);
}
