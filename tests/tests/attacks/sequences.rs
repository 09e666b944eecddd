//! The orderings issues 9 and 10 closed, each tried again as an attack: leaving before a
//! capture, depositing before an execution or a cancel, depositing around a reward,
//! delaying vesting, and raising a commission or a fee in front of users.
use lrt_client::{instructions as build, registry};
use lrt_integration_tests::{
    governance_world::{self, bps_ceil, MAX_FEE_BPS},
    slashing_world::*,
    *,
};
use lrt_vault::errors::VaultError;
use slasher_registry::instructions::UpdateOperatorArgs;
use solana_signer::Signer;

use crate::*;

/// 80% of the vault (WAD).
const EIGHTY_PERCENT: u64 = 800_000_000_000_000_000;

#[tokio::test]
async fn withdrawal_before_capture() {
    // Covered in depth by soundness::withdrawal_before_capture (the same slash with and
    // without the withdrawal, and the invariant checker on every position).
    // Vault B: 1 SOL of dead shares, a leaver's 8 SOL and a holder's 1 SOL, 80% allocated;
    // the leaver asks for everything before the capture, then a 50% request executes.
    let mut w = World::new().await;
    let [leaver, holder] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let vault = w.vault_b;
    w.deposit_from(&leaver, w.users[0].wsol, vault, 0, 8 * SOL)
        .await;
    w.deposit_from(&holder, w.users[1].wsol, vault, 0, SOL)
        .await;
    w.allocate(vault, EIGHTY_PERCENT).await;
    let (ticket, _) = w
        .request_withdrawal(&leaver, vault, 8 * SOL, 1)
        .await
        .unwrap();
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();

    // the slashable value is the 2 SOL left (the leaver's bucket e0 + 1 is out of reach):
    // stake 80% x 2 = 1.6 SOL, loss 0.8 SOL, f = 40% = 80% x 50%, not the 4 SOL that a
    // fixed 8 SOL delegation would have pushed onto the holder
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert_eq!(
        (escrow.loss_lamports, escrow.fraction_wad),
        (800_000_000, WAD / 5 * 2)
    );
    assert_eq!(claim_of(&mut w.t, vault, SOL, 0).await, 600_000_000);
    assert_eq!(ticket_claim(&mut w.t, ticket, 0).await, 8 * SOL);
}

/// Vault B with a holder's 1 SOL, 80% allocated; a 50% request captured at e0 + 1 and
/// executed after its veto window; with `newcomer`, 4 SOL are deposited between the
/// request and its execution. Returns the world and the request.
async fn deposit_around_a_pending_slash(newcomer: bool) -> (World, Pubkey) {
    let mut w = World::new().await;
    let [holder, late] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let vault = w.vault_b;
    w.deposit_from(&holder, w.users[0].wsol, vault, 0, SOL)
        .await;
    w.allocate(vault, EIGHTY_PERCENT).await;
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    if newcomer {
        w.deposit_from(&late, w.users[1].wsol, vault, 0, 4 * SOL)
            .await;
    }
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    (w, request_key)
}

#[tokio::test]
async fn deposit_before_execution() {
    // Covered in depth by soundness::withdrawal_before_capture::
    // a_deposit_after_a_public_request_shares_in_it_at_the_same_fraction.
    // A deposit between a request and its execution neither dilutes the holder's loss nor
    // escapes its own: stake follows the vault, so everyone loses allocation x fraction.
    let (mut with, request_with) = deposit_around_a_pending_slash(true).await;
    let (mut without, request_without) = deposit_around_a_pending_slash(false).await;
    let (vault_with, vault_without) = (with.vault_b, without.vault_b);
    // with: V = 6 SOL, stake 4.8, loss 2.4; without: V = 2 SOL, stake 1.6, loss 0.8
    let e_with = escrow(&mut with.t, vault_with, request_with).await;
    let e_without = escrow(&mut without.t, vault_without, request_without).await;
    assert_eq!(e_with.loss_lamports, 2_400_000_000);
    assert_eq!(e_without.loss_lamports, 800_000_000);
    assert_eq!(e_with.fraction_wad, e_without.fraction_wad);
    assert_eq!(e_with.fraction_wad, WAD / 5 * 2);
    // the holder's 1 SOL is worth 0.6 SOL either way; the newcomer's 4 SOL, 2.4 SOL
    assert_eq!(claim_of(&mut with.t, vault_with, SOL, 0).await, 600_000_000);
    assert_eq!(
        claim_of(&mut without.t, vault_without, SOL, 0).await,
        600_000_000
    );
    let newcomer = with.users[1].key.pubkey();
    let lrt = lrt_of(&mut with.t, vault_with, &newcomer).await;
    let shares = with.t.token_balance(lrt).await;
    assert_eq!(shares, 4 * SOL);
    assert_eq!(
        claim_of(&mut with.t, vault_with, shares, 0).await,
        2_400_000_000
    );
}

