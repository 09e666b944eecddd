//! Issue 9, scenario 2: a cancel is the exact inverse of the slash (invariant 9). Before,
//! `cancel_escrow` put the escrow back in the active pool in one step: a newcomer who
//! deposited at the slashed price took part of the refund, pending withdrawals and burnt
//! bond and insurance shares got nothing back, and a cancelled 100% slash left bucket c+1
//! at scale 0 for good.
use super::*;
use lrt_vault::errors::VaultError;

#[tokio::test]
async fn a_newcomer_cannot_buy_in_at_the_slashed_price_and_the_holder_gets_everything_back() {
    // the numbers: a vault of 4 SOL (1 SOL of dead shares and a holder's 3 SOL),
    // all of it allocated to the operator, slashed 50%; someone brings 2 SOL; a cancel
    let mut w = World::new().await;
    let [holder, newcomer] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let (holder_wsol, newcomer_wsol) = (w.users[0].wsol, w.users[1].wsol);
    let vault = w.vault_b;
    w.deposit_from(&holder, holder_wsol, vault, 0, 3 * SOL)
        .await;
    w.allocate(vault, WAD as u64).await;
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();

    // stake 100% of 4 SOL, loss 2 SOL, f = 50%: the holder's 3 SOL are worth 1.5 SOL
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert_eq!(
        (escrow.loss_lamports, escrow.fraction_wad),
        (2 * SOL, WAD / 2)
    );
    assert_eq!(claim_of(&mut w.t, vault, 3 * SOL, 0).await, 1_500_000_000);

    // the newcomer cannot buy at the slashed price while the slash may be cancelled
    let state = w.vault(vault).await;
    assert_eq!(state.slash_window.until_slot, escrow.resolve_after_slot);
    let balance = w.t.token_balance(newcomer_wsol).await;
    let lrt_mint = state.lrt_mint;
    let deposit = build::deposit(
        &state,
        newcomer.pubkey(),
        newcomer_wsol,
        pda::lrt_account(&newcomer.pubkey(), &lrt_mint),
        lrt_vault::instructions::DepositArgs {
            asset_index: 0,
            amount: 2 * SOL,
            min_shares_out: 0,
            max_fee_bps: 10_000,
        },
    );
    let open_account = create_lrt_account_ix(newcomer.pubkey(), lrt_mint);
    assert_program_error(
        w.t.send(&[open_account.clone(), deposit.clone()], &[&newcomer])
            .await,
        1,
        vault_error(VaultError::DepositsAwaitSlashResolution),
    );
    assert_eq!(w.t.token_balance(newcomer_wsol).await, balance);
    assert_eq!(w.vault(vault).await.share_supply, 4 * SOL);

    // the cancel gives the holder its 3 SOL back, exactly
    cancel(&mut w.t, request_key, vault).await.unwrap();
    assert_eq!(claim_of(&mut w.t, vault, 3 * SOL, 0).await, 3 * SOL);
    let state = w.vault(vault).await;
    assert_eq!(
        (
            state.assets[0].active_amount,
            state.assets[0].escrowed_amount
        ),
        (4 * SOL, 0)
    );
    assert!(escrow_state(&mut w, vault, request_key).await.cancelled);

    // deposits reopen when the window ends, at the price before the slash: the newcomer
    // holds 2 SOL, the holder still 3
    w.advance_to_slot(state.slash_window.until_slot).await;
    w.deposit_from(&newcomer, newcomer_wsol, vault, 0, 2 * SOL)
        .await;
    assert_eq!(shares_of(&mut w, &newcomer.pubkey(), vault).await, 2 * SOL);
    assert_eq!(claim_of(&mut w.t, vault, 2 * SOL, 0).await, 2 * SOL);
    assert_eq!(claim_of(&mut w.t, vault, 3 * SOL, 0).await, 3 * SOL);
}

async fn escrow_state(w: &mut World, vault: Pubkey, request: Pubkey) -> SlashEscrow {
    escrow(&mut w.t, vault, request).await
}

