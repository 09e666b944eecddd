//! Attacks on the share price: first-depositor inflation, donation then withdraw, and
//! tiny-deposit rounding farms. The vault values itself from its own books (DESIGN.md
//! section 3: `active_amount` per asset, never a token balance), a seed deposit mints dead
//! shares that nothing spends, and every share or token amount rounds down, against the
//! person it is paid to.
use anchor_spl::token::spl_token;
use lrt_client::state::Vault;
use lrt_integration_tests::{governance_world, slashing_world::World, *};
use lrt_vault::{constants::MIN_SEED_SHARES, errors::VaultError};
use solana_signer::Signer;

use crate::*;

/// A plain SPL Token transfer of `amount` from `from` (owned by `owner`) to `to`: a
/// donation straight into a reserve, bypassing the vault program.
fn donation(from: Pubkey, to: Pubkey, owner: &Keypair, amount: u64) -> Instruction {
    spl_token::instruction::transfer(&spl_token::ID, &from, &to, &owner.pubkey(), &[], amount)
        .unwrap()
}

/// The reserve's balance above what the vault's books owe from it.
async fn surplus(t: &mut TestContext, vault: Pubkey, k: usize) -> u64 {
    let state: Vault = t.decode(vault).await;
    let slot = state.assets[k];
    let owed = slot.active_amount
        + slot.queued_amount
        + slot.escrowed_amount
        + slot.rewards.unvested().unwrap();
    t.token_balance(slot.reserve).await - owed
}

#[tokio::test]
async fn first_depositor_inflation() {
    // mallory creates a vault with the smallest seed the program takes (0.001 SOL: 1e6
    // dead shares), deposits one lamport, then donates 100 SOL to the reserve. In a vault
    // that valued itself from its balance, alice's 1 SOL would then buy about 10,000
    // shares instead of 1e9, and the shares already out would split her rounding and the
    // gift. Here the books ignore the gift: alice buys at one lamport per share.
    let mut e = governance_world::World::new().await;
    let (mallory, alice, bob) = (
        e.mallory.insecure_clone(),
        e.alice.insecure_clone(),
        e.bob.insecure_clone(),
    );
    let (mallory_wsol, alice_wsol, bob_wsol) = (e.mallory_wsol, e.alice_wsol, e.bob_wsol);
    let treasury = e.treasury.pubkey();
    let created =
        e.t.create_wsol_vault(&mallory, mallory_wsol, treasury, MIN_SEED_SHARES, u64::MAX)
            .await;
    let vault = created.vault;
    let state: Vault = e.t.decode(vault).await;
    assert_eq!(state.share_supply, MIN_SEED_SHARES, "one share per lamport");
    let reserve = state.assets[0].reserve;

    // one lamport buys one share: S = V = 1e6 + 1
    let one = deposit(&mut e.t, vault, &mallory, mallory_wsol, 0, 1)
        .await
        .unwrap();
    assert_eq!(one, 1);
    // the donation lands in the reserve and in no book
    let books = [vault, created.lrt_mint];
    let before = e.t.snapshot(&books).await;
    e.t.send(
        &[donation(mallory_wsol, reserve, &mallory, 100 * SOL)],
        &[&mallory],
    )
    .await
    .unwrap();
    assert_unchanged(&mut e.t, &books, &before, "the donation").await;
    assert_eq!(
        e.t.token_balance(reserve).await,
        MIN_SEED_SHARES + 1 + 100 * SOL
    );

    // alice's 1 SOL: floor(1e9 * S / V) with S = V = 1e6 + 1 (books: seed + one lamport)
    let (s, v) = (
        u128::from(MIN_SEED_SHARES + 1),
        u128::from(MIN_SEED_SHARES + 1),
    );
    let expected = (u128::from(SOL) * s / v) as u64;
    assert_eq!(expected, SOL);
    let alice_shares = deposit(&mut e.t, vault, &alice, alice_wsol, 0, SOL)
        .await
        .unwrap();
    assert_eq!(alice_shares, expected);
    assert_eq!(claim_of(&mut e.t, vault, alice_shares, 0).await, SOL);
    // and a dust deposit after the donation still buys its exact share
    assert_eq!(
        deposit(&mut e.t, vault, &bob, bob_wsol, 0, 1)
            .await
            .unwrap(),
        1
    );

    // everyone leaves: alice gets her 1 SOL, mallory her lamport, bob his; the 100 SOL
    // stay in the reserve, backing no share
    let c = e.epoch().await;
    for (who, shares) in [(&alice, alice_shares), (&mallory, 1), (&bob, 1)] {
        request(&mut e.t, vault, who, shares, 1).await.unwrap();
    }
    e.warp(c + 2, 0).await;
    let wallets = [
        (&alice, alice_wsol, SOL),
        (&mallory, mallory_wsol, 1),
        (&bob, bob_wsol, 1),
    ];
    for (who, wsol, paid) in wallets {
        let before = e.t.token_balance(wsol).await;
        claim(&mut e.t, vault, who, 1, |_| wsol).await.unwrap();
        assert_eq!(e.t.token_balance(wsol).await - before, paid);
    }
    assert_eq!(surplus(&mut e.t, vault, 0).await, 100 * SOL);
    let state: Vault = e.t.decode(vault).await;
    assert_eq!(
        (state.share_supply, state.assets[0].active_amount),
        (MIN_SEED_SHARES, MIN_SEED_SHARES),
        "only the dead shares are left, worth the seed"
    );
}

