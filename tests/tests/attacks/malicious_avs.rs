//! A malicious AVS program: the registry admitted it (its slash authority is its
//! `["authority"]` PDA, at most 10% a request), the operator and vault B opted in to it
//! (the curator capped it at 20% of the operator's stake per epoch). It requests slashes
//! by CPI, signing with its PDA, as any AVS program does (`crate::hostile`), and tries
//! what it may not: operators that never opted in to it, fractions beyond 100%, 100%
//! requests again and again, another AVS's name. Everything is refused or bounded by the
//! AVS's maximum and the curator's cap. (The example AVS's own refusals are in
//! `example_avs::proof_failures`; an honest AVS with a key as authority in
//! `registry::requests`.)
use lrt_client::{
    instructions as build, registry,
    registry::decode::{SlashRequest, VaultAvsEpochSlash},
    state::SlashDestination,
};
use lrt_integration_tests::{slashing_world::*, *};
use slasher_registry::{
    instructions::{OperatorArgs, RequestSlashArgs},
    state::Avs,
};
use solana_signer::Signer;

use crate::*;

/// The AVS's maximum per request: 10%.
const MAX_SLASH: u128 = WAD / 10;
/// The curator's cap for it in vault B: 20% of the stake at capture per epoch.
const CAP_BPS: u16 = 2_000;

struct Malicious {
    w: World,
    avs: Pubkey,
}

/// The world with the hostile program admitted as an AVS; opt-ins made during e0; vault B
/// holds 1 + 3 SOL, half allocated (stake 2 SOL); the bank at the capture epoch.
async fn malicious() -> Malicious {
    quiet_expected_cpi_stub_panics();
    let mut w = World::new_with(add_hostile).await;
    let holder = w.users[0].key.insecure_clone();
    w.deposit_from(&holder, w.users[0].wsol, w.vault_b, 0, 3 * SOL)
        .await;
    let avs = lrt_fixtures::NewAvs {
        id: Pubkey::new_unique(),
        admin: w.t.payer().pubkey(),
        slash_authority: hostile_pda(b"authority"),
        max_slash_wad: MAX_SLASH,
        destination: SlashDestination::Burn,
        metadata_uri: String::new(),
    }
    .register(&mut w.t)
    .await
    .unwrap();
    let (op, curator) = (w.op.insecure_clone(), w.curator.insecure_clone());
    lrt_fixtures::opt_in_operator(&mut w.t, &op, avs)
        .await
        .unwrap();
    lrt_fixtures::opt_in_vault(&mut w.t, &curator, w.vault_b, avs, CAP_BPS)
        .await
        .unwrap();
    w.delegate_and_enter_capture_epoch().await;
    Malicious { w, avs }
}

impl Malicious {
    /// The AVS program's `request_slash` of `wad` against `operator`, in the name of
    /// `avs`, signed with its PDA through its own CPI.
    async fn request_ix(&mut self, avs: Pubkey, operator: Pubkey, wad: u128) -> Instruction {
        let state: Avs = self.w.t.decode(avs).await;
        let inner = registry::request_slash(
            hostile_pda(b"authority"),
            self.w.t.payer().pubkey(),
            avs,
            state.request_count,
            operator,
            RequestSlashArgs {
                wad,
                evidence_hash: [6; 32],
            },
        );
        through_hostile(&inner, None, None)
    }

    /// Sends [`Malicious::request_ix`] in this AVS's name; returns the request.
    async fn request(&mut self, wad: u128) -> (Pubkey, SlashRequest) {
        let (avs, operator) = (self.avs, self.w.operator);
        let state: Avs = self.w.t.decode(avs).await;
        let ix = self.request_ix(avs, operator, wad).await;
        self.w.t.send(&[ix], &[]).await.unwrap();
        let key = registry::pda::slash_request(&avs, state.request_count);
        (key, self.w.t.decode(key).await)
    }

