//! `create_vault` failure paths. After each failure: no vault, LRT mint, dead-shares
//! account or reserve exists, and the creator's wallet and seed account are byte for byte
//! as before. (Since issue 10 `create_vault` takes no treasury account at all: fees accrue
//! in the vault's treasury ledger; the treasury's LRT address is still watched, and must
//! never appear.)
use anchor_lang::{error::ErrorCode, prelude::Pubkey};
use anchor_spl::{
    token_2022::spl_token_2022::{
        extension::{BaseStateWithExtensions, ExtensionType, StateWithExtensions},
        state::Mint as MintState,
    },
    token_interface::spl_token_metadata_interface::state::TokenMetadata,
};
use lrt_client::{
    instructions as build, pda,
    state::{Config, PricingSource, Vault},
    token_programs::{TOKEN, TOKEN_2022},
    VaultError,
};
use lrt_integration_tests::*;
use lrt_vault::constants::{MAX_NAME_LEN, MAX_SYMBOL_LEN, MAX_URI_LEN, MIN_SEED_SHARES, WSOL_MINT};
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::InstructionError;

use crate::world::*;

/// Every account `create_vault` would create for `lrt_mint` and `seed`, plus the
/// creator's wallet and seed account and Config.
async fn watch_creation(w: &mut World, lrt_mint: Pubkey, seed: &Seed) -> Watch {
    let vault = pda::vault(&lrt_mint);
    let keys = [
        vault,
        lrt_mint,
        pda::dead_shares(&vault),
        pda::reserve(&vault, &seed.mint),
        pda::lrt_account(&w.treasury, &lrt_mint),
        w.creator.pubkey(),
        seed.creator_account,
        pda::config(),
    ];
    let watch = Watch::new(&mut w.t, &keys).await;
    for key in &keys[..5] {
        assert!(w.t.account(*key).await.is_none(), "{key} exists already");
    }
    watch
}

/// Sends `create_vault` for a fresh LRT mint and asserts it fails with `expected` and
/// changes nothing.
async fn assert_create_fails(
    w: &mut World,
    seed: &Seed,
    args: lrt_vault::instructions::CreateVaultArgs,
    expected: impl Into<ExpectedError>,
    step: &str,
) {
    let lrt_mint = Keypair::new();
    let watch = watch_creation(w, lrt_mint.pubkey(), seed).await;
    assert_program_error(
        w.send_create_vault(&lrt_mint, seed, args).await,
        0,
        expected,
    );
    watch.assert_unchanged(&mut w.t, step).await;
}

#[tokio::test]
async fn create_vault_rejects_zero_small_and_over_cap_seed_deposits() {
    let mut w = World::new().await;
    let seed = w.wsol_seed();
    let args = w.vault_args(&seed, 0, SEED_CAP);
    assert_create_fails(
        &mut w,
        &seed,
        args,
        vault_error(VaultError::ZeroAmount),
        "zero",
    )
    .await;
    // wSOL is one lamport per unit: MIN_SEED_SHARES - 1 lamports mint one share too few
    let args = w.vault_args(&seed, MIN_SEED_SHARES - 1, SEED_CAP);
    assert_create_fails(
        &mut w,
        &seed,
        args,
        vault_error(VaultError::SeedTooSmall),
        "small wSOL",
    )
    .await;
    // the seed may not exceed the seed asset's own deposit cap
    let args = w.vault_args(&seed, 2 * SOL, 2 * SOL - 1);
    assert_create_fails(
        &mut w,
        &seed,
        args,
        vault_error(VaultError::DepositCapExceeded),
        "over cap",
    )
    .await;

    // a stake-pool LST at 1.05 SOL: 952_380 units are worth 999_999 lamports (floor),
    // one share short; 952_381 units are worth 1_000_000.05 lamports: exactly the minimum
    let lst = w.stake_pool_lst();
    let creator_pool = Pubkey::new_unique();
    w.put(
        creator_pool,
        token_account(lst.mint, w.creator.pubkey(), SOL),
    );
    let pool_seed = Seed {
        mint: lst.mint,
        token_program: TOKEN,
        creator_account: creator_pool,
        pricing: lst.pricing,
    };
    let worth = |units: u64| (units as u128 * POOL_PRICE_WAD / WAD) as u64;
    assert_eq!(worth(952_380), MIN_SEED_SHARES - 1);
    assert_eq!(worth(952_381), MIN_SEED_SHARES);
    let args = w.vault_args(&pool_seed, 952_380, SEED_CAP);
    assert_create_fails(
        &mut w,
        &pool_seed,
        args,
        vault_error(VaultError::SeedTooSmall),
        "small pool seed",
    )
    .await;
    // control: one unit more is accepted and mints exactly MIN_SEED_SHARES dead shares
    let lrt_mint = Keypair::new();
    let args = w.vault_args(&pool_seed, 952_381, SEED_CAP);
    w.send_create_vault(&lrt_mint, &pool_seed, args)
        .await
        .unwrap();
    let vault_key = pda::vault(&lrt_mint.pubkey());
    let vault: Vault = w.t.decode(vault_key).await;
    assert_eq!(vault.share_supply, MIN_SEED_SHARES);
    assert_eq!(vault.assets[0].active_amount, 952_381);
    assert_eq!(
        w.t.token_balance(pda::dead_shares(&vault_key)).await,
        MIN_SEED_SHARES
    );
    assert_eq!(w.t.token_balance(creator_pool).await, SOL - 952_381);
}

