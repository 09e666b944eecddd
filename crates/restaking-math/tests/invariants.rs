//! DESIGN.md section 7 invariants, as far as they concern the pure math: no free value
//! (deposit then withdraw, share price), donations, bucket claims, fees.
//! Expected bounds are exact rationals checked by cross-multiplication with the
//! independent reference integers in `common`, never by the crate's own rounding.
mod common;

use common::prod;
use proptest::prelude::*;
use proptest::sample::Index;
use restaking_math::{
    amount_for_shares_floor, asset_value_wad, basket_value_wad, fee_ceil, initial_shares_floor,
    scaled_amount_floor, shares_for_deposit_floor, split_fee, unscaled_amount_floor, MathError,
    BPS_DENOMINATOR, WAD,
};

// ---------- strategies ----------

/// Token amounts of every magnitude up to 2^62 (log-uniform-ish), zero included.
fn amount() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..=1_000,
        (0u64..=(1 << 62), 0u32..62).prop_map(|(x, shift)| x >> shift),
    ]
}

fn positive_amount() -> impl Strategy<Value = u64> {
    amount().prop_map(|a| a.max(1))
}

/// Prices in lamports per raw unit x 1e18: typical LSTs (0.5..2 SOL), wSOL, and tiny ones.
fn price() -> impl Strategy<Value = u128> {
    prop_oneof![
        4 => WAD / 2..=2 * WAD,
        1 => Just(WAD),
        1 => 1u128..=1_000_000,
        1 => 1u128..=2 * WAD,
    ]
}

/// Share supplies of every magnitude.
fn supply() -> impl Strategy<Value = u64> {
    (1u64..=u64::MAX, 0u32..64).prop_map(|(x, shift)| (x >> shift).max(1))
}

fn fee_bps() -> impl Strategy<Value = u16> {
    prop_oneof![Just(0u16), 0u16..=1_000]
}

fn scale() -> impl Strategy<Value = u128> {
    prop_oneof![Just(WAD), 1u128..=WAD, WAD / 2..=WAD, 1u128..=1_000,]
}

fn value_of(amounts: &[u64], prices: &[u128]) -> u128 {
    let basket: Vec<(u64, u128)> = amounts
        .iter()
        .copied()
        .zip(prices.iter().copied())
        .collect();
    basket_value_wad(&basket).expect("test vaults are sized so their value fits")
}

