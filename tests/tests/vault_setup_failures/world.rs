//! The world every test starts from, built in a few calls: Config, funded actors with
//! distinct roles, a wSOL vault, LST mints with stake-pool or Marinade pricing accounts,
//! Token-2022 mints with real extensions, and the two assertions every failure test makes
//! (the exact error, and that nothing changed).
use anchor_lang::{
    prelude::{Clock, Pubkey},
    solana_program::instruction::Instruction,
};
use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
use lrt_client::{
    instructions as build, pda,
    state::{PricingSource, Vault},
    token_programs::TOKEN,
};
pub use lrt_integration_tests::errors::*;
use lrt_integration_tests::{token_2022, *};
use lrt_vault::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, MARINADE_PROGRAM, WSOL_MINT},
    instructions::{AddAssetArgs, CreateVaultArgs},
};
use restaking_math::{encode_marinade_state, encode_stake_pool, MarinadeReading, StakePoolReading};
use solana_account::{Account, AccountSharedData};
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;

/// Slots per restaking epoch in Config (fee timing).
pub const EPOCH_LENGTH: u64 = 100;
/// Config's cap on both fees.
pub const MAX_FEE_BPS: u16 = 100;
/// The default vault's wSOL seed deposit.
pub const SEED_AMOUNT: u64 = SOL;
/// The default vault's wSOL deposit cap.
pub const SEED_CAP: u64 = 100 * SOL;
/// wSOL each of the creator and mallory holds at setup.
pub const WALLET_WSOL: u64 = 5 * SOL;
/// Every stake pool built here prices its token at exactly 1.05 SOL.
pub const POOL_TOTAL_LAMPORTS: u64 = 1_050 * SOL;
pub const POOL_TOKEN_SUPPLY: u64 = 1_000 * SOL;
pub const POOL_PRICE_WAD: u128 = 1_050_000_000_000_000_000;
/// About 1.2 SOL per mSOL in Marinade's 2^32 fixed point.
pub const MSOL_PRICE: u64 = 5_153_960_755;
/// What an Anchor `init` of an address that already holds lamports meets in this test
/// runtime. Anchor 1.2.2 then calls the system program's `CreateAccountAllowPrefund`
/// (SIMD-0312), which the Agave 3.1 runtime of solana-program-test 3.1.12 does not know:
/// `InvalidInstructionData`. (Where SIMD-0312 is active the system program runs it, and
/// refuses an address that already holds an allocated account.)
pub const INIT_OF_FUNDED_ADDRESS: InstructionError = InstructionError::InvalidInstructionData;

pub struct World {
    pub t: TestContext,
    /// Fee payer of every transaction; Config admin and (at first) pauser.
    pub admin: Keypair,
    /// Pays for and seeds vaults; holds `creator_wsol`.
    pub creator: Keypair,
    pub curator: Keypair,
    pub fee_admin: Keypair,
    /// Holds no role anywhere; holds `mallory_wsol`.
    pub mallory: Keypair,
    pub treasury: Pubkey,
    pub creator_wsol: Pubkey,
    pub mallory_wsol: Pubkey,
    /// Solana epoch of the bank after setup: pricing accounts are fresh in it.
    pub solana_epoch: u64,
}

/// A vault made by `World::create_vault`.
pub struct TestVault {
    pub lrt_mint: Keypair,
    pub key: Pubkey,
}

/// The first asset of a vault about to be created and where the creator holds it.
pub struct Seed {
    pub mint: Pubkey,
    pub token_program: Pubkey,
    pub creator_account: Pubkey,
    pub pricing: PricingSource,
}

/// An asset a vault could hold: its mint, token program and pricing source.
#[derive(Clone, Copy)]
pub struct Lst {
    pub mint: Pubkey,
    pub token_program: Pubkey,
    pub pricing: PricingSource,
}

impl Lst {
    pub fn pricing_key(&self) -> Pubkey {
        self.pricing
            .pricing_account()
            .expect("priced by an account")
    }
}

