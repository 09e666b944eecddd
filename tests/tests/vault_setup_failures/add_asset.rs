//! `add_asset` failure paths. After each failure the vault account is byte for byte as
//! before, the would-be reserve does not exist, and the curator paid nothing.
use anchor_lang::{error::ErrorCode, prelude::Pubkey, solana_program::instruction::Instruction};
use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
use lrt_client::{
    pda,
    state::{PricingSource, Vault},
    token_programs::{TOKEN, TOKEN_2022},
    VaultError,
};
use lrt_integration_tests::*;
use lrt_vault::constants::{ALLOWED_STAKE_POOL_PROGRAMS, MARINADE_PROGRAM, MAX_ASSETS, WSOL_MINT};
use restaking_math::{
    encode_marinade_state, encode_stake_pool, MarinadeReading, StakePoolReading,
    MARINADE_STATE_DISCRIMINATOR, STAKE_POOL_MIN_LEN,
};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::world::*;

/// Sends `ix` signed by `signer` and asserts it fails with `expected`, leaving the vault,
/// the reserve for `mint` and the signer's wallet untouched.
async fn assert_add_fails(
    w: &mut World,
    v: &TestVault,
    ix: Instruction,
    signer: &Keypair,
    mint: Pubkey,
    expected: impl Into<ExpectedError>,
    step: &str,
) {
    let reserve = pda::reserve(&v.key, &mint);
    // the admin pays every transaction's fee: its wallet is watched only as a signer
    let mut keys = vec![v.key, reserve];
    if signer.pubkey() != w.admin.pubkey() {
        keys.push(signer.pubkey());
    }
    let watch = Watch::new(&mut w.t, &keys).await;
    let reserve_existed = w.t.account(reserve).await.is_some();
    assert_program_error(w.t.send(&[ix], &[signer]).await, 0, expected);
    watch.assert_unchanged(&mut w.t, step).await;
    if !reserve_existed {
        assert!(
            w.t.account(reserve).await.is_none(),
            "{step}: reserve created"
        );
    }
}

/// The curator adds `lst` and it fails with `expected`.
async fn assert_curator_add_fails(
    w: &mut World,
    v: &TestVault,
    lst: &Lst,
    expected: impl Into<ExpectedError>,
    step: &str,
) {
    let curator = w.curator.insecure_clone();
    let ix = w.add_asset_ix(v, curator.pubkey(), lst);
    assert_add_fails(w, v, ix, &curator, lst.mint, expected, step).await;
}

#[tokio::test]
async fn add_asset_rejects_everyone_but_the_curator() {
    let (mut w, v) = World::with_vault().await;
    let lst = w.stake_pool_lst();
    for who in [
        w.mallory.insecure_clone(),
        w.fee_admin.insecure_clone(),
        w.creator.insecure_clone(),
        w.admin.insecure_clone(),
    ] {
        let ix = w.add_asset_ix(&v, who.pubkey(), &lst);
        assert_add_fails(
            &mut w,
            &v,
            ix,
            &who,
            lst.mint,
            vault_error(VaultError::NotCurator),
            "not the curator",
        )
        .await;
    }
    // the curator's key without the curator's signature
    let curator = w.curator.pubkey();
    let mut ix = w.add_asset_ix(&v, curator, &lst);
    unsign(&mut ix, curator);
    let watch = Watch::new(&mut w.t, &[v.key, pda::reserve(&v.key, &lst.mint), curator]).await;
    assert_program_error(
        w.t.send(&[ix], &[]).await,
        0,
        anchor_error(ErrorCode::AccountNotSigner),
    );
    watch.assert_unchanged(&mut w.t, "curator unsigned").await;
    // control
    w.add_asset(&v, &lst).await;
    assert_eq!(w.vault(&v).await.asset_count, 2);
}

#[tokio::test]
async fn add_asset_rejects_a_ninth_asset() {
    let (mut w, v) = World::with_vault().await;
    for _ in 1..MAX_ASSETS {
        let lst = w.stake_pool_lst();
        w.add_asset(&v, &lst).await;
    }
    let vault = w.vault(&v).await;
    assert_eq!(vault.asset_count as usize, MAX_ASSETS);
    let ninth = w.marinade_lst();
    assert_curator_add_fails(
        &mut w,
        &v,
        &ninth,
        vault_error(VaultError::TooManyAssets),
        "ninth",
    )
    .await;
}

