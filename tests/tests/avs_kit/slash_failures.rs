//! `slash` refused: by this program (its admin, its registry account, the operator it
//! names) or by the registry, whose error comes back through the CPI unchanged. Each
//! refusal leaves the AVS's config, its registry account and its signer as they were, and
//! creates no request.
use crate::*;
use lrt_integration_tests::slashing_world::EPOCH_LENGTH;
use minimal_avs::slasher_registry::error::SlasherRegistryError as E;

#[tokio::test]
async fn a_signer_other_than_the_admin_is_refused() {
    let mut kit = Kit::staked().await;
    let stranger = Keypair::new();
    kit.w.t.fund(&[&stranger], SOL).await;
    let operator = kit.w.operator;
    kit.assert_slash_fails(
        &stranger,
        operator,
        WAD / 10,
        avs_error(MinimalAvsError::NotAdmin),
    )
    .await;
    assert_eq!(kit.request_count().await, 0);
}

#[tokio::test]
async fn fractions_outside_zero_to_one_hundred_percent_are_refused_by_the_registry() {
    let mut kit = Kit::staked().await;
    let (admin, operator) = (kit.admin.insecure_clone(), kit.w.operator);
    for wad in [WAD + 1, 0, u128::MAX] {
        kit.assert_slash_fails(&admin, operator, wad, registry_error(E::InvalidSlashWad))
            .await;
    }
}

#[tokio::test]
async fn an_operator_without_an_opt_in_is_refused() {
    let mut kit = Kit::staked().await;
    let admin = kit.admin.insecure_clone();
    // registered, never opted in to the minimal AVS: its opt-in account does not exist,
    // and the registry refuses it as such (Anchor's AccountNotInitialized, 3012)
    let (_, stranger) = kit.another_operator().await;
    let code = anchor_error(anchor_lang::error::ErrorCode::AccountNotInitialized);
    kit.assert_slash_fails(&admin, stranger, WAD / 10, code)
        .await;
    // the world's operator is opted in to another AVS (the world's own) since e0: that
    // opt-in is not this AVS's, and its address does not match this one's seeds
    let operator = kit.w.operator;
    let index = kit.request_count().await;
    let mut ix = slash_ix(admin.pubkey(), kit.avs, index, operator, WAD / 10, [5; 32]);
    ix.accounts[6].pubkey = registry::pda::operator_avs(&operator, &kit.w.avs);
    let keys = kit.slash_accounts(admin.pubkey()).await;
    let before = kit.w.t.snapshot(&keys).await;
    assert_program_error(
        kit.w.t.send(&[ix], &[&admin]).await,
        0,
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
    );
    assert_eq!(kit.w.t.snapshot(&keys).await, before, "no account changed");
}

#[tokio::test]
async fn an_operator_opted_out_stays_slashable_through_the_next_epoch_then_is_refused() {
    let mut kit = Kit::staked().await;
    let capture = kit.w.e0 + 1;
    let (admin, op) = (kit.admin.insecure_clone(), kit.w.op.insecure_clone());
    let operator = kit.w.operator;
    let opt_out = registry::opt_out_avs(op.pubkey(), kit.avs);
    kit.w.t.send(&[opt_out], &[&op]).await.unwrap();
    // out during `capture`: slashable during `capture` and `capture + 1`
    kit.slash(WAD / 10, [1; 32]).await.unwrap();
    kit.w.advance_to_slot((capture + 1) * EPOCH_LENGTH).await;
    kit.slash(WAD / 10, [2; 32]).await.unwrap();
    kit.w.advance_to_slot((capture + 2) * EPOCH_LENGTH).await;
    kit.assert_slash_fails(
        &admin,
        operator,
        WAD / 10,
        registry_error(E::OperatorNotSlashable),
    )
    .await;
    assert_eq!(kit.request_count().await, 2);
}

#[tokio::test]
async fn a_deactivated_avs_cannot_request() {
    let mut kit = Kit::staked().await;
    let (admin, operator) = (kit.admin.insecure_clone(), kit.w.operator);
    // the AVS admin (or the registry admin) deactivates it in the registry
    let off = registry::set_avs_active(admin.pubkey(), kit.avs, false);
    kit.w.t.send(&[off], &[&admin]).await.unwrap();
    kit.assert_slash_fails(&admin, operator, WAD / 10, registry_error(E::AvsInactive))
        .await;
}

#[tokio::test]
async fn another_registry_avs_account_is_refused() {
    let mut kit = Kit::staked().await;
    let (admin, operator) = (kit.admin.insecure_clone(), kit.w.operator);
    // the world's own AVS, which the operator opted in to: not the one in the config
    let other = kit.w.avs;
    let ix = slash_ix(admin.pubkey(), other, 0, operator, WAD / 10, [5; 32]);
    let keys = [config_key(), kit.avs, other, admin.pubkey()];
    let before = kit.w.t.snapshot(&keys).await;
    assert_program_error(
        kit.w.t.send(&[ix], &[&admin]).await,
        0,
        avs_error(MinimalAvsError::WrongAvs),
    );
    assert_eq!(kit.w.t.snapshot(&keys).await, before, "no account changed");
    assert!(kit
        .w
        .t
        .account(registry::pda::slash_request(&other, 0))
        .await
        .is_none());
}

#[tokio::test]
async fn a_request_address_from_a_stale_count_is_refused_by_the_registry() {
    let mut kit = Kit::staked().await;
    let (admin, operator) = (kit.admin.insecure_clone(), kit.w.operator);
    kit.slash(WAD / 10, [1; 32]).await.unwrap();
    // a client that read `request_count` before that request names index 0 again: the
    // registry's seeds constraint on `slash_request` refuses it (Anchor's ConstraintSeeds)
    let stale = slash_ix(admin.pubkey(), kit.avs, 0, operator, WAD / 10, [2; 32]);
    let keys = [
        config_key(),
        kit.avs,
        registry::pda::slash_request(&kit.avs, 0),
        registry::pda::slash_request(&kit.avs, 1),
        admin.pubkey(),
    ];
    let before = kit.w.t.snapshot(&keys).await;
    assert_program_error(
        kit.w.t.send(&[stale], &[&admin]).await,
        0,
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
    );
    assert_eq!(kit.w.t.snapshot(&keys).await, before, "no account changed");
    assert!(before[3].is_none());
    // with the count read again, it goes through as request 1
    let key = kit.slash(WAD / 10, [2; 32]).await.unwrap();
    assert_eq!(key, registry::pda::slash_request(&kit.avs, 1));
}