impl World {
    /// Config initialised (payer is admin and pauser), actors funded, the bank moved to
    /// Solana epoch 1 so that "last epoch" exists for staleness tests.
    pub async fn new() -> Self {
        quiet_expected_cpi_stub_panics();
        let [creator, curator, fee_admin, mallory] = [(); 4].map(|_| Keypair::new());
        let (creator_wsol, mallory_wsol) = (Pubkey::new_unique(), Pubkey::new_unique());
        let mut t = TestContext::start(vec![
            (WSOL_MINT, native_mint_account()),
            (creator_wsol, wsol_account(creator.pubkey(), WALLET_WSOL)),
            (mallory_wsol, wsol_account(mallory.pubkey(), WALLET_WSOL)),
        ])
        .await;
        skip_blockhash_wait(&mut t);
        warp_to_epoch(&mut t, 1);
        let admin = t.payer();
        let treasury = Pubkey::new_unique();
        t.fund(&[&creator, &curator, &fee_admin, &mallory], 10 * SOL)
            .await;
        t.initialize_config(treasury, EPOCH_LENGTH, MAX_FEE_BPS)
            .await;
        let solana_epoch = solana_clock(&mut t).await.epoch;
        assert_eq!(solana_epoch, 1);
        Self {
            t,
            admin,
            creator,
            curator,
            fee_admin,
            mallory,
            treasury,
            creator_wsol,
            mallory_wsol,
            solana_epoch,
        }
    }

    /// `new()` plus the default vault: wSOL seed of `SEED_AMOUNT`, cap `SEED_CAP`.
    pub async fn with_vault() -> (Self, TestVault) {
        let mut w = Self::new().await;
        let v = w.create_vault().await;
        (w, v)
    }

    pub fn wsol_seed(&self) -> Seed {
        Seed {
            mint: WSOL_MINT,
            token_program: TOKEN,
            creator_account: self.creator_wsol,
            pricing: PricingSource::Wsol,
        }
    }

    /// Arguments naming `curator` and `fee_admin` (neither is the creator).
    pub fn vault_args(&self, seed: &Seed, seed_amount: u64, deposit_cap: u64) -> CreateVaultArgs {
        CreateVaultArgs {
            name: "Restaked SOL".into(),
            symbol: "rstSOL".into(),
            uri: "https://example.org/rst.json".into(),
            curator: self.curator.pubkey(),
            fee_admin: self.fee_admin.pubkey(),
            seed_asset: AddAssetArgs {
                pricing: seed.pricing,
                deposit_cap,
            },
            seed_amount,
        }
    }

    pub fn create_vault_ix(
        &self,
        lrt_mint: Pubkey,
        seed: &Seed,
        args: CreateVaultArgs,
    ) -> Instruction {
        build::create_vault(
            build::CreateVaultKeys {
                creator: self.creator.pubkey(),
                lrt_mint,
                seed_mint: seed.mint,
                seed_token_program: seed.token_program,
                creator_seed_account: seed.creator_account,
            },
            args,
        )
    }

    /// Sends `create_vault` signed by the creator and the new LRT mint.
    pub async fn send_create_vault(
        &mut self,
        lrt_mint: &Keypair,
        seed: &Seed,
        args: CreateVaultArgs,
    ) -> Result<(), BanksClientError> {
        let ix = self.create_vault_ix(lrt_mint.pubkey(), seed, args);
        let creator = self.creator.insecure_clone();
        self.t.send(&[ix], &[&creator, lrt_mint]).await
    }

