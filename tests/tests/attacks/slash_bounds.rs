//! Bounds on what slashes take: the order of executions, several AVSs against one
//! operator, two live capture epochs, and executing one request twice. Vault B of the
//! slashing world: 1 SOL of dead shares and a holder's 3 SOL (V = 4 SOL), half of it
//! allocated to the operator (its stake at capture s = 2 SOL), no bond.
use lrt_client::{
    instructions as build, registry,
    registry::decode::{SlashRequest, VaultEpochSlash},
    state::SlashDestination,
};
use lrt_integration_tests::{slashing_world::*, *};
use slasher_registry::instructions::RequestSlashArgs;
use solana_signer::Signer;

use crate::*;

/// The world with the holder's 3 SOL in vault B.
async fn world() -> World {
    let mut w = World::new().await;
    let holder = w.users[0].key.insecure_clone();
    w.deposit_from(&holder, w.users[0].wsol, w.vault_b, 0, 3 * SOL)
        .await;
    w
}

/// What the holder's 3e9 shares of vault B claim now.
async fn holder_claim(w: &mut World) -> u64 {
    let vault = w.vault_b;
    claim_of(&mut w.t, vault, 3 * SOL, 0).await
}

/// `authority` of `avs` requests `wad` of `operator`'s stake.
async fn request_against(
    w: &mut World,
    avs: Pubkey,
    authority: &Keypair,
    operator: Pubkey,
    wad: u128,
) -> (Pubkey, SlashRequest) {
    let state: slasher_registry::state::Avs = w.t.decode(avs).await;
    let ix = registry::request_slash(
        authority.pubkey(),
        authority.pubkey(),
        avs,
        state.request_count,
        operator,
        RequestSlashArgs {
            wad,
            evidence_hash: [3; 32],
        },
    );
    w.t.send(&[ix], &[authority]).await.unwrap();
    let key = registry::pda::slash_request(&avs, state.request_count);
    (key, w.t.decode(key).await)
}

/// A second operator, registered, opted in to the world's AVS, whitelisted in vault B and
/// allocated `allocation` of it now (from the next epoch on).
async fn second_operator(w: &mut World, allocation: u64) -> Pubkey {
    let authority = Keypair::new();
    w.t.fund(&[&authority], SOL).await;
    let register = lrt_fixtures::NewOperator {
        commission_bps: 0,
        signing_key: [5; 32],
        metadata_uri: String::new(),
    }
    .register_ix(authority.pubkey());
    let mut ixs = vec![register];
    ixs.extend(lrt_fixtures::operator_opt_in_ixs(
        authority.pubkey(),
        &[w.avs],
    ));
    w.t.send(&ixs, &[&authority]).await.unwrap();
    let operator = registry::pda::operator(&authority.pubkey());
    let curator = w.curator.insecure_clone();
    let (vault, curator_key) = (w.vault_b, curator.pubkey());
    let mut ixs = lrt_fixtures::whitelist_ixs(curator_key, vault, &[operator], 10_000);
    ixs.extend(lrt_fixtures::allocate_ixs(
        curator_key,
        vault,
        &[(operator, allocation)],
    ));
    w.t.send(&ixs, &[&curator]).await.unwrap();
    operator
}

/// An AVS whose requests may take up to 100%, its authority a key; the operator and vault
/// B opt in now, the vault with the curator's cap `cap_bps` for it.
async fn avs_with_cap(w: &mut World, cap_bps: u16) -> (Pubkey, Keypair) {
    let authority = Keypair::new();
    w.t.fund(&[&authority], SOL).await;
    let avs = lrt_fixtures::NewAvs {
        id: Pubkey::new_unique(),
        admin: authority.pubkey(),
        slash_authority: authority.pubkey(),
        max_slash_wad: WAD,
        destination: SlashDestination::Burn,
        metadata_uri: String::new(),
    }
    .register(&mut w.t)
    .await
    .unwrap();
    let op = w.op.insecure_clone();
    lrt_fixtures::opt_in_operator(&mut w.t, &op, avs)
        .await
        .unwrap();
    let curator = w.curator.insecure_clone();
    lrt_fixtures::opt_in_vault(&mut w.t, &curator, w.vault_b, avs, cap_bps)
        .await
        .unwrap();
    (avs, authority)
}