/// A duplicate is refused by the vault's own check, before the reserve is created.
#[tokio::test]
async fn add_asset_rejects_a_duplicate_mint() {
    let (mut w, v) = World::with_vault().await;
    let lst = w.stake_pool_lst();
    w.add_asset(&v, &lst).await;
    // the seed asset again (wSOL), and the stake-pool LST again (same pool, or another
    // valid pool for the same mint)
    let wsol = Lst {
        mint: WSOL_MINT,
        token_program: TOKEN,
        pricing: PricingSource::Wsol,
    };
    let other_pool = w.put_pool(&w.fresh_pool(lst.mint, TOKEN));
    let same_mint_other_pool = Lst {
        pricing: PricingSource::SplStakePool { pool: other_pool },
        ..lst
    };
    for (what, dup) in [
        ("wSOL again", wsol),
        ("same LST", lst),
        ("same mint, other pool", same_mint_other_pool),
    ] {
        assert_curator_add_fails(
            &mut w,
            &v,
            &dup,
            vault_error(VaultError::DuplicateAsset),
            what,
        )
        .await;
    }
    assert_eq!(w.vault(&v).await.asset_count, 2);
}

/// Anyone can send lamports to the reserve address `["reserve", vault, mint]` of a mint
/// the curator has not added yet; the curator must still be able to add it.
#[tokio::test]
async fn add_asset_succeeds_after_someone_prefunds_the_reserve_address() {
    let (mut w, v) = World::with_vault().await;
    let lst = w.stake_pool_lst();
    let reserve = pda::reserve(&v.key, &lst.mint);
    let mallory = w.mallory.insecure_clone();
    let rent = w.t.ctx.banks_client.get_rent().await.unwrap();
    let grief = anchor_lang::solana_program::system_instruction::transfer(
        &mallory.pubkey(),
        &reserve,
        rent.minimum_balance(0),
    );
    w.t.send(&[grief], &[&mallory]).await.unwrap();
    w.add_asset(&v, &lst).await;
    let vault = w.vault(&v).await;
    assert_eq!(vault.asset_count, 2);
    assert_eq!(w.t.token_balance(reserve).await, 0);
}

#[tokio::test]
async fn add_asset_rejects_each_forbidden_token_2022_extension() {
    let (mut w, v) = World::with_vault().await;
    for extension in crate::FORBIDDEN {
        let mint = w.token_2022_mint(Some(extension)).await;
        let pool = w.put_pool(&w.fresh_pool(mint, TOKEN_2022));
        let lst = Lst {
            mint,
            token_program: TOKEN_2022,
            pricing: PricingSource::SplStakePool { pool },
        };
        assert_curator_add_fails(
            &mut w,
            &v,
            &lst,
            vault_error(VaultError::UnsupportedMintExtension),
            &format!("{extension:?}"),
        )
        .await;
    }
    // controls: a plain Token-2022 mint and one with a harmless extension are accepted
    for extension in [None, Some(ExtensionType::MintCloseAuthority)] {
        let mint = w.token_2022_mint(extension).await;
        let pool = w.put_pool(&w.fresh_pool(mint, TOKEN_2022));
        let lst = Lst {
            mint,
            token_program: TOKEN_2022,
            pricing: PricingSource::SplStakePool { pool },
        };
        w.add_asset(&v, &lst).await;
        let vault = w.vault(&v).await;
        let slot = vault.assets().last().unwrap();
        assert_eq!((slot.mint, slot.token_program), (mint, TOKEN_2022));
        assert_eq!(slot.price_wad, POOL_PRICE_WAD);
    }
}

