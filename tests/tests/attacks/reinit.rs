//! Re-initialisation (every account-creating instruction run again on an existing
//! account) and close-and-revive (a claimed ticket or a closed bucket given lamports back
//! in the same transaction; an escrow after its sweep).
use anchor_lang::{prelude::Pubkey, solana_program::system_instruction};
use lrt_client::{avs, instructions as build, registry};
use lrt_integration_tests::{slashing_world::*, *};
use lrt_vault::{
    constants::WSOL_MINT,
    errors::VaultError,
    instructions::{AddAssetArgs, CreateVaultArgs, InitializeConfigArgs},
};
use slasher_registry::{
    instructions::{InitializeRegistryArgs, OperatorArgs, RegisterAvsArgs},
    state::AvsKind,
};
use solana_signer::Signer;
use solana_transaction::InstructionError;

use crate::*;

/// What an Anchor `init` meets at an address that already holds an account in this
/// runtime (see `vault_setup_failures/world.rs`, `INIT_OF_FUNDED_ADDRESS`): the system
/// program's `CreateAccountAllowPrefund`, unknown to Agave 3.1.
const INIT_OF_EXISTING_ACCOUNT: InstructionError = InstructionError::InvalidInstructionData;

#[tokio::test]
async fn reinitialize_config_and_registry() {
    // mallory re-runs the one-time initialisations, naming herself admin, treasury and
    // veto authority, and her own program as the registry
    let mut w = World::new().await;
    let mallory = w.users[4].key.insecure_clone();
    let keys = [pda::config(), registry::pda::registry_config()];
    let config = build::initialize_config(
        mallory.pubkey(),
        None,
        InitializeConfigArgs {
            pauser: mallory.pubkey(),
            treasury: mallory.pubkey(),
            registry_program: hostile_id(),
            epoch_length: 1,
            max_deposit_fee_bps: 1_000,
            max_withdrawal_fee_bps: 1_000,
        },
    );
    refused_with(
        &mut w.t,
        &[config],
        &[&mallory],
        0,
        INIT_OF_EXISTING_ACCOUNT,
        &keys,
        "initialize_config again",
    )
    .await;
    let registry_init = registry::initialize_registry(
        mallory.pubkey(),
        None,
        InitializeRegistryArgs {
            veto_authority: mallory.pubkey(),
            veto_window_slots: 1,
            resolution_delay_slots: 0,
            max_vault_slash_bps_per_epoch: 10_000,
            max_commission_bps: 10_000,
        },
    );
    refused(
        &mut w.t,
        &[registry_init],
        &[&mallory],
        registry_error(RegistryError::AccountAlreadyExists),
        &keys,
        "initialize_registry again",
    )
    .await;
}

#[tokio::test]
async fn recreate_vault() {
    // Covered in depth by vault_setup_failures::create_vault::create_vault_rejects_a_second_vault_for_the_same_lrt_mint.
    // A vault's address is derived from its LRT mint, which only its creator can sign
    // for; the creator itself tries again over its live vault (holders' deposits in it).
    let mut w = World::new().await;
    let curator = w.curator.insecure_clone();
    let holder = w.users[0].key.insecure_clone();
    let seed_account = new_wsol(&mut w.t, curator.pubkey(), 5 * SOL);
    let lrt_mint = Keypair::new();
    let create = build::create_vault(
        build::CreateVaultKeys {
            creator: curator.pubkey(),
            lrt_mint: lrt_mint.pubkey(),
            seed_mint: WSOL_MINT,
            seed_token_program: anchor_spl::token::ID,
            creator_seed_account: seed_account,
        },
        CreateVaultArgs {
            name: "Again".into(),
            symbol: "AGN".into(),
            uri: String::new(),
            curator: curator.pubkey(),
            fee_admin: curator.pubkey(),
            seed_asset: AddAssetArgs {
                pricing: lrt_client::state::PricingSource::Wsol,
                deposit_cap: u64::MAX,
            },
            seed_amount: SOL,
        },
    );
    w.t.send(std::slice::from_ref(&create), &[&curator, &lrt_mint])
        .await
        .unwrap();
    let vault = pda::vault(&lrt_mint.pubkey());
    w.deposit_from(&holder, w.users[0].wsol, vault, 0, 2 * SOL)
        .await;
    let keys = [
        vault,
        lrt_mint.pubkey(),
        pda::dead_shares(&vault),
        pda::reserve(&vault, &WSOL_MINT),
        seed_account,
    ];
    refused_with(
        &mut w.t,
        &[create],
        &[&curator, &lrt_mint],
        0,
        INIT_OF_EXISTING_ACCOUNT,
        &keys,
        "create_vault again",
    )
    .await;
    assert_eq!(claim_of(&mut w.t, vault, 2 * SOL, 0).await, 2 * SOL);
}

