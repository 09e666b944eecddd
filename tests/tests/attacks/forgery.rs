//! Forged authorities and forged sysvars, and privilege escalation through a hostile
//! program (a native builtin written here, `crate::hostile`) that calls the vault, the
//! registry or the token programs with accounts it should not control.
use anchor_lang::{
    prelude::{Clock, Pubkey},
    InstructionData, ToAccountMetas,
};
use anchor_spl::{token::spl_token, token_2022::spl_token_2022};
use lrt_client::{
    avs, instructions as build, registry,
    state::{SlashDestination, Vault},
    token_programs::TOKEN_2022,
};
use lrt_integration_tests::{slashing_world::*, *};
use lrt_vault::{errors::VaultError, instructions::ApplySlashArgs};
use solana_signer::Signer;

use crate::*;

/// The world with the hostile program; carol holds 3 SOL in vault B, half of which is
/// allocated to the operator; the bank sits at the first slot of the capture epoch.
async fn hostile_world() -> World {
    quiet_expected_cpi_stub_panics();
    let mut w = World::new_with(add_hostile).await;
    let carol = w.users[2].key.insecure_clone();
    w.deposit_from(&carol, w.users[2].wsol, w.vault_b, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    w
}

/// Every account a slash or a cancel of vault B touches.
async fn slash_books(w: &mut World, request: Pubkey) -> Vec<Pubkey> {
    let vault = w.vault_b;
    let state = w.vault(vault).await;
    let c = w.epoch().await;
    vec![
        vault,
        state.assets[0].reserve,
        state.lrt_mint,
        pda::delegation(&vault, &w.operator),
        pda::bond(&vault, &w.operator),
        pda::escrow(&vault, &request),
        pda::bucket(&vault, c + 1),
        pda::bucket(&vault, c + 2),
    ]
}

/// `apply_slash` of 1 SOL from vault B as the registry would send it, signed by `slasher`.
fn apply_slash_ix(w: &World, slasher: Pubkey, capture: u64, request: Pubkey) -> Instruction {
    let payer = w.t.payer();
    build::apply_slash(
        slasher,
        payer.pubkey(),
        w.vault_b,
        ApplySlashArgs {
            request,
            operator: w.operator,
            capture_epoch: capture,
            loss_lamports: SOL,
            destination: SlashDestination::Recipient {
                owner: payer.pubkey(),
            },
            resolve_after_slot: 0,
        },
    )
}

#[tokio::test]
async fn forged_registry_pda_applies_no_slash() {
    // Covered in depth by slashing::authorization (the forwarder of another program).
    // A program signs `apply_slash` with its own `["slasher"]` PDA, the registry's seed
    // under another program id.
    let mut w = hostile_world().await;
    let capture = w.epoch().await;
    let request = Pubkey::new_unique();
    let inner = apply_slash_ix(&w, hostile_pda(b"slasher"), capture, request);
    let state = w.vault(w.vault_b).await;
    let ixs = [
        build::refresh_prices(&state),
        through_hostile(&inner, None, None),
    ];
    let books = slash_books(&mut w, request).await;
    refused(
        &mut w.t,
        &ixs,
        &[],
        vault_error(VaultError::NotSlasher),
        &books,
        "apply_slash by another program's slasher",
    )
    .await;
}

#[tokio::test]
async fn forged_registry_pda_cancels_no_slash() {
    // An executed 50% slash of vault B, in its resolution delay; a program signs
    // `cancel_escrow` with its own `["slasher"]` PDA to hand the escrow back to the pool.
    let mut w = hostile_world().await;
    let vault = w.vault_b;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert!(escrow.fraction_wad > 0);
    let c = escrow.capture_epoch;
    let cancel_ix = |slasher: Pubkey| Instruction {
        program_id: lrt_vault::ID,
        accounts: lrt_vault::accounts::CancelEscrow {
            slasher,
            config: pda::config(),
            vault,
            escrow: pda::escrow(&vault, &request_key),
            bond: pda::bond(&vault, &escrow.operator),
            delegation: pda::delegation(&vault, &escrow.operator),
            bucket_1: pda::bucket(&vault, c + 1),
            bucket_2: pda::bucket(&vault, c + 2),
            bucket_3: pda::bucket(&vault, c + 3),
            event_authority: pda::event_authority(),
            program: lrt_vault::ID,
        }
        .to_account_metas(None),
        data: lrt_vault::instruction::CancelEscrow {
            request: request_key,
        }
        .data(),
    };
    let mut books = slash_books(&mut w, request_key).await;
    books.push(registry::pda::slash_execution(&request_key, &vault));
    let forged = through_hostile(&cancel_ix(hostile_pda(b"slasher")), None, None);
    refused(
        &mut w.t,
        &[forged],
        &[],
        vault_error(VaultError::NotSlasher),
        &books,
        "cancel_escrow by another program's slasher",
    )
    .await;
    // nor may the program claim the registry's own PDA's signature
    let escalated = through_hostile(&cancel_ix(registry::pda::slasher()), Some(0), None);
    refused_with(
        &mut w.t,
        &[escalated],
        &[],
        0,
        ESCALATION_NATIVELY,
        &books,
        "cancel_escrow claiming the registry's slasher",
    )
    .await;
    // the registry admin's cancel, through the registry, still works
    cancel(&mut w.t, request_key, vault).await.unwrap();
    assert!(crate::escrow(&mut w.t, vault, request_key).await.cancelled);
}

#[tokio::test]
async fn privilege_escalation_registry_slasher_signature() {
    // A program passes the registry's `["slasher"]` PDA to `apply_slash` and claims its
    // signature: only the registry can sign for it.
    let mut w = hostile_world().await;
    let capture = w.epoch().await;
    let request = Pubkey::new_unique();
    let inner = apply_slash_ix(&w, registry::pda::slasher(), capture, request);
    let state = w.vault(w.vault_b).await;
    let ixs = [
        build::refresh_prices(&state),
        through_hostile(&inner, Some(0), None),
    ];
    let books = slash_books(&mut w, request).await;
    refused_with(
        &mut w.t,
        &ixs,
        &[],
        1,
        ESCALATION_NATIVELY,
        &books,
        "apply_slash claiming the registry's slasher",
    )
    .await;
}

#[tokio::test]
async fn privilege_escalation_holder_signature() {
    // A program withdraws carol's shares without her signature, claiming it in its CPI;
    // then carol herself signs through the same program (a front end she trusts): that
    // works, so only the missing signature stopped the first attempt.
    let mut w = hostile_world().await;
    let carol = w.users[2].key.insecure_clone();
    let vault = w.vault_b;
    let lrt = lrt_of(&mut w.t, vault, &carol.pubkey()).await;
    let inner = request_ix(&mut w.t, vault, &carol.pubkey(), SOL, 1).await;
    let ticket = pda::ticket(&vault, &carol.pubkey(), 1);
    let state = w.vault(vault).await;
    let books = [vault, lrt, state.lrt_mint, ticket, carol.pubkey()];
    refused_with(
        &mut w.t,
        &[through_hostile(&inner, Some(0), None)],
        &[],
        0,
        ESCALATION_NATIVELY,
        &books,
        "a withdrawal claiming the holder's signature",
    )
    .await;
    // a writable account passed read-only and claimed writable (the vault) is refused too
    refused_with(
        &mut w.t,
        &[through_hostile(&inner, None, Some(2))],
        &[&carol],
        0,
        ESCALATION_NATIVELY,
        &books,
        "the vault claimed writable",
    )
    .await;
    w.t.send(&[through_hostile(&inner, None, None)], &[&carol])
        .await
        .unwrap();
    assert_eq!(w.t.token_balance(lrt).await, 2 * SOL);
    assert_eq!(ticket_claim(&mut w.t, ticket, 0).await, SOL);
}

#[tokio::test]
async fn privilege_escalation_vault_pda_signature() {
    // A program claims the vault PDA's signature to mint itself LRT (the vault is the LRT
    // mint authority) or to move wSOL out of the reserve (the vault owns it).
    let mut w = hostile_world().await;
    let mallory = w.users[4].key.insecure_clone();
    let vault = w.vault_b;
    let state: Vault = w.vault(vault).await;
    let mallory_lrt = lrt_of(&mut w.t, vault, &mallory.pubkey()).await;
    w.t.send(
        &[create_lrt_account_ix(mallory.pubkey(), state.lrt_mint)],
        &[&mallory],
    )
    .await
    .unwrap();
    let mint = spl_token_2022::instruction::mint_to(
        &TOKEN_2022,
        &state.lrt_mint,
        &mallory_lrt,
        &vault,
        &[],
        100 * SOL,
    )
    .unwrap();
    let reserve = state.assets[0].reserve;
    let drain = spl_token::instruction::transfer(
        &spl_token::ID,
        &reserve,
        &w.users[4].wsol,
        &vault,
        &[],
        SOL,
    )
    .unwrap();
    let books = [vault, state.lrt_mint, mallory_lrt, reserve, w.users[4].wsol];
    for (what, inner) in [("mint LRT", mint), ("drain the reserve", drain)] {
        let at = inner
            .accounts
            .iter()
            .position(|m| m.pubkey == vault)
            .unwrap();
        refused_with(
            &mut w.t,
            &[through_hostile(&inner, Some(at), None)],
            &[],
            0,
            ESCALATION_NATIVELY,
            &books,
            what,
        )
        .await;
    }
    assert_eq!(w.t.token_balance(mallory_lrt).await, 0);
}

#[tokio::test]
async fn forged_instructions_sysvar() {
    // Covered in depth by example_avs::proof_failures::a_forged_instructions_sysvar_account_is_refused
    // (a look-alike that reads exactly like the real sysvar of a transaction carrying two
    // unverified signatures). Here: the report names another account in its place.
    let mut w = World::new().await;
    let attester = solana_keypair::Keypair::new();
    let avs_key = w.example_avs(&attester, WAD / 10).await;
    let op = w.op.insecure_clone();
    lrt_fixtures::opt_in_operator(&mut w.t, &op, avs_key)
        .await
        .unwrap();
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let round = w.t.slot().await;
    let reporter = w.t.payer();
    let proof = avs::equivocation_proof(
        reporter.pubkey(),
        avs_key,
        0,
        w.operator,
        &attester,
        round,
        [1; 32],
        [2; 32],
    );
    let fake = Pubkey::new_unique();
    put(
        &mut w.t,
        fake,
        Account {
            lamports: SOL,
            data: vec![0; 64],
            owner: solana_sdk_ids::sysvar::ID,
            executable: false,
            rent_epoch: 0,
        },
    );
    let mut forged = proof.clone();
    forged[2] = swap(
        forged[2].clone(),
        solana_sdk_ids::sysvar::instructions::ID,
        fake,
    );
    let books = [
        avs_key,
        avs::pda::equivocation(&w.operator, round),
        registry::pda::slash_request(&avs_key, 0),
        avs::pda::config(),
    ];
    refused(
        &mut w.t,
        &forged,
        &[],
        avs_error(example_avs::errors::AvsError::WrongInstructionsSysvar),
        &books,
        "a forged instructions sysvar",
    )
    .await;
    // the genuine proof goes through: the refusal was the sysvar's
    w.t.send(&proof, &[]).await.unwrap();
    let request: slasher_registry::state::SlashRequest =
        w.t.decode(registry::pda::slash_request(&avs_key, 0)).await;
    assert_eq!(request.operator, w.operator);
}

#[tokio::test]
async fn forged_clock_sysvar() {
    // No instruction of the three programs takes the clock as an account (they read it
    // with `Clock::get`, from the runtime), so there is no clock account to forge: a
    // forged one passed along changes nothing. Checked on every time-dependent builder,
    // then tried on an execution inside the veto window and a sweep before resolution.
    let mut w = hostile_world().await;
    let vault = w.vault_b;
    let (request_key, request) = w.request_slash(WAD / 10).await;
    let state = w.vault(vault).await;
    let payer = w.t.payer().pubkey();
    let clock = solana_sdk_ids::sysvar::clock::ID;
    let forged_clock = Pubkey::new_unique();
    let far = Clock {
        slot: request.veto_deadline_slot + 10 * EPOCH_LENGTH,
        epoch: 1_000,
        ..Clock::default()
    };
    put(
        &mut w.t,
        forged_clock,
        Account {
            lamports: SOL,
            data: bincode::serialize(&far).unwrap(),
            owner: solana_sdk_ids::sysvar::ID,
            executable: false,
            rent_epoch: 0,
        },
    );
    let execute = registry::execute_slash(payer, &request, vault);
    let time_dependent = [
        execute.clone(),
        registry::request_slash(
            payer,
            payer,
            w.avs,
            1,
            w.operator,
            slasher_registry::instructions::RequestSlashArgs {
                wad: WAD,
                evidence_hash: [0; 32],
            },
        ),
        registry::veto_slash(payer, request_key),
        build::deposit(&state, payer, payer, payer, default_deposit()),
        request_ix(&mut w.t, vault, &payer, 1, 9).await,
        build::unbond(vault, w.operator, payer, 1),
        build::delegate(payer, vault, w.operator, 1),
        build::undelegate(payer, vault, w.operator, 1),
        build::set_fees(payer, vault, 0, 0),
        build::vest_rewards(vault),
    ];
    for ix in &time_dependent {
        assert!(
            ix.accounts.iter().all(|m| m.pubkey != clock),
            "{} takes the clock account",
            ix.program_id
        );
    }
    let mut with_clock = execute.clone();
    with_clock
        .accounts
        .push(AccountMeta::new_readonly(forged_clock, false));
    let books = slash_books(&mut w, request_key).await;
    refused(
        &mut w.t,
        &[build::refresh_prices(&state), with_clock],
        &[],
        registry_error(RegistryError::VetoWindowOpen),
        &books,
        "an execution with a forged clock",
    )
    .await;
    // executed for real, the sweep waits for the resolution delay whatever clock is passed
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    let state = w.vault(vault).await;
    let mut sweep = build::sweep_escrow(&state, &escrow, 0);
    sweep
        .accounts
        .push(AccountMeta::new_readonly(forged_clock, false));
    let books = slash_books(&mut w, request_key).await;
    refused(
        &mut w.t,
        &[sweep],
        &[],
        vault_error(VaultError::EscrowNotResolved),
        &books,
        "a sweep with a forged clock",
    )
    .await;
}

fn default_deposit() -> lrt_vault::instructions::DepositArgs {
    lrt_vault::instructions::DepositArgs {
        asset_index: 0,
        amount: 1,
        min_shares_out: 0,
        max_fee_bps: 0,
    }
}