/// Advances past every request's veto deadline.
async fn past_deadlines(w: &mut World, requests: &[&SlashRequest]) {
    let last = requests.iter().map(|r| r.veto_deadline_slot).max().unwrap();
    w.advance_to_slot(last + 1).await;
}

/// Two requests against the operator (the world's AVS 20%, a second AVS 30%), executed
/// into vault B in the given order; returns the holder's claim after both.
async fn same_operator_in_order(twenty_first: bool) -> u64 {
    let mut w = world().await;
    let (avs2, authority2) = w
        .second_avs(WAD, SlashDestination::Recipient { owner: w.recipient })
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let op1 = w.operator;
    let (_, twenty) = w.request_slash(WAD / 5).await;
    let (_, thirty) = request_against(&mut w, avs2, &authority2, op1, WAD / 10 * 3).await;
    past_deadlines(&mut w, &[&twenty, &thirty]).await;
    let order = if twenty_first {
        [&twenty, &thirty]
    } else {
        [&thirty, &twenty]
    };
    for request in order {
        w.execute(request, w.vault_b).await.unwrap();
    }
    holder_claim(&mut w).await
}

#[tokio::test]
async fn slash_order_griefing_same_operator() {
    // both take their fraction of the stake at capture (2 SOL), whatever ran first:
    // 0.4 + 0.6 SOL of the 4 SOL vault, so the holder's 3 SOL are worth 3 x 3/4 = 2.25 SOL
    // (each pro-rata fraction rounds up, by at most a lamport of the pool)
    let first = same_operator_in_order(true).await;
    let second = same_operator_in_order(false).await;
    assert!(first.abs_diff(second) <= 1, "{first} vs {second}");
    for claim in [first, second] {
        assert!(
            claim <= 2_250_000_000 && 2_250_000_000 - claim <= 2,
            "{claim}"
        );
    }
}

/// The operator (50% of vault B) and a second operator (30%), each asked for a fraction
/// by the world's AVS, executed in the given order; returns the holder's claim.
async fn two_operators_in_order(first_operator_first: bool) -> u64 {
    let mut w = world().await;
    let second = second_operator(&mut w, 300_000_000_000_000_000).await;
    w.delegate_and_enter_capture_epoch().await;
    let avs1 = w.avs;
    let authority = w.avs_authority.insecure_clone();
    let (_, to_first) = w.request_slash(WAD / 5).await;
    let (_, to_second) = request_against(&mut w, avs1, &authority, second, WAD / 2).await;
    past_deadlines(&mut w, &[&to_first, &to_second]).await;
    let order = if first_operator_first {
        [&to_first, &to_second]
    } else {
        [&to_second, &to_first]
    };
    for request in order {
        w.execute(request, w.vault_b).await.unwrap();
    }
    holder_claim(&mut w).await
}

#[tokio::test]
async fn slash_order_griefing_two_operators() {
    // every operator's stake at capture is its allocation of the vault before any slash of
    // the epoch (4 SOL), whoever is slashed first: 50% x 20% x 4 = 0.4 SOL and 30% x 50% x
    // 4 = 0.6 SOL either way, so the holder keeps 3 x 3/4 = 2.25 SOL (each pro-rata
    // fraction rounds up, by at most a lamport of the pool)
    let first = two_operators_in_order(true).await;
    let second = two_operators_in_order(false).await;
    assert_eq!(first, second);
    assert!(
        first <= 2_250_000_000 && 2_250_000_000 - first <= 2,
        "{first}"
    );
}

/// The operator gets two requests (the world's AVS 20%, a second AVS 30%), the second
/// operator one (the world's AVS 50%); `interleaved` executes operator 1's first request,
/// then operator 2's, then operator 1's second; otherwise operator 2's first.
async fn three_requests_in_order(interleaved: bool) -> u64 {
    let mut w = world().await;
    let second = second_operator(&mut w, 300_000_000_000_000_000).await;
    let (avs2, authority2) = w
        .second_avs(WAD, SlashDestination::Recipient { owner: w.recipient })
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let (op1, avs1) = (w.operator, w.avs);
    let authority = w.avs_authority.insecure_clone();
    let (_, first_a) = w.request_slash(WAD / 5).await;
    let (_, first_b) = request_against(&mut w, avs2, &authority2, op1, WAD / 10 * 3).await;
    let (_, other) = request_against(&mut w, avs1, &authority, second, WAD / 2).await;
    past_deadlines(&mut w, &[&first_a, &first_b, &other]).await;
    let order = if interleaved {
        [&first_a, &other, &first_b]
    } else {
        [&other, &first_a, &first_b]
    };
    for request in order {
        w.execute(request, w.vault_b).await.unwrap();
    }
    holder_claim(&mut w).await
}

