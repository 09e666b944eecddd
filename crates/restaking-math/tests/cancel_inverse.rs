//! DESIGN.md section 7, invariant 9, at the level of the math: undoing a slash with
//! [`restored_scale_floor`] and [`plan_bucket_restore`] gives every position the slash
//! reached its claim back within one base unit, paid out of what the slash took, and
//! gives a holder who left the pool while the slash could be cancelled (its bucket starts
//! at the slashed scale) its part back too, out of the pool's part of the escrow.
//!
//! The pre-slash claims are computed here with plain integer arithmetic from the inputs;
//! only the functions under test produce the plan and the restore.
use proptest::prelude::*;
use restaking_math::{
    amount_for_shares_floor, plan_bucket_restore, plan_slash, restored_scale_floor,
    scaled_amount_floor, slashed_scale_floor, unscaled_amount_floor, BucketInput, SlashInput,
    MAX_ASSETS, WAD,
};

fn one(amount: u64) -> [u64; MAX_ASSETS] {
    let mut out = [0; MAX_ASSETS];
    out[0] = amount;
    out
}

fn units(value: u128) -> [u128; MAX_ASSETS] {
    let mut out = [0; MAX_ASSETS];
    out[0] = value;
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// A one-asset vault: a pool of `active` tokens behind `supply` shares (of which a bond
    /// and an insurance fund), a bucket of `queued` tokens at scale 1, and a loss. After
    /// the slash, holders of `leaver_shares` leave the pool into a new bucket at the
    /// slashed scale; then the slash is undone.
    #[test]
    fn a_restore_gives_every_position_its_claim_back(
        active in 1_000u64..=1u64 << 50,
        extra_shares in 0u64..=1u64 << 20,
        bond in 0u64..=1u64 << 30,
        insurance in 0u64..=1u64 << 30,
        queued in 0u64..=1u64 << 45,
        loss_permille in 1u128..=1_000,
        leaver_permille in 0u64..=1_000,
    ) {
        let supply = active + extra_shares + bond + insurance;
        let value = u128::from(active) * WAD;
        let loss_wad = (value + u128::from(queued) * WAD) * loss_permille / 1_000;
        let input = SlashInput {
            loss_wad,
            share_supply: supply,
            bond_shares: bond,
            insurance_shares: insurance,
            asset_count: 1,
            active: one(active),
            price_wad: [WAD; MAX_ASSETS],
            buckets: [
                BucketInput { present: queued > 0, scale_wad: WAD, unscaled: units(queued.into()) },
                BucketInput::default(),
            ],
        };
        let plan = plan_slash(&input).unwrap();
        let f = plan.fraction_wad;
        let holders = supply - bond - insurance;

        // the touched bucket: back to its exact claim, paid by exactly what it gave up
        let mut available = plan.escrow;
        if queued > 0 {
            let target = restored_scale_floor(
                plan.bucket_scale_after[0], f, Some((WAD, plan.bucket_scale_after[0])))
                .unwrap();
            prop_assert_eq!(target, WAD);
            let restore = plan_bucket_restore(
                &units(queued.into()), plan.bucket_scale_after[0], target, &available, 1)
                .unwrap();
            prop_assert_eq!(restore.scale_wad, WAD);
            prop_assert_eq!(restore.give[0], plan.bucket_taken[0][0]);
            available[0] -= restore.give[0];
        }
        prop_assert_eq!(available[0], active - plan.active_after[0], "the pool's part is left");

        // a holder leaves in the window, at the slashed price, into a new bucket that
        // starts at the slashed scale; it cannot happen after a 100% slash (no bucket can
        // start at 0)
        let pool_after = plan.active_after[0];
        let supply_after = plan.share_supply_after;
        let leaver = holders * leaver_permille / 1_000;
        if f == WAD || leaver == 0 || pool_after == 0 {
            return Ok(());
        }
        let start = slashed_scale_floor(WAD, f).unwrap();
        let amount = amount_for_shares_floor(pool_after, leaver, supply_after).unwrap();
        let ticket = unscaled_amount_floor(amount, start).unwrap();
        let target = restored_scale_floor(start, f, None).unwrap();
        let restore = plan_bucket_restore(&units(ticket), start, target, &available, 1).unwrap();
        let back = scaled_amount_floor(ticket, restore.scale_wad).unwrap();
        // what its shares claimed before the slash (the tiers a and b left the price)
        let before = (u128::from(active) * u128::from(leaver) / u128::from(supply)) as u64;
        // at most the roundings the bond's and the insurance's burns leave to the holders
        // (tokens moved <= the burnt shares' value: under one unit), scaled by 1 / (1 - f)
        let gain = 1 + (WAD / start) as u64;
        prop_assert!(back <= before + gain, "the leaver gained: {before} -> {back}");
        // within the roundings at the slashed price, scaled back up by 1 / (1 - f): the
        // leaver's amount (a floor, < 1 unit) and its part of the pool's ceil (< 1 unit);
        // plus `amount / start` (a starting scale of 1e18 (1 - f) has fewer digits as f
        // nears 1)
        let slack = 3 + ((2 * WAD + u128::from(amount)) / start) as u64;
        prop_assert!(before - back.min(before) <= slack,
            "the leaver did not get its part back: {before} -> {back} (slack {slack})");
        // and it is paid out of the pool's part, which is enough for it
        prop_assert_eq!(restore.scale_wad, target, "the escrow fell short");
        prop_assert!(restore.give[0] <= available[0]);
    }
}
