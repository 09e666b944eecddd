//! Stale and look-alike stake pools, and hostile Token-2022 mints (DESIGN.md section 3:
//! a pool must be owned by an allowed stake-pool program, price the asset's mint and have
//! been updated this Solana epoch; asset mints with extensions that break accounting are
//! refused).
use anchor_lang::prelude::Clock;
use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
use lrt_client::{
    instructions as build,
    state::PricingSource,
    token_programs::{TOKEN, TOKEN_2022},
};
use lrt_integration_tests::{slashing_world::*, token_2022, *};
use lrt_vault::{
    constants::ALLOWED_STAKE_POOL_PROGRAMS,
    errors::VaultError,
    instructions::{AddAssetArgs, CreateVaultArgs},
};
use restaking_math::{encode_stake_pool, StakePoolReading};
use solana_signer::Signer;

use crate::*;

async fn solana_epoch(t: &mut TestContext) -> u64 {
    t.ctx
        .banks_client
        .get_sysvar::<Clock>()
        .await
        .unwrap()
        .epoch
}

/// A stake pool at 1.05 SOL for `mint` under `token_program`, last updated in `epoch`.
fn pool(mint: Pubkey, token_program: Pubkey, epoch: u64) -> Vec<u8> {
    encode_stake_pool(&StakePoolReading {
        pool_mint: mint.to_bytes(),
        token_program_id: token_program.to_bytes(),
        total_lamports: 1_050 * SOL,
        pool_token_supply: 1_000 * SOL,
        last_update_epoch: epoch,
    })
}

#[tokio::test]
async fn stale_stake_pool() {
    // Covered in depth by vault_setup_failures::refresh_prices (a pool not updated this
    // epoch, then updated) and vault::mainnet_lsts (the real jitoSOL pool a Solana epoch
    // later). Vault A holds wSOL and the pool's LST; a new Solana epoch begins and the
    // pool's own update has not run yet: nothing values the vault, leaving still works.
    let mut w = World::new().await;
    let alice = w.users[0].key.insecure_clone();
    let (alice_wsol, alice_pool) = (w.users[0].wsol, w.users[0].pool_tokens);
    let vault = w.vault_a;
    w.deposit_from(&alice, alice_pool, vault, 1, 2 * SOL).await;
    let (ticket, _) = w.request_withdrawal(&alice, vault, SOL, 1).await.unwrap();
    let mature = (w.e0 + 2) * EPOCH_LENGTH;
    let schedule = w.t.ctx.genesis_config().epoch_schedule.clone();
    let mut next = solana_epoch(&mut w.t).await + 1;
    while schedule.get_first_slot_in_epoch(next) < mature {
        next += 1;
    }
    w.t.warp_to_slot(schedule.get_first_slot_in_epoch(next))
        .await;
    assert_eq!(solana_epoch(&mut w.t).await, next);

    let state = w.vault(vault).await;
    let lrt = pda::lrt_account(&alice.pubkey(), &state.lrt_mint);
    let keys = [
        vault,
        state.assets[0].reserve,
        state.assets[1].reserve,
        state.lrt_mint,
        lrt,
        alice_pool,
    ];
    refused(
        &mut w.t,
        &[build::refresh_prices(&state)],
        &[],
        vault_error(VaultError::StakePoolNotUpdated),
        &keys,
        "refresh from a pool not updated this epoch",
    )
    .await;
    let with_refresh = deposit_ixs(&mut w.t, vault, &alice, alice_pool, 1, SOL).await;
    refused(
        &mut w.t,
        &with_refresh,
        &[&alice],
        vault_error(VaultError::StakePoolNotUpdated),
        &keys,
        "deposit with a refresh",
    )
    .await;
    let mut without = with_refresh.clone();
    without.remove(1);
    refused(
        &mut w.t,
        &without,
        &[&alice],
        vault_error(VaultError::StalePrice),
        &keys,
        "deposit at last epoch's price",
    )
    .await;
    // requests and claims read no price: they go on
    let before = [
        w.t.token_balance(alice_wsol).await,
        w.t.token_balance(alice_pool).await,
    ];
    let paid = [
        ticket_claim(&mut w.t, ticket, 0).await,
        ticket_claim(&mut w.t, ticket, 1).await,
    ];
    let pool_mint = w.pool_mint;
    claim(&mut w.t, vault, &alice, 1, |mint| {
        if *mint == pool_mint {
            alice_pool
        } else {
            alice_wsol
        }
    })
    .await
    .unwrap();
    assert_eq!(w.t.token_balance(alice_wsol).await, before[0] + paid[0]);
    assert_eq!(w.t.token_balance(alice_pool).await, before[1] + paid[1]);
    request(&mut w.t, vault, &alice, SOL / 2, 2).await.unwrap();
    // once the pool's update runs, deposits price again
    let slot = w.t.slot().await;
    w.advance_to_slot(slot + 1).await;
    w.t.send(&with_refresh, &[&alice]).await.unwrap();
}

