//! A long life on vault A with every moving part: deposits in two assets, an insurance
//! gift, rewards vesting, withdrawals requested and claimed across epochs, an allocation
//! made and lowered, and four slashes (one inside the bond, which opens no window, two
//! beyond it, hitting pending withdrawals, and one after the decrease stopped counting)
//! executed and swept. DESIGN.md section 7's invariants are checked after every step by
//! the shared checker.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    state::{Delegation, SlashEscrow, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::{slashing_world::*, *};
use lrt_vault::instructions::DistributeRewardsArgs;
use solana_signer::Signer;

#[tokio::test]
async fn invariants_hold_after_every_step_of_a_long_restaking_life() {
    let mut w = World::new().await;
    let vault_a = w.vault_a;
    let users: Vec<_> = (0..5).map(|i| w.users[i].key.insecure_clone()).collect();
    let wsol: Vec<Pubkey> = w.users.iter().map(|u| u.wsol).collect();
    let pool: Vec<Pubkey> = w.users.iter().map(|u| u.pool_tokens).collect();
    let mut check = InvariantChecker::new(vault_a);
    let mut tickets: Vec<(usize, u64)> = Vec::new(); // (user, bucket epoch)

    // epoch e0: deposits, an insurance gift, the allocations
    w.deposit_from(&users[0], wsol[0], vault_a, 0, 4 * SOL)
        .await;
    w.deposit_from(&users[1], pool[1], vault_a, 1, 3 * SOL)
        .await;
    w.deposit_from(&users[2], wsol[2], vault_a, 0, 2 * SOL)
        .await;
    w.deposit_from(&users[2], wsol[2], w.vault_b, 0, 3 * SOL)
        .await;
    check.check(&mut w.t, "deposits").await;
    let a = w.vault(vault_a).await;
    let gift = build::fund_insurance(&a, users[0].pubkey(), 200_000_000);
    w.t.send(&[gift], &[&users[0]]).await.unwrap();
    check.check(&mut w.t, "insurance gift").await;
    w.delegate_and_enter_capture_epoch().await;
    check.check(&mut w.t, "allocated").await;

    // c1 = e0 + 1: a reward, a withdrawal, then a small slash covered by the bond
    let c1 = w.epoch().await;
    let op_wsol = Pubkey::new_unique();
    w.t.ctx
        .set_account(&op_wsol, &wsol_account(w.op.pubkey(), 0).into());
    let a = w.vault(vault_a).await;
    let reward = build::distribute_rewards(
        &a,
        build::RewardKeys {
            payer: users[4].pubkey(),
            payer_token_account: wsol[4],
            operator: w.operator,
            operator_token_account: op_wsol,
        },
        DistributeRewardsArgs {
            asset_index: 0,
            amount: SOL,
        },
    );
    w.t.send(&[build::refresh_prices(&a), reward], &[&users[4]])
        .await
        .unwrap();
    assert_eq!(
        w.t.token_balance(op_wsol).await,
        100_000_000,
        "10% commission"
    );
    check.check(&mut w.t, "reward").await;
    request(&mut w, &mut check, &users[2], 0, SOL, c1).await;
    tickets.push((2, c1 + 1));
    // 2% of half the vault (its ~11 SOL: the pool and bucket c1 + 1; the reward's pool
    // part vests only over c2, issue 10) is about 0.11 SOL < the 0.5 SOL bond
    let (small_key, small) = w.request_slash(WAD / 50).await;
    w.advance_to_slot(small.veto_deadline_slot + 1).await;
    let price_before = share_price(&mut w).await;
    w.execute(&small, vault_a).await.unwrap();
    assert!(
        share_price(&mut w).await >= price_before,
        "the bond paid it all"
    );
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &small_key)).await;
    assert!(escrow.bond_shares_burnt > 0 && escrow.bond_shares_burnt < BOND_A);
    assert_eq!(escrow.fraction_wad, 0);
    check.check(&mut w.t, "slash inside the bond").await;

    // c2: the rewards vest, users come and go (the bond's slash opened no window: the
    // deposit goes through), the curator trims the allocation from 50% to 40%, and a
    // bigger slash captured now reaches the withdrawals requested during c1 and c2 (and
    // the trimmed 10%, which counts through c2 + 1)
    w.advance_to_slot((c1 + 1) * EPOCH_LENGTH + 10).await;
    let c2 = c1 + 1;
    w.deposit_from(&users[3], wsol[3], vault_a, 0, 3 * SOL)
        .await;
    check.check(&mut w.t, "deposit in c2").await;
    request(&mut w, &mut check, &users[0], 1, SOL, c2).await;
    tickets.push((0, c2 + 1));
    let curator = w.curator.insecure_clone();
    let trim = build::undelegate(curator.pubkey(), vault_a, w.operator, WAD as u64 / 10);
    w.t.send(&[trim], &[&curator]).await.unwrap();
    let delegation: Delegation = w.t.decode(pda::delegation(&vault_a, &w.operator)).await;
    assert_eq!(delegation.allocation.at(c2, c2).unwrap(), ALLOCATION_A);
    check.check(&mut w.t, "allocation trimmed").await;
    let (big_key, big) = w.request_slash(WAD / 4).await;
    w.advance_to_slot(big.veto_deadline_slot + 1).await;
    w.execute(&big, vault_a).await.unwrap();
    check.allow_loss();
    check
        .check(&mut w.t, "slash beyond bond and insurance")
        .await;
    let a = w.vault(vault_a).await;
    assert_eq!((a.bonded_shares, a.insurance_shares), (0, 0));
    let slashed: WithdrawalBucket = w.t.decode(pda::bucket(&vault_a, c2 + 1)).await;
    assert!(slashed.scale_wad < WAD, "the request of c2 shares the loss");
    let safe: WithdrawalBucket = w.t.decode(pda::bucket(&vault_a, c1 + 1)).await;
    assert_eq!(
        safe.scale_wad, WAD,
        "the request of c1 had left before capture c2"
    );

    // c3: a claim of a matured ticket, and a third slash captured in c3
    w.advance_to_slot((c2 + 1) * EPOCH_LENGTH).await;
    // requested in c3: captures c3, reaches only buckets c3 + 1 and c3 + 2
    let (_, third) = w.request_slash(WAD / 10).await;
    claim(&mut w, &mut check, &users[2], tickets[0]).await;
    w.advance_to_slot(third.veto_deadline_slot + 1).await;
    w.execute(&third, vault_a).await.unwrap();
    check.allow_loss();
    check.check(&mut w.t, "third slash").await;
    let untouched: WithdrawalBucket = w.t.decode(pda::bucket(&vault_a, c2 + 1)).await;
    assert_eq!(
        untouched.scale_wad, slashed.scale_wad,
        "bucket c3 is past for capture c3"
    );

    // c4 = c2 + 2: the last claim and the sweeps; the decrease of c2 stopped counting: a
    // capture at c4 reaches 40% of the vault, a capture at c3 still 50%
    let c4 = c2 + 2;
    w.advance_to_slot(c4 * EPOCH_LENGTH).await;
    let delegation: Delegation = w.t.decode(pda::delegation(&vault_a, &w.operator)).await;
    assert_eq!(delegation.allocation.at(c2 + 1, c4).unwrap(), ALLOCATION_A);
    assert_eq!(
        delegation.allocation.at(c4, c4).unwrap(),
        ALLOCATION_A - WAD as u64 / 10
    );
    claim(&mut w, &mut check, &users[0], tickets[1]).await;
    let a = w.vault(vault_a).await;
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &big_key)).await;
    let now = w.t.slot().await;
    w.advance_to_slot(escrow.resolve_after_slot.max(now) + 1)
        .await;
    for k in 0..2 {
        let sweep = build::sweep_escrow(&a, &escrow, k);
        w.t.send(&[sweep], &[]).await.unwrap();
        check.check(&mut w.t, "swept").await;
    }

    // a fourth slash, captured at c4: 10% of 40% of the slashable value (no withdrawal is
    // pending, so the pool alone), where the old lamport delegation needed a
    // `complete_undelegation` to stop counting
    let (fourth_key, fourth) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(fourth.veto_deadline_slot + 1).await;
    let a = w.vault(vault_a).await;
    assert!(
        a.assets().iter().all(|k| k.rewards.unvested() == Ok(0)),
        "the reward of c1 vested over c2"
    );
    let value = u128::from(a.assets[0].active_amount) * WAD
        + u128::from(a.assets[1].active_amount) * POOL_PRICE;
    let allocation = u128::from(ALLOCATION_A - WAD as u64 / 10);
    let stake = restaking_math::mul_div_floor(value, allocation, WAD).unwrap() / WAD;
    w.execute(&fourth, vault_a).await.unwrap();
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &fourth_key)).await;
    assert_eq!(
        (escrow.capture_epoch, u128::from(escrow.loss_lamports)),
        (c4, stake.div_ceil(10))
    );
    check.allow_loss();
    check.check(&mut w.t, "fourth slash").await;
}