#[tokio::test]
async fn deposit_before_cancel() {
    // Covered in depth by soundness::cancel_inverse (bond, insurance, buckets and window
    // leavers all get their part back; the checker's invariant 9).
    // Vault B: a holder's 3 SOL, 100% allocated, slashed 50%; a newcomer tries to buy in at
    // the slashed price to share in the cancel's refund.
    let mut w = World::new().await;
    let [holder, newcomer] = [0, 1].map(|i| w.users[i].key.insecure_clone());
    let newcomer_wsol = w.users[1].wsol;
    let vault = w.vault_b;
    w.deposit_from(&holder, w.users[0].wsol, vault, 0, 3 * SOL)
        .await;
    w.allocate(vault, WAD as u64).await;
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    assert_eq!(claim_of(&mut w.t, vault, 3 * SOL, 0).await, 1_500_000_000);

    let state = w.vault(vault).await;
    let newcomer_lrt = pda::lrt_account(&newcomer.pubkey(), &state.lrt_mint);
    let ixs = deposit_ixs(&mut w.t, vault, &newcomer, newcomer_wsol, 0, 2 * SOL).await;
    let keys = [
        vault,
        state.assets[0].reserve,
        state.lrt_mint,
        newcomer_wsol,
        newcomer_lrt,
    ];
    refused(
        &mut w.t,
        &ixs,
        &[&newcomer],
        vault_error(VaultError::DepositsAwaitSlashResolution),
        &keys,
        "a deposit at the slashed price",
    )
    .await;

    // the cancel gives the holder everything back; the newcomer, who holds nothing, has
    // nothing to gain; deposits reopen at the price before the slash
    cancel(&mut w.t, request_key, vault).await.unwrap();
    assert_eq!(claim_of(&mut w.t, vault, 3 * SOL, 0).await, 3 * SOL);
    let reopen = w.vault(vault).await.slash_window.until_slot;
    w.advance_to_slot(reopen).await;
    let shares = deposit(&mut w.t, vault, &newcomer, newcomer_wsol, 0, 2 * SOL)
        .await
        .unwrap();
    assert_eq!(shares, 2 * SOL);
}