#[tokio::test]
async fn a_cancel_gives_back_to_the_bond_the_insurance_the_buckets_and_the_window_leavers() {
    let mut w = World::new().await;
    let [alice, bob, carol, dave, eve] = [0, 1, 2, 3, 4].map(|i| w.users[i].key.insecure_clone());
    let vault = w.vault_a;
    let mut check = InvariantChecker::new(vault);
    w.deposit_from(&alice, w.users[0].wsol, vault, 0, 3 * SOL)
        .await;
    w.deposit_from(&bob, w.users[1].pool_tokens, vault, 1, 2 * SOL)
        .await;
    w.deposit_from(&carol, w.users[2].wsol, vault, 0, 2 * SOL)
        .await;
    w.deposit_from(&dave, w.users[3].wsol, vault, 0, 2 * SOL)
        .await;
    // carol gives 0.3 SOL of shares to the insurance fund (second loss after the bond)
    let state = w.vault(vault).await;
    let fund = build::fund_insurance(&state, carol.pubkey(), 300_000_000);
    w.t.send(&[fund], &[&carol]).await.unwrap();
    for who in [&alice, &bob, &carol, &dave] {
        let account = lrt_account(&mut w, &who.pubkey(), vault).await;
        check.track_holder(who.pubkey(), account);
    }
    w.allocate(vault, WAD as u64).await;
    check.check(&mut w.t, "funded").await;

    // capture epoch c: dave's request joins bucket c + 1 before the slash
    let c = w.e0 + 1;
    w.advance_to_slot(c * EPOCH_LENGTH).await;
    let (dave_ticket, dave_bucket) = w.request_withdrawal(&dave, vault, SOL, 1).await.unwrap();
    check.track_ticket(dave_ticket, dave_bucket);
    check.check(&mut w.t, "dave left in c").await;
    let dave_before = [
        ticket_claim(&mut w.t, dave_ticket, 0).await,
        ticket_claim(&mut w.t, dave_ticket, 1).await,
    ];

    // a 50% request, executed late in c: cancellable for 30 slots, into c + 1
    w.advance_to_slot(c * EPOCH_LENGTH + 60).await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    let before = w.vault(vault).await;
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    // the bond (0.5 SOL) and the insurance (0.3 SOL) burnt whole, the rest pro rata
    assert_eq!(
        (
            escrow.bond_shares_burnt,
            escrow.bond_unbonding_shares_burnt,
            escrow.insurance_shares_burnt
        ),
        (BOND_A, 0, 300_000_000)
    );
    assert!(escrow.fraction_wad > 0);
    assert!(escrow.buckets[0].present && escrow.buckets[0].epoch == c + 1);
    assert!(
        !escrow.buckets[1].present,
        "no request made bucket c + 2 yet"
    );
    check.expect_slash(escrow.fraction_wad, [c + 1, c + 2]);
    check.check(&mut w.t, "slashed").await;
    let after = w.vault(vault).await;
    assert_eq!(
        before.share_supply - after.share_supply,
        BOND_A + 300_000_000
    );
    assert_eq!(after.slash_window.until_slot, escrow.resolve_after_slot);

    // in the window: bob leaves in c (joins the slashed bucket c + 1); eve cannot come in
    let bob_shares = shares_of(&mut w, &bob.pubkey(), vault).await;
    let (bob_ticket, bob_bucket) = w
        .request_withdrawal(&bob, vault, bob_shares / 2, 1)
        .await
        .unwrap();
    check.track_ticket(bob_ticket, bob_bucket);
    check.check(&mut w.t, "bob left in the window").await;
    let state = w.vault(vault).await;
    let eve_deposit = build::deposit(
        &state,
        eve.pubkey(),
        w.users[4].wsol,
        pda::lrt_account(&eve.pubkey(), &state.lrt_mint),
        lrt_vault::instructions::DepositArgs {
            asset_index: 0,
            amount: SOL,
            min_shares_out: 0,
            max_fee_bps: 10_000,
        },
    );
    assert_program_error(
        w.t.send(
            &[
                create_lrt_account_ix(eve.pubkey(), state.lrt_mint),
                eve_deposit,
            ],
            &[&eve],
        )
        .await,
        1,
        vault_error(VaultError::DepositsAwaitSlashResolution),
    );
    // ... and alice leaves in c + 1, into bucket c + 2, which a request creates now: it
    // starts at the slashed scale
    w.advance_to_slot((c + 1) * EPOCH_LENGTH + 5).await;
    let alice_shares = shares_of(&mut w, &alice.pubkey(), vault).await;
    let (alice_ticket, alice_bucket) = w
        .request_withdrawal(&alice, vault, alice_shares / 2, 1)
        .await
        .unwrap();
    check.track_ticket(alice_ticket, alice_bucket);
    check.check(&mut w.t, "alice left in the window").await;
    let new_bucket: WithdrawalBucket = w.t.decode(alice_bucket).await;
    assert_eq!(new_bucket.scale_wad, WAD - escrow.fraction_wad);
    assert_eq!(new_bucket.hold_until_slot, escrow.resolve_after_slot);

    // the cancel, still in the delay: every owner is back where the slash found them
    cancel(&mut w.t, request_key, vault).await.unwrap();
    check.expect_cancel();
    check.check(&mut w.t, "cancelled").await;
    let restored = w.vault(vault).await;
    assert_eq!(restored.bonded_shares, BOND_A);
    assert_eq!(restored.insurance_shares, 300_000_000);
    let bond: lrt_client::state::OperatorBond = w.t.decode(pda::bond(&vault, &w.operator)).await;
    assert_eq!(bond.shares, BOND_A);
    for k in 0..2 {
        assert_eq!(restored.assets[k].escrowed_amount, 0);
    }
    // dave's pending withdrawal, slashed in bucket c + 1, is back to within a unit
    for (k, was) in dave_before.into_iter().enumerate() {
        let now = ticket_claim(&mut w.t, dave_ticket, k).await;
        assert!(now <= was && was - now <= 1, "asset {k}: {was} -> {now}");
    }
    let delegation: lrt_client::state::Delegation =
        w.t.decode(pda::delegation(&vault, &w.operator)).await;
    assert_eq!(delegation.slashed_total, 0);

    // claims of the buckets wait for the end of the delay, then pay at one rate
    w.advance_to_slot((c + 2) * EPOCH_LENGTH).await;
    let dave_wsol = w.users[3].wsol;
    let before_claim = w.t.token_balance(dave_wsol).await;
    let state = w.vault(vault).await;
    let ticket: WithdrawalTicket = w.t.decode(dave_ticket).await;
    let bucket: WithdrawalBucket = w.t.decode(dave_bucket).await;
    let users = [w.users[3].wsol, w.users[3].pool_tokens];
    let claim = build::claim_to(&state, &bucket, &ticket, |slot| {
        if slot.mint == lrt_vault::constants::WSOL_MINT {
            users[0]
        } else {
            users[1]
        }
    });
    w.t.send(&[claim], &[&dave]).await.unwrap();
    let paid = w.t.token_balance(dave_wsol).await - before_claim;
    assert!(dave_before[0] - paid <= 1);
}

