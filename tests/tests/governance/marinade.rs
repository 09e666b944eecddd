//! A stale mSOL price (issue 10, item 5). Marinade's state proves no freshness, so a
//! deposit values the vault with a margin of `MARINADE_STALENESS_MARGIN_BPS` (10 bps,
//! rounded up) on its mSOL (`Vault::deposit_value_wad`). The case: 100 SOL
//! deposited just before a +0.1% `msol_price` update took 0.054 SOL from the mSOL holders;
//! now it takes nothing beyond rounding. A larger jump `d` gains the depositor at most
//! `(d - 0.1%)` of the vault's mSOL share of its deposit, the documented bound.
use anchor_lang::prelude::Clock;
use lrt_client::{instructions as build, state::PricingSource, token_programs::TOKEN};
use lrt_integration_tests::*;
use lrt_vault::{constants::MARINADE_PROGRAM, instructions::*};
use restaking_math::{
    encode_marinade_state, mul_div_floor, MarinadeReading, MARINADE_STALENESS_MARGIN_BPS,
};
use solana_signer::Signer;

use crate::*;

/// mSOL at Solana epoch 793 (`shared/fixtures/solana_lst/summary.json`), 2^32 fixed point.
const MSOL_PRICE_2_32: u64 = 5_569_433_525;
/// What bob holds and deposits, in mSOL: the vault's mSOL holders.
const BOB_MSOL: u64 = 100 * SOL;
/// Alice's deposit, in wSOL, as in the issue.
const DEPOSIT: u64 = 100 * SOL;

fn price_wad(msol_price_2_32: u64) -> u128 {
    (u128::from(msol_price_2_32) * WAD) >> 32
}

struct MarinadeWorld {
    w: World,
    state: Pubkey,
    msol_mint: Pubkey,
}

/// The world's vault with mSOL as its second asset (priced by a Marinade-layout state
/// at `MSOL_PRICE_2_32`), into which bob deposited `BOB_MSOL`.
async fn marinade_world() -> MarinadeWorld {
    let (state, msol_mint, bob_msol) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    let mut w = World::new_with(vec![
        (
            msol_mint,
            mint_account(Pubkey::new_unique(), 9, 1_000_000 * SOL),
        ),
        (
            state,
            data_account(
                MARINADE_PROGRAM,
                encode_marinade_state(&MarinadeReading {
                    msol_mint: msol_mint.to_bytes(),
                    msol_price: MSOL_PRICE_2_32,
                }),
            ),
        ),
    ])
    .await;
    w.t.ctx.set_account(
        &bob_msol,
        &token_account(msol_mint, w.bob.pubkey(), BOB_MSOL).into(),
    );
    let curator = w.curator.insecure_clone();
    let add = build::add_asset(
        curator.pubkey(),
        w.vault_key,
        msol_mint,
        TOKEN,
        AddAssetArgs {
            pricing: PricingSource::Marinade { state },
            deposit_cap: u64::MAX,
        },
    );
    w.t.send(&[add], &[&curator]).await.unwrap();
    let vault = w.vault().await;
    assert_eq!(vault.assets[1].price_wad, price_wad(MSOL_PRICE_2_32));
    // bob deposits his mSOL: the vault holds none yet, so no margin (S = V = 1 SOL)
    let bob = w.bob.insecure_clone();
    let deposit = build::deposit(
        &vault,
        bob.pubkey(),
        bob_msol,
        w.lrt(&bob),
        DepositArgs {
            asset_index: 1,
            amount: BOB_MSOL,
            min_shares_out: 0,
            max_fee_bps: 0,
        },
    );
    w.t.send(&[build::refresh_prices(&vault), deposit], &[&bob])
        .await
        .unwrap();
    let expected = shares_for(
        u128::from(BOB_MSOL) * price_wad(MSOL_PRICE_2_32),
        SEED,
        u128::from(SEED) * WAD,
    );
    assert_eq!(w.t.token_balance(w.lrt(&bob)).await, expected);
    w.check.check(&mut w.t, "bob's mSOL").await;
    MarinadeWorld {
        w,
        state,
        msol_mint,
    }
}

/// What the race looks like, all in WAD-lamports.
struct Race {
    /// Alice's value after the update, and the 100 SOL she brought.
    alice_value: u128,
    deposit: u128,
    /// The vault's mSOL before the update (M), and what the update added to it.
    msol_value: u128,
    jump: u128,
    /// The vault's value just before alice's deposit (V0).
    value_before: u128,
    /// Bob's value after the update, and what it would be had alice not deposited.
    bob_value: u128,
    bob_alone: u128,
    /// What alice would have got without the margin (the rule before issue 10).
    alice_value_without_margin: u128,
}