#[tokio::test]
async fn look_alike_stake_pools() {
    // Covered in depth by vault_setup_failures::add_asset::add_asset_rejects_invalid_stake_pool_pricing
    // (every owner, mint, token program and epoch fault) and ::refresh_prices (a pinned
    // pool whose contents went bad). Here the curator of vault B is handed, for the pool
    // LST, a copy of the real pool owned by another program, a real-looking pool of
    // another mint, and one updated last epoch; only the real one is accepted.
    let mut w = World::new().await;
    let vault = w.vault_b;
    let curator = w.curator.insecure_clone();
    let pool_mint = w.pool_mint;
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let epoch = solana_epoch(&mut w.t).await;
    assert!(epoch > 0, "the world has left the first Solana epoch");
    let cases = [
        (
            "a copy owned by another program",
            hostile_id(),
            pool(pool_mint, TOKEN, epoch),
            VaultError::WrongPricingOwner,
        ),
        (
            "a pool of another mint",
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            pool(Pubkey::new_unique(), TOKEN, epoch),
            VaultError::PricingMintMismatch,
        ),
        (
            "a pool not updated this epoch",
            ALLOWED_STAKE_POOL_PROGRAMS[1],
            pool(pool_mint, TOKEN, epoch - 1),
            VaultError::StakePoolNotUpdated,
        ),
    ];
    let keys = [vault, pda::reserve(&vault, &pool_mint), curator.pubkey()];
    for (what, owner, data, error) in cases {
        let key = Pubkey::new_unique();
        put(&mut w.t, key, data_account(owner, data));
        let add = build::add_asset(
            curator.pubkey(),
            vault,
            pool_mint,
            TOKEN,
            AddAssetArgs {
                pricing: PricingSource::SplStakePool { pool: key },
                deposit_cap: u64::MAX,
            },
        );
        refused(
            &mut w.t,
            &[add],
            &[&curator],
            vault_error(error),
            &keys,
            what,
        )
        .await;
        assert!(w.t.account(keys[1]).await.is_none(), "{what}: a reserve");
    }
    let add = build::add_asset(
        curator.pubkey(),
        vault,
        pool_mint,
        TOKEN,
        AddAssetArgs {
            pricing: PricingSource::SplStakePool { pool: w.pool },
            deposit_cap: u64::MAX,
        },
    );
    w.t.send(&[add], &[&curator]).await.unwrap();
    assert_eq!(w.vault(vault).await.assets[1].price_wad, POOL_PRICE);
}

#[tokio::test]
async fn hostile_token_2022_mints() {
    // Covered in depth by vault_setup_failures (add_asset and create_vault refuse each of
    // the six forbidden extensions, built by the real Token-2022 program). End to end:
    // mallory mints a Token-2022 LST with herself as permanent delegate (she could take any
    // reserve back) and a valid stake pool for it, and tries to get it into a vault as a
    // seed, as a new asset, and in place of vault A's pool LST.
    let mut w = World::new().await;
    let mallory = w.users[4].key.insecure_clone();
    let curator = w.curator.insecure_clone();
    let epoch = solana_epoch(&mut w.t).await;
    for extension in [
        ExtensionType::PermanentDelegate,
        ExtensionType::TransferFeeConfig,
    ] {
        let mint = token_2022::mint(&mut w.t, &mallory, Some(extension)).await;
        let hers = token_2022::balance(&mut w.t, mint, &mallory, mallory.pubkey(), 10 * SOL).await;
        let pool_key = Pubkey::new_unique();
        put(
            &mut w.t,
            pool_key,
            data_account(
                ALLOWED_STAKE_POOL_PROGRAMS[0],
                pool(mint, TOKEN_2022, epoch),
            ),
        );
        let pricing = PricingSource::SplStakePool { pool: pool_key };
        let code = vault_error(VaultError::UnsupportedMintExtension);

        // a vault seeded with it
        let lrt_mint = Keypair::new();
        let new_vault = pda::vault(&lrt_mint.pubkey());
        let create = build::create_vault(
            build::CreateVaultKeys {
                creator: mallory.pubkey(),
                lrt_mint: lrt_mint.pubkey(),
                seed_mint: mint,
                seed_token_program: TOKEN_2022,
                creator_seed_account: hers,
            },
            CreateVaultArgs {
                name: "Hostile".into(),
                symbol: "HST".into(),
                uri: String::new(),
                curator: mallory.pubkey(),
                fee_admin: mallory.pubkey(),
                seed_asset: AddAssetArgs {
                    pricing,
                    deposit_cap: u64::MAX,
                },
                seed_amount: SOL,
            },
        );
        let keys = [
            new_vault,
            lrt_mint.pubkey(),
            pda::reserve(&new_vault, &mint),
            hers,
            mint,
        ];
        refused(
            &mut w.t,
            &[create],
            &[&mallory, &lrt_mint],
            code,
            &keys,
            "a vault seeded with it",
        )
        .await;
        assert!(w.t.account(new_vault).await.is_none());

        // a new asset of vault A
        let vault = w.vault_a;
        let add = build::add_asset(
            curator.pubkey(),
            vault,
            mint,
            TOKEN_2022,
            AddAssetArgs {
                pricing,
                deposit_cap: u64::MAX,
            },
        );
        let keys = [vault, pda::reserve(&vault, &mint), hers];
        refused(&mut w.t, &[add], &[&curator], code, &keys, "a new asset").await;
        assert!(w.t.account(keys[1]).await.is_none());

        // deposited in place of the pool LST (asset 1)
        let state = w.vault(vault).await;
        let mut ixs = deposit_ixs(&mut w.t, vault, &mallory, hers, 1, SOL).await;
        let deposit = ixs.pop().unwrap();
        let deposit = swap(swap(deposit, w.pool_mint, mint), TOKEN, TOKEN_2022);
        ixs.push(deposit);
        let keys = [
            vault,
            state.assets[1].reserve,
            hers,
            pda::lrt_account(&mallory.pubkey(), &state.lrt_mint),
        ];
        refused(
            &mut w.t,
            &ixs,
            &[&mallory],
            vault_error(VaultError::WrongAssetMint),
            &keys,
            "in place of the pool LST",
        )
        .await;
    }
}