#[tokio::test]
async fn donation_then_withdraw() {
    // alice deposits 5 SOL and donates 3 SOL to the reserve; bob deposits 2 SOL after the
    // donation; alice leaves: she gets her 5 SOL, not a part of her own gift
    let mut e = governance_world::World::new().await;
    let (alice, bob) = (e.alice.insecure_clone(), e.bob.insecure_clone());
    let (alice_wsol, bob_wsol, vault) = (e.alice_wsol, e.bob_wsol, e.vault_key);
    let alice_shares = e.deposit(&alice, alice_wsol, 5 * SOL, 0).await.unwrap();
    assert_eq!(alice_shares, 5 * SOL);
    let reserve = e.vault().await.assets[0].reserve;
    let books = [vault, e.lrt_mint];
    let before = e.t.snapshot(&books).await;
    e.t.send(&[donation(alice_wsol, reserve, &alice, 3 * SOL)], &[&alice])
        .await
        .unwrap();
    assert_unchanged(&mut e.t, &books, &before, "the donation").await;

    // the price is still one lamport per share: bob's 2 SOL buy 2e9 shares
    assert_eq!(
        e.deposit(&bob, bob_wsol, 2 * SOL, 0).await.unwrap(),
        2 * SOL
    );
    let c = e.epoch().await;
    let (alice_ticket, _) = request(&mut e.t, vault, &alice, alice_shares, 1)
        .await
        .unwrap();
    let (bob_ticket, _) = request(&mut e.t, vault, &bob, 2 * SOL, 1).await.unwrap();
    assert_eq!(ticket_claim(&mut e.t, alice_ticket, 0).await, 5 * SOL);
    assert_eq!(ticket_claim(&mut e.t, bob_ticket, 0).await, 2 * SOL);
    e.warp(c + 2, 0).await;
    let alice_before = e.t.token_balance(alice_wsol).await;
    claim(&mut e.t, vault, &alice, 1, |_| alice_wsol)
        .await
        .unwrap();
    claim(&mut e.t, vault, &bob, 1, |_| bob_wsol).await.unwrap();
    assert_eq!(e.t.token_balance(alice_wsol).await - alice_before, 5 * SOL);
    // the gift backs no share and no instruction pays a reserve's surplus out: it is gone
    assert_eq!(surplus(&mut e.t, vault, 0).await, 3 * SOL);
    assert_eq!(claim_of(&mut e.t, vault, SOL, 0).await, SOL, "dead shares");
}

/// The value of `amounts` at `prices` (WAD-lamports).
fn value(amounts: &[u64], prices: &[u128]) -> u128 {
    amounts
        .iter()
        .zip(prices)
        .map(|(a, p)| u128::from(*a) * p)
        .sum()
}