    /// The AVS and the addresses its next request would create.
    async fn books(&mut self) -> Vec<Pubkey> {
        let state: Avs = self.w.t.decode(self.avs).await;
        vec![
            self.avs,
            registry::pda::slash_request(&self.avs, state.request_count),
            self.w.vault_b,
        ]
    }
}

#[tokio::test]
async fn malicious_avs_slashes_an_operator_not_opted_in() {
    // Covered also by soundness::early_refusal (an operator opted in but not slashable yet).
    let mut m = malicious().await;
    // a second operator, whitelisted and allocated in vault B, never opted in to it
    let other = Keypair::new();
    m.w.t.fund(&[&other], SOL).await;
    let args = OperatorArgs {
        commission_bps: 0,
        signing_key: [4; 32],
        metadata_uri: String::new(),
    };
    m.w.t
        .send(
            &[registry::register_operator(other.pubkey(), args)],
            &[&other],
        )
        .await
        .unwrap();
    let stranger = registry::pda::operator(&other.pubkey());
    let avs = m.avs;
    let ix = m.request_ix(avs, stranger, MAX_SLASH).await;
    let books = m.books().await;
    refused(
        &mut m.w.t,
        &[ix],
        &[],
        anchor_error(anchor_lang::error::ErrorCode::AccountNotInitialized),
        &books,
        "an operator that never opted in",
    )
    .await;
    // the world's operator, named through its opt-in to another AVS
    let operator = m.w.operator;
    let mut ix = m.request_ix(avs, operator, MAX_SLASH).await;
    let mine = registry::pda::operator_avs(&operator, &avs);
    let theirs = registry::pda::operator_avs(&operator, &m.w.avs);
    ix = swap(ix, mine, theirs);
    refused(
        &mut m.w.t,
        &[ix],
        &[],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
        &books,
        "an opt-in to another AVS",
    )
    .await;
}

#[tokio::test]
async fn malicious_avs_requests_a_huge_fraction() {
    let mut m = malicious().await;
    let (avs, operator, vault) = (m.avs, m.w.operator, m.w.vault_b);
    for wad in [0, WAD + 1, u128::MAX] {
        let ix = m.request_ix(avs, operator, wad).await;
        let books = m.books().await;
        refused(
            &mut m.w.t,
            &[ix],
            &[],
            registry_error(RegistryError::InvalidSlashWad),
            &books,
            "a fraction out of (0, 100%]",
        )
        .await;
    }
    // 100% is a valid request; it executes as the AVS's 10% maximum of the 2 SOL stake
    let (key, request) = m.request(WAD).await;
    assert_eq!(request.max_slash_wad, MAX_SLASH);
    m.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    m.w.execute(&request, vault).await.unwrap();
    assert_eq!(escrow(&mut m.w.t, vault, key).await.loss_lamports, SOL / 5);
}

