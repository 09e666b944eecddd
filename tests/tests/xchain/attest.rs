//! `publish_stake_attestation` and `close_attestation`: the payload carries the stake the
//! vault program values (the stake a slash captured now starts from), sequences only grow,
//! and each refusal changes nothing.
use super::*;
use anchor_lang::Space;
use lrt_client::{instructions as build, registry::state::Attestation};
use lrt_integration_tests::slashing_world::{ALLOCATION_A, EPOCH_LENGTH};
use lrt_vault::{
    errors::VaultError,
    state::{Delegation, WithdrawalBucket},
};
use slasher_registry::{
    errors::RegistryError,
    events::StakeAttested,
    state::{SlashExecution, XchainConfig},
};

async fn next_sequence(x: &mut XWorld) -> u64 {
    let config: XchainConfig = x.w.t.decode(registry::pda::xchain_config()).await;
    config.next_sequence
}

async fn clock(x: &mut XWorld) -> Clock {
    x.w.t.ctx.banks_client.get_sysvar().await.unwrap()
}

/// `[refresh_prices(vault), publish_stake_attestation(vault, operator)]` paid by the
/// relayer, as attestation `sequence`.
async fn publish_ixs(
    x: &mut XWorld,
    vault: Pubkey,
    operator: Pubkey,
    sequence: u64,
) -> Vec<Instruction> {
    let state = x.w.vault(vault).await;
    let epoch = x.w.epoch().await;
    vec![
        build::refresh_prices(&state),
        registry::publish_stake_attestation(x.relayer.pubkey(), sequence, vault, operator, epoch),
    ]
}

/// Publishes the next attestation of (vault, operator); returns it and its event.
async fn publish(x: &mut XWorld, vault: Pubkey, operator: Pubkey) -> (Attestation, StakeAttested) {
    let sequence = next_sequence(x).await;
    let ixs = publish_ixs(x, vault, operator, sequence).await;
    let relayer = x.relayer.insecure_clone();
    let events =
        x.w.t
            .send_with_events(&ixs, &[&relayer], slasher_registry::ID)
            .await;
    let attestation = x.w.t.decode(registry::pda::attestation(sequence)).await;
    (attestation, only::<StakeAttested>(&events))
}

/// The stake of (vault, operator) now as the vault program values it: its allocation in
/// the current epoch times `Vault::allocated_stake` of the vault credited with its vesting,
/// with the buckets of the next two epochs (cli/src/stake.rs, execute_slash).
async fn stake_now(x: &mut XWorld, vault: Pubkey, operator: Pubkey) -> u64 {
    let slot = x.w.t.slot().await;
    let cur = slot / EPOCH_LENGTH;
    let mut state = x.w.vault(vault).await;
    state.accrue_vesting(slot, EPOCH_LENGTH).unwrap();
    let delegation: Delegation =
        x.w.t
            .decode(lrt_client::pda::delegation(&vault, &operator))
            .await;
    let mut buckets = [None, None];
    for (i, bucket) in buckets.iter_mut().enumerate() {
        let key = lrt_client::pda::bucket(&vault, cur + 1 + i as u64);
        if x.w.t.account(key).await.is_some() {
            *bucket = Some(x.w.t.decode::<WithdrawalBucket>(key).await);
        }
    }
    let allocation = delegation.allocation.at(cur, cur).unwrap();
    state.allocated_stake(allocation, &buckets).unwrap()
}