// ---------- 1. deposit then withdraw ----------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn deposit_then_withdraw_never_returns_more_than_deposited(
        vault in prop::collection::vec((amount(), price()), 1..=8),
        share_supply in supply(),
        deposit_asset in any::<Index>(),
        deposit_amount in positive_amount(),
        deposit_fee in fee_bps(),
        withdrawal_fee in fee_bps(),
    ) {
        let (mut active, prices): (Vec<u64>, Vec<u128>) = vault.into_iter().unzip();
        let total_value = value_of(&active, &prices);
        prop_assume!(total_value > 0);
        let k = deposit_asset.index(active.len());
        let deposit_value = asset_value_wad(deposit_amount, prices[k]).unwrap();

        // deposit: mint floor(v * S / V) shares, the fee taken as shares
        let minted = match shares_for_deposit_floor(deposit_value, share_supply, total_value) {
            Ok(0) => return Ok(()), // zero-share deposits are refused
            Ok(m) => m,
            Err(e) => {
                prop_assert_eq!(e, MathError::Overflow);
                return Ok(()); // refused: nothing deposited, nothing to take back
            }
        };
        let Some(supply_after) = share_supply.checked_add(minted) else { return Ok(()) };
        let Some(active_k) = active[k].checked_add(deposit_amount) else { return Ok(()) };
        active[k] = active_k;
        let user_shares = split_fee(minted, deposit_fee).unwrap().net;

        // withdraw exactly the user's shares, the fee taken as shares, the rest burnt
        let burnt = split_fee(user_shares, withdrawal_fee).unwrap().net;
        let redeemed: Vec<u64> = active
            .iter()
            .map(|&a| amount_for_shares_floor(a, burnt, supply_after).unwrap())
            .collect();
        let redeemed_value = value_of(&redeemed, &prices);

        prop_assert!(redeemed_value <= deposit_value,
            "redeemed {} > deposited {}", redeemed_value, deposit_value);
        for (out, a) in redeemed.iter().zip(&active) {
            prop_assert!(out <= a);
        }
        if active.len() == 1 {
            prop_assert!(redeemed[0] <= deposit_amount,
                "single asset: redeemed {} > deposited {}", redeemed[0], deposit_amount);
        }
    }

    #[test]
    fn deposit_mints_the_exact_pro_rata_shares_rounded_down(
        deposit_value in any::<u128>(),
        share_supply in supply(),
        total_value in 1u128..=u128::MAX,
    ) {
        // m = floor(v * S / V)  <=>  m * V <= v * S < (m + 1) * V
        match shares_for_deposit_floor(deposit_value, share_supply, total_value) {
            Ok(m) => {
                let exact = prod(deposit_value, share_supply.into());
                prop_assert!(prod(m.into(), total_value) <= exact);
                prop_assert!(prod(u128::from(m) + 1, total_value) > exact);
            }
            Err(e) => {
                prop_assert_eq!(e, MathError::Overflow);
                // v * S >= 2^64 * V
                prop_assert!(prod(deposit_value, share_supply.into())
                    >= prod(u128::from(u64::MAX) + 1, total_value));
            }
        }
    }

    #[test]
    fn redemption_pays_the_exact_pro_rata_amount_rounded_down(
        active in any::<u64>(),
        share_supply in supply(),
        pick in any::<u64>(),
    ) {
        // shares anywhere in 0..=supply
        let shares = (u128::from(pick) % (u128::from(share_supply) + 1)) as u64;
        let out = amount_for_shares_floor(active, shares, share_supply).unwrap();
        // out = floor(active * shares / S)  <=>  out * S <= active * shares < (out + 1) * S
        let exact = u128::from(active) * u128::from(shares);
        prop_assert!(u128::from(out) * u128::from(share_supply) <= exact);
        prop_assert!((u128::from(out) + 1) * u128::from(share_supply) > exact);
        if shares < share_supply {
            // asking for the whole supply out of a smaller one is refused
            prop_assert_eq!(
                amount_for_shares_floor(active, share_supply, shares),
                Err(if shares == 0 { MathError::DivisionByZero } else { MathError::SharesExceedSupply })
            );
        }
    }

    #[test]
    fn splitting_a_deposit_never_mints_more_shares_than_one_deposit(
        share_supply in supply(),
        total_value in 1u128..=(1u128 << 100),
        pieces in prop::collection::vec(1u128..=(1u128 << 90), 1..=20),
    ) {
        let whole: u128 = pieces.iter().sum();
        let Ok(at_once) = shares_for_deposit_floor(whole, share_supply, total_value) else {
            return Ok(()); // refused as one deposit
        };
        prop_assume!(share_supply.checked_add(at_once).is_some());
        let (mut supply, mut value, mut minted) = (share_supply, total_value, 0u64);
        for &piece in &pieces {
            let m = shares_for_deposit_floor(piece, supply, value).unwrap();
            minted += m;
            prop_assert!(minted <= at_once, "pieces minted {} > one deposit {}", minted, at_once);
            supply += m;
            value += piece;
        }
        prop_assert!(minted <= at_once, "pieces minted {} > one deposit {}", minted, at_once);
    }
}

// ---------- 2. no dilution, donations ----------

/// The vault's books as the program keeps them: `active` is what the vault values itself
/// with; `reserve_balances` is what its token accounts hold (donations land only there).
#[derive(Clone, Debug)]
struct Books {
    active: Vec<u64>,
    prices: Vec<u128>,
    supply: u64,
    reserve_balances: Vec<u64>,
    dead_shares: u64,
}

impl Books {
    fn seed(prices: Vec<u128>, seed_amount: u64) -> Books {
        let mut active = vec![0; prices.len()];
        active[0] = seed_amount;
        let dead_shares =
            initial_shares_floor(asset_value_wad(seed_amount, prices[0]).unwrap()).unwrap();
        assert!(
            dead_shares > 0,
            "seed strategies give a seed worth at least one lamport"
        );
        Books {
            reserve_balances: active.clone(),
            active,
            prices,
            supply: dead_shares,
            dead_shares,
        }
    }

    fn value(&self) -> u128 {
        value_of(&self.active, &self.prices)
    }

    /// Shares a deposit of `amount` of asset `k` would mint, from the books only.
    fn quote(&self, k: usize, amount: u64) -> Result<u64, MathError> {
        let v = asset_value_wad(amount, self.prices[k])?;
        shares_for_deposit_floor(v, self.supply, self.value())
    }

    /// Returns the shares minted, or None if the deposit is refused.
    fn deposit(&mut self, k: usize, amount: u64) -> Option<u64> {
        let shares = self.quote(k, amount).ok().filter(|&m| m > 0)?;
        let supply = self.supply.checked_add(shares)?;
        let active = self.active[k].checked_add(amount)?;
        let reserve = self.reserve_balances[k].checked_add(amount)?;
        // keep test vaults small enough that their value stays representable
        let mut next = self.active.clone();
        next[k] = active;
        let basket: Vec<(u64, u128)> = next
            .iter()
            .copied()
            .zip(self.prices.iter().copied())
            .collect();
        basket_value_wad(&basket).ok()?;
        self.supply = supply;
        self.active[k] = active;
        self.reserve_balances[k] = reserve;
        Some(shares)
    }

