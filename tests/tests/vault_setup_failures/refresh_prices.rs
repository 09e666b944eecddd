//! `refresh_prices` failure paths. A vault holds wSOL (no pricing account), a stake-pool
//! LST and a Marinade LST; the bank then moves to the next Solana epoch, where a valid
//! refresh would change every cached price and price epoch. Each failure must leave the
//! vault byte for byte as before: the refresh is all or nothing.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::AccountMeta};
use lrt_client::{instructions as build, state::Vault, token_programs::TOKEN, VaultError};
use lrt_integration_tests::*;
use lrt_vault::constants::MARINADE_PROGRAM;
use restaking_math::{encode_marinade_state, encode_stake_pool, MarinadeReading, StakePoolReading};

use crate::world::*;

/// The next epoch's prices: the pool earned 5% (1.10 SOL), mSOL moved up a little.
const NEXT_POOL_TOTAL_LAMPORTS: u64 = 1_100 * SOL;
const NEXT_POOL_PRICE_WAD: u128 = 1_100_000_000_000_000_000;
const NEXT_MSOL_PRICE: u64 = 5_200_000_000;

struct Setup {
    w: World,
    v: TestVault,
    pool: Lst,
    msol: Lst,
    /// The vault as cached in the setup epoch.
    before: Vault,
    /// The Solana epoch after the warp.
    epoch: u64,
}

/// The three-asset vault, then a warp to the next Solana epoch. With `update_pool` the
/// stake pool has run its epoch update (a valid refresh succeeds); without it it is stale.
async fn setup(update_pool: bool) -> Setup {
    let (mut w, v) = World::with_vault().await;
    let pool = w.stake_pool_lst();
    let msol = w.marinade_lst();
    w.add_asset(&v, &pool).await;
    w.add_asset(&v, &msol).await;
    let before = w.vault(&v).await;
    assert_eq!(before.asset_count, 3);
    assert!(before
        .assets()
        .iter()
        .all(|a| a.price_epoch == w.solana_epoch));
    let epoch = w.solana_epoch + 1;
    warp_to_epoch(&mut w.t, epoch);
    assert_eq!(solana_clock(&mut w.t).await.epoch, epoch);
    if update_pool {
        let pool_data = encode_stake_pool(&StakePoolReading {
            total_lamports: NEXT_POOL_TOTAL_LAMPORTS,
            last_update_epoch: epoch,
            ..w.fresh_pool(pool.mint, TOKEN)
        });
        w.put(
            pool.pricing_key(),
            data_account(
                lrt_vault::constants::ALLOWED_STAKE_POOL_PROGRAMS[0],
                pool_data,
            ),
        );
    }
    w.put(
        msol.pricing_key(),
        data_account(
            MARINADE_PROGRAM,
            encode_marinade_state(&MarinadeReading {
                msol_mint: msol.mint.to_bytes(),
                msol_price: NEXT_MSOL_PRICE,
            }),
        ),
    );
    Setup {
        w,
        v,
        pool,
        msol,
        before,
        epoch,
    }
}

impl Setup {
    /// `refresh_prices` with exactly `pricing_accounts` after the vault account.
    fn refresh_with(
        &self,
        pricing_accounts: &[Pubkey],
    ) -> anchor_lang::solana_program::instruction::Instruction {
        let mut ix = build::refresh_prices(&self.before);
        // keep the vault, event authority and program; replace the pricing accounts
        assert_eq!(ix.accounts[0].pubkey, self.v.key);
        ix.accounts.truncate(3);
        ix.accounts.extend(
            pricing_accounts
                .iter()
                .map(|key| AccountMeta::new_readonly(*key, false)),
        );
        ix
    }

    /// A copy of `key` (same owner, bytes and lamports) at a fresh address.
    async fn look_alike(&mut self, key: Pubkey) -> Pubkey {
        let account = self.w.t.account(key).await.unwrap();
        let copy = Pubkey::new_unique();
        self.w.put(copy, account);
        copy
    }

    async fn assert_refresh_fails(
        &mut self,
        pricing_accounts: &[Pubkey],
        expected: VaultError,
        step: &str,
    ) {
        let watch = Watch::new(&mut self.w.t, &[self.v.key]).await;
        let ix = self.refresh_with(pricing_accounts);
        assert_program_error(self.w.t.send(&[ix], &[]).await, 0, vault_error(expected));
        watch.assert_unchanged(&mut self.w.t, step).await;
        let vault = self.w.vault(&self.v).await;
        for (now, then) in vault.assets().iter().zip(self.before.assets()) {
            assert_eq!(
                (now.price_wad, now.price_epoch),
                (then.price_wad, then.price_epoch),
                "{step}: a cached price moved"
            );
        }
    }

    /// The valid refresh: every price is re-read and stamped with the new epoch.
    async fn assert_refresh_succeeds(&mut self, pool_price_wad: u128) {
        let ix = build::refresh_prices(&self.before);
        self.w.t.send(&[ix], &[]).await.unwrap();
        let vault = self.w.vault(&self.v).await;
        let prices: Vec<(u128, u64)> = vault
            .assets()
            .iter()
            .map(|a| (a.price_wad, a.price_epoch))
            .collect();
        assert_eq!(
            prices,
            vec![
                (WAD, self.epoch),
                (pool_price_wad, self.epoch),
                (NEXT_MSOL_PRICE as u128 * WAD / (1u128 << 32), self.epoch),
            ]
        );
    }
}