#[tokio::test]
async fn add_asset_rejects_invalid_stake_pool_pricing() {
    let (mut w, v) = World::with_vault().await;
    let mint = w.put_classic_mint();
    let fresh = w.fresh_pool(mint, TOKEN);
    let epoch = w.solana_epoch;
    let other_mint = w.put_classic_mint();
    let cases: Vec<(&str, Pubkey, Vec<u8>, VaultError)> = vec![
        (
            "owned by an unknown program",
            Pubkey::new_unique(),
            encode_stake_pool(&fresh),
            VaultError::WrongPricingOwner,
        ),
        (
            "owned by the system program",
            anchor_lang::system_program::ID,
            encode_stake_pool(&fresh),
            VaultError::WrongPricingOwner,
        ),
        (
            "owned by Marinade",
            MARINADE_PROGRAM,
            encode_stake_pool(&fresh),
            VaultError::WrongPricingOwner,
        ),
        (
            "pool of another mint",
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            encode_stake_pool(&StakePoolReading {
                pool_mint: other_mint.to_bytes(),
                ..fresh
            }),
            VaultError::PricingMintMismatch,
        ),
        (
            "pool says Token-2022",
            ALLOWED_STAKE_POOL_PROGRAMS[1],
            encode_stake_pool(&StakePoolReading {
                token_program_id: TOKEN_2022.to_bytes(),
                ..fresh
            }),
            VaultError::WrongTokenProgram,
        ),
        (
            "updated last epoch",
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            encode_stake_pool(&StakePoolReading {
                last_update_epoch: epoch - 1,
                ..fresh
            }),
            VaultError::StakePoolNotUpdated,
        ),
        (
            "updated in a future epoch",
            ALLOWED_STAKE_POOL_PROGRAMS[2],
            encode_stake_pool(&StakePoolReading {
                last_update_epoch: epoch + 1,
                ..fresh
            }),
            VaultError::StakePoolNotUpdated,
        ),
        (
            "empty pool",
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            encode_stake_pool(&StakePoolReading {
                pool_token_supply: 0,
                ..fresh
            }),
            VaultError::InvalidPricingData,
        ),
        (
            "not a StakePool account (validator list type)",
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            {
                let mut data = encode_stake_pool(&fresh);
                data[0] = 2;
                data
            },
            VaultError::InvalidPricingData,
        ),
        (
            "truncated",
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            encode_stake_pool(&fresh)[..STAKE_POOL_MIN_LEN - 1].to_vec(),
            VaultError::InvalidPricingData,
        ),
        (
            "a Marinade state behind a stake-pool source",
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            encode_marinade_state(&MarinadeReading {
                msol_mint: mint.to_bytes(),
                msol_price: MSOL_PRICE,
            }),
            VaultError::InvalidPricingData,
        ),
    ];
    for (what, owner, data, expected) in cases {
        let pool = w.put_data(owner, data);
        let lst = Lst {
            mint,
            token_program: TOKEN,
            pricing: PricingSource::SplStakePool { pool },
        };
        assert_curator_add_fails(&mut w, &v, &lst, vault_error(expected), what).await;
    }
    // control: the same mint with a valid pool of each allowed deployment
    let pool = w.put_data(ALLOWED_STAKE_POOL_PROGRAMS[2], encode_stake_pool(&fresh));
    let lst = Lst {
        mint,
        token_program: TOKEN,
        pricing: PricingSource::SplStakePool { pool },
    };
    w.add_asset(&v, &lst).await;
    let vault: Vault = w.vault(&v).await;
    assert_eq!(vault.assets[1].price_wad, POOL_PRICE_WAD);
    assert_eq!(vault.assets[1].price_epoch, epoch);
}

#[tokio::test]
async fn add_asset_rejects_invalid_marinade_pricing() {
    let (mut w, v) = World::with_vault().await;
    let mint = w.put_classic_mint();
    let good = MarinadeReading {
        msol_mint: mint.to_bytes(),
        msol_price: MSOL_PRICE,
    };
    let other_mint = w.put_classic_mint();
    let cases: Vec<(&str, Pubkey, Vec<u8>, VaultError)> = vec![
        (
            "owned by the SPL stake-pool program",
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            encode_marinade_state(&good),
            VaultError::WrongPricingOwner,
        ),
        (
            "owned by an unknown program",
            Pubkey::new_unique(),
            encode_marinade_state(&good),
            VaultError::WrongPricingOwner,
        ),
        (
            "wrong discriminator",
            MARINADE_PROGRAM,
            {
                let mut data = encode_marinade_state(&good);
                data[0] ^= 0xff;
                assert_ne!(data[..8], MARINADE_STATE_DISCRIMINATOR);
                data
            },
            VaultError::InvalidPricingData,
        ),
        (
            "a stake pool behind a Marinade source",
            MARINADE_PROGRAM,
            encode_stake_pool(&w.fresh_pool(mint, TOKEN)),
            VaultError::InvalidPricingData,
        ),
        (
            "state of another mint",
            MARINADE_PROGRAM,
            encode_marinade_state(&MarinadeReading {
                msol_mint: other_mint.to_bytes(),
                ..good
            }),
            VaultError::PricingMintMismatch,
        ),
        (
            "zero price",
            MARINADE_PROGRAM,
            encode_marinade_state(&MarinadeReading {
                msol_price: 0,
                ..good
            }),
            VaultError::InvalidPricingData,
        ),
    ];
    for (what, owner, data, expected) in cases {
        let state = w.put_data(owner, data);
        let lst = Lst {
            mint,
            token_program: TOKEN,
            pricing: PricingSource::Marinade { state },
        };
        assert_curator_add_fails(&mut w, &v, &lst, vault_error(expected), what).await;
    }
    // control
    let state = w.put_data(MARINADE_PROGRAM, encode_marinade_state(&good));
    let lst = Lst {
        mint,
        token_program: TOKEN,
        pricing: PricingSource::Marinade { state },
    };
    w.add_asset(&v, &lst).await;
    let vault: Vault = w.vault(&v).await;
    assert_eq!(
        vault.assets[1].price_wad,
        MSOL_PRICE as u128 * WAD / (1u128 << 32)
    );
}