    /// Burns `shares` and pays the basket out of `active` (and the reserves).
    fn withdraw(&mut self, shares: u64) -> Vec<u64> {
        let out: Vec<u64> = self
            .active
            .iter()
            .map(|&a| amount_for_shares_floor(a, shares, self.supply).unwrap())
            .collect();
        for (k, &o) in out.iter().enumerate() {
            self.active[k] -= o;
            self.reserve_balances[k] -= o;
        }
        self.supply -= shares;
        out
    }

    fn donate(&mut self, k: usize, amount: u64) {
        self.reserve_balances[k] = self.reserve_balances[k].saturating_add(amount);
    }

    fn assert_solvent(&self) {
        for (r, a) in self.reserve_balances.iter().zip(&self.active) {
            assert!(r >= a, "reserve {r} below active {a}");
        }
        assert!(self.supply >= self.dead_shares);
    }
}

/// `after.value / after.supply >= before.value / before.supply`, by cross-multiplication.
fn price_not_lower(before: (u128, u64), after: (u128, u64)) -> bool {
    prod(after.0, before.1.into()) >= prod(before.0, after.1.into())
}

#[derive(Clone, Debug)]
enum Op {
    Deposit { asset: Index, amount: u64 },
    Withdraw { shares: Index },
    Donate { asset: Index, amount: u64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<Index>(), positive_amount()).prop_map(|(asset, amount)| Op::Deposit { asset, amount }),
        2 => any::<Index>().prop_map(|shares| Op::Withdraw { shares }),
        1 => (any::<Index>(), positive_amount()).prop_map(|(asset, amount)| Op::Donate { asset, amount }),
    ]
}

fn books() -> impl Strategy<Value = Books> {
    (
        WAD / 1_000..=2 * WAD,
        prop::collection::vec(price(), 0..=7),
        1_000_000_000u64..=(1 << 50),
    )
        .prop_map(|(first_price, mut rest, seed)| {
            rest.insert(0, first_price);
            Books::seed(rest, seed)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn deposits_and_withdrawals_never_lower_the_share_price(
        mut books in books(),
        ops in prop::collection::vec(op(), 1..=40),
        probe in positive_amount(),
    ) {
        for op in ops {
            let before = (books.value(), books.supply);
            match op {
                Op::Deposit { asset, amount } => {
                    let k = asset.index(books.active.len());
                    if books.deposit(k, amount).is_some() {
                        let after = (books.value(), books.supply);
                        prop_assert!(price_not_lower(before, after),
                            "deposit lowered the price: {:?} -> {:?}", before, after);
                    }
                }
                Op::Withdraw { shares } => {
                    let redeemable = books.supply - books.dead_shares;
                    if redeemable > 0 {
                        let shares = shares.index(redeemable as usize) as u64 + 1;
                        books.withdraw(shares);
                        let after = (books.value(), books.supply);
                        prop_assert!(price_not_lower(before, after),
                            "withdrawal lowered the price: {:?} -> {:?}", before, after);
                    }
                }
                Op::Donate { asset, amount } => {
                    let k = asset.index(books.active.len());
                    let quotes: Vec<_> = (0..books.active.len()).map(|j| books.quote(j, probe)).collect();
                    books.donate(k, amount);
                    prop_assert_eq!((books.value(), books.supply), before,
                        "a donation moved the books");
                    let after: Vec<_> = (0..books.active.len()).map(|j| books.quote(j, probe)).collect();
                    prop_assert_eq!(quotes, after, "a donation moved the next deposit's quote");
                }
            }
            books.assert_solvent();
        }
    }

    #[test]
    fn donations_leave_the_share_price_and_next_quote_exactly_unchanged(
        mut books in books(),
        donations in prop::collection::vec((any::<Index>(), positive_amount()), 1..=8),
        probe_asset in any::<Index>(),
        probe in positive_amount(),
    ) {
        let k = probe_asset.index(books.active.len());
        let before = (books.value(), books.supply, books.quote(k, probe));
        for (asset, amount) in donations {
            let j = asset.index(books.active.len());
            books.donate(j, amount);
        }
        prop_assert_eq!((books.value(), books.supply, books.quote(k, probe)), before);
        // the donation is still there, unowned by any share: reserves exceed the books
        prop_assert!(books.reserve_balances.iter().zip(&books.active).any(|(r, a)| r > a));
    }
}

// ---------- 3. buckets ----------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn claims_of_a_bucket_never_exceed_the_bucket(
        tickets in prop::collection::vec(0u64..=(1 << 59), 1..=16),
        scale_wad in scale(),
    ) {
        let bucket_total: u128 = tickets.iter().map(|&t| u128::from(t)).sum();
        let claims: u128 = tickets
            .iter()
            .map(|&t| u128::from(scaled_amount_floor(t.into(), scale_wad).unwrap()))
            .sum();
        let bucket = scaled_amount_floor(bucket_total, scale_wad).unwrap();
        prop_assert!(claims <= u128::from(bucket), "claims {} > bucket {}", claims, bucket);
        // and the bucket pays at most its exact scaled total: bucket * WAD <= total * scale
        prop_assert!(prod(bucket.into(), WAD) <= prod(bucket_total, scale_wad));
    }

    #[test]
    fn unscaling_then_scaling_never_returns_more_than_the_amount(
        amount in any::<u64>(),
        scale_wad in scale(),
    ) {
        // u128 units never overflow for a scale of at least 1
        let unscaled = unscaled_amount_floor(amount, scale_wad).unwrap();
        let back = scaled_amount_floor(unscaled, scale_wad).unwrap();
        prop_assert!(back <= amount);
        // joining at the bucket's current scale costs at most one base unit
        prop_assert!(back + 1 >= amount, "{} -> {} lost more than one unit", amount, back);
    }

    #[test]
    fn tickets_joining_at_different_scales_claim_at_most_what_they_put_in(
        requests in prop::collection::vec((0u64..=(1 << 40), 0u128..=WAD / 2), 1..=12),
        initial_scale in WAD / 2..=WAD,
    ) {
        // Each request joins at the current scale, then a slash of fraction f (WAD-scaled)
        // multiplies the scale by (1 - f). Claims at the final scale s_end:
        //   claim_i <= amount_i * s_end / s_at_request_i, and sum(claims) <= scaled(total).
        let mut scale_wad = initial_scale;
        let mut tickets = Vec::new(); // (amount, scale at request, unscaled)
        for (amount, slash) in requests {
            let unscaled = unscaled_amount_floor(amount, scale_wad).unwrap();
            tickets.push((amount, scale_wad, unscaled));
            let next = scale_wad * (WAD - slash) / WAD;
            if next > 0 {
                scale_wad = next;
            }
        }
        let total: u128 = tickets.iter().map(|t| t.2).sum();
        let mut claims = 0u128;
        for &(amount, at, unscaled) in &tickets {
            let claim = scaled_amount_floor(unscaled, scale_wad).unwrap();
            prop_assert!(claim <= amount);
            prop_assert!(prod(claim.into(), at) <= prod(amount.into(), scale_wad),
                "claim {} above its share {} * {} / {}", claim, amount, scale_wad, at);
            claims += u128::from(claim);
        }
        prop_assert!(claims <= u128::from(scaled_amount_floor(total, scale_wad).unwrap()));
    }
}