#[tokio::test]
async fn create_vault_rejects_metadata_over_the_limits_and_accepts_them_at_the_limits() {
    let mut w = World::new().await;
    let seed = w.wsol_seed();
    let base = w.vault_args(&seed, SEED_AMOUNT, SEED_CAP);
    let too_long = [
        ("name", {
            let mut a = base.clone();
            a.name = "n".repeat(MAX_NAME_LEN + 1);
            a
        }),
        ("symbol", {
            let mut a = base.clone();
            a.symbol = "S".repeat(MAX_SYMBOL_LEN + 1);
            a
        }),
        ("uri", {
            let mut a = base.clone();
            a.uri = "u".repeat(MAX_URI_LEN + 1);
            a
        }),
        // the limits are in bytes: 17 two-byte characters are 34 bytes
        ("multi-byte name", {
            let mut a = base.clone();
            a.name = "é".repeat(MAX_NAME_LEN / 2 + 1);
            a
        }),
    ];
    for (what, args) in too_long {
        assert_create_fails(
            &mut w,
            &seed,
            args,
            vault_error(VaultError::MetadataTooLong),
            what,
        )
        .await;
    }
    // control: every field at its limit fits (one transaction) and lands in the mint
    let mut args = base;
    args.name = "n".repeat(MAX_NAME_LEN);
    args.symbol = "S".repeat(MAX_SYMBOL_LEN);
    args.uri = format!("https://{}", "u".repeat(MAX_URI_LEN - 8));
    let lrt_mint = Keypair::new();
    w.send_create_vault(&lrt_mint, &seed, args.clone())
        .await
        .unwrap();
    let mint = w.t.account(lrt_mint.pubkey()).await.unwrap();
    let state = StateWithExtensions::<MintState>::unpack(&mint.data).unwrap();
    let metadata = state.get_variable_len_extension::<TokenMetadata>().unwrap();
    assert_eq!(
        (metadata.name, metadata.symbol, metadata.uri),
        (args.name, args.symbol, args.uri)
    );
    assert_eq!(
        Option::<Pubkey>::from(metadata.update_authority),
        Some(pda::vault(&lrt_mint.pubkey()))
    );
}

#[tokio::test]
async fn create_vault_rejects_while_protocol_paused() {
    let mut w = World::new().await;
    let admin = w.admin.pubkey();
    w.t.send(&[build::pause(admin)], &[]).await.unwrap();
    let config_before: Config = w.t.decode(pda::config()).await;
    assert!(config_before.paused);
    let seed = w.wsol_seed();
    let args = w.vault_args(&seed, SEED_AMOUNT, SEED_CAP);
    assert_create_fails(
        &mut w,
        &seed,
        args,
        vault_error(VaultError::ProtocolPaused),
        "paused",
    )
    .await;
    // control: the same creation succeeds once the admin unpauses
    w.t.send(&[build::unpause(admin)], &[]).await.unwrap();
    w.create_vault().await;
}

#[tokio::test]
async fn create_vault_rejects_a_second_vault_for_the_same_lrt_mint() {
    let (mut w, v) = World::with_vault().await;
    let seed = w.wsol_seed();
    let vault = v.key;
    let watch = Watch::new(
        &mut w.t,
        &[
            vault,
            v.lrt_mint.pubkey(),
            pda::dead_shares(&vault),
            pda::reserve(&vault, &WSOL_MINT),
            pda::lrt_account(&w.treasury, &v.lrt_mint.pubkey()),
            w.creator.pubkey(),
            w.creator_wsol,
        ],
    )
    .await;
    // the vault PDA is `["vault", lrt_mint]`: its `init` meets the existing vault
    // (see `INIT_OF_FUNDED_ADDRESS`) before anything else runs
    let args = w.vault_args(&seed, 2 * SOL, SEED_CAP);
    assert_program_error(
        w.send_create_vault(&v.lrt_mint, &seed, args).await,
        0,
        INIT_OF_FUNDED_ADDRESS,
    );
    watch.assert_unchanged(&mut w.t, "second vault").await;
    let vault_state: Vault = w.t.decode(vault).await;
    assert_eq!(vault_state.share_supply, SEED_AMOUNT);
    assert_eq!(w.t.mint_supply(v.lrt_mint.pubkey()).await, SEED_AMOUNT);
    assert_eq!(
        w.t.token_balance(w.creator_wsol).await,
        WALLET_WSOL - SEED_AMOUNT
    );
}

