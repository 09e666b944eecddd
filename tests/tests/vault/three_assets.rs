//! Three assets (wSOL, an SPL stake-pool LST at 1.05 SOL, a Marinade-layout LST at ~1.2
//! SOL), three depositors, share amounts computed here from first principles, and a
//! donation that must not move the share price.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    state::{PricingSource, Vault},
};
use lrt_integration_tests::*;
use lrt_vault::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, MARINADE_PROGRAM, WSOL_MINT},
    instructions::*,
};
use restaking_math::{encode_marinade_state, encode_stake_pool, MarinadeReading, StakePoolReading};
use solana_keypair::Keypair;
use solana_signer::Signer;

#[tokio::test]
async fn three_assets_three_depositors_exact_shares_and_donation_is_ignored() {
    let curator = Keypair::new();
    let [alice, bob, carol] = [Keypair::new(), Keypair::new(), Keypair::new()];
    let (pool, pool_mint, marinade_state, msol_mint) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    // 1.05 SOL per pool token, exactly
    let pool_data = encode_stake_pool(&StakePoolReading {
        pool_mint: pool_mint.to_bytes(),
        token_program_id: anchor_spl::token::ID.to_bytes(),
        total_lamports: 1_050 * SOL,
        pool_token_supply: 1_000 * SOL,
        last_update_epoch: 0,
    });
    // about 1.2 SOL per mSOL in Marinade's 2^32 fixed point
    let msol_price: u64 = 5_153_960_755;
    let marinade_data = encode_marinade_state(&MarinadeReading {
        msol_mint: msol_mint.to_bytes(),
        msol_price,
    });
    let curator_wsol = Pubkey::new_unique();
    let (alice_pool, bob_msol, carol_wsol, alice_donation) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    let mut t = TestContext::start(vec![
        (WSOL_MINT, native_mint_account()),
        (
            pool_mint,
            mint_account(Pubkey::new_unique(), 9, 1_000 * SOL),
        ),
        (
            msol_mint,
            mint_account(Pubkey::new_unique(), 9, 1_000 * SOL),
        ),
        (
            pool,
            data_account(ALLOWED_STAKE_POOL_PROGRAMS[0], pool_data),
        ),
        (
            marinade_state,
            data_account(MARINADE_PROGRAM, marinade_data),
        ),
        (curator_wsol, wsol_account(curator.pubkey(), SOL)),
        (
            alice_pool,
            token_account(pool_mint, alice.pubkey(), 2 * SOL),
        ),
        (
            alice_donation,
            token_account(pool_mint, alice.pubkey(), SOL),
        ),
        (bob_msol, token_account(msol_mint, bob.pubkey(), SOL)),
        (carol_wsol, wsol_account(carol.pubkey(), 3 * SOL)),
    ])
    .await;
    let treasury = Pubkey::new_unique();
    t.fund(&[&curator, &alice, &bob, &carol], SOL).await;
    t.initialize_config(treasury, 100, 0).await;
    let created = t
        .create_wsol_vault(&curator, curator_wsol, treasury, SOL, u64::MAX)
        .await;
    let (lrt_mint, vault_key) = (created.lrt_mint, created.vault);
    for (mint, pricing) in [
        (pool_mint, PricingSource::SplStakePool { pool }),
        (
            msol_mint,
            PricingSource::Marinade {
                state: marinade_state,
            },
        ),
    ] {
        t.send(
            &[build::add_asset(
                curator.pubkey(),
                vault_key,
                mint,
                anchor_spl::token::ID,
                AddAssetArgs {
                    pricing,
                    deposit_cap: u64::MAX,
                },
            )],
            &[&curator],
        )
        .await
        .unwrap();
    }
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.asset_count, 3);
    let pool_price = 1_050_000_000_000_000_000u128;
    let msol_price_wad = msol_price as u128 * WAD / (1u128 << 32);
    assert_eq!(vault.assets[1].price_wad, pool_price);
    assert_eq!(vault.assets[2].price_wad, msol_price_wad);

    // books: S shares, V value in WAD-lamports, tracked here independently
    let mut supply: u128 = SOL as u128;
    let mut value: u128 = SOL as u128 * WAD;
    let deposits: [(&Keypair, Pubkey, u8, u64, u128); 3] = [
        (&alice, alice_pool, 1, 2 * SOL, pool_price),
        (&bob, bob_msol, 2, SOL, msol_price_wad),
        (&carol, carol_wsol, 0, 3 * SOL, WAD),
    ];
    for (i, (who, from, asset_index, amount, price)) in deposits.into_iter().enumerate() {
        if i == 2 {
            // a donation straight into the stake-pool reserve before carol deposits
            let donation = anchor_spl::token::spl_token::instruction::transfer(
                &anchor_spl::token::ID,
                &alice_donation,
                &vault.assets[1].reserve,
                &alice.pubkey(),
                &[],
                SOL,
            )
            .unwrap();
            t.send(&[donation], &[&alice]).await.unwrap();
            let after: Vault = t.decode(vault_key).await;
            assert_eq!(
                after.assets[1].active_amount,
                2 * SOL,
                "donation must not enter the books"
            );
            assert_eq!(after.share_supply as u128, supply);
        }
        let lrt = pda::lrt_account(&who.pubkey(), &lrt_mint);
        let create = create_lrt_account_ix(who.pubkey(), lrt_mint);
        let deposit_value = amount as u128 * price;
        let expected_shares = (deposit_value * supply / value) as u64;
        let vault: Vault = t.decode(vault_key).await;
        t.send(
            &[
                create,
                build::deposit(
                    &vault,
                    treasury,
                    who.pubkey(),
                    from,
                    lrt,
                    DepositArgs {
                        asset_index,
                        amount,
                        min_shares_out: expected_shares,
                    },
                ),
            ],
            &[who],
        )
        .await
        .unwrap();
        assert_eq!(t.token_balance(lrt).await, expected_shares, "depositor {i}");
        supply += expected_shares as u128;
        value += deposit_value;
        let vault: Vault = t.decode(vault_key).await;
        assert_eq!(vault.share_supply as u128, supply);
        assert_eq!(t.mint_supply(lrt_mint).await as u128, supply);
        // solvency per asset
        for slot in vault.assets() {
            assert!(t.token_balance(slot.reserve).await >= slot.active_amount + slot.queued_amount);
        }
    }
    // alice: 2 * 1.05 SOL into a 1 SOL vault at 1 share per lamport
    assert_eq!(
        t.token_balance(pda::lrt_account(&alice.pubkey(), &lrt_mint))
            .await,
        2_100_000_000
    );
}
