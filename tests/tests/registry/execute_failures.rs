//! `execute_slash` refusals: vetoed, deactivated AVS, no stake, and every account
//! substituted by a real look-alike (another request, AVS, operator, vault, epoch). Each
//! asserts the exact error and that nothing moved; pre-funded addresses do not block it.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    pda,
    registry::{
        self as reg,
        decode::{SlashExecution, VaultEpochSlash},
        RegistryError,
    },
    state::Delegation,
};
use lrt_integration_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{anchor_codes::*, registry_error, World, ALLOCATION, STAKE};

/// Anchor's `InvalidProgramId` and `ConstraintAddress`.
const INVALID_PROGRAM_ID: u32 = anchor_lang::error::ErrorCode::InvalidProgramId as u32;
const CONSTRAINT_ADDRESS: u32 = anchor_lang::error::ErrorCode::ConstraintAddress as u32;

impl World {
    /// The vault, the delegation and the request, as bytes, to show nothing moved.
    async fn snapshot(&mut self, request: Pubkey) -> Vec<Vec<u8>> {
        let keys = [
            self.vault_key,
            pda::delegation(&self.vault_key, &self.operator),
            request,
            reg::pda::vault_avs(&self.vault_key, &self.avs),
        ];
        let mut out = Vec::new();
        for key in keys {
            out.push(self.t.account(key).await.unwrap().data);
        }
        out
    }

    /// Registers a second operator, opts it in to the world's AVS and, if `whitelist`,
    /// has the world's vault whitelist it (without allocating to it). Returns its account.
    async fn second_operator(&mut self, whitelist: bool) -> Pubkey {
        let bob = Keypair::new();
        self.t.fund(&[&bob], SOL).await;
        let mut ixs = vec![self.new_operator(2).register_ix(bob.pubkey())];
        ixs.extend(lrt_fixtures::operator_opt_in_ixs(bob.pubkey(), &[self.avs]));
        self.t.send(&ixs, &[&bob]).await.unwrap();
        let operator = reg::pda::operator(&bob.pubkey());
        if whitelist {
            let curator = self.curator.insecure_clone();
            lrt_fixtures::whitelist(&mut self.t, &curator, self.vault_key, operator, 5_000)
                .await
                .unwrap();
        }
        operator
    }
}

#[tokio::test]
async fn execute_slash_refuses_vetoed_requests_and_deactivated_avss() {
    let mut w = World::staked().await;
    let veto = w.veto.insecure_clone();
    let vetoed = w.request(WAD / 10).await;
    let pending = w.request(WAD / 10).await;
    w.t.send(&[reg::veto_slash(veto.pubkey(), vetoed)], &[&veto])
        .await
        .unwrap();
    w.past_deadline(pending).await;
    let before = w.snapshot(vetoed).await;
    assert_program_error(
        w.execute(vetoed).await,
        1,
        registry_error(RegistryError::SlashVetoed),
    );
    assert_eq!(w.snapshot(vetoed).await, before);
    // deactivating the AVS stops its pending requests too
    let avs_admin = w.avs_admin.insecure_clone();
    w.t.send(
        &[reg::set_avs_active(avs_admin.pubkey(), w.avs, false)],
        &[&avs_admin],
    )
    .await
    .unwrap();
    let before = w.snapshot(pending).await;
    assert_program_error(
        w.execute(pending).await,
        1,
        registry_error(RegistryError::AvsInactive),
    );
    assert_eq!(w.snapshot(pending).await, before);
    // reactivated by the registry admin, within the window, it executes
    let admin = w.admin.pubkey();
    w.t.send(&[reg::set_avs_active(admin, w.avs, true)], &[])
        .await
        .unwrap();
    w.execute(pending).await.unwrap();
    for request in [vetoed, pending] {
        let executed =
            w.t.account(reg::pda::slash_execution(&request, &w.vault_key))
                .await
                .is_some();
        assert_eq!(executed, request == pending);
    }
}