#[tokio::test]
async fn create_vault_rejects_forbidden_token_2022_seed_mints() {
    let mut w = World::new().await;
    for extension in crate::FORBIDDEN {
        let mint = w.token_2022_mint(Some(extension)).await;
        let creator_account = w.token_2022_balance(mint, w.creator.pubkey(), SOL).await;
        let pool = w.put_pool(&w.fresh_pool(mint, TOKEN_2022));
        let seed = Seed {
            mint,
            token_program: TOKEN_2022,
            creator_account,
            pricing: PricingSource::SplStakePool { pool },
        };
        let args = w.vault_args(&seed, SOL, SEED_CAP);
        assert_create_fails(
            &mut w,
            &seed,
            args,
            vault_error(VaultError::UnsupportedMintExtension),
            &format!("{extension:?}"),
        )
        .await;
        assert_eq!(w.t.token_balance(creator_account).await, SOL);
    }
    // control: a Token-2022 mint with a harmless extension seeds a vault
    let mint = w
        .token_2022_mint(Some(ExtensionType::MintCloseAuthority))
        .await;
    let creator_account = w.token_2022_balance(mint, w.creator.pubkey(), SOL).await;
    let pool = w.put_pool(&w.fresh_pool(mint, TOKEN_2022));
    let seed = Seed {
        mint,
        token_program: TOKEN_2022,
        creator_account,
        pricing: PricingSource::SplStakePool { pool },
    };
    let args = w.vault_args(&seed, SOL, SEED_CAP);
    let lrt_mint = Keypair::new();
    w.send_create_vault(&lrt_mint, &seed, args).await.unwrap();
    let vault: Vault = w.t.decode(pda::vault(&lrt_mint.pubkey())).await;
    assert_eq!(vault.assets[0].token_program, TOKEN_2022);
    assert_eq!(vault.share_supply, 1_050_000_000);
}

#[tokio::test]
async fn create_vault_rejects_missing_signatures_and_foreign_accounts() {
    let mut w = World::new().await;
    let seed = w.wsol_seed();
    let creator = w.creator.insecure_clone();

    // the creator's signature is missing (the transaction is signed by the mint only)
    let lrt_mint = Keypair::new();
    let watch = watch_creation(&mut w, lrt_mint.pubkey(), &seed).await;
    let mut ix = w.create_vault_ix(
        lrt_mint.pubkey(),
        &seed,
        w.vault_args(&seed, SEED_AMOUNT, SEED_CAP),
    );
    unsign(&mut ix, creator.pubkey());
    assert_program_error(
        w.t.send(&[ix], &[&lrt_mint]).await,
        0,
        anchor_error(ErrorCode::AccountNotSigner),
    );
    watch.assert_unchanged(&mut w.t, "creator unsigned").await;

    // the LRT mint's signature is missing: nobody may create a mint at someone's address.
    // Its `init` asks the system program to create it with a signature the caller does not
    // have: PrivilegeEscalation, which a native builtin reports as ProgramFailedToComplete
    // (docs/solana-native.md; the harness prints the stub's panic).
    let mut ix = w.create_vault_ix(
        lrt_mint.pubkey(),
        &seed,
        w.vault_args(&seed, SEED_AMOUNT, SEED_CAP),
    );
    unsign(&mut ix, lrt_mint.pubkey());
    assert_program_error(
        w.t.send(&[ix], &[&creator]).await,
        0,
        InstructionError::ProgramFailedToComplete,
    );
    watch.assert_unchanged(&mut w.t, "mint unsigned").await;

    // the creator pays the seed from mallory's wSOL account
    let stolen = Seed {
        creator_account: w.mallory_wsol,
        ..w.wsol_seed()
    };
    let args = w.vault_args(&stolen, SEED_AMOUNT, SEED_CAP);
    assert_create_fails(
        &mut w,
        &stolen,
        args,
        anchor_error(ErrorCode::ConstraintTokenOwner),
        "someone else's seed account",
    )
    .await;
    assert_eq!(w.t.token_balance(w.mallory_wsol).await, WALLET_WSOL);

    // (a treasury of mallory's own, or her LRT account as the treasury's, cannot be
    // tried any more: issue 10 removed the treasury accounts from `create_vault`)

    // a dead-shares account that is not `["dead_shares", vault]`: shares someone could spend
    let lrt_mint = Keypair::new();
    let watch = watch_creation(&mut w, lrt_mint.pubkey(), &seed).await;
    let mut ix = w.create_vault_ix(
        lrt_mint.pubkey(),
        &seed,
        w.vault_args(&seed, SEED_AMOUNT, SEED_CAP),
    );
    let fake_dead_shares = Keypair::new();
    substitute(
        &mut ix,
        pda::dead_shares(&pda::vault(&lrt_mint.pubkey())),
        fake_dead_shares.pubkey(),
    );
    // even signed by its key, the account is refused for not being the PDA
    ix.accounts
        .iter_mut()
        .find(|m| m.pubkey == fake_dead_shares.pubkey())
        .unwrap()
        .is_signer = true;
    assert_program_error(
        w.t.send(&[ix], &[&creator, &lrt_mint, &fake_dead_shares])
            .await,
        0,
        anchor_error(ErrorCode::ConstraintSeeds),
    );
    watch
        .assert_unchanged(&mut w.t, "dead shares off their PDA")
        .await;
    assert!(w.t.account(fake_dead_shares.pubkey()).await.is_none());
}