    /// The default vault (see `with_vault`). The creator names the curator and the fee
    /// admin, who take their roles by accepting them (issue 10: nobody gets a role without
    /// signing for it; until then the creator holds both).
    pub async fn create_vault(&mut self) -> TestVault {
        let lrt_mint = Keypair::new();
        let seed = self.wsol_seed();
        let args = self.vault_args(&seed, SEED_AMOUNT, SEED_CAP);
        self.send_create_vault(&lrt_mint, &seed, args)
            .await
            .unwrap();
        let key = pda::vault(&lrt_mint.pubkey());
        let vault: Vault = self.t.decode(key).await;
        assert_eq!(
            (vault.curator, vault.fee_admin),
            (self.creator.pubkey(), self.creator.pubkey())
        );
        assert_eq!(
            (vault.pending_curator, vault.pending_fee_admin),
            (Some(self.curator.pubkey()), Some(self.fee_admin.pubkey()))
        );
        let (curator, fee_admin) = (
            self.curator.insecure_clone(),
            self.fee_admin.insecure_clone(),
        );
        let accept = [
            build::accept_curator(curator.pubkey(), key),
            build::accept_fee_admin(fee_admin.pubkey(), key),
        ];
        self.t.send(&accept, &[&curator, &fee_admin]).await.unwrap();
        let vault: Vault = self.t.decode(key).await;
        assert_eq!(
            (vault.curator, vault.fee_admin),
            (curator.pubkey(), fee_admin.pubkey())
        );
        assert_eq!(
            (vault.pending_curator, vault.pending_fee_admin),
            (None, None)
        );
        TestVault { lrt_mint, key }
    }

    pub fn add_asset_ix(&self, v: &TestVault, signer: Pubkey, lst: &Lst) -> Instruction {
        build::add_asset(
            signer,
            v.key,
            lst.mint,
            lst.token_program,
            AddAssetArgs {
                pricing: lst.pricing,
                deposit_cap: u64::MAX,
            },
        )
    }

    /// The curator adds `lst` (must succeed).
    pub async fn add_asset(&mut self, v: &TestVault, lst: &Lst) {
        let curator = self.curator.insecure_clone();
        let ix = self.add_asset_ix(v, curator.pubkey(), lst);
        self.t.send(&[ix], &[&curator]).await.unwrap();
    }

    /// Writes `account` at `key` (pricing accounts are foreign programs' data).
    pub fn put(&mut self, key: Pubkey, account: Account) {
        self.t
            .ctx
            .set_account(&key, &AccountSharedData::from(account));
    }

    /// Writes `data` owned by `owner` at a fresh address and returns it.
    pub fn put_data(&mut self, owner: Pubkey, data: Vec<u8>) -> Pubkey {
        let key = Pubkey::new_unique();
        self.put(key, data_account(owner, data));
        key
    }

    /// A classic SPL Token mint (9 decimals) at a fresh address.
    pub fn put_classic_mint(&mut self) -> Pubkey {
        let mint = Pubkey::new_unique();
        self.put(
            mint,
            mint_account(self.admin.pubkey(), 9, POOL_TOKEN_SUPPLY),
        );
        mint
    }

    /// A stake pool for `mint` at 1.05 SOL, updated in the current Solana epoch.
    pub fn fresh_pool(&self, mint: Pubkey, token_program: Pubkey) -> StakePoolReading {
        StakePoolReading {
            pool_mint: mint.to_bytes(),
            token_program_id: token_program.to_bytes(),
            total_lamports: POOL_TOTAL_LAMPORTS,
            pool_token_supply: POOL_TOKEN_SUPPLY,
            last_update_epoch: self.solana_epoch,
        }
    }

    /// Writes a stake pool owned by the official SPL stake-pool program.
    pub fn put_pool(&mut self, reading: &StakePoolReading) -> Pubkey {
        self.put_data(ALLOWED_STAKE_POOL_PROGRAMS[0], encode_stake_pool(reading))
    }

    /// A classic mint priced by a fresh, valid stake pool.
    pub fn stake_pool_lst(&mut self) -> Lst {
        let mint = self.put_classic_mint();
        let pool = self.put_pool(&self.fresh_pool(mint, TOKEN));
        Lst {
            mint,
            token_program: TOKEN,
            pricing: PricingSource::SplStakePool { pool },
        }
    }

    /// A classic mint priced by a valid Marinade state.
    pub fn marinade_lst(&mut self) -> Lst {
        let mint = self.put_classic_mint();
        let state = self.put_data(
            MARINADE_PROGRAM,
            encode_marinade_state(&MarinadeReading {
                msol_mint: mint.to_bytes(),
                msol_price: MSOL_PRICE,
            }),
        );
        Lst {
            mint,
            token_program: TOKEN,
            pricing: PricingSource::Marinade { state },
        }
    }