#[tokio::test]
async fn execute_slash_needs_a_delegation_with_stake_at_capture() {
    let mut w = World::new().await;
    let idle = w.second_operator(true).await;
    let stranger = w.second_operator(false).await;
    w.stake().await;
    // whitelisted and opted in, but nothing allocated: a stake of 0
    let (request, ix) = w.request_ix(idle, WAD).await;
    let slash_authority = w.slash_authority.insecure_clone();
    w.t.send(&[ix], &[&slash_authority]).await.unwrap();
    w.past_deadline(request).await;
    assert_program_error(
        w.execute(request).await,
        1,
        registry_error(RegistryError::NoStakeAtCapture),
    );
    // never whitelisted by the vault: there is no delegation at all
    let (request, ix) = w.request_ix(stranger, WAD).await;
    w.t.send(&[ix], &[&slash_authority]).await.unwrap();
    w.past_deadline(request).await;
    assert_program_error(w.execute(request).await, 1, ACCOUNT_NOT_INITIALIZED);
    assert!(w
        .t
        .account(reg::pda::vault_epoch_slash(&w.vault_key, &idle, 1))
        .await
        .is_none());
}

#[tokio::test]
async fn execute_slash_refuses_every_substituted_account() {
    let mut w = World::new().await;
    let vault2 = w.second_vault(ALLOCATION, 10_000).await;
    let avs2 = w.second_avs(WAD, 10_000).await;
    let operator2 = w.second_operator(true).await;
    w.stake().await;
    let request = w.request(WAD / 10).await;
    let other_request = w.request_of(avs2, WAD / 10).await;
    w.past_deadline(other_request).await;
    let (vault, avs, operator) = (w.vault_key, w.avs, w.operator);
    let capture = w.request_state(request).await.capture_epoch;
    let ixs = w.execute_ixs(request, vault).await;

    let registry = registry_error;
    let cases: Vec<(&str, usize, Pubkey, u32)> = vec![
        ("vault config", 2, vault, ACCOUNT_DISCRIMINATOR_MISMATCH),
        ("request", 3, operator, ACCOUNT_DISCRIMINATOR_MISMATCH),
        ("avs", 4, avs2, registry(RegistryError::WrongAvs)),
        (
            "operator",
            5,
            operator2,
            registry(RegistryError::WrongOperator),
        ),
        (
            "operator opt-in",
            6,
            reg::pda::operator_avs(&operator2, &avs),
            CONSTRAINT_SEEDS,
        ),
        ("vault", 7, vault2, CONSTRAINT_SEEDS),
        (
            "vault opt-in",
            8,
            reg::pda::vault_avs(&vault2, &avs),
            CONSTRAINT_SEEDS,
        ),
        (
            "delegation of another vault",
            9,
            pda::delegation(&vault2, &operator),
            CONSTRAINT_SEEDS,
        ),
        (
            "delegation to another operator",
            9,
            pda::delegation(&vault, &operator2),
            CONSTRAINT_SEEDS,
        ),
        (
            "execution record",
            10,
            reg::pda::slash_execution(&other_request, &vault),
            CONSTRAINT_SEEDS,
        ),
        (
            "epoch ledger of another capture",
            11,
            reg::pda::vault_epoch_slash(&vault, &operator, capture + 1),
            CONSTRAINT_SEEDS,
        ),
        (
            "epoch ledger of another operator",
            11,
            reg::pda::vault_epoch_slash(&vault, &operator2, capture),
            CONSTRAINT_SEEDS,
        ),
        (
            "epoch ledger of another vault",
            11,
            reg::pda::vault_epoch_slash(&vault2, &operator, capture),
            CONSTRAINT_SEEDS,
        ),
        (
            "capture ledger of another vault",
            12,
            reg::pda::vault_capture(&vault2, capture),
            CONSTRAINT_SEEDS,
        ),
        (
            "capture ledger of another capture",
            12,
            reg::pda::vault_capture(&vault, capture + 1),
            CONSTRAINT_SEEDS,
        ),
        (
            "AVS epoch ledger of another AVS",
            13,
            reg::pda::vault_avs_epoch_slash(
                &reg::pda::vault_avs(&vault, &avs2),
                &operator,
                capture,
            ),
            CONSTRAINT_SEEDS,
        ),
        (
            "AVS epoch ledger of another operator",
            13,
            reg::pda::vault_avs_epoch_slash(
                &reg::pda::vault_avs(&vault, &avs),
                &operator2,
                capture,
            ),
            CONSTRAINT_SEEDS,
        ),
        (
            "AVS epoch ledger of another capture",
            13,
            reg::pda::vault_avs_epoch_slash(
                &reg::pda::vault_avs(&vault, &avs),
                &operator,
                capture + 1,
            ),
            CONSTRAINT_SEEDS,
        ),
        (
            "slasher",
            14,
            pda::slasher(&lrt_vault::ID),
            CONSTRAINT_SEEDS,
        ),
        // checked by the vault's apply_slash
        ("bond", 15, pda::bond(&vault2, &operator), CONSTRAINT_SEEDS),
        (
            "bucket c+1",
            16,
            pda::bucket(&vault, capture + 3),
            CONSTRAINT_SEEDS,
        ),
        (
            "bucket c+2",
            17,
            pda::bucket(&vault2, capture + 2),
            CONSTRAINT_SEEDS,
        ),
        (
            "escrow",
            18,
            pda::escrow(&vault, &other_request),
            CONSTRAINT_SEEDS,
        ),
        (
            "vault event authority",
            19,
            reg::pda::event_authority(),
            CONSTRAINT_ADDRESS,
        ),
        (
            "vault program",
            20,
            reg::REGISTRY_PROGRAM_ID,
            INVALID_PROGRAM_ID,
        ),
    ];
    let before = w.snapshot(request).await;
    for (what, index, key, code) in cases {
        let mut forged = ixs.clone();
        forged[1].accounts[index].pubkey = key;
        let result = w.t.send(&forged, &[]).await;
        if let Err(mismatch) = check_program_error(result, 1, code) {
            panic!("{what}: {mismatch}");
        }
        assert_eq!(w.snapshot(request).await, before, "{what}: nothing moved");
    }
    for key in [
        reg::pda::slash_execution(&request, &vault),
        reg::pda::vault_epoch_slash(&vault, &operator, capture),
        reg::pda::vault_capture(&vault, capture),
        reg::pda::vault_avs_epoch_slash(&reg::pda::vault_avs(&vault, &w.avs), &operator, capture),
        pda::escrow(&vault, &request),
    ] {
        assert!(w.t.account(key).await.is_none());
    }
    // the genuine accounts work
    w.t.send(&ixs, &[]).await.unwrap();
    let execution: SlashExecution =
        w.t.decode(reg::pda::slash_execution(&request, &vault))
            .await;
    assert_eq!(execution.loss_lamports, STAKE / 10);
}