#[tokio::test]
async fn tiny_deposit_rounding_farm() {
    // vault A: wSOL at 1 and a stake-pool LST at 1.05 SOL; alice holds 3 pool tokens.
    // mallory farms the roundings: 24 round trips of 1 to 7 base units of either asset,
    // each followed by a request of every share she holds; then she claims everything
    let mut w = World::new().await;
    let vault = w.vault_a;
    let alice = w.users[0].key.insecure_clone();
    w.deposit_from(&alice, w.users[0].pool_tokens, vault, 1, 3 * SOL)
        .await;
    let mallory = w.users[4].key.insecure_clone();
    let wallets = [w.users[4].wsol, w.users[4].pool_tokens];
    let lrt = lrt_of(&mut w.t, vault, &mallory.pubkey()).await;
    let lrt_mint = w.vault(vault).await.lrt_mint;
    w.t.send(
        &[create_lrt_account_ix(mallory.pubkey(), lrt_mint)],
        &[&mallory],
    )
    .await
    .unwrap();
    let mut check = InvariantChecker::new(vault);
    check.track_holder(mallory.pubkey(), lrt);
    check.check(&mut w.t, "before the farm").await;
    let state = w.vault(vault).await;
    let prices = [state.assets[0].price_wad, state.assets[1].price_wad];
    assert_eq!(prices, [WAD, slashing_world::POOL_PRICE]);
    let watched = [vault, state.assets[0].reserve, state.assets[1].reserve, lrt];
    let wallet_start = [
        w.t.token_balance(wallets[0]).await,
        w.t.token_balance(wallets[1]).await,
    ];

    let (mut value_in, mut value_out) = (0u128, 0u128);
    let (mut tickets, mut dust_refused, mut small_refused) = (Vec::new(), 0, 0);
    for i in 0..24u64 {
        let asset = (i % 2) as usize;
        let amount = 1 + i % 7;
        let ixs = deposit_ixs(
            &mut w.t,
            vault,
            &mallory,
            wallets[asset],
            asset as u8,
            amount,
        )
        .await;
        let state: Vault = w.vault(vault).await;
        let quote = restaking_math::shares_for_deposit_floor(
            u128::from(amount) * prices[asset],
            state.share_supply,
            state.active_value_wad().unwrap(),
        )
        .unwrap();
        if quote == 0 {
            // a deposit worth less than a share is refused, not swallowed
            let mut keys = watched.to_vec();
            keys.push(wallets[asset]);
            refused(
                &mut w.t,
                &ixs,
                &[&mallory],
                vault_error(VaultError::ZeroShares),
                &keys,
                "dust deposit",
            )
            .await;
            dust_refused += 1;
            continue;
        }
        w.t.send(&ixs, &[&mallory]).await.unwrap();
        let mut amounts = [0u64; 2];
        amounts[asset] = amount;
        value_in += value(&amounts, &prices);
        check.check(&mut w.t, "farm deposit").await;

        // every share she holds, straight back out
        let shares = w.t.token_balance(lrt).await;
        let state: Vault = w.vault(vault).await;
        let basket = [0, 1].map(|k| {
            (u128::from(state.assets[k].active_amount) * u128::from(shares)
                / u128::from(state.share_supply)) as u64
        });
        let ix = request_ix(&mut w.t, vault, &mallory.pubkey(), shares, i).await;
        if basket == [0, 0] {
            refused(
                &mut w.t,
                &[ix],
                &[&mallory],
                vault_error(VaultError::WithdrawalTooSmall),
                &watched,
                "dust request",
            )
            .await;
            small_refused += 1;
            continue;
        }
        let bucket = pda::bucket(&vault, epoch(&mut w.t).await + 1);
        w.t.send(&[ix], &[&mallory]).await.unwrap();
        let ticket = pda::ticket(&vault, &mallory.pubkey(), i);
        check.track_ticket(ticket, bucket);
        check.check(&mut w.t, "farm request").await;
        for (k, amount) in basket.iter().enumerate() {
            assert_eq!(ticket_claim(&mut w.t, ticket, k).await, *amount);
        }
        value_out += value(&basket, &prices);
        // every round trip so far rounded in the vault's favour
        assert!(value_out <= value_in, "round trip {i} gained");
        tickets.push(i);
    }
    assert!(dust_refused > 0 && small_refused > 0 && tickets.len() > 10);

    // she claims every ticket: what reaches her wallets is worth no more than she put in
    let c = epoch(&mut w.t).await;
    w.advance_to_slot((c + 2) * slashing_world::EPOCH_LENGTH)
        .await;
    let pool_mint = w.pool_mint;
    for id in tickets {
        claim(&mut w.t, vault, &mallory, id, |mint| {
            if *mint == pool_mint {
                wallets[1]
            } else {
                wallets[0]
            }
        })
        .await
        .unwrap();
    }
    let wallet_end = [
        w.t.token_balance(wallets[0]).await,
        w.t.token_balance(wallets[1]).await,
    ];
    // her wallets' net change, at the same prices: exactly the tickets less the deposits
    let change: i128 = (0..2)
        .map(|k| (i128::from(wallet_end[k]) - i128::from(wallet_start[k])) * prices[k] as i128)
        .sum();
    assert_eq!(change, value_out as i128 - value_in as i128);
    assert!(change <= 0, "the farm gained {change} (WAD-lamports)");
    check.check(&mut w.t, "after the claims").await;
}
