//! The waterfall of DESIGN.md section 5, step 4, on vault A: the operator's bond, then the
//! insurance fund, then everyone else pro rata, including the withdrawal requested during
//! the capture epoch (bucket c + 1), but not the one requested before it (bucket c). The
//! operator's stake is its allocation (half) of the same slashable value: the active pool
//! and bucket c + 1, not bucket c.
use lrt_client::{
    instructions as build, pda,
    state::{SlashEscrow, Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::instructions::RequestWithdrawalArgs;
use restaking_math::{mul_div_ceil, mul_div_floor};
use solana_signer::Signer;

use lrt_integration_tests::slashing_world::*;

/// Value of amounts at the world's prices (wSOL 1, pool 1.05), in WAD-lamports.
fn value(amounts: [u128; 2]) -> u128 {
    amounts[0] * WAD + amounts[1] * POOL_PRICE
}

#[tokio::test]
async fn bond_then_insurance_then_holders_and_slashable_tickets_lose_the_same_fraction() {
    let mut w = World::new().await;
    let [alice, bob, dave, erin] = [0, 1, 3, 4].map(|i| w.users[i].key.insecure_clone());
    let vault_a = w.vault_a;
    let (alice_wsol, bob_pool, dave_wsol, erin_wsol) = (
        w.users[0].wsol,
        w.users[1].pool_tokens,
        w.users[3].wsol,
        w.users[4].wsol,
    );
    w.deposit_from(&alice, alice_wsol, vault_a, 0, 6 * SOL)
        .await;
    w.deposit_from(&bob, bob_pool, vault_a, 1, 2 * SOL).await;
    w.deposit_from(&dave, dave_wsol, vault_a, 0, SOL).await;
    w.deposit_from(&erin, erin_wsol, vault_a, 0, SOL).await;
    let a = w.vault(vault_a).await;
    let lrt_mint = a.lrt_mint;
    // alice gives 0.3 LRT to the insurance fund
    let fund = build::fund_insurance(&a, alice.pubkey(), 300_000_000);
    w.t.send(&[fund], &[&alice]).await.unwrap();
    let mut check = InvariantChecker::new(vault_a);
    for who in [&alice, &bob] {
        check.track_holder(who.pubkey(), pda::lrt_account(&who.pubkey(), &lrt_mint));
    }
    check.check(&mut w.t, "funded").await;

    // dave leaves during e0: bucket e0 + 1 = c, which a slash captured at c never touches
    let request = |a: &Vault, who: &solana_keypair::Keypair, epoch: u64| {
        build::request_withdrawal(
            a,
            who.pubkey(),
            epoch,
            RequestWithdrawalArgs {
                shares: SOL,
                ticket_id: 1,
                max_fee_bps: 10_000,
            },
        )
    };
    let e0 = w.e0;
    let ix = request(&a, &dave, e0);
    w.t.send(&[ix], &[&dave]).await.unwrap();
    let dave_ticket_key = pda::ticket(&vault_a, &dave.pubkey(), 1);
    check.track_ticket(dave_ticket_key, pda::bucket(&vault_a, e0 + 1));
    w.delegate_and_enter_capture_epoch().await;
    let capture = e0 + 1;

    // erin leaves during c: bucket c + 1, slashable
    let a = w.vault(vault_a).await;
    let ix = request(&a, &erin, capture);
    w.t.send(&[ix], &[&erin]).await.unwrap();
    let erin_ticket_key = pda::ticket(&vault_a, &erin.pubkey(), 1);
    check.track_ticket(erin_ticket_key, pda::bucket(&vault_a, capture + 1));
    check.check(&mut w.t, "requests").await;
    let erin_ticket: WithdrawalTicket = w.t.decode(erin_ticket_key).await;
    let dave_ticket: WithdrawalTicket = w.t.decode(dave_ticket_key).await;

    // the books before the slash
    let a = w.vault(vault_a).await;
    let mut active = [
        a.assets[0].active_amount as u128,
        a.assets[1].active_amount as u128,
    ];
    let mut supply = a.share_supply as u128;
    let bucket_units = [
        erin_ticket.unscaled_amounts[0],
        erin_ticket.unscaled_amounts[1],
    ];
    let slashable: WithdrawalBucket = w.t.decode(pda::bucket(&vault_a, capture + 1)).await;
    assert_eq!(
        (
            slashable.scale_wad,
            slashable.unscaled_amounts[..2].to_vec()
        ),
        (WAD, bucket_units.to_vec()),
        "erin's ticket is all of bucket c + 1, at scale 1"
    );
    let alice_shares =
        w.t.token_balance(pda::lrt_account(&alice.pubkey(), &lrt_mint))
            .await;
    let alice_before = [
        active[0] * alice_shares as u128 / supply,
        active[1] * alice_shares as u128 / supply,
    ];

    // the operator's stake: half of the slashable value, the pool and bucket c + 1 (dave's
    // bucket c had left before capture). A held 12.1 SOL (1 + 1 + 6 + 1 + 1 wSOL, 2 pool
    // tokens at 1.05); dave took about 1 SOL of it out: about 5.55 SOL of stake
    let slashable_value = value(active) + value(bucket_units);
    let stake = mul_div_floor(slashable_value, u128::from(ALLOCATION_A), WAD).unwrap() / WAD;
    assert!(
        (5_540_000_000..5_560_000_000).contains(&stake),
        "stake {stake}"
    );
    // a 50% request: ceil(stake / 2), about 2.77 SOL, more than bond and insurance
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault_a).await.unwrap();
    let ledger: slasher_registry::state::VaultEpochSlash =
        w.t.decode(lrt_client::registry::pda::vault_epoch_slash(
            &vault_a,
            &w.operator,
            capture,
        ))
        .await;
    assert_eq!(u128::from(ledger.stake_at_capture_lamports), stake);

    // the same waterfall, computed here
    let loss = stake.div_ceil(2) * WAD;
    let mut escrow = [0u128; 2];
    let mut covered = 0u128;
    for tier_shares in [BOND_A as u128, 300_000_000] {
        let v = value(active);
        let needed = mul_div_ceil(loss - covered, supply, v).unwrap();
        assert!(needed > tier_shares, "this slash exhausts the tier");
        covered += mul_div_floor(tier_shares, v, supply).unwrap();
        for k in 0..2 {
            let moved = active[k] * tier_shares / supply;
            active[k] -= moved;
            escrow[k] += moved;
        }
        supply -= tier_shares;
    }
    let rest = loss - covered;
    let base = value(active) + value(bucket_units);
    let f = mul_div_ceil(rest, WAD, base).unwrap().min(WAD);
    for k in 0..2 {
        let taken = mul_div_ceil(active[k], f, WAD).unwrap();
        active[k] -= taken;
        escrow[k] += taken;
    }
    let scale = WAD - f;
    let mut bucket_paid = [0u128; 2];
    for k in 0..2 {
        bucket_paid[k] = mul_div_floor(bucket_units[k], scale, WAD).unwrap();
        escrow[k] += bucket_units[k] - bucket_paid[k];
    }

    let a = w.vault(vault_a).await;
    assert_eq!((a.bonded_shares, a.insurance_shares), (0, 0));
    assert_eq!(a.share_supply as u128, supply);
    for k in 0..2 {
        assert_eq!(a.assets[k].active_amount as u128, active[k], "active {k}");
        assert_eq!(a.assets[k].escrowed_amount as u128, escrow[k], "escrow {k}");
    }
    let bucket: WithdrawalBucket = w.t.decode(pda::bucket(&vault_a, capture + 1)).await;
    assert_eq!(bucket.scale_wad, scale);
    let older: WithdrawalBucket = w.t.decode(pda::bucket(&vault_a, capture)).await;
    assert_eq!(older.scale_wad, WAD, "bucket c is never touched");
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &request_key)).await;
    assert_eq!(escrow.fraction_wad, f);
    // the holders lost f: the touched bucket's claims wait until the slash resolves
    assert_eq!(bucket.hold_until_slot, escrow.resolve_after_slot);
    assert_eq!(older.hold_until_slot, 0, "bucket c does not wait");
    check.expect_slash(f, [capture + 1, capture + 2]);
    check.check(&mut w.t, "slashed").await;
    println!(
        "waterfall: bond 0.5 + insurance 0.3 SOL, then f = {f} on {base} (WAD-lamports); \
         escrow {escrow:?}"
    );

    // pro rata: alice (a holder) and erin (a pending ticket of bucket c + 1) lose the same
    // fraction f of each asset, within one base unit
    let alice_after = [
        active[0] * alice_shares as u128 / supply,
        active[1] * alice_shares as u128 / supply,
    ];
    for k in 0..2 {
        let expected_alice = alice_before[k] * (WAD - f) / WAD;
        assert!(
            alice_after[k].abs_diff(expected_alice) <= 1,
            "alice asset {k}"
        );
        let expected_erin = erin_ticket.unscaled_amounts[k] * (WAD - f) / WAD;
        assert!(
            bucket_paid[k].abs_diff(expected_erin) <= 1,
            "erin asset {k}"
        );
    }

    // claims: dave (bucket c) in full at c + 1; erin her slashed basket at c + 2
    w.advance_to_slot((capture + 1) * EPOCH_LENGTH).await;
    let dave_out = [w.users[3].wsol, w.users[3].pool_tokens];
    let dave_before = [
        w.t.token_balance(dave_out[0]).await,
        w.t.token_balance(dave_out[1]).await,
    ];
    let claim = build::claim_to(&a, &older, &dave_ticket, |slot| {
        dave_out[(slot.mint != lrt_vault::constants::WSOL_MINT) as usize]
    });
    w.t.send(&[claim], &[&dave]).await.unwrap();
    for k in 0..2 {
        let paid = w.t.token_balance(dave_out[k]).await - dave_before[k];
        assert_eq!(
            paid as u128, dave_ticket.unscaled_amounts[k],
            "dave asset {k}"
        );
    }
    check.check(&mut w.t, "dave claimed").await;
    w.advance_to_slot((capture + 2) * EPOCH_LENGTH).await;
    let erin_out = [w.users[4].wsol, w.users[4].pool_tokens];
    let erin_before = [
        w.t.token_balance(erin_out[0]).await,
        w.t.token_balance(erin_out[1]).await,
    ];
    let claim = build::claim_to(&a, &bucket, &erin_ticket, |slot| {
        erin_out[(slot.mint != lrt_vault::constants::WSOL_MINT) as usize]
    });
    w.t.send(&[claim], &[&erin]).await.unwrap();
    for k in 0..2 {
        let paid = w.t.token_balance(erin_out[k]).await - erin_before[k];
        assert_eq!(paid as u128, bucket_paid[k], "erin asset {k}");
    }
    check.check(&mut w.t, "erin claimed").await;
}