#[tokio::test]
async fn anyone_executes_even_when_the_new_addresses_were_prefunded() {
    let mut w = World::staked().await;
    let request = w.request(WAD / 2).await;
    let (vault, capture) = (w.vault_key, 1);
    let targets = [
        reg::pda::slash_execution(&request, &vault),
        reg::pda::vault_epoch_slash(&vault, &w.operator, capture),
        pda::escrow(&vault, &request),
        reg::pda::vault_avs_epoch_slash(&reg::pda::vault_avs(&vault, &w.avs), &w.operator, capture),
    ];
    // the least a transfer can leave at a new address: rent exemption for no data
    let rent = w.t.ctx.banks_client.get_rent().await.unwrap();
    let payer = w.admin.pubkey();
    let grief: Vec<_> = targets
        .iter()
        .map(|to| {
            anchor_lang::solana_program::system_instruction::transfer(
                &payer,
                to,
                rent.minimum_balance(0),
            )
        })
        .collect();
    w.t.send(&grief, &[]).await.unwrap();
    w.past_deadline(request).await;
    // alice, a depositor with no role, executes and pays
    let alice = w.alice.insecure_clone();
    let mut ixs = w.execute_ixs(request, vault).await;
    ixs[1].accounts[0].pubkey = alice.pubkey();
    w.t.send(&ixs, &[&alice]).await.unwrap();
    let execution: SlashExecution = w.t.decode(targets[0]).await;
    assert_eq!(execution.executor, alice.pubkey());
    // 50% requested, the curator's 30% cap binds
    assert_eq!(execution.loss_lamports, STAKE * 3 / 10);
    let ledger: VaultEpochSlash = w.t.decode(targets[1]).await;
    assert_eq!(ledger.slashed_lamports, execution.loss_lamports);
    let delegation: Delegation = w.t.decode(pda::delegation(&vault, &w.operator)).await;
    assert_eq!(delegation.slashed_total, execution.loss_lamports);
    for key in targets {
        let account = w.t.account(key).await.unwrap();
        assert_ne!(account.owner, anchor_lang::system_program::ID);
    }
}
