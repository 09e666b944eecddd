//! Issue 9, scenario 1: a withdrawal made before the capture must not push the leaver's
//! share of a slash onto the holders who stay. With fixed-lamport delegations, a vault of
//! 10 SOL with 8 SOL delegated to O, whose holder of 8 SOL requested a withdrawal during
//! e0, lost 4 SOL of the 2 SOL left to a 50% request captured at e0 + 1. With allocations
//! (80% of the vault) the operator's stake follows the vault: 80% of the 2 SOL left.
use super::*;

const ALLOCATION: u64 = 800_000_000_000_000_000; // 80%

/// Vault B (1 SOL of dead shares) with a leaver's 8 SOL and a holder's 1 SOL, 80%
/// allocated to the operator during e0; the leaver requests everything during e0 if
/// `leave`; a 50% request is captured at e0 + 1 and executed. Returns the world, the
/// request and the leaver's ticket (if it left).
async fn slashed_world(leave: bool) -> (World, Pubkey, Option<Pubkey>) {
    let mut w = World::new().await;
    let [leaver, holder] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let vault = w.vault_b;
    w.deposit_from(&leaver, w.users[0].wsol, vault, 0, 8 * SOL)
        .await;
    w.deposit_from(&holder, w.users[1].wsol, vault, 0, SOL)
        .await;
    w.allocate(vault, ALLOCATION).await;
    let ticket = if leave {
        let (ticket, _) = w
            .request_withdrawal(&leaver, vault, 8 * SOL, 1)
            .await
            .unwrap();
        Some(ticket)
    } else {
        None
    };
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    (w, request_key, ticket)
}

#[tokio::test]
async fn the_holder_who_stays_loses_the_allocation_times_the_fraction_whoever_left() {
    let (mut w, request, ticket) = slashed_world(true).await;
    let vault = w.vault_b;
    let holder = w.users[1].key.pubkey();
    let ticket = ticket.unwrap();

    // the leaver's 8 SOL sit in bucket e0 + 1, out of reach of a capture at e0 + 1; the
    // slashable value is the 2 SOL of the pool: stake = 80% of 2 SOL = 1.6 SOL, and the
    // loss 50% of it, 0.8 SOL, spread over the 2 SOL: f = 0.8 / 2 = 40% = 80% x 50%
    let escrow = escrow(&mut w.t, vault, request).await;
    let stake = part(2 * SOL, u128::from(ALLOCATION));
    assert_eq!(stake, 1_600_000_000);
    assert_eq!(escrow.loss_lamports, stake / 2);
    assert_eq!(escrow.fraction_wad, WAD / 5 * 2);
    assert_eq!(escrow.amounts[0], 800_000_000);
    // the holder of 1 SOL keeps 1 SOL x (1 - 80% x 50%) = 0.6 SOL
    assert_eq!(claim_of(&mut w.t, vault, SOL, 0).await, 600_000_000);
    assert_eq!(shares_of(&mut w, &holder, vault).await, SOL);

    // the leaver's ticket is paid in full, once its epoch is over
    assert_eq!(ticket_claim(&mut w.t, ticket, 0).await, 8 * SOL);
    w.advance_to_slot((w.e0 + 2) * EPOCH_LENGTH).await;
    let leaver = w.users[0].key.insecure_clone();
    let wsol = w.users[0].wsol;
    let before = w.t.token_balance(wsol).await;
    claim_wsol(&mut w, &leaver, vault, 1, wsol).await.unwrap();
    assert_eq!(w.t.token_balance(wsol).await, before + 8 * SOL);
}

