//! `initialize`: only the admin the registry admin named for this AVS creates its config,
//! once, after the registry admitted the AVS.
use crate::*;
use minimal_avs::state::AvsConfig;

#[tokio::test]
async fn the_registry_avs_admin_initialises_once_and_the_config_names_the_pda_that_signs() {
    let mut kit = Kit::registered().await;
    let admin = kit.admin.insecure_clone();
    // someone else (here the registry admin, who admitted the AVS) cannot: the config
    // would make them the AVS's admin
    let registry_admin = kit.w.t.payer();
    let keys = [config_key(), kit.avs];
    let before = kit.w.t.snapshot(&keys).await;
    assert!(before[0].is_none());
    assert_program_error(
        kit.w
            .t
            .send(&[initialize_ix(registry_admin.pubkey())], &[])
            .await,
        0,
        avs_error(MinimalAvsError::NotAvsAdmin),
    );
    assert_eq!(kit.w.t.snapshot(&keys).await, before, "no account changed");

    kit.w
        .t
        .send(&[initialize_ix(admin.pubkey())], &[&admin])
        .await
        .unwrap();
    let config: AvsConfig = kit.w.t.decode(config_key()).await;
    let (pda, bump) = Pubkey::find_program_address(&[b"slasher"], &minimal_avs::ID);
    assert_eq!(
        (config.admin, config.avs, config.slash_authority_bump),
        (admin.pubkey(), kit.avs, bump)
    );
    assert_eq!(
        config.bump,
        Pubkey::find_program_address(&[b"config"], &minimal_avs::ID).1
    );
    // the registry knows that PDA as the AVS's slash authority
    let avs: slasher_registry::state::Avs = kit.w.t.decode(kit.avs).await;
    assert_eq!(
        (avs.id, avs.admin, avs.kind),
        (
            minimal_avs::ID,
            admin.pubkey(),
            AvsKind::Local {
                slash_authority: pda
            }
        )
    );

    // once
    let before = kit.w.t.snapshot(&keys).await;
    assert_program_error(
        kit.w
            .t
            .send(&[initialize_ix(admin.pubkey())], &[&admin])
            .await,
        0,
        avs_error(MinimalAvsError::AlreadyInitialized),
    );
    assert_eq!(kit.w.t.snapshot(&keys).await, before, "no account changed");
}

/// The config's address is known in advance: lamports sent there first must not block the
/// initialisation (Anchor's `init` would fail here: this runtime, like some clusters,
/// lacks `CreateAccountAllowPrefund`).
#[tokio::test]
async fn lamports_sent_to_the_config_address_beforehand_do_not_block_it() {
    let mut kit = Kit::registered().await;
    let admin = kit.admin.insecure_clone();
    let payer = kit.w.t.payer();
    let griefing = anchor_lang::solana_program::system_instruction::transfer(
        &payer.pubkey(),
        &config_key(),
        1_000_000,
    );
    kit.w.t.send(&[griefing], &[]).await.unwrap();
    kit.w
        .t
        .send(&[initialize_ix(admin.pubkey())], &[&admin])
        .await
        .unwrap();
    let account = kit.w.t.account(config_key()).await.unwrap();
    assert_eq!(account.owner, minimal_avs::ID);
    let rent: anchor_lang::prelude::Rent = kit.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    assert_eq!(
        account.lamports,
        // discriminator, admin, avs, two bumps
        rent.minimum_balance(8 + 32 + 32 + 1 + 1),
        "topped up to rent exemption, the 0.001 SOL sent included"
    );
    let config: AvsConfig = kit.w.t.decode(config_key()).await;
    assert_eq!((config.admin, config.avs), (admin.pubkey(), kit.avs));
}

#[tokio::test]
async fn nothing_initialises_before_the_registry_admits_the_avs() {
    let mut w = World::new_with(|pt| {
        pt.add_program(
            "minimal_avs",
            minimal_avs::ID,
            processor!(minimal_avs_entry),
        );
    })
    .await;
    let admin = Keypair::new();
    w.t.fund(&[&admin], SOL).await;
    assert_program_error(
        w.t.send(&[initialize_ix(admin.pubkey())], &[&admin]).await,
        0,
        anchor_error(anchor_lang::error::ErrorCode::AccountNotInitialized),
    );
    assert!(w.t.account(config_key()).await.is_none());
}