#[tokio::test]
async fn refresh_prices_rejects_missing_extra_reordered_and_look_alike_accounts() {
    let mut s = setup(true).await;
    let (pool, state) = (s.pool.pricing_key(), s.msol.pricing_key());
    let pool_copy = s.look_alike(pool).await;
    let state_copy = s.look_alike(state).await;
    let cases: Vec<(&str, Vec<Pubkey>, VaultError)> = vec![
        ("none", vec![], VaultError::MissingPricingAccount),
        (
            "only the pool",
            vec![pool],
            VaultError::MissingPricingAccount,
        ),
        (
            "swapped",
            vec![state, pool],
            VaultError::WrongPricingAccount,
        ),
        (
            "pool twice",
            vec![pool, pool],
            VaultError::WrongPricingAccount,
        ),
        (
            "one extra",
            vec![pool, state, Pubkey::new_unique()],
            VaultError::UnexpectedPricingAccount,
        ),
        (
            "pool repeated at the end",
            vec![pool, state, pool],
            VaultError::UnexpectedPricingAccount,
        ),
        (
            "look-alike pool",
            vec![pool_copy, state],
            VaultError::WrongPricingAccount,
        ),
        // the pool's new price is read first, then the whole refresh fails
        (
            "look-alike Marinade state",
            vec![pool, state_copy],
            VaultError::WrongPricingAccount,
        ),
    ];
    for (what, accounts, expected) in cases {
        s.assert_refresh_fails(&accounts, expected, what).await;
    }
    s.assert_refresh_succeeds(NEXT_POOL_PRICE_WAD).await;
}

#[tokio::test]
async fn refresh_prices_rejects_a_stake_pool_not_updated_this_epoch() {
    let mut s = setup(false).await;
    let (pool, state) = (s.pool.pricing_key(), s.msol.pricing_key());
    s.assert_refresh_fails(
        &[pool, state],
        VaultError::StakePoolNotUpdated,
        "stale pool",
    )
    .await;
    // the pool runs its epoch update (same 1.05 SOL): the refresh now succeeds
    let updated = encode_stake_pool(&StakePoolReading {
        last_update_epoch: s.epoch,
        ..s.w.fresh_pool(s.pool.mint, TOKEN)
    });
    s.w.put(
        pool,
        data_account(
            lrt_vault::constants::ALLOWED_STAKE_POOL_PROGRAMS[0],
            updated,
        ),
    );
    s.assert_refresh_succeeds(POOL_PRICE_WAD).await;
}

#[tokio::test]
async fn refresh_prices_rejects_pinned_accounts_whose_contents_went_bad() {
    let mut s = setup(true).await;
    let (pool, state) = (s.pool.pricing_key(), s.msol.pricing_key());
    let good_pool = s.w.t.account(pool).await.unwrap();
    let good_state = s.w.t.account(state).await.unwrap();
    let fresh = StakePoolReading {
        total_lamports: NEXT_POOL_TOTAL_LAMPORTS,
        last_update_epoch: s.epoch,
        ..s.w.fresh_pool(s.pool.mint, TOKEN)
    };
    let other_mint = s.w.put_classic_mint();
    let spl = lrt_vault::constants::ALLOWED_STAKE_POOL_PROGRAMS[0];
    let cases: Vec<(&str, Pubkey, Pubkey, Vec<u8>, VaultError)> = vec![
        (
            "pool now prices another mint",
            pool,
            spl,
            encode_stake_pool(&StakePoolReading {
                pool_mint: other_mint.to_bytes(),
                ..fresh
            }),
            VaultError::PricingMintMismatch,
        ),
        (
            "pool emptied",
            pool,
            spl,
            encode_stake_pool(&StakePoolReading {
                pool_token_supply: 0,
                ..fresh
            }),
            VaultError::InvalidPricingData,
        ),
        (
            "pool address re-created by another program",
            pool,
            Pubkey::new_unique(),
            encode_stake_pool(&fresh),
            VaultError::WrongPricingOwner,
        ),
        (
            "Marinade state with a broken discriminator",
            state,
            MARINADE_PROGRAM,
            {
                let mut data = good_state.data.clone();
                data[7] ^= 1;
                data
            },
            VaultError::InvalidPricingData,
        ),
        (
            "Marinade state now for another mint",
            state,
            MARINADE_PROGRAM,
            encode_marinade_state(&MarinadeReading {
                msol_mint: other_mint.to_bytes(),
                msol_price: NEXT_MSOL_PRICE,
            }),
            VaultError::PricingMintMismatch,
        ),
    ];
    for (what, key, owner, data, expected) in cases {
        s.w.put(key, data_account(owner, data));
        s.assert_refresh_fails(&[pool, state], expected, what).await;
        s.w.put(pool, good_pool.clone());
        s.w.put(state, good_state.clone());
    }
    s.assert_refresh_succeeds(NEXT_POOL_PRICE_WAD).await;
}