#[tokio::test]
async fn a_holders_fractional_loss_does_not_depend_on_who_left_before_the_capture() {
    // invariant 4: the same slash with and without the leaver's withdrawal
    let (mut with_leaver, _, _) = slashed_world(true).await;
    let (mut without, request, _) = slashed_world(false).await;
    let (vault_1, vault_2) = (with_leaver.vault_b, without.vault_b);
    let stayed_with = claim_of(&mut with_leaver.t, vault_1, SOL, 0).await;
    let stayed_without = claim_of(&mut without.t, vault_2, SOL, 0).await;
    assert_eq!(stayed_with, 600_000_000);
    assert_eq!(stayed_without, stayed_with);
    // without the withdrawal the stake was 80% of 10 SOL and the loss 4 SOL: the leaver
    // bore its own 40% then
    let escrow = escrow(&mut without.t, vault_2, request).await;
    assert_eq!(escrow.loss_lamports, 4 * SOL);
    assert_eq!(
        claim_of(&mut without.t, vault_2, 8 * SOL, 0).await,
        4_800_000_000
    );
}

#[tokio::test]
async fn the_checker_sees_every_position_lose_the_same_fraction() {
    let mut w = World::new().await;
    let [leaver, holder, late] = [0, 1, 2].map(|i| w.users[i].key.insecure_clone());
    let vault = w.vault_b;
    let mut check = InvariantChecker::new(vault);
    for (i, who) in [&leaver, &holder, &late].into_iter().enumerate() {
        w.deposit_from(who, w.users[i].wsol, vault, 0, 2 * SOL)
            .await;
        let account = lrt_account(&mut w, &who.pubkey(), vault).await;
        check.track_holder(who.pubkey(), account);
    }
    w.allocate(vault, ALLOCATION).await;
    // before the capture epoch: out of reach; during it: bucket c + 1, in reach
    let (t0, b0) = w.request_withdrawal(&leaver, vault, SOL, 1).await.unwrap();
    check.track_ticket(t0, b0);
    check.check(&mut w.t, "left before the capture").await;
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let capture = w.epoch().await;
    let (t1, b1) = w.request_withdrawal(&late, vault, SOL, 1).await.unwrap();
    check.track_ticket(t1, b1);
    check.check(&mut w.t, "left during the capture epoch").await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;

    // slashable: the pool, 1 + 3 x 2 - 1 - 1 = 5 SOL, and bucket c + 1, 1 SOL (bucket c
    // is out of reach): 6 SOL; stake 80% = 4.8, loss 2.4, f = 2.4 / 6 = 40%
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert_eq!(escrow.loss_lamports, 2_400_000_000);
    assert_eq!(escrow.fraction_wad, WAD / 5 * 2);
    check.expect_slash(escrow.fraction_wad, [capture + 1, capture + 2]);
    check.check(&mut w.t, "slashed").await;
    assert_eq!(
        ticket_claim(&mut w.t, t0, 0).await,
        SOL,
        "bucket c untouched"
    );
    assert_eq!(
        ticket_claim(&mut w.t, t1, 0).await,
        600_000_000,
        "bucket c + 1 lost 40%"
    );
}

#[tokio::test]
async fn a_deposit_after_a_public_request_shares_in_it_at_the_same_fraction() {
    // the accepted rule (as in EigenLayer and Symbiotic): stake follows the vault, so 4 SOL
    // deposited while a 50% request against an 80% allocation waits lose 40% if it
    // executes; `lrt deposit` refuses to sign this without --accept-pending-slash
    let mut w = World::new().await;
    let [holder, newcomer] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let vault = w.vault_b;
    w.deposit_from(&holder, w.users[0].wsol, vault, 0, SOL)
        .await;
    w.allocate(vault, ALLOCATION).await;
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.deposit_from(&newcomer, w.users[1].wsol, vault, 0, 4 * SOL)
        .await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    // 6 SOL in all: stake 4.8, loss 2.4, f = 40%: 4 SOL -> 2.4 SOL
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert_eq!(escrow.loss_lamports, 2_400_000_000);
    assert_eq!(claim_of(&mut w.t, vault, 4 * SOL, 0).await, 2_400_000_000);
}
