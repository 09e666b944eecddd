//! Fees with notice and a guard (issue 10, item 3; DESIGN.md invariant 10): an increase
//! announced during epoch `e` is charged from `e + 2` only, however late in `e` it was
//! made; `max_fee_bps` refuses a fee the user did not accept, with nothing changed; a
//! decrease applies at once; the reward fee follows the same rule.
use lrt_client::{
    instructions as build, pda,
    state::{Fees, WithdrawalTicket},
    VaultError,
};
use lrt_integration_tests::*;
use lrt_vault::events::{FeesSet, WithdrawalRequested};
use solana_signer::Signer;

use crate::*;

fn fees(deposit_bps: u16, withdrawal_bps: u16, reward_bps: u16) -> Fees {
    Fees {
        deposit_bps,
        withdrawal_bps,
        reward_bps,
    }
}

/// What a deposit of `amount` wSOL into `vault` buys, before the fee: floor(v * S / V).
fn shares_of_deposit(vault: &Vault, amount: u64) -> u64 {
    let value = u128::from(amount) * WAD;
    shares_for(value, vault.share_supply, vault.active_value_wad().unwrap())
}

/// The basket of `net` shares: floor(active * net / S).
fn basket_of(vault: &Vault, net: u64) -> u64 {
    (u128::from(vault.assets[0].active_amount) * u128::from(net) / u128::from(vault.share_supply))
        as u64
}

#[tokio::test]
async fn a_raise_in_the_last_slot_of_an_epoch_is_charged_from_the_epoch_after_next_only() {
    let mut w = World::new().await;
    let (alice, bob) = (w.alice.insecure_clone(), w.bob.insecure_clone());
    let (alice_wsol, bob_wsol) = (w.alice_wsol, w.bob_wsol);
    let e = w.epoch().await;
    // the fee admin raises both fees to 10% in the very last slot of epoch e
    w.warp_to_last_slot(e).await;
    let events = w.set_fees(1_000, 1_000).await;
    let set: FeesSet = only(&events);
    assert_eq!(set.vault, w.vault_key);
    assert_eq!(set.fees, Fees::default(), "nothing in force yet");
    assert_eq!(set.next, fees(1_000, 1_000, 0));
    assert_eq!(set.effective_epoch, e + 2, "a whole epoch of notice");
    w.check.check(&mut w.t, "raise announced").await;

    // first slot of e + 1 (where the issue was charged 10%): a deposit and a request that
    // accept no fee at all go through and pay none
    w.warp(e + 1, 0).await;
    let before = w.vault().await;
    let shares = shares_of_deposit(&before, 10 * SOL);
    assert_eq!(shares, 10 * SOL, "1 share per lamport");
    w.deposit(&alice, alice_wsol, 10 * SOL, 0).await.unwrap();
    assert_eq!(w.t.token_balance(w.lrt(&alice)).await, shares);
    let vault = w.vault().await;
    assert_eq!(vault.treasury_shares, 0);
    assert_eq!(vault.share_supply, before.share_supply + shares);
    w.check.check(&mut w.t, "deposit in e + 1").await;
    let basket = basket_of(&vault, SOL);
    w.request(&alice, SOL, 1, 0).await.unwrap();
    let ticket: WithdrawalTicket =
        w.t.decode(pda::ticket(&w.vault_key, &alice.pubkey(), 1))
            .await;
    assert_eq!(ticket.unscaled_amounts[0], u128::from(basket));
    assert_eq!(
        (ticket.shares_burned, w.vault().await.treasury_shares),
        (SOL, 0)
    );
    w.check.check(&mut w.t, "request in e + 1").await;

    // the last slot of e + 1: still no fee
    w.warp_to_last_slot(e + 1).await;
    let before = w.vault().await;
    let shares = shares_of_deposit(&before, 10 * SOL);
    w.deposit(&bob, bob_wsol, 10 * SOL, 0).await.unwrap();
    assert_eq!(w.t.token_balance(w.lrt(&bob)).await, shares);
    assert_eq!(w.vault().await.treasury_shares, 0);
    w.check.check(&mut w.t, "deposit at the end of e + 1").await;

    // e + 2: the 10% is in force. A transaction that accepts less is refused ...
    w.warp(e + 2, 0).await;
    let books = w.books().await;
    let ixs = w.deposit_ixs(&alice, alice_wsol, 10 * SOL, 0).await;
    w.refused(
        &ixs,
        &[&alice],
        vault_error(VaultError::FeeAboveMaximum),
        &books,
        "deposit accepting no fee in e + 2",
    )
    .await;
    // ... and one that accepts it pays ceil(10%) of its shares into the treasury ledger
    let before = w.vault().await;
    let alice_before = w.t.token_balance(w.lrt(&alice)).await;
    let shares = shares_of_deposit(&before, 10 * SOL);
    let fee = bps_ceil(shares, 1_000);
    assert_eq!((shares, fee), (10 * SOL, SOL));
    w.deposit(&alice, alice_wsol, 10 * SOL, 1_000)
        .await
        .unwrap();
    assert_eq!(
        w.t.token_balance(w.lrt(&alice)).await,
        alice_before + shares - fee
    );
    let vault = w.vault().await;
    assert_eq!(vault.treasury_shares, fee);
    assert_eq!(vault.share_supply, before.share_supply + shares);
    w.check.check(&mut w.t, "deposit in e + 2").await;
    // a request of 9 SOL of shares: 0.9 SOL of them to the ledger, the basket of the rest
    let request = 9 * SOL;
    let fee = bps_ceil(request, 1_000);
    let basket = basket_of(&vault, request - fee);
    let ix = w.request_ix(&alice, request, 2, 1_000).await;
    let events = w.events(&[ix], &[&alice]).await;
    w.check.track_ticket(
        pda::ticket(&w.vault_key, &alice.pubkey(), 2),
        pda::bucket(&w.vault_key, e + 3),
    );
    let requested: WithdrawalRequested = only(&events);
    assert_eq!(
        (
            requested.shares_in,
            requested.fee_shares,
            requested.shares_burned
        ),
        (request, 900_000_000, request - 900_000_000)
    );
    assert_eq!(requested.amounts[0], basket);
    assert_eq!(
        requested.fee_bps, 1_000,
        "the rate charged, the one announced in e"
    );
    let after = w.vault().await;
    assert_eq!(after.treasury_shares, vault.treasury_shares + fee);
    assert_eq!(after.share_supply, vault.share_supply - (request - fee));
    w.check.check(&mut w.t, "request in e + 2").await;
}

