//! The vault against real mainnet accounts: the jitoSOL stake pool and Marinade's state
//! as dumped at Solana epoch 793 (`shared/fixtures/solana_lst`), at their real addresses
//! with their real owners and mints. Prices come out of the real bytes, deposits get the
//! shares computed here from the fixture's published totals, and one epoch later the pool
//! is stale: deposits stop, withdrawals and claims do not (they read no price).
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    state::{PricingSource, Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, errors::VaultError, instructions::*};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The fixture's Solana epoch (the pool's `last_update_epoch`).
const FIXTURE_EPOCH: u64 = 793;
/// jitoSOL at epoch 793, from `summary.json`: total_lamports / pool_token_supply.
const JITO_TOTAL_LAMPORTS: u128 = 18_256_130_561_069_428;
const JITO_POOL_TOKEN_SUPPLY: u128 = 15_141_078_027_404_340;
/// Marinade's `msol_price` at epoch 793 (2^32 fixed point), from `summary.json`.
const MSOL_PRICE_2_32: u128 = 5_569_433_525;
const EPOCH_LENGTH: u64 = 1_000;

#[tokio::test]
async fn real_jitosol_and_msol_price_deposit_and_go_stale_a_solana_epoch_later() {
    let (jito_pool, jito_pool_account) =
        mainnet_account("jitoSOL_stake_pool.mainnet.epoch793.json");
    let (jito_mint, jito_mint_account) = mainnet_account("jitoSOL_mint.mainnet.epoch793.json");
    let (msol_state, msol_state_account) =
        mainnet_account("mSOL_marinade_state.mainnet.epoch793.json");
    let (msol_mint, msol_mint_account) = mainnet_account("mSOL_mint.mainnet.epoch793.json");
    let curator = Keypair::new();
    let [alice, bob] = [(); 2].map(|_| Keypair::new());
    let (curator_wsol, alice_jito, bob_msol) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    let alice_out: [Pubkey; 3] = std::array::from_fn(|_| Pubkey::new_unique());
    let mut accounts = vec![
        (WSOL_MINT, native_mint_account()),
        (jito_pool, jito_pool_account),
        (jito_mint, jito_mint_account),
        (msol_state, msol_state_account),
        (msol_mint, msol_mint_account),
        (curator_wsol, wsol_account(curator.pubkey(), 10 * SOL)),
        (
            alice_jito,
            token_account(jito_mint, alice.pubkey(), 10 * SOL),
        ),
        (bob_msol, token_account(msol_mint, bob.pubkey(), 5 * SOL)),
        (alice_out[0], wsol_account(alice.pubkey(), 0)),
    ];
    accounts.push((alice_out[1], token_account(jito_mint, alice.pubkey(), 0)));
    accounts.push((alice_out[2], token_account(msol_mint, alice.pubkey(), 0)));
    let mut t = TestContext::start(accounts).await;
    let schedule = t.ctx.genesis_config().epoch_schedule.clone();
    t.warp_to_slot(schedule.get_first_slot_in_epoch(FIXTURE_EPOCH) + 1)
        .await;

    let treasury = Pubkey::new_unique();
    t.fund(&[&curator, &alice, &bob], SOL).await;
    t.initialize_config(treasury, EPOCH_LENGTH, 0).await;
    let created = t
        .create_wsol_vault(&curator, curator_wsol, treasury, 10 * SOL, u64::MAX)
        .await;
    let (lrt_mint, vault_key) = (created.lrt_mint, created.vault);
    let mut invariants = InvariantChecker::new(vault_key);
    for (mint, pricing) in [
        (jito_mint, PricingSource::SplStakePool { pool: jito_pool }),
        (msol_mint, PricingSource::Marinade { state: msol_state }),
    ] {
        let add = build::add_asset(
            curator.pubkey(),
            vault_key,
            mint,
            anchor_spl::token::ID,
            AddAssetArgs {
                pricing,
                deposit_cap: u64::MAX,
            },
        );
        t.send(&[add], &[&curator]).await.unwrap();
    }
    invariants.check(&mut t, "assets added").await;

    // prices read from the real bytes equal the fixture's totals, rounded down
    let vault: Vault = t.decode(vault_key).await;
    let jito_price = JITO_TOTAL_LAMPORTS * WAD / JITO_POOL_TOKEN_SUPPLY;
    let msol_price = (MSOL_PRICE_2_32 * WAD) >> 32;
    assert_eq!(vault.assets[1].price_wad, jito_price);
    assert_eq!(vault.assets[2].price_wad, msol_price);
    assert_eq!(vault.assets[1].price_epoch, FIXTURE_EPOCH);
    assert_eq!(
        jito_price / 1_000_000,
        1_205_735_187_945,
        "1.205735187945 SOL"
    );
    assert_eq!(
        msol_price / 1_000_000,
        1_296_734_792_413,
        "1.296734792413 SOL"
    );

    // deposits at those prices: shares = floor(amount * price * S / V)
    let mut supply = 10 * SOL as u128;
    let mut value = 10 * SOL as u128 * WAD;
    for (who, from, asset_index, amount, price) in [
        (&alice, alice_jito, 1u8, 10 * SOL, jito_price),
        (&bob, bob_msol, 2, 5 * SOL, msol_price),
    ] {
        let deposit_value = amount as u128 * price;
        let expected = (deposit_value * supply / value) as u64;
        let vault: Vault = t.decode(vault_key).await;
        let ixs = [
            create_lrt_account_ix(who.pubkey(), lrt_mint),
            build::refresh_prices(&vault),
            build::deposit(
                &vault,
                who.pubkey(),
                from,
                pda::lrt_account(&who.pubkey(), &lrt_mint),
                DepositArgs {
                    asset_index,
                    amount,
                    min_shares_out: expected,
                    max_fee_bps: 10_000,
                },
            ),
        ];
        t.send(&ixs, &[who]).await.unwrap();
        let lrt = pda::lrt_account(&who.pubkey(), &lrt_mint);
        assert_eq!(t.token_balance(lrt).await, expected);
        supply += expected as u128;
        value += deposit_value;
        invariants.check(&mut t, "deposit").await;
    }
    // 10 jitoSOL at 1.205735187945 into a 10 SOL vault at one share per lamport
    assert_eq!(
        t.token_balance(pda::lrt_account(&alice.pubkey(), &lrt_mint))
            .await,
        (10 * SOL as u128 * jito_price / WAD) as u64
    );

    // one Solana epoch later the pool dump is stale: refresh fails, so does a deposit
    t.warp_to_slot(schedule.get_first_slot_in_epoch(FIXTURE_EPOCH + 1) + 1)
        .await;
    let vault: Vault = t.decode(vault_key).await;
    assert_program_error(
        t.send(&[build::refresh_prices(&vault)], &[]).await,
        0,
        vault_error(VaultError::StakePoolNotUpdated),
    );
    let bob_deposit = build::deposit(
        &vault,
        bob.pubkey(),
        bob_msol,
        pda::lrt_account(&bob.pubkey(), &lrt_mint),
        DepositArgs {
            asset_index: 2,
            amount: SOL,
            min_shares_out: 0,
            max_fee_bps: 10_000,
        },
    );
    assert_program_error(
        t.send(&[bob_deposit], &[&bob]).await,
        0,
        vault_error(VaultError::StalePrice),
    );
    let after: Vault = t.decode(vault_key).await;
    assert_eq!(after.assets[1].price_epoch, FIXTURE_EPOCH, "nothing cached");
    assert_eq!(after.share_supply, vault.share_supply);

    // withdrawals read no price: alice leaves and is paid in kind two epochs later
    let alice_shares = t
        .token_balance(pda::lrt_account(&alice.pubkey(), &lrt_mint))
        .await;
    let epoch = t.slot().await / EPOCH_LENGTH;
    let request = build::request_withdrawal(
        &vault,
        alice.pubkey(),
        epoch,
        RequestWithdrawalArgs {
            shares: alice_shares,
            ticket_id: 0,
            max_fee_bps: 10_000,
        },
    );
    t.send(&[request], &[&alice]).await.unwrap();
    let ticket_key = pda::ticket(&vault_key, &alice.pubkey(), 0);
    let ticket: WithdrawalTicket = t.decode(ticket_key).await;
    let bucket: WithdrawalBucket = t.decode(pda::bucket(&vault_key, epoch + 1)).await;
    invariants.track_ticket(ticket_key, pda::bucket(&vault_key, epoch + 1));
    invariants.check(&mut t, "request").await;
    let expected: Vec<u128> = vault
        .assets()
        .iter()
        .map(|a| a.active_amount as u128 * alice_shares as u128 / vault.share_supply as u128)
        .collect();
    assert_eq!(&ticket.unscaled_amounts[..3], &expected[..]);
    t.warp_to_slot((epoch + 2) * EPOCH_LENGTH).await;
    let claim = build::claim_to(&vault, &bucket, &ticket, |slot| {
        alice_out[vault
            .assets()
            .iter()
            .position(|a| a.mint == slot.mint)
            .unwrap()]
    });
    t.send(&[claim], &[&alice]).await.unwrap();
    for (k, out) in alice_out.iter().enumerate() {
        assert_eq!(t.token_balance(*out).await as u128, expected[k]);
    }
    // worth no more than her 10 jitoSOL at the deposit price
    let paid: u128 = expected
        .iter()
        .zip([WAD, jito_price, msol_price])
        .map(|(amount, price)| amount * price)
        .sum();
    assert!(paid <= 10 * SOL as u128 * jito_price);
    invariants.check(&mut t, "claim").await;
}