#[tokio::test]
async fn an_attestation_carries_the_stake_a_slash_captured_now_starts_from() {
    let mut x = XWorld::new().await;
    let (vault_a, operator) = (x.w.vault_a, x.w.operator);
    let relayer = x.relayer.pubkey();
    let before = x.w.t.account(relayer).await.unwrap().lamports;
    let (attestation, event) = publish(&mut x, vault_a, operator).await;
    let after = x.w.t.account(relayer).await.unwrap().lamports;
    let now = clock(&mut x).await;
    let cur = x.w.epoch().await;

    // the payload, decoded by the pure crate
    let payload = xchain::StakeAttestation::decode(&attestation.payload).unwrap();
    // vault A holds 2 SOL of wSOL (the curator's seed and the operator's deposit, its
    // bonded shares included), half of it allocated to the operator
    assert_eq!(ALLOCATION_A, WAD as u64 / 2);
    assert_eq!(payload.stake_lamports, SOL, "half of vault A's 2 SOL");
    assert_eq!(
        payload.stake_lamports,
        stake_now(&mut x, vault_a, operator).await,
        "the vault program's own valuation"
    );
    assert_eq!(
        payload,
        xchain::StakeAttestation {
            vault: vault_a.to_bytes(),
            operator: operator.to_bytes(),
            stake_lamports: SOL,
            epoch: cur,
            slot: now.slot,
        }
    );
    assert_eq!(
        xchain::payload_type(&attestation.payload).unwrap(),
        xchain::PayloadType::StakeAttestation
    );

    // the message account
    assert_eq!(attestation.sequence, 0);
    assert_eq!(attestation.emitter, registry::pda::emitter().to_bytes());
    assert_eq!(attestation.timestamp, now.unix_timestamp);
    assert_eq!(attestation.payer, relayer);
    let account = x.w.t.account(registry::pda::attestation(0)).await.unwrap();
    let rent: anchor_lang::prelude::Rent = x.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    assert_eq!(account.owner, slasher_registry::ID);
    assert_eq!(account.data.len(), 8 + Attestation::INIT_SPACE);
    assert_eq!(account.data.len(), 183);
    assert_eq!(account.lamports, rent.minimum_balance(183));
    assert_eq!(
        before - after,
        account.lamports,
        "the relayer paid the rent"
    );
    println!(
        "stake attestation: {} bytes, {} lamports of rent",
        account.data.len(),
        account.lamports
    );

    // the event says the same
    assert_eq!(
        (event.attestation, event.sequence, event.emitter),
        (registry::pda::attestation(0), 0, attestation.emitter)
    );
    assert_eq!(
        (event.vault, event.operator, event.stake_lamports),
        (vault_a, operator, SOL)
    );
    assert_eq!(
        (event.epoch, event.slot, event.timestamp, event.payer),
        (cur, now.slot, now.unix_timestamp, relayer)
    );

    // a slash captured in this epoch starts from exactly that stake
    let (request_key, request) = x.w.request_slash(WAD / 10).await;
    assert_eq!(request.capture_epoch, cur);
    x.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    x.w.execute(&request, vault_a).await.unwrap();
    let execution: SlashExecution =
        x.w.t
            .decode(registry::pda::slash_execution(&request_key, &vault_a))
            .await;
    assert_eq!(execution.stake_lamports, payload.stake_lamports);
}

#[tokio::test]
async fn an_attestation_counts_the_withdrawals_a_capture_still_reaches() {
    let mut x = XWorld::new().await;
    let (vault_a, operator) = (x.w.vault_a, x.w.operator);
    let user = x.w.users[0].key.insecure_clone();
    let wsol = x.w.users[0].wsol;
    let shares = x.w.deposit_from(&user, wsol, vault_a, 0, 2 * SOL).await;
    let (_, with_deposit) = publish(&mut x, vault_a, operator).await;
    x.w.request_withdrawal(&user, vault_a, shares, 1)
        .await
        .unwrap();
    let cur = x.w.epoch().await;
    assert!(x
        .w
        .t
        .account(lrt_client::pda::bucket(&vault_a, cur + 1))
        .await
        .is_some());
    let (attestation, after_withdrawal) = publish(&mut x, vault_a, operator).await;
    assert_eq!(attestation.sequence, 1);
    // the withdrawn value sits in bucket cur + 1, which a capture now still reaches
    assert_eq!(
        after_withdrawal.stake_lamports,
        stake_now(&mut x, vault_a, operator).await
    );
    assert!(
        with_deposit
            .stake_lamports
            .abs_diff(after_withdrawal.stake_lamports)
            <= 1
    );
    assert!(after_withdrawal.stake_lamports > SOL + SOL / 2);
}