#[tokio::test]
async fn slash_order_griefing_interleaved() {
    // what the holders lose does not depend on the order in which anyone executes the
    // three requests: every base is the operators' allocation of the vault before any slash
    // of the epoch (4 SOL): operator 1 loses 20% and 30% of 2 SOL, operator 2 50% of 1.2 SOL,
    // 1.6 SOL in all, and the holder keeps 3 x 2.4/4 = 1.8 SOL. (Before: operator 2's base
    // was fixed after operator 1's first slash, and operator 1's second request kept the
    // base it had before operator 2's slash: 1.54 SOL interleaved, 1.45 SOL with operator
    // 2 first; whoever executed chose 2.25% of the vault.)
    let interleaved = three_requests_in_order(true).await;
    let contiguous = three_requests_in_order(false).await;
    assert_eq!(interleaved, contiguous);
    assert!(
        interleaved <= 1_800_000_000 && 1_800_000_000 - interleaved <= 3,
        "{interleaved}"
    );
}

#[tokio::test]
async fn over_slash_across_avss() {
    // Covered in depth by registry::cap_base (ten 10% requests take exactly the stake) and
    // registry::execute (the curator's cap, then the registry's).
    // Four AVSs ask for 100% each (and two ask again) of the operator's 2 SOL in vault B:
    // together they take exactly the stake at capture, each within its caps.
    let mut w = world().await;
    let (avs2, authority2) = avs_with_cap(&mut w, 10_000).await;
    let (avs3, authority3) = avs_with_cap(&mut w, 2_500).await;
    w.delegate_and_enter_capture_epoch().await;
    let op1 = w.operator;
    let vault = w.vault_b;
    let capture = w.epoch().await;
    let stake = 2 * SOL;
    let (r1_key, r1) = w.request_slash(WAD).await; // the world's AVS: at most 50% a request
    let (r3_key, r3) = request_against(&mut w, avs3, &authority3, op1, WAD).await;
    let (r2_key, r2) = request_against(&mut w, avs2, &authority2, op1, WAD).await;
    let (_, r4) = request_against(&mut w, avs2, &authority2, op1, WAD / 10).await;
    let (_, r5) = request_against(&mut w, avs3, &authority3, op1, WAD / 10).await;
    past_deadlines(&mut w, &[&r1, &r2, &r3, &r4, &r5]).await;

    // the world's AVS: its 50% maximum; avs3: the curator's 25% cap for it; avs2: what the
    // registry's 100% cap leaves of the stake at capture
    let expected = [
        (&r1, r1_key, stake / 2),
        (&r3, r3_key, stake / 4),
        (&r2, r2_key, stake / 4),
    ];
    for (request, key, loss) in expected {
        w.execute(request, vault).await.unwrap();
        assert_eq!(escrow(&mut w.t, vault, key).await.loss_lamports, loss);
    }
    let ledger_key = registry::pda::vault_epoch_slash(&vault, &w.operator, capture);
    let ledger: VaultEpochSlash = w.t.decode(ledger_key).await;
    assert_eq!(
        (ledger.stake_at_capture_lamports, ledger.slashed_lamports),
        (stake, stake)
    );
    // the holder keeps half (each pro-rata fraction rounds up: a lamport per execution)
    let kept = holder_claim(&mut w).await;
    assert!(kept <= 1_500_000_000 && 1_500_000_000 - kept <= 3, "{kept}");

    // nothing more: the registry's cap is used up, and avs3's own cap before it
    let state = w.vault(vault).await;
    let keys = [
        vault,
        state.assets[0].reserve,
        ledger_key,
        pda::delegation(&vault, &w.operator),
    ];
    for (request, code) in [
        (&r4, RegistryError::VaultEpochCapExhausted),
        (&r5, RegistryError::AvsVaultCapExhausted),
    ] {
        let ixs = [
            build::refresh_prices(&state),
            registry::execute_slash(w.t.payer().pubkey(), request, vault),
        ];
        let request_key = registry::pda::slash_request(&request.avs, request.index);
        let mut watched = keys.to_vec();
        watched.extend([
            request_key,
            pda::escrow(&vault, &request_key),
            registry::pda::slash_execution(&request_key, &vault),
        ]);
        refused(
            &mut w.t,
            &ixs,
            &[],
            registry_error(code),
            &watched,
            "over the caps",
        )
        .await;
    }
}