// ---------- 4. fees ----------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn fee_split_keeps_the_total_and_never_undercharges(
        gross in any::<u64>(),
        bps in 0u16..=10_000,
    ) {
        let split = split_fee(gross, bps).unwrap();
        prop_assert_eq!(split.gross, gross);
        prop_assert_eq!(u128::from(split.net) + u128::from(split.fee), u128::from(gross));
        prop_assert_eq!(split.fee, fee_ceil(gross, bps).unwrap());
        // fee >= gross * bps / 10_000 exactly, and by less than one base unit
        let exact = u128::from(gross) * u128::from(bps);
        let d = u128::from(BPS_DENOMINATOR);
        prop_assert!(u128::from(split.fee) * d >= exact);
        prop_assert!(u128::from(split.fee) * d < exact + d);
    }

    #[test]
    fn fee_rates_above_one_whole_are_refused(gross in any::<u64>(), bps in 10_001u16..=u16::MAX) {
        prop_assert_eq!(fee_ceil(gross, bps), Err(MathError::InvalidBps));
        prop_assert_eq!(split_fee(gross, bps), Err(MathError::InvalidBps));
    }
}

#[test]
fn a_donation_before_a_deposit_cannot_steal_from_the_depositor() {
    // The first-depositor attack needs a donation to move the share price; the books ignore
    // donations, so the depositor still gets its pro-rata shares and takes back its deposit.
    let mut books = Books::seed(vec![WAD], 1_000_000_000); // 1e9 dead shares for 1e9 lamports
    books.donate(0, 1_000_000_000_000);
    let minted = books.deposit(0, 5_000_000_000).unwrap();
    assert_eq!(minted, 5_000_000_000); // 1 share per lamport, as for the seed
    assert_eq!(books.withdraw(minted), vec![5_000_000_000]);
    assert_eq!(books.active, vec![1_000_000_000]);
    assert_eq!(books.reserve_balances, vec![1_001_000_000_000]);
}