#[tokio::test]
async fn rewhitelist_operator() {
    // Re-whitelisting would reset the delegation (its allocation history and slashed total)
    // and the bond (the operator's first-loss shares) to empty.
    let mut w = World::new().await;
    w.delegate_and_enter_capture_epoch().await;
    let vault = w.vault_a;
    let (_, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    let curator = w.curator.insecure_clone();
    let again = build::whitelist_operator(curator.pubkey(), vault, w.operator, 10_000);
    let keys = [
        vault,
        pda::delegation(&vault, &w.operator),
        pda::bond(&vault, &w.operator),
    ];
    let delegation: lrt_client::state::Delegation = w.t.decode(keys[1]).await;
    assert!(delegation.slashed_total > 0);
    refused(
        &mut w.t,
        &[again],
        &[&curator],
        vault_error(VaultError::AccountAlreadyExists),
        &keys,
        "whitelist_operator again",
    )
    .await;
}

#[tokio::test]
async fn reregister_registry_accounts() {
    // An operator, an AVS, both opt-ins and the example AVS's config, each created again
    let mut w = World::new().await;
    // the example AVS, admitted by the registry admin and initialised by its own admin
    let avs_admin = Keypair::new();
    w.t.fund(&[&avs_admin], SOL).await;
    let example = lrt_fixtures::NewAvs {
        id: example_avs::ID,
        admin: avs_admin.pubkey(),
        slash_authority: avs::pda::slash_authority(),
        max_slash_wad: WAD / 2,
        destination: lrt_client::state::SlashDestination::Burn,
        metadata_uri: String::new(),
    }
    .register(&mut w.t)
    .await
    .unwrap();
    let init = |slash_wad| {
        avs::initialize(
            avs_admin.pubkey(),
            example,
            example_avs::instructions::InitializeArgs { slash_wad },
        )
    };
    w.t.send(&[init(WAD / 10)], &[&avs_admin]).await.unwrap();
    let (op, curator, admin) = (
        w.op.insecure_clone(),
        w.curator.insecure_clone(),
        w.t.payer(),
    );
    let avs_state: slasher_registry::state::Avs = w.t.decode(w.avs).await;
    let keys = [
        w.operator,
        w.avs,
        example,
        registry::pda::operator_avs(&w.operator, &w.avs),
        registry::pda::vault_avs(&w.vault_a, &w.avs),
        avs::pda::config(),
    ];
    let cases = [
        (
            "register_operator again",
            registry::register_operator(
                op.pubkey(),
                OperatorArgs {
                    commission_bps: 10_000,
                    signing_key: [8; 32],
                    metadata_uri: String::new(),
                },
            ),
            &op,
            registry_error(RegistryError::AccountAlreadyExists),
        ),
        (
            "register_avs again",
            registry::register_avs(
                admin.pubkey(),
                RegisterAvsArgs {
                    id: avs_state.id,
                    admin: admin.pubkey(),
                    kind: AvsKind::Local {
                        slash_authority: admin.pubkey(),
                    },
                    max_slash_wad: WAD,
                    destination: lrt_client::state::SlashDestination::Burn,
                    metadata_uri: String::new(),
                },
            ),
            &admin,
            registry_error(RegistryError::AccountAlreadyExists),
        ),
        (
            "opt_in_avs again",
            registry::opt_in_avs(op.pubkey(), w.avs),
            &op,
            registry_error(RegistryError::AlreadyOptedIn),
        ),
        (
            "vault_opt_in_avs again",
            registry::vault_opt_in_avs(curator.pubkey(), w.vault_a, w.avs, 1),
            &curator,
            registry_error(RegistryError::AlreadyOptedIn),
        ),
        (
            "the example AVS's initialize again",
            init(WAD),
            &avs_admin,
            avs_error(example_avs::errors::AvsError::AccountAlreadyExists),
        ),
    ];
    for (what, ix, signer, code) in cases {
        refused(&mut w.t, &[ix], &[signer], code, &keys, what).await;
    }
}

#[tokio::test]
async fn reused_ticket_id() {
    // a second request under a ticket id still open would overwrite the first ticket
    let mut w = World::new().await;
    let alice = w.users[0].key.insecure_clone();
    let vault = w.vault_b;
    w.deposit_from(&alice, w.users[0].wsol, vault, 0, 3 * SOL)
        .await;
    let (ticket, bucket) = w.request_withdrawal(&alice, vault, SOL, 7).await.unwrap();
    let ix = request_ix(&mut w.t, vault, &alice.pubkey(), SOL, 7).await;
    let lrt = lrt_of(&mut w.t, vault, &alice.pubkey()).await;
    refused(
        &mut w.t,
        &[ix],
        &[&alice],
        vault_error(VaultError::AccountAlreadyExists),
        &[vault, ticket, bucket, lrt],
        "the same ticket id again",
    )
    .await;
}

#[tokio::test]
async fn close_and_revive_ticket_and_bucket() {
    // alice's claim closes her ticket and, as the bucket's last, the bucket; in the same
    // transaction she sends lamports back to both addresses, then claims again
    let mut w = World::new().await;
    let alice = w.users[0].key.insecure_clone();
    let wsol = w.users[0].wsol;
    let vault = w.vault_b;
    w.deposit_from(&alice, wsol, vault, 0, 3 * SOL).await;
    let (ticket, bucket) = w.request_withdrawal(&alice, vault, SOL, 1).await.unwrap();
    let e = w.epoch().await;
    w.advance_to_slot((e + 2) * EPOCH_LENGTH).await;
    let claim = claim_ix(&mut w.t, vault, &alice.pubkey(), 1, |_| wsol).await;
    let rent = w.t.ctx.banks_client.get_rent().await.unwrap();
    let revive =
        |to: &Pubkey| system_instruction::transfer(&alice.pubkey(), to, rent.minimum_balance(0));
    let before = w.t.token_balance(wsol).await;
    w.t.send(
        &[claim.clone(), revive(&ticket), revive(&bucket)],
        &[&alice],
    )
    .await
    .unwrap();
    assert_eq!(w.t.token_balance(wsol).await, before + SOL);
    for key in [ticket, bucket] {
        let account = w.t.account(key).await.unwrap();
        assert_eq!(
            (account.owner, account.data.len()),
            (anchor_lang::system_program::ID, 0),
            "{key}: revived as a bare system account"
        );
    }
    let state = w.vault(vault).await;
    let keys = [vault, state.assets[0].reserve, wsol, ticket, bucket];
    refused(
        &mut w.t,
        &[claim],
        &[&alice],
        anchor_error(anchor_lang::error::ErrorCode::AccountOwnedByWrongProgram),
        &keys,
        "a claim of the revived ticket",
    )
    .await;
}

#[tokio::test]
async fn escrow_cannot_be_recreated() {
    // Also covered: no execution after a cancel (slashing::the_registry_admin_can_cancel_
    // an_executed_slash_until_it_resolves), a second sweep is a no-op (governance::cranks).
    // After its sweep the escrow stays, marked swept: executing the request again would
    // recreate it and take the loss a second time.
    let mut w = World::new().await;
    let holder = w.users[0].key.insecure_clone();
    let vault = w.vault_b;
    w.deposit_from(&holder, w.users[0].wsol, vault, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let (request_key, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    w.advance_to_slot(escrow.resolve_after_slot).await;
    let state = w.vault(vault).await;
    w.t.send(&[build::sweep_escrow(&state, &escrow, 0)], &[])
        .await
        .unwrap();
    let swept = crate::escrow(&mut w.t, vault, request_key).await;
    assert!(swept.swept[0]);
    let state = w.vault(vault).await;
    assert_eq!(state.assets[0].escrowed_amount, 0);
    let keys = [
        vault,
        state.assets[0].reserve,
        pda::escrow(&vault, &request_key),
        registry::pda::slash_execution(&request_key, &vault),
        request_key,
    ];
    let again = [
        build::refresh_prices(&state),
        registry::execute_slash(w.t.payer().pubkey(), &request, vault),
    ];
    refused(
        &mut w.t,
        &again,
        &[],
        registry_error(RegistryError::SlashAlreadyExecuted),
        &keys,
        "the swept request again",
    )
    .await;
}
