//! Vesting per epoch (issue 10, item 2; DESIGN.md section 5): what a reward leaves to the
//! pool during epoch `e` vests linearly over `e + 1`, whoever pays next. Before issue 10,
//! every payment restarted all unvested rewards over a new epoch, so anyone could hold
//! back every reward with one base unit (0.22 SOL of a 0.9 SOL reward was still unvested
//! one epoch later).
use lrt_client::state::RewardVesting;
use lrt_integration_tests::*;

use crate::*;

/// `floor(amount * (slot - start) / EPOCH_LENGTH)`: the linear schedule.
fn vested(amount: u64, elapsed: u64) -> u64 {
    (u128::from(amount) * u128::from(elapsed) / u128::from(EPOCH_LENGTH)) as u64
}

/// `who` deposits 1 SOL to make the vault credit what has vested (any instruction that
/// reads the pool does it first); returns what was credited: the rise of the active pool
/// beyond the deposit. Also checks that the deposit bought shares at the value that
/// includes it.
async fn credit_by_deposit(w: &mut World) -> u64 {
    let bob = w.bob.insecure_clone();
    let bob_wsol = w.bob_wsol;
    let before = w.vault().await;
    let bob_before = w.t.token_balance(w.lrt(&bob)).await;
    w.deposit(&bob, bob_wsol, SOL, 0).await.unwrap();
    let after = w.vault().await;
    let credited = after.assets[0].active_amount - before.assets[0].active_amount - SOL;
    let value = u128::from(before.assets[0].active_amount + credited) * WAD;
    assert_eq!(
        w.t.token_balance(w.lrt(&bob)).await - bob_before,
        shares_for(u128::from(SOL) * WAD, before.share_supply, value),
        "the deposit pays for what has vested"
    );
    credited
}

#[tokio::test]
async fn a_one_unit_payment_does_not_delay_an_earlier_reward() {
    let mut w = World::new().await;
    let op = w.with_operator(1_000).await;
    let (alice, mallory) = (w.alice.insecure_clone(), w.mallory.insecure_clone());
    let (alice_wsol, mallory_wsol) = (w.alice_wsol, w.mallory_wsol);
    w.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let e = w.epoch().await;

    // mid-e: a 1 SOL reward, 10% commission, no vault fee: 0.9 SOL for the pool, which
    // waits for e + 1
    w.warp(e, 50).await;
    let paid = w.reward(&op, &alice, alice_wsol, SOL).await;
    let first = SOL - bps_floor(SOL, 1_000);
    assert_eq!((paid.to_pool, first), (900_000_000, 900_000_000));
    assert_eq!(paid.vesting_epoch, e + 1);
    let vault = w.vault().await;
    assert_eq!(
        vault.assets[0].rewards,
        RewardVesting {
            pending: first,
            pending_epoch: e,
            ..RewardVesting::default()
        }
    );
    assert_eq!(vault.assets[0].active_amount, 10 * SOL);
    w.check.check(&mut w.t, "0.9 SOL reward").await;

    // mid-e + 1: mallory pays one base unit; the 0.9 SOL has vested half-way and keeps its
    // schedule, the unit joins e + 1's arrivals (it vests over e + 2)
    w.warp(e + 1, 50).await;
    let paid = w.reward(&op, &mallory, mallory_wsol, 1).await;
    assert_eq!(
        (paid.to_pool, paid.operator_commission, paid.vault_fee),
        (1, 0, 0)
    );
    assert_eq!(paid.vesting_epoch, e + 2);
    let vault = w.vault().await;
    let half = vested(first, 50);
    assert_eq!(half, 450_000_000);
    assert_eq!(
        vault.assets[0].rewards,
        RewardVesting {
            pending: 1,
            pending_epoch: e + 1,
            vesting: first,
            vesting_epoch: e + 1,
            vested: half,
        }
    );
    assert_eq!(vault.assets[0].active_amount, 10 * SOL + half);
    w.check.check(&mut w.t, "one unit in e + 1").await;

    // the last slot of e + 1: the first reward's linear schedule, undisturbed
    w.warp_to_last_slot(e + 1).await;
    let credited = credit_by_deposit(&mut w).await;
    assert_eq!(credited, vested(first, EPOCH_LENGTH - 1) - half);
    w.check.check(&mut w.t, "end of e + 1").await;

    // the first slot of e + 2: the 0.9 SOL is all in the pool; only the unit still vests
    w.warp(e + 2, 0).await;
    let credited = credit_by_deposit(&mut w).await;
    assert_eq!(credited, first - vested(first, EPOCH_LENGTH - 1));
    let vault = w.vault().await;
    let rewards = vault.assets[0].rewards;
    assert_eq!(
        rewards.unvested(),
        Ok(1),
        "nothing of the 0.9 SOL is held back"
    );
    assert_eq!(
        (
            rewards.pending,
            rewards.vesting,
            rewards.vesting_epoch,
            rewards.vested
        ),
        (0, 1, e + 2, 0)
    );
    assert_eq!(vault.assets[0].active_amount, 10 * SOL + first + 2 * SOL);
    w.check.check(&mut w.t, "first reward fully vested").await;

    // and the unit by the end of e + 2
    w.warp(e + 3, 0).await;
    assert_eq!(credit_by_deposit(&mut w).await, 1);
    assert_eq!(w.vault().await.assets[0].rewards.unvested(), Ok(0));
    w.check.check(&mut w.t, "the unit vested").await;
}