#[tokio::test]
async fn claims_of_a_slashed_bucket_wait_until_the_slash_can_no_longer_be_cancelled() {
    let mut w = World::new().await;
    let holder = w.users[0].key.insecure_clone();
    let wsol = w.users[0].wsol;
    let vault = w.vault_b;
    w.deposit_from(&holder, wsol, vault, 0, 3 * SOL).await;
    w.allocate(vault, WAD as u64).await;
    // during the capture epoch c the holder asks for 1 SOL: bucket c + 1, claimable from
    // c + 2, within reach of a capture at c
    let c = w.e0 + 1;
    w.advance_to_slot(c * EPOCH_LENGTH).await;
    let (ticket, bucket) = w.request_withdrawal(&holder, vault, SOL, 1).await.unwrap();
    let (request_key, request) = w.request_slash(WAD / 2).await;
    // executed in the last slots of c + 1: its delay runs 30 slots into c + 2
    w.advance_to_slot((c + 2) * EPOCH_LENGTH - 5).await;
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert_eq!(escrow.resolve_after_slot, (c + 2) * EPOCH_LENGTH + 25);
    let held: WithdrawalBucket = w.t.decode(bucket).await;
    assert_eq!(held.hold_until_slot, escrow.resolve_after_slot);

    // matured, but a cancel would still change its rate: the claim waits, nothing moves
    w.advance_to_slot((c + 2) * EPOCH_LENGTH + 1).await;
    let before = w.t.token_balance(wsol).await;
    assert_program_error(
        claim_wsol(&mut w, &holder, vault, 1, wsol).await,
        0,
        vault_error(VaultError::TicketAwaitsSlashResolution),
    );
    assert_eq!(w.t.token_balance(wsol).await, before);
    assert!(w.t.account(ticket).await.is_some());

    // from the end of the delay it pays at the slashed rate: 1 SOL x (1 - 50%)
    w.advance_to_slot(escrow.resolve_after_slot).await;
    claim_wsol(&mut w, &holder, vault, 1, wsol).await.unwrap();
    assert_eq!(w.t.token_balance(wsol).await, before + SOL / 2);
}