/// A slash executed late (during c + 1, the last epoch it may run) reaches bucket c + 1,
/// which matures at c + 2: its tickets then wait for the slash to resolve (it may still be
/// cancelled, and all tickets of a bucket are paid at one rate), and are paid the slashed
/// claim from the resolution slot on (DESIGN.md section 7, invariant 7).
#[tokio::test]
async fn a_late_slash_holds_the_claims_of_the_bucket_it_reached_until_it_resolves() {
    let mut w = World::new().await;
    let carol = w.users[2].key.insecure_clone();
    let (carol_wsol, vault_b) = (w.users[2].wsol, w.vault_b);
    // B: the 1 SOL seed and carol's 3 SOL, one share per lamport
    w.deposit_from(&carol, carol_wsol, vault_b, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let capture = w.e0 + 1;
    // carol asks for 1 SOL back during c: bucket c + 1, slashable
    let b = w.vault(vault_b).await;
    let ix = build::request_withdrawal(
        &b,
        carol.pubkey(),
        capture,
        RequestWithdrawalArgs {
            shares: SOL,
            ticket_id: 1,
            max_fee_bps: 10_000,
        },
    );
    w.t.send(&[ix], &[&carol]).await.unwrap();
    let ticket_key = pda::ticket(&vault_b, &carol.pubkey(), 1);
    let bucket_key = pda::bucket(&vault_b, capture + 1);
    let mut check = InvariantChecker::new(vault_b);
    check.track_ticket(ticket_key, bucket_key);
    check.track_holder(
        carol.pubkey(),
        pda::lrt_account(&carol.pubkey(), &b.lrt_mint),
    );
    check.check(&mut w.t, "requested").await;

    // a 10% request captured at c, executed in the last slots of c + 1: the stake is half
    // of the pool (3 SOL) and bucket c + 1 (1 SOL), 2 SOL; the loss 0.2 SOL, f = 5%
    let (request_key, request) = w.request_slash(WAD / 10).await;
    w.advance_to_slot((capture + 1) * EPOCH_LENGTH + 90).await;
    w.execute(&request, vault_b).await.unwrap();
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_b, &request_key)).await;
    assert_eq!(
        (
            escrow.capture_epoch,
            escrow.loss_lamports,
            escrow.fraction_wad
        ),
        (capture, 200_000_000, WAD / 20)
    );
    let bucket: WithdrawalBucket = w.t.decode(bucket_key).await;
    assert_eq!(bucket.scale_wad, WAD - WAD / 20);
    assert_eq!(bucket.hold_until_slot, escrow.resolve_after_slot);
    assert!(escrow.resolve_after_slot > (capture + 2) * EPOCH_LENGTH);
    check.expect_slash(WAD / 20, [capture + 1, capture + 2]);
    check.check(&mut w.t, "slashed late").await;

    // c + 2: the bucket is mature, but the slash may still be cancelled
    let ticket: WithdrawalTicket = w.t.decode(ticket_key).await;
    let out = [carol_wsol];
    let claim =
        |b: &Vault, bucket: &WithdrawalBucket| build::claim_to(b, bucket, &ticket, |_| out[0]);
    for slot in [(capture + 2) * EPOCH_LENGTH, escrow.resolve_after_slot - 1] {
        w.advance_to_slot(slot).await;
        let b = w.vault(vault_b).await;
        let before = (
            w.t.account(bucket_key).await,
            w.t.account(ticket_key).await,
            w.t.token_balance(carol_wsol).await,
        );
        assert_program_error(
            w.t.send(&[claim(&b, &bucket)], &[&carol]).await,
            0,
            vault_error(lrt_vault::errors::VaultError::TicketAwaitsSlashResolution),
        );
        let after = (
            w.t.account(bucket_key).await,
            w.t.account(ticket_key).await,
            w.t.token_balance(carol_wsol).await,
        );
        assert_eq!(after, before, "slot {slot}: nothing moved");
    }
    // from the resolution slot: paid the slashed claim, 95% of 1 SOL
    w.advance_to_slot(escrow.resolve_after_slot).await;
    let b = w.vault(vault_b).await;
    let before = w.t.token_balance(carol_wsol).await;
    w.t.send(&[claim(&b, &bucket)], &[&carol]).await.unwrap();
    assert_eq!(w.t.token_balance(carol_wsol).await - before, 950_000_000);
    assert!(w.t.account(ticket_key).await.is_none());
    check.check(&mut w.t, "claimed").await;
}