#[tokio::test]
async fn reward_fee_before_cancel() {
    // A reward paid while a slash may still be cancelled: its vault fee becomes shares in
    // the treasury ledger. Priced at the slashed share price, a cancel would double their
    // worth at the holders' expense (found while writing the model of tests/tests/model);
    // priced at the price the cancel restores, the cancel gives them nothing.
    // Vault B: 1 SOL seed and a holder's 3 SOL, 100% allocated; a 10% reward fee in force.
    let mut w = World::new().await;
    let holder = w.users[0].key.insecure_clone();
    let (payer, payer_wsol) = (w.users[1].key.insecure_clone(), w.users[1].wsol);
    let vault = w.vault_b;
    w.deposit_from(&holder, w.users[0].wsol, vault, 0, 3 * SOL)
        .await;
    w.allocate(vault, WAD as u64).await;
    let curator = w.curator.insecure_clone();
    let fees = build::set_reward_fees(curator.pubkey(), vault, 1_000, 0);
    w.t.send(&[fees], &[&curator]).await.unwrap();
    w.advance_to_slot((w.e0 + 2) * EPOCH_LENGTH).await;
    let (request_key, request) = w.request_slash(WAD / 2).await;
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    assert_eq!(claim_of(&mut w.t, vault, 3 * SOL, 0).await, 1_500_000_000);

    // 1 SOL: 0.1 SOL commission, a 0.09 SOL fee, 0.81 SOL vesting over the next epoch
    let state = w.vault(vault).await;
    let reward = build::distribute_rewards(
        &state,
        build::RewardKeys {
            payer: payer.pubkey(),
            payer_token_account: payer_wsol,
            operator: w.operator,
            operator_token_account: w.op_wsol,
        },
        lrt_vault::instructions::DistributeRewardsArgs {
            asset_index: 0,
            amount: SOL,
        },
    );
    w.t.send(&[reward], &[&payer]).await.unwrap();
    let treasury_shares = w.vault(vault).await.treasury_shares;
    // 0.09 SOL at the price before the slash (1 SOL a share), not the slashed 0.5
    assert_eq!(treasury_shares, 90_000_000);

    cancel(&mut w.t, request_key, vault).await.unwrap();
    let after = w.vault(vault).await;
    assert_eq!(after.assets[0].active_amount, 4 * SOL + 90_000_000);
    assert_eq!(after.share_supply, 4 * SOL + 90_000_000);
    // the holder is whole, the treasury's shares are worth exactly its fee
    assert_eq!(claim_of(&mut w.t, vault, 3 * SOL, 0).await, 3 * SOL);
    assert_eq!(
        claim_of(&mut w.t, vault, treasury_shares, 0).await,
        90_000_000
    );
}

#[tokio::test]
async fn reward_sniping() {
    // What a depositor around a reward gains is at most its time-weighted share: its part
    // of what vests while it holds (a payment of epoch e vests linearly over e + 1).
    // mallory comes just before a payment and leaves just after it, in the same epoch: she
    // gains nothing. bob comes half-way through the vesting and leaves at its end: he pays
    // for the half that vested before him and gains his part of the other half.
    let mut e = governance_world::World::new().await;
    let op = e.with_operator(1_000).await;
    let (alice, bob, mallory) = (
        e.alice.insecure_clone(),
        e.bob.insecure_clone(),
        e.mallory.insecure_clone(),
    );
    let (alice_wsol, bob_wsol, mallory_wsol, vault) =
        (e.alice_wsol, e.bob_wsol, e.mallory_wsol, e.vault_key);
    e.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let c = e.epoch().await;

    // mallory deposits 10 SOL just before a 1 SOL reward (10% commission: 0.9 SOL for the
    // pool) and leaves right after it
    e.warp(c, 10).await;
    assert_eq!(
        e.deposit(&mallory, mallory_wsol, 10 * SOL, 0)
            .await
            .unwrap(),
        10 * SOL
    );
    e.warp(c, 20).await;
    e.reward(&op, &alice, alice_wsol, SOL).await;
    assert_eq!(e.vault().await.assets[0].rewards.pending, 900_000_000);
    e.warp(c, 30).await;
    let (ticket, _) = request(&mut e.t, vault, &mallory, 10 * SOL, 1)
        .await
        .unwrap();
    assert_eq!(ticket_claim(&mut e.t, ticket, 0).await, 10 * SOL);

    // bob, half-way through the vesting epoch, until its end
    e.warp(c + 1, 50).await;
    let vested_before = 450_000_000; // floor(0.9 SOL x 50 / 100)
    let pool_before = 10 * SOL + vested_before;
    let bob_shares = e.deposit(&bob, bob_wsol, 10 * SOL, 0).await.unwrap();
    let expected = (u128::from(10 * SOL) * u128::from(10 * SOL) / u128::from(pool_before)) as u64;
    assert_eq!(bob_shares, expected);
    e.warp(c + 2, 0).await;
    let (ticket, _) = request(&mut e.t, vault, &bob, bob_shares, 1).await.unwrap();
    let supply = u128::from(10 * SOL + bob_shares);
    let pool_after = u128::from(pool_before + 10 * SOL + (900_000_000 - vested_before));
    let basket = (pool_after * u128::from(bob_shares) / supply) as u64;
    assert_eq!(ticket_claim(&mut e.t, ticket, 0).await, basket);
    let gain = basket - 10 * SOL;
    // his time-weighted share: his part of what vested while he held
    let bound = (u128::from(900_000_000 - vested_before) * u128::from(bob_shares) / supply) as u64;
    assert!(gain <= bound, "bob gained {gain} > {bound}");
    assert!(bound - gain <= 1, "rounding only: {gain} vs {bound}");
}