#[tokio::test]
async fn over_slash_across_capture_epochs() {
    // a 100% request captured at c and another captured at c + 1, both executed during
    // c + 1 (both live): each takes at most the operator's stake at its own capture, the
    // later one measured on the vault the first left: 50% of 4 SOL, then 50% of 2 SOL
    let mut w = world().await;
    let (avs2, authority2) = avs_with_cap(&mut w, 10_000).await;
    w.delegate_and_enter_capture_epoch().await;
    let op1 = w.operator;
    let vault = w.vault_b;
    let c = w.epoch().await;
    let (at_c_key, at_c) = request_against(&mut w, avs2, &authority2, op1, WAD).await;
    w.advance_to_slot((c + 1) * EPOCH_LENGTH + 1).await;
    let (at_next_key, at_next) = request_against(&mut w, avs2, &authority2, op1, WAD).await;
    assert_eq!((at_c.capture_epoch, at_next.capture_epoch), (c, c + 1));
    past_deadlines(&mut w, &[&at_c, &at_next]).await;
    assert_eq!(w.epoch().await, c + 1);
    for (request, key, capture, stake) in [
        (&at_c, at_c_key, c, 2 * SOL),
        (&at_next, at_next_key, c + 1, SOL),
    ] {
        w.execute(request, vault).await.unwrap();
        assert_eq!(escrow(&mut w.t, vault, key).await.loss_lamports, stake);
        let ledger: VaultEpochSlash =
            w.t.decode(registry::pda::vault_epoch_slash(
                &vault,
                &w.operator,
                capture,
            ))
            .await;
        assert_eq!(
            (ledger.stake_at_capture_lamports, ledger.slashed_lamports),
            (stake, stake),
            "capture {capture}"
        );
    }
    // the holder keeps 3 SOL x (1 - 50%) x (1 - 50%)
    assert_eq!(holder_claim(&mut w).await, 750_000_000);
}

#[tokio::test]
async fn double_execution() {
    // Covered also by slashing::the_registry_admin_can_cancel_an_executed_slash_until_it_resolves
    // (no execution again after a cancel) and registry::execute.
    let mut w = world().await;
    w.delegate_and_enter_capture_epoch().await;
    let vault = w.vault_b;
    let (request_key, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    let state = w.vault(vault).await;
    let payer = w.t.payer().pubkey();
    let execute = registry::execute_slash(payer, &request, vault);
    let capture = request.capture_epoch;
    let keys = [
        vault,
        state.assets[0].reserve,
        request_key,
        pda::escrow(&vault, &request_key),
        pda::delegation(&vault, &w.operator),
        registry::pda::slash_execution(&request_key, &vault),
        registry::pda::vault_epoch_slash(&vault, &w.operator, capture),
        registry::pda::vault_avs(&vault, &w.avs),
    ];
    // twice in one transaction: the second is refused and the first is undone with it
    let twice = [
        build::refresh_prices(&state),
        execute.clone(),
        execute.clone(),
    ];
    refused(
        &mut w.t,
        &twice,
        &[],
        registry_error(RegistryError::SlashAlreadyExecuted),
        &keys,
        "twice in one transaction",
    )
    .await;
    // once, then again
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert_eq!(escrow.loss_lamports, SOL / 5, "10% of the 2 SOL stake");
    let again = [build::refresh_prices(&w.vault(vault).await), execute];
    refused(
        &mut w.t,
        &again,
        &[],
        registry_error(RegistryError::SlashAlreadyExecuted),
        &keys,
        "again",
    )
    .await;
}