#[tokio::test]
async fn after_a_cancelled_full_slash_the_bucket_pays_and_takes_requests_again() {
    let mut w = World::new().await;
    let [holder, leaver] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let (holder_wsol, leaver_wsol) = (w.users[0].wsol, w.users[1].wsol);
    let vault = w.vault_b;
    let (avs, authority) = second_avs(&mut w, WAD).await;
    w.deposit_from(&holder, holder_wsol, vault, 0, 3 * SOL)
        .await;
    w.deposit_from(&leaver, leaver_wsol, vault, 0, SOL).await;
    w.allocate(vault, WAD as u64).await;
    let c = w.e0 + 1;
    w.advance_to_slot(c * EPOCH_LENGTH).await;
    let (ticket, bucket) = w.request_withdrawal(&leaver, vault, SOL, 1).await.unwrap();

    // 100% of everything: the pool (4 SOL) and bucket c + 1 (1 SOL)
    let (request_key, request) = w.request_slash_of(avs, &authority, WAD).await.unwrap();
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert_eq!((escrow.loss_lamports, escrow.fraction_wad), (5 * SOL, WAD));
    let wiped: WithdrawalBucket = w.t.decode(bucket).await;
    assert_eq!(wiped.scale_wad, 0);
    let state = w.vault(vault).await;
    assert!(state.wiped_out);
    assert_eq!(state.slash_window.factor_wad, 0);

    // the cancel puts the bucket back at 1.0, the pool at 4 SOL, and reopens the vault
    cancel(&mut w.t, request_key, vault).await.unwrap();
    let restored: WithdrawalBucket = w.t.decode(bucket).await;
    assert_eq!(restored.scale_wad, WAD);
    assert_eq!(restored.queued_amounts[0], SOL);
    assert_eq!(ticket_claim(&mut w.t, ticket, 0).await, SOL);
    let state = w.vault(vault).await;
    assert!(!state.wiped_out);
    assert_eq!(state.assets[0].active_amount, 4 * SOL);

    // a later request of the same epoch joins bucket c + 1 (it used to fail BucketWiped)
    assert_eq!(w.epoch().await, c);
    let (second, _) = w.request_withdrawal(&holder, vault, SOL, 2).await.unwrap();
    assert_eq!(ticket_claim(&mut w.t, second, 0).await, SOL);

    // both are paid in full once the epoch is over and the delay has passed
    w.advance_to_slot((c + 2) * EPOCH_LENGTH).await;
    let before = w.t.token_balance(leaver_wsol).await;
    claim_wsol(&mut w, &leaver, vault, 1, leaver_wsol)
        .await
        .unwrap();
    assert_eq!(w.t.token_balance(leaver_wsol).await, before + SOL);
}