#[tokio::test]
async fn reward_sniping_after_payment() {
    // By design (DESIGN.md section 5, "Rewards"): what arrives in epoch c vests over c + 1
    // to whoever holds the pool then, bearing its slashing risk; a reward is not traced back
    // to the stake that earned it (that would cost O(holders)). alice's 9 SOL (and the 1 SOL
    // seed) held when the operator earned a 1 SOL reward, paid in epoch c (0.9 SOL for the
    // pool); mallory deposits 10 SOL in the last slot of c, after the payment, and leaves at
    // the start of c + 2, having held half the pool through all of the vesting epoch. She
    // gets her time-weighted half of what vested while she held (0.45 SOL), nothing of what
    // vested before she came and nothing more: the bound `reward_sniping` checks mid-epoch.
    let mut e = governance_world::World::new().await;
    let op = e.with_operator(1_000).await;
    let (alice, mallory) = (e.alice.insecure_clone(), e.mallory.insecure_clone());
    let (alice_wsol, mallory_wsol, vault) = (e.alice_wsol, e.mallory_wsol, e.vault_key);
    e.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let c = e.epoch().await;
    e.warp(c, 10).await;
    e.reward(&op, &alice, alice_wsol, SOL).await;
    e.warp(c, governance_world::EPOCH_LENGTH - 1).await;
    let shares = e
        .deposit(&mallory, mallory_wsol, 10 * SOL, 0)
        .await
        .unwrap();
    assert_eq!(
        shares,
        10 * SOL,
        "nothing had vested: one lamport per share"
    );
    e.warp(c + 2, 0).await;
    let (ticket, _) = request(&mut e.t, vault, &mallory, shares, 1).await.unwrap();
    let paid = ticket_claim(&mut e.t, ticket, 0).await;
    assert_eq!(paid, 10 * SOL + 450_000_000, "half of the 0.9 SOL vesting");
}

#[tokio::test]
async fn vesting_griefing() {
    // Covered in depth by governance::vesting::a_one_unit_payment_does_not_delay_an_earlier_reward.
    // mallory pays a one-lamport "reward" half-way through the vesting of a real one,
    // which used to restart every unvested reward: the real one vests on schedule.
    let mut e = governance_world::World::new().await;
    let op = e.with_operator(1_000).await;
    let (alice, mallory) = (e.alice.insecure_clone(), e.mallory.insecure_clone());
    let (alice_wsol, mallory_wsol, vault) = (e.alice_wsol, e.mallory_wsol, e.vault_key);
    e.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let c = e.epoch().await;
    e.warp(c, 50).await;
    e.reward(&op, &alice, alice_wsol, SOL).await;
    e.warp(c + 1, 50).await;
    e.reward(&op, &mallory, mallory_wsol, 1).await;
    e.warp(c + 2, 0).await;
    e.t.send(&[build::vest_rewards(vault)], &[]).await.unwrap();
    let slot = e.vault().await.assets[0];
    assert_eq!(
        slot.active_amount,
        10 * SOL + 900_000_000,
        "all of it vested"
    );
    let rewards = slot.rewards;
    assert_eq!(
        (
            rewards.pending,
            rewards.vesting,
            rewards.vesting_epoch,
            rewards.vested
        ),
        (0, 1, c + 2, 0),
        "only the unit is left, vesting over its own epoch"
    );
}