#[tokio::test]
async fn malicious_avs_replays_requests() {
    // Also covered: one execution per request and vault (slash_bounds::double_execution).
    // It sends the same 100% request again and again, and once in another AVS's name:
    // each new request is a new index, all of them together take at most the curator's
    // 20% cap of the stake at capture; the impersonation is refused.
    let mut m = malicious().await;
    let (avs, operator, vault) = (m.avs, m.w.operator, m.w.vault_b);
    let world_avs = m.w.avs;
    let ix = m.request_ix(world_avs, operator, WAD / 2).await;
    let mut books = m.books().await;
    let world_state: Avs = m.w.t.decode(world_avs).await;
    books.extend([
        world_avs,
        registry::pda::slash_request(&world_avs, world_state.request_count),
    ]);
    refused(
        &mut m.w.t,
        &[ix],
        &[],
        registry_error(RegistryError::NotSlashAuthority),
        &books,
        "a request in another AVS's name",
    )
    .await;

    let mut requests = Vec::new();
    for _ in 0..3 {
        requests.push(m.request(WAD).await);
    }
    assert_eq!(
        requests.iter().map(|(_, r)| r.index).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    let last = requests.last().unwrap().1.veto_deadline_slot;
    m.w.advance_to_slot(last + 1).await;
    for (key, request) in &requests[..2] {
        m.w.execute(request, vault).await.unwrap();
        assert_eq!(escrow(&mut m.w.t, vault, *key).await.loss_lamports, SOL / 5);
    }
    let (third_key, third) = &requests[2];
    let state = m.w.vault(vault).await;
    let capture = third.capture_epoch;
    let avs_ledger = registry::pda::vault_avs_epoch_slash(
        &registry::pda::vault_avs(&vault, &avs),
        &operator,
        capture,
    );
    let keys = [
        vault,
        state.assets[0].reserve,
        *third_key,
        avs_ledger,
        pda::escrow(&vault, third_key),
    ];
    let ixs = [
        build::refresh_prices(&state),
        registry::execute_slash(m.w.t.payer().pubkey(), third, vault),
    ];
    refused(
        &mut m.w.t,
        &ixs,
        &[],
        registry_error(RegistryError::AvsVaultCapExhausted),
        &keys,
        "a third 100% request",
    )
    .await;
    let ledger: VaultAvsEpochSlash = m.w.t.decode(avs_ledger).await;
    assert_eq!(
        ledger.slashed_lamports,
        2 * SOL / 5,
        "20% of the 2 SOL stake"
    );
}

#[tokio::test]
async fn malicious_avs_dust_slashes_hold_deposits() {
    // A request of 1e-18 is still a slash (no dust escape: it takes a lamport of the
    // 2 SOL stake) and, since the holders bore it, it opens vault B's cancel window:
    // deposits wait, for the resolution delay and no longer. Repeated, such requests keep
    // deposits waiting; the veto authority stops them (as the registry admin can
    // deactivate the AVS and the curator opt the vault out).
    let mut m = malicious().await;
    let vault = m.w.vault_b;
    let (key, request) = m.request(1).await;
    m.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    m.w.execute(&request, vault).await.unwrap();
    let executed_at = m.w.t.slot().await;
    let escrow = escrow(&mut m.w.t, vault, key).await;
    assert_eq!((escrow.loss_lamports, escrow.amounts[0]), (1, 1));
    assert!(escrow.fraction_wad > 0);
    assert_eq!(escrow.resolve_after_slot, executed_at + RESOLUTION_DELAY);
    let state = m.w.vault(vault).await;
    assert_eq!(state.slash_window.until_slot, escrow.resolve_after_slot);
    let newcomer = m.w.users[1].key.insecure_clone();
    let newcomer_wsol = m.w.users[1].wsol;
    let ixs = deposit_ixs(&mut m.w.t, vault, &newcomer, newcomer_wsol, 0, SOL).await;
    refused(
        &mut m.w.t,
        &ixs,
        &[&newcomer],
        vault_error(lrt_vault::errors::VaultError::DepositsAwaitSlashResolution),
        &[vault, state.assets[0].reserve, newcomer_wsol],
        "a deposit during the dust slash's window",
    )
    .await;
    m.w.advance_to_slot(escrow.resolve_after_slot).await;
    deposit(&mut m.w.t, vault, &newcomer, newcomer_wsol, 0, SOL)
        .await
        .unwrap();

    // the next one is vetoed: it never executes
    let (key, request) = m.request(1).await;
    let veto = m.w.veto.insecure_clone();
    m.w.t
        .send(&[registry::veto_slash(veto.pubkey(), key)], &[&veto])
        .await
        .unwrap();
    m.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    let state = m.w.vault(vault).await;
    let ixs = [
        build::refresh_prices(&state),
        registry::execute_slash(m.w.t.payer().pubkey(), &request, vault),
    ];
    refused(
        &mut m.w.t,
        &ixs,
        &[],
        registry_error(RegistryError::SlashVetoed),
        &[vault, pda::escrow(&vault, &key)],
        "a vetoed dust request",
    )
    .await;
}