#[tokio::test]
async fn a_fee_above_the_clients_maximum_fails_and_changes_nothing() {
    let mut w = World::new().await;
    let alice = w.alice.insecure_clone();
    let alice_wsol = w.alice_wsol;
    w.deposit(&alice, alice_wsol, 10 * SOL, 0).await.unwrap();
    let e = w.epoch().await;
    w.set_fees(1_000, 1_000).await;
    w.warp(e + 2, 0).await;
    assert_eq!(w.vault().await.fees.at(e + 2), fees(1_000, 1_000, 0));

    // one bps short of the fee in force: refused, not a byte changed (no bucket, no ticket)
    let mut books = w.books().await;
    books.extend([
        pda::bucket(&w.vault_key, e + 3),
        pda::ticket(&w.vault_key, &alice.pubkey(), 1),
    ]);
    let ixs = w.deposit_ixs(&alice, alice_wsol, SOL, 999).await;
    w.refused(
        &ixs,
        &[&alice],
        vault_error(VaultError::FeeAboveMaximum),
        &books,
        "deposit with max_fee_bps 999",
    )
    .await;
    let ix = w.request_ix(&alice, SOL, 1, 999).await;
    w.refused(
        &[ix],
        &[&alice],
        vault_error(VaultError::FeeAboveMaximum),
        &books,
        "request with max_fee_bps 999",
    )
    .await;
    assert!(w
        .t
        .account(pda::ticket(&w.vault_key, &alice.pubkey(), 1))
        .await
        .is_none());

    // controls: accepting exactly the fee in force, both go through and pay it
    let before = w.vault().await;
    let shares = shares_of_deposit(&before, SOL);
    w.deposit(&alice, alice_wsol, SOL, 1_000).await.unwrap();
    let vault = w.vault().await;
    assert_eq!(vault.treasury_shares, bps_ceil(shares, 1_000));
    w.request(&alice, SOL, 1, 1_000).await.unwrap();
    let after = w.vault().await;
    assert_eq!(
        after.treasury_shares,
        vault.treasury_shares + bps_ceil(SOL, 1_000)
    );
    w.check.check(&mut w.t, "controls").await;
}

#[tokio::test]
async fn a_fee_decrease_applies_at_once() {
    let mut w = World::new().await;
    let alice = w.alice.insecure_clone();
    let alice_wsol = w.alice_wsol;
    w.deposit(&alice, alice_wsol, 10 * SOL, 0).await.unwrap();
    let e = w.epoch().await;
    w.set_fees(1_000, 1_000).await;
    w.warp(e + 2, 0).await;
    // in e + 2 (10% in force) the fee admin lowers to 2% / 3%: in force in the same epoch
    let events = w.set_fees(200, 300).await;
    let set: FeesSet = only(&events);
    assert_eq!(set.fees, fees(200, 300, 0), "decreases apply at once");
    assert_eq!(set.next, fees(200, 300, 0));
    let vault = w.vault().await;
    assert_eq!(vault.fees.at(e + 2), fees(200, 300, 0));
    w.check.check(&mut w.t, "decrease").await;

    // a client that saw the new fees accepts exactly them
    let books = w.books().await;
    let ixs = w.deposit_ixs(&alice, alice_wsol, SOL, 199).await;
    w.refused(
        &ixs,
        &[&alice],
        vault_error(VaultError::FeeAboveMaximum),
        &books,
        "below the lowered fee",
    )
    .await;
    let shares = shares_of_deposit(&vault, SOL);
    let alice_before = w.t.token_balance(w.lrt(&alice)).await;
    w.deposit(&alice, alice_wsol, SOL, 200).await.unwrap();
    let deposit_fee = bps_ceil(shares, 200);
    assert_eq!(deposit_fee, 20_000_000);
    assert_eq!(
        w.t.token_balance(w.lrt(&alice)).await,
        alice_before + shares - deposit_fee
    );
    w.request(&alice, SOL, 1, 300).await.unwrap();
    let after = w.vault().await;
    assert_eq!(
        after.treasury_shares,
        deposit_fee + bps_ceil(SOL, 300),
        "2% of the deposit's shares and 3% of the request"
    );
    w.check.check(&mut w.t, "charged at the lowered fees").await;
}