#[tokio::test]
async fn a_reward_paid_in_the_last_slot_of_an_epoch_vests_over_the_next_one_only() {
    let mut w = World::new().await;
    let op = w.with_operator(1_000).await;
    let alice = w.alice.insecure_clone();
    let alice_wsol = w.alice_wsol;
    w.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let e = w.epoch().await;
    w.warp_to_last_slot(e).await;
    let paid = w.reward(&op, &alice, alice_wsol, SOL).await;
    let amount = paid.to_pool;
    assert_eq!((amount, paid.vesting_epoch), (900_000_000, e + 1));
    w.check
        .check(&mut w.t, "reward in the last slot of e")
        .await;

    // the first slot of e + 1: nothing yet (the whole of e + 1 lies ahead)
    w.warp(e + 1, 0).await;
    assert_eq!(credit_by_deposit(&mut w).await, 0);
    let rewards = w.vault().await.assets[0].rewards;
    assert_eq!(
        (
            rewards.pending,
            rewards.vesting,
            rewards.vesting_epoch,
            rewards.vested
        ),
        (0, amount, e + 1, 0)
    );
    w.check.check(&mut w.t, "start of e + 1").await;
    // a quarter of the way: a quarter of it
    w.warp(e + 1, 25).await;
    assert_eq!(credit_by_deposit(&mut w).await, vested(amount, 25));
    assert_eq!(vested(amount, 25), 225_000_000);
    w.check.check(&mut w.t, "a quarter of e + 1").await;
    // the first slot of e + 2: all of it
    w.warp(e + 2, 0).await;
    assert_eq!(credit_by_deposit(&mut w).await, amount - vested(amount, 25));
    assert_eq!(w.vault().await.assets[0].rewards.unvested(), Ok(0));
    w.check.check(&mut w.t, "vested by the end of e + 1").await;
}

#[tokio::test]
async fn the_vest_crank_credits_what_vested_and_with_nothing_vested_changes_nothing() {
    let mut w = World::new().await;
    let op = w.with_operator(1_000).await;
    let alice = w.alice.insecure_clone();
    let alice_wsol = w.alice_wsol;
    w.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let e = w.epoch().await;
    w.warp(e, 10).await;
    let first = w.reward(&op, &alice, alice_wsol, SOL).await.to_pool;

    // during e nothing has vested: the crank succeeds, emits nothing, changes no byte
    let vault_key = w.vault_key;
    let crank = lrt_client::instructions::vest_rewards(vault_key);
    let before = w.t.snapshot(&[vault_key]).await;
    let events = w.events(std::slice::from_ref(&crank), &[]).await;
    assert!(events.is_empty());
    assert_eq!(w.t.snapshot(&[vault_key]).await, before);

    // a quarter into e + 1: a quarter of the reward, floor, moves into the pool
    w.warp(e + 1, EPOCH_LENGTH / 4).await;
    let pool = w.vault().await.assets[0].active_amount;
    let events = w.events(std::slice::from_ref(&crank), &[]).await;
    let vested_now: lrt_vault::events::RewardsVested = only(&events);
    let quarter = vested(first, EPOCH_LENGTH / 4);
    assert_eq!(vested_now.vested[0], quarter);
    let vault = w.vault().await;
    assert_eq!(vault.assets[0].active_amount, pool + quarter);
    assert_eq!(vault.assets[0].rewards.vested, quarter);
    w.check.check(&mut w.t, "vested by the crank").await;

    // again in the same slot: nothing more
    let before = w.t.snapshot(&[vault_key]).await;
    assert!(w.events(&[crank], &[]).await.is_empty());
    assert_eq!(w.t.snapshot(&[vault_key]).await, before);
}