#[tokio::test]
async fn sequences_only_grow_across_vaults_and_closes() {
    let mut x = XWorld::new().await;
    let (vault_a, vault_b, operator) = (x.w.vault_a, x.w.vault_b, x.w.operator);
    let (a, _) = publish(&mut x, vault_a, operator).await;
    let (b, _) = publish(&mut x, vault_b, operator).await;
    let (c, _) = publish(&mut x, vault_a, operator).await;
    assert_eq!((a.sequence, b.sequence, c.sequence), (0, 1, 2));
    assert_eq!(next_sequence(&mut x).await, 3);
    let b_payload = xchain::StakeAttestation::decode(&b.payload).unwrap();
    assert_eq!(b_payload.vault, vault_b.to_bytes());

    // closing one never frees its sequence
    let cur = x.w.epoch().await;
    x.w.advance_to_slot((cur + 2) * EPOCH_LENGTH).await;
    let relayer = x.relayer.insecure_clone();
    x.w.t
        .send(
            &[registry::close_attestation(relayer.pubkey(), 2)],
            &[&relayer],
        )
        .await
        .unwrap();
    let (d, _) = publish(&mut x, vault_a, operator).await;
    assert_eq!(d.sequence, 3);
    assert!(x.w.t.account(registry::pda::attestation(2)).await.is_none());
}

#[tokio::test]
async fn only_the_payer_closes_an_attestation_and_only_after_its_retention() {
    let mut x = XWorld::new().await;
    let (vault_a, operator) = (x.w.vault_a, x.w.operator);
    let (attestation, _) = publish(&mut x, vault_a, operator).await;
    let epoch = xchain::StakeAttestation::decode(&attestation.payload)
        .unwrap()
        .epoch;
    let key = registry::pda::attestation(0);
    let relayer = x.relayer.insecure_clone();
    let keys = [key, relayer.pubkey(), registry::pda::xchain_config()];

    // during its epoch and the next: retained
    for slot in [None, Some((epoch + 2) * EPOCH_LENGTH - 1)] {
        if let Some(slot) = slot {
            x.w.advance_to_slot(slot).await;
        }
        refused(
            &mut x.w.t,
            &[registry::close_attestation(relayer.pubkey(), 0)],
            &[&relayer],
            registry_error(RegistryError::AttestationRetained),
            &keys,
            "close during retention",
        )
        .await;
    }
    x.w.advance_to_slot((epoch + 2) * EPOCH_LENGTH).await;

    // someone else
    let mallory = Keypair::new();
    x.w.t.fund(&[&mallory], SOL).await;
    let mut keys_m = keys.to_vec();
    keys_m.push(mallory.pubkey());
    refused(
        &mut x.w.t,
        &[registry::close_attestation(mallory.pubkey(), 0)],
        &[&mallory],
        registry_error(RegistryError::NotAttestationPayer),
        &keys_m,
        "close by another signer",
    )
    .await;

    // the payer, with the rent back
    let rent = x.w.t.account(key).await.unwrap().lamports;
    let before = x.w.t.account(relayer.pubkey()).await.unwrap().lamports;
    x.w.t
        .send(
            &[registry::close_attestation(relayer.pubkey(), 0)],
            &[&relayer],
        )
        .await
        .unwrap();
    let after = x.w.t.account(relayer.pubkey()).await.unwrap().lamports;
    assert_eq!(after - before, rent);
    assert!(x.w.t.account(key).await.is_none());
}

/// Every account a refused publication must leave as it was.
fn watched(x: &XWorld, sequence: u64) -> Vec<Pubkey> {
    vec![
        registry::pda::xchain_config(),
        registry::pda::attestation(sequence),
        x.w.vault_a,
        x.w.vault_b,
        x.relayer.pubkey(),
    ]
}