    /// A Token-2022 mint (9 decimals, the admin as mint authority) with `extension`
    /// initialised by the real Token-2022 program (`lrt_integration_tests::token_2022`).
    pub async fn token_2022_mint(&mut self, extension: Option<ExtensionType>) -> Pubkey {
        let admin = self.admin.insecure_clone();
        token_2022::mint(&mut self.t, &admin, extension).await
    }

    /// Creates `owner`'s associated account of a Token-2022 `mint` holding `amount`.
    pub async fn token_2022_balance(&mut self, mint: Pubkey, owner: Pubkey, amount: u64) -> Pubkey {
        let admin = self.admin.insecure_clone();
        let account = token_2022::balance(&mut self.t, mint, &admin, owner, amount).await;
        assert_eq!(self.t.token_balance(account).await, amount);
        account
    }

    pub async fn vault(&mut self, v: &TestVault) -> Vault {
        self.t.decode(v.key).await
    }

    /// Warps to the first slot of restaking epoch `epoch` (Config's epoch length).
    pub fn warp_to_restaking_epoch(&mut self, epoch: u64) {
        warp_to_slot(&mut self.t, epoch * EPOCH_LENGTH);
    }

    pub async fn restaking_epoch(&mut self) -> u64 {
        solana_clock(&mut self.t).await.slot / EPOCH_LENGTH
    }
}

/// program-test's `get_new_latest_blockhash` (called by every `send`) sleeps 200 ms when
/// the bank has not moved since the blockhash it last handed out, which is always the case
/// right after start or a warp. Forgetting that blockhash lets the next send use the
/// current one at once; every later send still waits for a newer one, so no two
/// transactions share a blockhash (identical failing transactions stay distinct).
pub fn skip_blockhash_wait(t: &mut TestContext) {
    t.ctx.last_blockhash = Default::default();
}

pub fn warp_to_slot(t: &mut TestContext, slot: u64) {
    t.ctx.warp_to_slot(slot).unwrap();
    skip_blockhash_wait(t);
}

/// Warps to the first slot of Solana epoch `epoch`.
pub fn warp_to_epoch(t: &mut TestContext, epoch: u64) {
    t.ctx.warp_to_epoch(epoch).unwrap();
    skip_blockhash_wait(t);
}

pub async fn solana_clock(t: &mut TestContext) -> Clock {
    t.ctx.banks_client.get_sysvar::<Clock>().await.unwrap()
}

/// Raw copies of accounts taken before a failing transaction, to prove it changed
/// nothing: every byte, lamport and owner (or the account's absence) is compared.
pub struct Watch {
    before: Vec<(Pubkey, Option<Account>)>,
}

impl Watch {
    pub async fn new(t: &mut TestContext, keys: &[Pubkey]) -> Self {
        let mut before = Vec::new();
        for key in keys {
            before.push((*key, t.account(*key).await));
        }
        Self { before }
    }

    pub async fn assert_unchanged(&self, t: &mut TestContext, step: &str) {
        for (key, before) in &self.before {
            let now = t.account(*key).await;
            assert!(
                now == *before,
                "{step}: account {key} changed\nbefore: {before:?}\nafter:  {now:?}"
            );
        }
    }
}

/// Replaces every account meta with key `from` by `to` (same privileges).
pub fn substitute(ix: &mut Instruction, from: Pubkey, to: Pubkey) {
    let mut found = false;
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == from) {
        meta.pubkey = to;
        found = true;
    }
    assert!(found, "{from} is not an account of the instruction");
}

/// Marks the account `key` as not signing (the transaction then lacks its signature).
pub fn unsign(ix: &mut Instruction, key: Pubkey) {
    let meta = ix
        .accounts
        .iter_mut()
        .find(|m| m.pubkey == key)
        .expect("account of the instruction");
    assert!(meta.is_signer);
    meta.is_signer = false;
}