#[tokio::test]
async fn commission_front_running() {
    // Covered in depth by governance::commission and registry::commission.
    // The operator raises its commission from 10% to 100% in the last slot of epoch c, in
    // front of a reward it knows is coming in c + 1.
    let mut e = governance_world::World::new().await;
    let op = e.with_operator(1_000).await;
    let (alice, mallory) = (e.alice.insecure_clone(), e.mallory.insecure_clone());
    let (alice_wsol, mallory_wsol) = (e.alice_wsol, e.mallory_wsol);
    e.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let c = e.epoch().await;
    e.warp(c, governance_world::EPOCH_LENGTH - 1).await;
    let raise = registry::update_operator(
        op.authority.pubkey(),
        UpdateOperatorArgs {
            commission_bps: Some(10_000),
            ..UpdateOperatorArgs::default()
        },
    );
    e.t.send(&[raise], &[&op.authority]).await.unwrap();
    // c + 1: the reward is split at the 10% in force
    e.warp(c + 1, 0).await;
    e.reward(&op, &mallory, mallory_wsol, SOL).await;
    assert_eq!(e.t.token_balance(op.wsol).await, SOL / 10);
    assert_eq!(e.vault().await.assets[0].rewards.pending, SOL - SOL / 10);
    // only after a full epoch of notice does the new rate apply
    e.warp(c + 2, 0).await;
    e.reward(&op, &mallory, mallory_wsol, SOL).await;
    assert_eq!(e.t.token_balance(op.wsol).await, SOL / 10 + SOL);
}

#[tokio::test]
async fn fee_front_running() {
    // Covered in depth by governance::fees.
    // The fee admin raises the deposit and withdrawal fees to the 10% cap in the last slot
    // of epoch c, in front of users who signed for no fee.
    let mut e = governance_world::World::new().await;
    let (alice, mallory) = (e.alice.insecure_clone(), e.mallory.insecure_clone());
    let (alice_wsol, mallory_wsol, vault) = (e.alice_wsol, e.mallory_wsol, e.vault_key);
    e.deposit(&alice, alice_wsol, 5 * SOL, 0).await.unwrap();
    let c = e.epoch().await;
    e.warp(c, governance_world::EPOCH_LENGTH - 1).await;
    e.set_fees(MAX_FEE_BPS, MAX_FEE_BPS).await;
    // c + 1: the old fees (none) still apply to users signing for none
    e.warp(c + 1, 0).await;
    assert_eq!(
        e.deposit(&mallory, mallory_wsol, SOL, 0).await.unwrap(),
        SOL
    );
    request(&mut e.t, vault, &alice, SOL, 1).await.unwrap();
    assert_eq!(e.vault().await.treasury_shares, 0);
    // c + 2: the raise applies, and a transaction signed for no fee is refused whole
    e.warp(c + 2, 0).await;
    let ixs = e.deposit_ixs(&mallory, mallory_wsol, SOL, 0).await;
    let state = e.vault().await;
    let keys = [
        vault,
        state.assets[0].reserve,
        e.lrt_mint,
        mallory_wsol,
        e.lrt(&mallory),
        e.lrt(&alice),
    ];
    let code = vault_error(VaultError::FeeAboveMaximum);
    refused(&mut e.t, &ixs, &[&mallory], code, &keys, "deposit fee").await;
    let now = e.epoch().await;
    let ix = build::request_withdrawal(
        &state,
        alice.pubkey(),
        now,
        RequestWithdrawalArgs {
            shares: SOL,
            ticket_id: 2,
            max_fee_bps: 0,
        },
    );
    refused(&mut e.t, &[ix], &[&alice], code, &keys, "withdrawal fee").await;
    // accepting the fee shown, they go through and the fee stays in the vault's ledger
    let shares = e
        .deposit(&mallory, mallory_wsol, SOL, MAX_FEE_BPS)
        .await
        .unwrap();
    let gross = SOL; // one share per lamport
    assert_eq!(shares, gross - bps_ceil(gross, MAX_FEE_BPS));
    assert_eq!(
        e.vault().await.treasury_shares,
        bps_ceil(gross, MAX_FEE_BPS)
    );
}