#[tokio::test]
async fn a_vault_without_a_delegation_to_the_operator_is_refused() {
    let mut x = XWorld::new().await;
    // a registered operator that no vault whitelisted
    let other = Keypair::new();
    x.w.t.fund(&[&other], SOL).await;
    let other_operator = lrt_fixtures::NewOperator {
        commission_bps: 0,
        signing_key: [3; 32],
        metadata_uri: String::new(),
    }
    .register(&mut x.w.t, &other)
    .await
    .unwrap();
    let relayer = x.relayer.insecure_clone();
    let vault_a = x.w.vault_a;
    let ixs = publish_ixs(&mut x, vault_a, other_operator, 0).await;
    let keys = watched(&x, 0);
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        registry_error(RegistryError::NotDelegated),
        &keys,
        "operator without delegation",
    )
    .await;

    // vault B's delegation passed for vault A: not the pair's address
    let (vault_b, operator) = (x.w.vault_b, x.w.operator);
    let mut ixs = publish_ixs(&mut x, vault_a, operator, 0).await;
    for meta in ixs[1].accounts.iter_mut() {
        if meta.pubkey == lrt_client::pda::delegation(&vault_a, &operator) {
            meta.pubkey = lrt_client::pda::delegation(&vault_b, &operator);
        }
    }
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
        &keys,
        "another pair's delegation",
    )
    .await;
}

#[tokio::test]
async fn stale_prices_wrong_buckets_and_wrong_sequences_are_refused() {
    let mut x = XWorld::new().await;
    let (vault_a, vault_b, operator) = (x.w.vault_a, x.w.vault_b, x.w.operator);
    let relayer = x.relayer.insecure_clone();
    let keys = watched(&x, 0);

    // prices not refreshed in this Solana epoch
    let schedule: anchor_lang::prelude::EpochSchedule =
        x.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    let solana_epoch = clock(&mut x).await.epoch;
    x.w.advance_to_slot(schedule.get_first_slot_in_epoch(solana_epoch + 1))
        .await;
    let epoch = x.w.epoch().await;
    let publish =
        registry::publish_stake_attestation(relayer.pubkey(), 0, vault_a, operator, epoch);
    refused(
        &mut x.w.t,
        &[publish],
        &[&relayer],
        vault_error(VaultError::StalePrice),
        &keys,
        "stale prices",
    )
    .await;

    // another epoch's buckets
    let mut ixs = publish_ixs(&mut x, vault_a, operator, 0).await;
    ixs[1] = registry::publish_stake_attestation(relayer.pubkey(), 0, vault_a, operator, epoch + 1);
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        registry_error(RegistryError::WrongBucket),
        &keys,
        "buckets of another epoch",
    )
    .await;
    // another vault's bucket
    let mut ixs = publish_ixs(&mut x, vault_a, operator, 0).await;
    for meta in ixs[1].accounts.iter_mut() {
        if meta.pubkey == lrt_client::pda::bucket(&vault_a, epoch + 1) {
            meta.pubkey = lrt_client::pda::bucket(&vault_b, epoch + 1);
        }
    }
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        registry_error(RegistryError::WrongBucket),
        &keys,
        "another vault's bucket",
    )
    .await;

    // a sequence that is not the next one
    let ixs = publish_ixs(&mut x, vault_a, operator, 1).await;
    let mut keys_1 = keys.clone();
    keys_1.push(registry::pda::attestation(1));
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
        &keys_1,
        "not the next sequence",
    )
    .await;

    // the same, refreshed: published as 0
    let (attestation, _) = super::attest::publish(&mut x, vault_a, operator).await;
    assert_eq!(attestation.sequence, 0);
}

#[tokio::test]
async fn an_attestation_at_a_prefunded_address_is_still_published() {
    let mut x = XWorld::new().await;
    let payer = x.w.t.payer();
    let gift = anchor_lang::solana_program::system_instruction::transfer(
        &payer.pubkey(),
        &registry::pda::attestation(0),
        1_000_000,
    );
    x.w.t.send(&[gift], &[]).await.unwrap();
    let (vault_a, operator) = (x.w.vault_a, x.w.operator);
    let (attestation, _) = publish(&mut x, vault_a, operator).await;
    assert_eq!(attestation.sequence, 0);
    let account = x.w.t.account(registry::pda::attestation(0)).await.unwrap();
    let rent: anchor_lang::prelude::Rent = x.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    assert_eq!(account.lamports, rent.minimum_balance(183).max(1_000_000));
}