/// Alice deposits `DEPOSIT` of wSOL at the cached mSOL price; then Marinade's keepers
/// raise `msol_price` to `new_price`, the Solana epoch turns and anyone refreshes.
async fn race(m: &mut MarinadeWorld, new_price: u64) -> Race {
    let w = &mut m.w;
    let (alice, bob) = (w.alice.insecure_clone(), w.bob.insecure_clone());
    let alice_wsol = w.alice_wsol;
    let before = w.vault().await;
    let (wsol_held, msol_held) = (
        before.assets[0].active_amount,
        before.assets[1].active_amount,
    );
    let p0 = before.assets[1].price_wad;
    let msol_value = u128::from(msol_held) * p0;
    let value_before = u128::from(wsol_held) * WAD + msol_value;
    let supply = before.share_supply;
    let bob_shares = w.t.token_balance(w.lrt(&bob)).await;

    // the deposit pays for the update it may be racing: V + ceil(M x 10 bps)
    let margin = (msol_value * u128::from(MARINADE_STALENESS_MARGIN_BPS)).div_ceil(BPS);
    let deposit = u128::from(DEPOSIT) * WAD;
    let alice_shares = shares_for(deposit, supply, value_before + margin);
    w.deposit(&alice, alice_wsol, DEPOSIT, 0).await.unwrap();
    assert_eq!(w.t.token_balance(w.lrt(&alice)).await, alice_shares);
    w.check
        .check(&mut w.t, "alice deposits before the update")
        .await;

    // the update, a new Solana epoch, a refresh
    let state = encode_marinade_state(&MarinadeReading {
        msol_mint: m.msol_mint.to_bytes(),
        msol_price: new_price,
    });
    w.t.ctx
        .set_account(&m.state, &data_account(MARINADE_PROGRAM, state).into());
    let clock: Clock = w.t.ctx.banks_client.get_sysvar().await.unwrap();
    w.t.ctx.warp_to_epoch(clock.epoch + 1).unwrap();
    let vault = w.vault().await;
    w.t.send(&[build::refresh_prices(&vault)], &[])
        .await
        .unwrap();
    let after = w.vault().await;
    let p1 = price_wad(new_price);
    assert_eq!(after.assets[1].price_wad, p1);
    w.check.check(&mut w.t, "the update, refreshed").await;

    // values at the new price: floor(shares x V1 / S1)
    let value_after = u128::from(wsol_held + DEPOSIT) * WAD + u128::from(msol_held) * p1;
    let supply_after = supply + alice_shares;
    assert_eq!(after.share_supply, supply_after);
    let value_of = |shares: u64, value: u128, supply: u64| {
        mul_div_floor(u128::from(shares), value, u128::from(supply)).unwrap()
    };
    let without_margin = shares_for(deposit, supply, value_before);
    Race {
        alice_value: value_of(alice_shares, value_after, supply_after),
        deposit,
        msol_value,
        jump: u128::from(msol_held) * (p1 - p0),
        value_before,
        bob_value: value_of(bob_shares, value_after, supply_after),
        bob_alone: value_of(
            bob_shares,
            u128::from(wsol_held) * WAD + u128::from(msol_held) * p1,
            supply,
        ),
        alice_value_without_margin: value_of(without_margin, value_after, supply + without_margin),
    }
}

#[tokio::test]
async fn a_deposit_just_before_a_tenth_of_a_percent_msol_update_takes_nothing_from_the_holders() {
    let mut m = marinade_world().await;
    // +0.1%, as Marinade's keepers raise it at the start of an epoch
    let new_price = MSOL_PRICE_2_32 + MSOL_PRICE_2_32 / 1_000;
    let r = race(&mut m, new_price).await;
    // before issue 10 the same deposit gained about 0.056 SOL here (the issue measured
    // 0.054 SOL in its vault)
    let old_gain = r.alice_value_without_margin - r.deposit;
    assert!(
        old_gain > 50_000_000 * WAD,
        "the scenario is the issue's: {old_gain}"
    );
    println!(
        "+0.1% mSOL: alice's 100 SOL worth {} WAD-lamports after the update (without the \
         margin: {}; the issue's gain: {} lamports)",
        r.alice_value,
        r.alice_value_without_margin,
        old_gain / WAD
    );
    // now alice's 100 SOL are worth at most 100 SOL (and one lamport of rounding) ...
    assert!(
        r.alice_value <= r.deposit + WAD,
        "alice took {} WAD-lamports from the mSOL holders",
        r.alice_value - r.deposit
    );
    // ... and bob keeps the whole update, as if alice had not deposited
    assert!(
        r.bob_value + WAD >= r.bob_alone,
        "bob lost {} WAD-lamports to alice",
        r.bob_alone - r.bob_value
    );
    assert!(
        r.jump > 0 && r.jump * 1_000 <= r.msol_value,
        "a jump of at most 0.1%"
    );
}

#[tokio::test]
async fn a_larger_msol_jump_gains_a_depositor_at_most_the_part_above_the_margin() {
    let mut m = marinade_world().await;
    // +0.3%: the margin covers 0.1% of it
    let new_price = MSOL_PRICE_2_32 + 3 * MSOL_PRICE_2_32 / 1_000;
    let r = race(&mut m, new_price).await;
    let gain = r.alice_value.saturating_sub(r.deposit);
    // the bound of `MARINADE_STALENESS_MARGIN_BPS`'s docs: (d - 0.1%) x the vault's mSOL
    // share of the deposit, with d x M = the jump and M / (V0 + D) that share
    let above_margin = r.jump - r.msol_value * u128::from(MARINADE_STALENESS_MARGIN_BPS) / BPS;
    let bound = mul_div_floor(above_margin, r.deposit, r.value_before + r.deposit).unwrap();
    println!("+0.3% mSOL: alice gained {gain} WAD-lamports, bound {bound}");
    assert!(
        gain > 0,
        "a jump above the margin still pays the racer something"
    );
    assert!(
        gain <= bound + WAD,
        "gain {gain} above the bound {bound} (WAD-lamports)"
    );
    // and less than without the margin
    assert!(r.alice_value < r.alice_value_without_margin);
}
