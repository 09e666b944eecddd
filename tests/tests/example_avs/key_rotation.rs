//! Rotating the signing key is no escape (`slasher_registry::state::operator`): a rotation
//! during restaking epoch `r` keeps the old key, and proofs signed with it count for
//! reports made through the last slot of `r + 1`, not from the first slot of `r + 2`.
//! The signatures are verified for real by the runtime's Ed25519 program.
use anchor_lang::{prelude::Pubkey, AccountSerialize};
use lrt_client::state::Config as VaultConfig;
use lrt_client::{
    avs::{self, decode::Equivocation, AvsError},
    registry::{
        self as reg,
        decode::{Operator, SlashRequest},
    },
};
use lrt_integration_tests::data_account;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::world::*;

/// Anchor's `ConstraintSeeds`.
const CONSTRAINT_SEEDS: u32 = 2006;

#[tokio::test]
async fn an_operator_that_rotates_its_key_after_equivocating_is_still_provable() {
    let mut w = World::new().await;
    w.warp(2, 10).await;
    let (old, new) = (w.signer.insecure_clone(), Keypair::new());
    // the operator signs two values for round 207 (a slot of epoch 2), sees them
    // published, and rotates
    let (round, next) = (2 * EPOCH_LENGTH + 7, 2 * EPOCH_LENGTH + 8);
    let ixs = w.proof(&old, round, value(1), value(2)).await;
    w.rotate_key(&new).await.unwrap();
    let operator: Operator = w.t.decode(w.operator).await;
    assert_eq!(
        (
            operator.signing_key,
            operator.previous_signing_key,
            operator.key_rotated_epoch
        ),
        (new.pubkey().to_bytes(), old.pubkey().to_bytes(), 2)
    );

    // the old signatures still prove it
    w.report(&ixs).await.unwrap();
    let record: Equivocation = w.t.decode(avs::pda::equivocation(&w.operator, round)).await;
    assert_eq!(
        (record.signing_key_a, record.signing_key_b),
        (old.pubkey().to_bytes(), old.pubkey().to_bytes())
    );
    let request: SlashRequest = w.t.decode(reg::pda::slash_request(&w.avs, 0)).await;
    assert_eq!((request.operator, request.capture_epoch), (w.operator, 2));
    // and the new key counts at once
    let ixs = w.proof(&new, next, value(1), value(2)).await;
    w.report(&ixs).await.unwrap();
    let record: Equivocation = w.t.decode(avs::pda::equivocation(&w.operator, next)).await;
    assert_eq!(record.signing_key_a, new.pubkey().to_bytes());
    assert_eq!(w.config().await.equivocations, 2);
}

#[tokio::test]
async fn the_old_key_proves_through_the_last_slot_of_the_epoch_after_the_rotation() {
    let mut w = World::new().await;
    let (old, new) = (w.signer.insecure_clone(), Keypair::new());
    // rotation late in epoch 2
    w.warp(2, EPOCH_LENGTH - 1).await;
    w.rotate_key(&new).await.unwrap();

    // last slot of epoch 3: a report with the old key captures epoch 3
    w.warp(3, EPOCH_LENGTH - 1).await;
    let ixs = w
        .proof(&old, 3 * EPOCH_LENGTH + 1, value(1), value(2))
        .await;
    w.report(&ixs).await.unwrap();
    let request: SlashRequest = w.t.decode(reg::pda::slash_request(&w.avs, 0)).await;
    assert_eq!(request.capture_epoch, 3);

    // first slot of epoch 4: the old key is no longer the operator's, even for a round of
    // epoch 3 (still reportable)
    w.warp(4, 0).await;
    let round = 3 * EPOCH_LENGTH + 2;
    let ixs = w.proof(&old, round, value(3), value(4)).await;
    w.assert_report_fails(&ixs, round, 2, avs_error(AvsError::WrongSigningKey))
        .await;
    // a key the operator never had was never accepted
    let stranger = Keypair::new();
    let ixs = w.proof(&stranger, round, value(3), value(4)).await;
    w.assert_report_fails(&ixs, round, 2, avs_error(AvsError::WrongSigningKey))
        .await;
    // the new key still proves
    let ixs = w.proof(&new, round, value(3), value(4)).await;
    w.report(&ixs).await.unwrap();
    assert_eq!(w.avs_state().await.request_count, 2);
}

#[tokio::test]
async fn two_values_signed_either_side_of_a_rotation_are_an_equivocation() {
    let mut w = World::new().await;
    let (old, new) = (w.signer.insecure_clone(), Keypair::new());
    w.warp(1, 0).await;
    // value 1 for round 104 (epoch 1) with the old key, then a rotation, then value 2 for
    // the same round with the new; reported during epoch 2
    let round = EPOCH_LENGTH + 4;
    let before = avs::attest_instruction(&old, &w.avs, round, &value(1));
    w.rotate_key(&new).await.unwrap();
    w.warp(2, 50).await;
    let mut ixs = w.proof(&new, round, value(1), value(2)).await;
    ixs[0] = before;
    w.report(&ixs).await.unwrap();
    let record: Equivocation = w.t.decode(avs::pda::equivocation(&w.operator, round)).await;
    assert_eq!(
        (record.signing_key_a, record.signing_key_b),
        (old.pubkey().to_bytes(), new.pubkey().to_bytes())
    );
    assert_eq!((record.value_a, record.value_b), (value(1), value(2)));
}

/// The restaking epoch the keys are judged at comes from the vault program's Config
/// only: a look-alike owned by the vault program, whose longer epochs would put the report
/// back inside the old key's window, is refused by its address (this program checks it,
/// and the registry, which captures the epoch from the same account, would too).
#[tokio::test]
async fn a_look_alike_vault_config_cannot_reopen_the_old_key_window() {
    let mut w = World::new().await;
    let (old, new) = (w.signer.insecure_clone(), Keypair::new());
    w.warp(2, 0).await;
    w.rotate_key(&new).await.unwrap();
    w.warp(4, 0).await;
    let real = lrt_client::pda::config();
    let mut config: VaultConfig = w.t.decode(real).await;
    // slot 400 would be in epoch 0 < 3
    config.epoch_length = 1_000;
    let mut data = Vec::new();
    config.try_serialize(&mut data).unwrap();
    let fake = Pubkey::new_unique();
    w.t.ctx.set_account(
        &fake,
        &data_account(lrt_client::VAULT_PROGRAM_ID, data).into(),
    );
    // round 403: a slot of epoch 4 (of epoch 0 under the look-alike, so inside its window)
    let round = 4 * EPOCH_LENGTH + 3;
    let mut ixs = w.proof(&old, round, value(1), value(2)).await;
    let meta = ixs[2]
        .accounts
        .iter_mut()
        .find(|m| m.pubkey == real)
        .expect("the report passes the vault Config");
    meta.pubkey = fake;
    w.assert_report_fails(&ixs, round, 2, CONSTRAINT_SEEDS)
        .await;
}