#[tokio::test]
async fn add_asset_rejects_wsol_pricing_for_any_other_mint() {
    let (mut w, v) = World::with_vault().await;
    let classic = w.put_classic_mint();
    let token_2022 = w.token_2022_mint(None).await;
    for (mint, token_program) in [(classic, TOKEN), (token_2022, TOKEN_2022)] {
        let lst = Lst {
            mint,
            token_program,
            pricing: PricingSource::Wsol,
        };
        assert_curator_add_fails(
            &mut w,
            &v,
            &lst,
            vault_error(VaultError::NotWrappedSol),
            "Wsol",
        )
        .await;
    }
}

#[tokio::test]
async fn add_asset_rejects_a_missing_or_substituted_pricing_account() {
    let (mut w, v) = World::with_vault().await;
    let curator = w.curator.insecure_clone();
    for lst in [w.stake_pool_lst(), w.marinade_lst()] {
        // same bytes, same owner, another address: the args name the pinned one
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
            let mut ix = w.add_asset_ix(&v, curator.pubkey(), &lst);
            substitute(&mut ix, lst.pricing_key(), replacement);
            assert_add_fails(
                &mut w,
                &v,
                ix,
                &curator,
                lst.mint,
                vault_error(expected),
                what,
            )
            .await;
        }
    }
}

#[tokio::test]
async fn add_asset_rejects_a_token_program_that_does_not_own_the_mint() {
    // What fires: Anchor's `mint::token_program` constraint, before any account exists.
    let (mut w, v) = World::with_vault().await;
    // a classic mint presented with Token-2022, its pool saying Token-2022 too
    let classic = w.put_classic_mint();
    let pool = w.put_pool(&w.fresh_pool(classic, TOKEN_2022));
    let lst = Lst {
        mint: classic,
        token_program: TOKEN_2022,
        pricing: PricingSource::SplStakePool { pool },
    };
    assert_curator_add_fails(
        &mut w,
        &v,
        &lst,
        anchor_error(ErrorCode::ConstraintMintTokenProgram),
        "Token-2022 for a classic mint",
    )
    .await;
    // a Token-2022 mint presented with the classic program, its pool saying classic too
    let t22 = w.token_2022_mint(None).await;
    let pool = w.put_pool(&w.fresh_pool(t22, TOKEN));
    let lst = Lst {
        mint: t22,
        token_program: TOKEN,
        pricing: PricingSource::SplStakePool { pool },
    };
    assert_curator_add_fails(
        &mut w,
        &v,
        &lst,
        anchor_error(ErrorCode::ConstraintMintTokenProgram),
        "classic Token for a Token-2022 mint",
    )
    .await;
    // an arbitrary program in the token program's place
    let lst = w.stake_pool_lst();
    let curator = w.curator.insecure_clone();
    let mut ix = w.add_asset_ix(&v, curator.pubkey(), &lst);
    substitute(&mut ix, TOKEN, lrt_vault::ID);
    assert_add_fails(
        &mut w,
        &v,
        ix,
        &curator,
        lst.mint,
        anchor_error(ErrorCode::InvalidProgramId),
        "not a token program",
    )
    .await;
}

/// A freeze authority could freeze the vault's reserve and with it every claim paying in
/// that asset; no real LST mint has one (see the mainnet fixtures), so such mints are
/// refused, classic or Token-2022.
#[tokio::test]
async fn add_asset_rejects_a_mint_with_a_freeze_authority() {
    use anchor_spl::token::spl_token::state::Mint;
    use solana_program_pack::Pack;
    let (mut w, v) = World::with_vault().await;
    let lst = w.stake_pool_lst();
    let mut account = w.t.account(lst.mint).await.unwrap();
    let mut mint = Mint::unpack(&account.data).unwrap();
    mint.freeze_authority = Some(w.mallory.pubkey()).into();
    mint.pack_into_slice(&mut account.data);
    w.t.ctx.set_account(&lst.mint, &account.into());
    assert_curator_add_fails(
        &mut w,
        &v,
        &lst,
        vault_error(VaultError::MintHasFreezeAuthority),
        "classic mint with a freeze authority",
    )
    .await;
}