/// Value of one share, WAD-lamports per share, at the cached prices.
async fn share_price(w: &mut World) -> u128 {
    let a = w.vault(w.vault_a).await;
    a.active_value_wad().unwrap() / a.share_supply as u128
}

async fn request(
    w: &mut World,
    check: &mut InvariantChecker,
    who: &solana_keypair::Keypair,
    id: u64,
    shares: u64,
    epoch: u64,
) {
    assert_eq!(w.epoch().await, epoch);
    let vault = w.vault_a;
    w.request_withdrawal(who, vault, shares, id).await.unwrap();
    check.track_ticket(
        pda::ticket(&w.vault_a, &who.pubkey(), id),
        pda::bucket(&w.vault_a, epoch + 1),
    );
    check.check(&mut w.t, "request").await;
}

async fn claim(
    w: &mut World,
    check: &mut InvariantChecker,
    who: &solana_keypair::Keypair,
    (user, bucket_epoch): (usize, u64),
) {
    let a = w.vault(w.vault_a).await;
    let id = if user == 2 { 0 } else { 1 };
    let ticket: WithdrawalTicket = w.t.decode(pda::ticket(&w.vault_a, &who.pubkey(), id)).await;
    let bucket: WithdrawalBucket = w.t.decode(pda::bucket(&w.vault_a, bucket_epoch)).await;
    let out = [w.users[user].wsol, w.users[user].pool_tokens];
    let ix = build::claim_to(&a, &bucket, &ticket, |slot| {
        out[(slot.mint != lrt_vault::constants::WSOL_MINT) as usize]
    });
    w.t.send(&[ix], &[who]).await.unwrap();
    check.check(&mut w.t, "claim").await;
}