#[tokio::test]
async fn the_reward_fee_waits_a_full_epoch_too_and_its_decrease_applies_at_once() {
    let mut w = World::new().await;
    let op = w.with_operator(1_000).await;
    let (mallory, mallory_wsol) = (w.mallory.insecure_clone(), w.mallory_wsol);
    let alice = w.alice.insecure_clone();
    let alice_wsol = w.alice_wsol;
    w.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let e = w.epoch().await;
    // 10% on rewards, a quarter of it to insurance, announced in the last slot of e
    w.warp_to_last_slot(e).await;
    let curator = w.curator.insecure_clone();
    let ix = build::set_reward_fees(curator.pubkey(), w.vault_key, 1_000, 2_500);
    let events = w.events(&[ix], &[&curator]).await;
    let set: FeesSet = only(&events);
    assert_eq!(set.fees, Fees::default());
    assert_eq!(set.next, fees(0, 0, 1_000));
    assert_eq!((set.effective_epoch, set.insurance_cut_bps), (e + 2, 2_500));
    // the insurance cut only divides the fee: it applies at once
    assert_eq!(w.vault().await.insurance_cut_bps, 2_500);

    // e + 1: a 1 SOL reward pays the 10% commission and no vault fee
    w.warp(e + 1, 0).await;
    let paid = w.reward(&op, &mallory, mallory_wsol, SOL).await;
    assert_eq!(
        (paid.commission_bps, paid.operator_commission),
        (1_000, SOL / 10)
    );
    assert_eq!(
        (paid.vault_fee, paid.treasury_shares, paid.insurance_shares),
        (0, 0, 0)
    );
    assert_eq!(paid.to_pool, 9 * SOL / 10);
    let vault = w.vault().await;
    assert_eq!((vault.treasury_shares, vault.insurance_shares), (0, 0));
    w.check.check(&mut w.t, "reward in e + 1").await;

    // e + 2: the fee is in force: ceil(10% of the 0.9 SOL left), a quarter (down) to
    // insurance, the rest to the treasury, both as shares at the price before the reward
    w.warp(e + 2, 0).await;
    let before = w.vault().await;
    let paid = w.reward(&op, &mallory, mallory_wsol, SOL).await;
    let after_commission = SOL - bps_floor(SOL, 1_000);
    let fee = bps_ceil(after_commission, 1_000);
    let insurance = bps_floor(fee, 2_500);
    let treasury = fee - insurance;
    assert_eq!(
        (fee, insurance, treasury),
        (90_000_000, 22_500_000, 67_500_000)
    );
    // at the first slot of e + 2 nothing of e + 1's reward has vested yet: V is the pool
    let value = before.active_value_wad().unwrap();
    let to_shares = |part: u64| shares_for(u128::from(part) * WAD, before.share_supply, value);
    assert_eq!(
        (paid.vault_fee, paid.insurance_shares, paid.treasury_shares),
        (fee, to_shares(insurance), to_shares(treasury))
    );
    assert_eq!(paid.to_pool, after_commission - fee);
    let vault = w.vault().await;
    assert_eq!(vault.treasury_shares, to_shares(treasury));
    assert_eq!(vault.insurance_shares, to_shares(insurance));
    w.check.check(&mut w.t, "reward in e + 2").await;

    // still e + 2: lowered to 5%, the next reward pays 5% at once
    let ix = build::set_reward_fees(curator.pubkey(), w.vault_key, 500, 2_500);
    let events = w.events(&[ix], &[&curator]).await;
    let set: FeesSet = only(&events);
    assert_eq!(set.fees, fees(0, 0, 500));
    let paid = w.reward(&op, &mallory, mallory_wsol, SOL).await;
    assert_eq!(paid.vault_fee, bps_ceil(after_commission, 500));
    assert_eq!(paid.vault_fee, 45_000_000);
    w.check.check(&mut w.t, "reward at the lowered fee").await;
}