#[tokio::test]
async fn create_vault_rejects_bad_seed_pricing_and_token_programs() {
    let mut w = World::new().await;
    let creator = w.creator.insecure_clone();

    // the Wsol pricing source for a mint that is not wSOL
    let mint = w.put_classic_mint();
    let creator_account = Pubkey::new_unique();
    w.put(creator_account, token_account(mint, creator.pubkey(), SOL));
    let not_wsol = Seed {
        mint,
        token_program: TOKEN,
        creator_account,
        pricing: PricingSource::Wsol,
    };
    let args = w.vault_args(&not_wsol, SOL, SEED_CAP);
    assert_create_fails(
        &mut w,
        &not_wsol,
        args,
        vault_error(VaultError::NotWrappedSol),
        "not wSOL",
    )
    .await;

    // wSOL with a pricing account anyway
    let seed = w.wsol_seed();
    let lrt_mint = Keypair::new();
    let watch = watch_creation(&mut w, lrt_mint.pubkey(), &seed).await;
    let mut ix = w.create_vault_ix(
        lrt_mint.pubkey(),
        &seed,
        w.vault_args(&seed, SEED_AMOUNT, SEED_CAP),
    );
    let extra = w.stake_pool_lst().pricing_key();
    // the optional account's "None" is the program id in its slot
    let pricing_slot = ix
        .accounts
        .iter()
        .position(|m| m.pubkey == lrt_vault::ID)
        .unwrap();
    ix.accounts[pricing_slot].pubkey = extra;
    assert_program_error(
        w.t.send(&[ix], &[&creator, &lrt_mint]).await,
        0,
        vault_error(VaultError::UnexpectedPricingAccount),
    );
    watch
        .assert_unchanged(&mut w.t, "wSOL with a pricing account")
        .await;

    // a stake-pool seed whose pricing account is missing, or a look-alike at another address
    let lst = w.stake_pool_lst();
    let creator_pool = Pubkey::new_unique();
    w.put(creator_pool, token_account(lst.mint, creator.pubkey(), SOL));
    let pool_seed = Seed {
        mint: lst.mint,
        token_program: TOKEN,
        creator_account: creator_pool,
        pricing: lst.pricing,
    };
    let look_alike = {
        let account = w.t.account(lst.pricing_key()).await.unwrap();
        let key = Pubkey::new_unique();
        w.put(key, account);
        key
    };
    for (what, replacement, expected) in [
        ("missing", lrt_vault::ID, VaultError::MissingPricingAccount),
        ("look-alike", look_alike, VaultError::WrongPricingAccount),
    ] {
        let lrt_mint = Keypair::new();
        let watch = watch_creation(&mut w, lrt_mint.pubkey(), &pool_seed).await;
        let mut ix = w.create_vault_ix(
            lrt_mint.pubkey(),
            &pool_seed,
            w.vault_args(&pool_seed, SOL, SEED_CAP),
        );
        substitute(&mut ix, lst.pricing_key(), replacement);
        assert_program_error(
            w.t.send(&[ix], &[&creator, &lrt_mint]).await,
            0,
            vault_error(expected),
        );
        watch.assert_unchanged(&mut w.t, what).await;
    }

    // the classic wSOL mint presented with Token-2022 as its token program: the seed
    // reserve's `init` runs before Anchor's `mint::token_program` check, and Token-2022
    // refuses to open an account for a mint it does not own
    let wrong_program = Seed {
        token_program: TOKEN_2022,
        ..w.wsol_seed()
    };
    let args = w.vault_args(&wrong_program, SEED_AMOUNT, SEED_CAP);
    assert_create_fails(
        &mut w,
        &wrong_program,
        args,
        InstructionError::IncorrectProgramId,
        "Token-2022 for a classic mint",
    )
    .await;
}
