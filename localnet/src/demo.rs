//! A demo restaking world, seeded over real RPC into a started [`Localnet`], for people
//! (a guided session, the web app) to use at once.
//!
//! What [`seed`] builds, through the `lrt-client` builders and real transactions:
//! - the vault program's Config with a short restaking epoch ([`DEMO_EPOCH_LENGTH`] slots)
//!   and the registry (veto window and resolution delay of 40 slots, no per-vault cap);
//! - three assets: wSOL, `dsSOL` (priced by an SPL stake pool account) and `dmSOL`
//!   (priced by a Marinade `State`), both Token-2022 mints with metadata made with real
//!   transactions (9 decimals, no freeze authority, minted by the `faucet` key; wSOL is
//!   SPL Token's native mint, which surfpool has at genesis). The two pricing accounts
//!   belong to programs that are not deployed here, so they are written into the SVM
//!   in-process (`SurfnetSvmLocker::with_svm_writer` + `set_account`) with mainnet's
//!   jitoSOL and mSOL rates at epoch 793;
//! - a price keeper thread that rewrites the stake pool's `last_update_epoch` whenever the
//!   Solana epoch changes (the vault refuses stale pools), as the pool's own crank would;
//! - the vault "Demo Restaked SOL" (`drSOL`) holding the three assets, seeded by the
//!   curator, with a 10 bps withdrawal fee and a 10% reward fee (20% of it to insurance);
//! - three operators, whitelisted, opted in to both AVSs, each allocated a round fraction
//!   of the vault ([`ALLOCATIONS_BPS`]: 30%, 20% and 10%, about 91.5, 61 and 30.5 SOL of
//!   its 305 SOL); operator 1 has bonded part of its LRT. Each operator's ed25519 signing key is its authority key,
//!   so one keypair file per operator is all a session needs to sign attestations;
//! - the example AVS (slash authority: its PDA; slashed tokens burnt) and the "demo AVS",
//!   whose slash authority is the `avs-authority` key (and whose id is that key), so a
//!   person can request slashes from a command line; its slashed tokens go to `recipient`;
//!   the vault is opted in to both;
//! - the cross-chain path (docs/cross-chain.md): the local guardian set
//!   (`xchain::signing::GuardianKeys::local()`, 19 keys derived from a public label)
//!   installed by the registry admin as set [`GUARDIAN_SET_INDEX`], and the "remote AVS", a
//!   simulated AVS contract on Sepolia (Wormhole chain [`REMOTE_AVS_CHAIN`], emitter
//!   [`REMOTE_AVS_EMITTER`]; nothing runs there) whose slash requests arrive as VAAs the
//!   local guardians sign (`lrt xchain demo-sign`); the operators and the vault are opted in
//!   to it, so a remote slash executes against the vault like a local one;
//! - a depositor `wallet` with SOL, 100 of each demo LST and 100 wSOL; a `newcomer` with
//!   SOL only;
//! - the `demo-wallet`, funded as the wallet is: the burner key the web app offers as a
//!   ready-made wallet (its secret key is in `demo.json`, which the app fetches from the
//!   server beside it). The app offers it only when it talks to the local network.
//!
//! Seeding ends by moving the clock to the first slot of the next restaking epoch, so every
//! opt-in and delegation is active (slashable) when the network is handed over.
//!
//! Keys are derived from fixed labels: addresses stay the same across restarts, so docs,
//! the app and a browser wallet that imported `wallet.json` keep working. They are public
//! test keys; never use them anywhere else.
use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    thread::JoinHandle,
    time::{Duration, Instant},
};

use anchor_lang::prelude::{Pubkey, Rent};
use anchor_spl::{
    associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent,
    token::spl_token, token_2022::spl_token_2022,
};
use crossbeam_channel::{select, Receiver, Sender};
use lrt_client::{
    avs, instructions as vault_ix, pda, registry,
    state::{PricingSource, SlashDestination, Vault},
    token_programs::{TOKEN, TOKEN_2022},
    Instruction,
};
use lrt_vault::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, INCINERATOR, MARINADE_PROGRAM, WSOL_MINT},
    instructions::DepositArgs,
};
use restaking_math::{encode_marinade_state, encode_stake_pool, MarinadeReading, StakePoolReading};
use solana_account::Account;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_program_pack::Pack;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::{Hash, Signature, Transaction};
use surfpool_core::surfnet::locker::SurfnetSvmLocker;

use crate::Localnet;

/// Restaking epoch of the demo, in slots (80 s at 400 ms a slot).
pub const DEMO_EPOCH_LENGTH: u64 = 200;
/// Slots after a slash request during which the registry's veto authority may veto it.
pub const VETO_WINDOW_SLOTS: u64 = 40;
/// Slots after a slash execution before its escrow can be swept (the admin may cancel).
pub const RESOLUTION_DELAY_SLOTS: u64 = 40;
/// Registry-wide cap on what one vault loses per epoch: none (100%).
pub const MAX_VAULT_SLASH_BPS: u16 = 10_000;
/// Registry-wide cap on operators' commissions: 50%.
pub const MAX_COMMISSION_BPS: u16 = 5_000;
/// Lamports per SOL, and raw units per whole token of every 9-decimal demo asset.
pub const SOL: u64 = 1_000_000_000;
const WAD: u128 = 1_000_000_000_000_000_000;

/// The dsSOL stake pool: jitoSOL's `total_lamports` and `pool_token_supply` on mainnet at
/// epoch 793 (1.205735... SOL per token; `../shared/fixtures/solana_lst/summary.json`).
pub const DS_SOL_POOL_LAMPORTS: u64 = 18_256_130_561_069_428;
pub const DS_SOL_POOL_SUPPLY: u64 = 15_141_078_027_404_340;
/// The dmSOL Marinade state: mSOL's `msol_price` on mainnet at epoch 793 (1.296734...
/// SOL per mSOL, as lamports x 2^32).
pub const DM_SOL_MSOL_PRICE: u64 = 5_569_433_525;

/// What the wallet holds of each demo LST and of wSOL after seeding.
pub const WALLET_TOKENS: u64 = 100 * SOL;
/// SOL airdropped to the wallet.
pub const WALLET_SOL: u64 = 10_000 * SOL;
/// The curator's seed deposit (wSOL) and its later deposits.
pub const SEED_WSOL: u64 = 10 * SOL;
pub const CURATOR_WSOL_DEPOSIT: u64 = 40 * SOL;
pub const CURATOR_LST_DEPOSIT: u64 = 100 * SOL;
/// Operator 1 deposits wSOL and bonds part of the shares as first-loss capital.
pub const OPERATOR1_WSOL_DEPOSIT: u64 = 5 * SOL;
pub const OPERATOR1_BOND_SHARES: u64 = 2 * SOL;
/// The fractions of the vault the curator allocates to operators 1, 2 and 3, in bps: 30%,
/// 20% and 10% (about 91.5, 61 and 30.5 SOL of the seeded 305 SOL; an operator's stake is
/// its allocation times the vault's slashable value, so it follows the vault).
pub const ALLOCATIONS_BPS: [u16; 3] = [3_000, 2_000, 1_000];
/// Operators' commissions, in bps.
pub const COMMISSIONS_BPS: [u16; 3] = [500, 800, 1_000];
/// Each operator's concentration limit in the vault (50% of its value).
pub const OPERATOR_MAX_BPS: u16 = 5_000;
/// Vault fees: withdrawal 10 bps (deposits free), 10% of rewards, 20% of that to insurance.
pub const WITHDRAWAL_FEE_BPS: u16 = 10;
pub const REWARD_FEE_BPS: u16 = 1_000;
pub const INSURANCE_CUT_BPS: u16 = 2_000;
/// What the example AVS requests per equivocation: 10% of the operator's stake.
pub const EXAMPLE_AVS_SLASH_WAD: u128 = WAD / 10;

/// The remote AVS's chain: Wormhole chain id 10002, Ethereum's Sepolia testnet. Simulated:
/// no contract is deployed there; the local guardians sign whatever `lrt xchain demo-sign`
/// asks, as if that contract had emitted it.
pub const REMOTE_AVS_CHAIN: u16 = 10_002;
pub const REMOTE_AVS_CHAIN_NAME: &str = "Sepolia";
/// The remote AVS's emitter: a made-up EVM contract address
/// (0xde150000000000000000000000000000000a0015), left-padded to 32 bytes as Wormhole does.
pub const REMOTE_AVS_EMITTER: [u8; 32] = {
    let address: [u8; 20] = [
        0xde, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0x00, 0x15,
    ];
    let mut emitter = [0u8; 32];
    let mut i = 0;
    while i < 20 {
        emitter[12 + i] = address[i];
        i += 1;
    }
    emitter
};
/// The local guardian set's index: the first set of this network (Wormhole's own
/// numbering starts at 0 too; mainnet is at 4).
pub const GUARDIAN_SET_INDEX: u32 = 0;
/// Seconds a replaced guardian set still verifies messages: Wormhole's 24 hours.
pub const GUARDIAN_SET_EXPIRATION: u32 = xchain::WORMHOLE_GUARDIAN_SET_EXPIRATION;
/// Seconds a message's timestamp may differ from the clock: one hour (45 demo epochs), so
/// a message signed now can be submitted after a few `lrt epoch advance`.
pub const MAX_MESSAGE_AGE: u32 = 3_600;

pub const VAULT_NAME: &str = "Demo Restaked SOL";
pub const VAULT_SYMBOL: &str = "drSOL";

/// The keypair files a session needs, by name (`<name>.json`).
pub const KEYPAIR_NAMES: [&str; 11] = [
    "wallet",
    "demo-wallet",
    "admin",
    "curator",
    "operator-1",
    "operator-2",
    "operator-3",
    "avs-authority",
    "faucet",
    "newcomer",
    "treasury",
];

#[derive(Debug)]
pub enum DemoError {
    /// A seeding transaction failed; `step` says which one.
    Transaction { step: String, error: String },
    /// An RPC call other than a transaction failed.
    Rpc(String),
    /// The pricing accounts could not be written into the SVM.
    Pricing(String),
    /// Writing the keypairs, `config.yml` or `demo.json` failed.
    Files(String),
    /// The world read back is not what seeding built.
    Check(String),
}

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DemoError::Transaction { step, error } => write!(f, "{step}: {error}"),
            DemoError::Rpc(why) => write!(f, "rpc: {why}"),
            DemoError::Pricing(why) => write!(f, "pricing accounts: {why}"),
            DemoError::Files(why) => write!(f, "files: {why}"),
            DemoError::Check(why) => write!(f, "check: {why}"),
        }
    }
}

impl std::error::Error for DemoError {}

fn rpc_error(e: impl std::fmt::Display) -> DemoError {
    DemoError::Rpc(e.to_string())
}

/// A demo allocation in bps as the WAD fraction the vault keeps.
pub fn allocation_wad(bps: u16) -> u64 {
    restaking_math::bps_to_wad(bps).expect("demo allocations are at most 100%")
}

/// A keypair derived from a fixed label (stable addresses across restarts).
pub fn demo_keypair(label: &str) -> Keypair {
    let secret = avs::sha256::hashv(&[b"lrt-localnet demo v1/", label.as_bytes()]).to_bytes();
    Keypair::new_from_array(secret)
}

/// One asset of the demo vault.
#[derive(Clone, Debug)]
pub struct DemoAsset {
    pub symbol: &'static str,
    /// Index in the vault's asset list (deposit's `asset_index`).
    pub index: u8,
    pub mint: Pubkey,
    pub token_program: Pubkey,
    pub pricing: PricingSource,
    /// The vault's token account holding this asset.
    pub reserve: Pubkey,
}

impl DemoAsset {
    pub fn pricing_account(&self) -> Option<Pubkey> {
        self.pricing.pricing_account()
    }

    /// `owner`'s associated token account of this asset.
    pub fn account_of(&self, owner: &Pubkey) -> Pubkey {
        pda::associated_token_account(owner, &self.mint, &self.token_program)
    }
}

/// A registered, whitelisted operator.
pub struct DemoOperator {
    /// Manages the registry account; also the ed25519 signing key AVSs verify.
    pub authority: Keypair,
    /// The registry `Operator` account.
    pub operator: Pubkey,
    pub commission_bps: u16,
    /// The fraction of the vault allocated to it (bps, and as the WAD the vault keeps).
    pub allocation_bps: u16,
    pub allocation_wad: u64,
    /// Its stake at hand-over: the allocation times the vault's slashable value, in
    /// lamports (`Vault::allocated_stake`).
    pub stake_at_hand_over: u64,
}

/// An AVS registered in the registry.
#[derive(Clone, Debug)]
pub struct DemoAvs {
    pub name: &'static str,
    pub id: Pubkey,
    /// The registry `Avs` account (`["avs", id]`).
    pub account: Pubkey,
    pub slash_authority: Pubkey,
    pub admin: Pubkey,
    pub destination: SlashDestination,
    /// The AVS program's own config account, if the AVS is a program.
    pub program_config: Option<Pubkey>,
}

impl DemoAvs {
    /// Its registration in the registry: it may request up to 100% of a stake.
    fn registration(&self, metadata_uri: &str) -> lrt_fixtures::NewAvs {
        lrt_fixtures::NewAvs {
            id: self.id,
            admin: self.admin,
            slash_authority: self.slash_authority,
            max_slash_wad: WAD,
            destination: self.destination,
            metadata_uri: metadata_uri.into(),
        }
    }
}

/// An AVS on another chain, registered in the registry with `AvsKind::Remote`: its slash
/// requests arrive as guardian-signed messages from `emitter` on `chain`.
#[derive(Clone, Debug)]
pub struct DemoRemoteAvs {
    pub name: &'static str,
    pub id: Pubkey,
    /// The registry `Avs` account (`["avs", id]`).
    pub account: Pubkey,
    pub admin: Pubkey,
    /// Wormhole chain id, and its name.
    pub chain: u16,
    pub chain_name: &'static str,
    /// The emitting contract, left-padded to 32 bytes.
    pub emitter: [u8; 32],
    pub destination: SlashDestination,
}

impl DemoRemoteAvs {
    /// Its registration in the registry: it may request up to 100% of a stake.
    fn registration(&self, metadata_uri: &str) -> lrt_fixtures::NewRemoteAvs {
        lrt_fixtures::NewRemoteAvs {
            id: self.id,
            admin: self.admin,
            chain: self.chain,
            emitter: self.emitter,
            max_slash_wad: WAD,
            destination: self.destination,
            metadata_uri: metadata_uri.into(),
        }
    }

    /// The emitter as `0x` and 64 hex digits.
    pub fn emitter_hex(&self) -> String {
        hex(&self.emitter)
    }
}

/// `0x` and the bytes in lowercase hex.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::from("0x"), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The local guardian set as the registry admin installs it.
pub fn guardian_set() -> lrt_fixtures::GuardianSet {
    lrt_fixtures::GuardianSet {
        index: GUARDIAN_SET_INDEX,
        keys: xchain::signing::GuardianKeys::local().addresses(),
        guardian_set_expiration: GUARDIAN_SET_EXPIRATION,
        max_message_age: MAX_MESSAGE_AGE,
    }
}

/// Where `seed` wrote the files.
#[derive(Clone, Debug)]
pub struct DemoFiles {
    pub dir: PathBuf,
    pub config_yml: PathBuf,
    pub demo_json: PathBuf,
    /// Keypair file by name (see [`KEYPAIR_NAMES`]).
    pub keypairs: BTreeMap<String, PathBuf>,
}

/// Everything `seed` built: the keys to act as each role and every address.
pub struct DemoWorld {
    pub rpc_url: String,
    pub ws_url: String,
    /// The depositor: SOL, 100 dsSOL, 100 dmSOL and 100 wSOL.
    pub wallet: Keypair,
    /// The web app's demo wallet (a burner key, local network only), funded as `wallet`.
    pub demo_wallet: Keypair,
    /// Config admin, pauser, registry admin and veto authority; admin of the example AVS.
    pub admin: Keypair,
    /// Curator and fee admin of the vault.
    pub curator: Keypair,
    pub operators: Vec<DemoOperator>,
    /// Slash authority, admin and id of the demo AVS.
    pub avs_authority: Keypair,
    /// Mint authority of dsSOL and dmSOL.
    pub faucet: Keypair,
    /// Funded with SOL and nothing else: an operator-to-be for the guided session.
    pub newcomer: Keypair,
    /// The Config treasury: owns the fees the vault keeps in its treasury ledger and
    /// claims them (`lrt treasury claim`).
    pub treasury: Pubkey,
    /// Its keypair (`treasury.json`), funded with SOL for its claims.
    pub treasury_keypair: Keypair,
    /// Receives the demo AVS's slashed tokens (its associated token accounts exist).
    pub recipient: Pubkey,
    pub vault: Pubkey,
    pub lrt_mint: Pubkey,
    /// wSOL, dsSOL, dmSOL, in the vault's order.
    pub assets: Vec<DemoAsset>,
    pub example_avs: DemoAvs,
    pub demo_avs: DemoAvs,
    /// The simulated AVS on Sepolia, opted in to by every operator and the vault.
    pub remote_avs: DemoRemoteAvs,
    /// The local guardian set, installed with the registry's cross-chain parameters.
    pub guardian_set: lrt_fixtures::GuardianSet,
    /// The restaking epoch at hand-over, where every opt-in and delegation is active.
    pub active_epoch: u64,
    /// Wall time of `seed`.
    pub seeded_in: Duration,
    /// Where the keypairs, `config.yml` and `demo.json` were written, if anywhere.
    pub files: Option<DemoFiles>,
    /// Keeps the stake pool fresh; stops when the world is dropped.
    _price_keeper: PriceKeeper,
}

impl DemoWorld {
    pub fn asset(&self, symbol: &str) -> Option<&DemoAsset> {
        self.assets.iter().find(|a| a.symbol == symbol)
    }

    /// The vault as it is on chain now.
    pub fn fetch_vault(&self, rpc: &RpcClient) -> Result<Vault, DemoError> {
        fetch_vault(rpc, &self.vault)
    }

    /// What a depositor sends: create its LRT account if needed, refresh prices, deposit
    /// `amount` of asset `asset_index` from its associated token account. It accepts
    /// whatever deposit fee is in force (`max_fee_bps` 100%): a tool for tests and
    /// reports; a user's client names the fee it showed (`lrt deposit`).
    pub fn deposit_instructions(
        &self,
        vault_state: &Vault,
        depositor: &Pubkey,
        asset_index: u8,
        amount: u64,
    ) -> Vec<Instruction> {
        let asset = &self.assets[usize::from(asset_index)];
        vec![
            create_associated_token_account_idempotent(
                depositor,
                depositor,
                &self.lrt_mint,
                &TOKEN_2022,
            ),
            vault_ix::refresh_prices(vault_state),
            vault_ix::deposit(
                vault_state,
                *depositor,
                asset.account_of(depositor),
                pda::lrt_account(depositor, &self.lrt_mint),
                DepositArgs {
                    asset_index,
                    amount,
                    min_shares_out: 0,
                    max_fee_bps: 10_000,
                },
            ),
        ]
    }

    /// The faucet gives `owner` `amount` of dsSOL and of dmSOL (creating its accounts).
    /// The faucet signs and pays.
    pub fn faucet_instructions(&self, owner: &Pubkey, amount: u64) -> Vec<Instruction> {
        self.assets[1..]
            .iter()
            .flat_map(|asset| mint_to_owner(&self.faucet.pubkey(), asset, owner, amount))
            .collect()
    }

    /// Every address and parameter, as written to `demo.json`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let key = |k: &Pubkey| k.to_string();
        let keypair_path = |name: &str| {
            self.files
                .as_ref()
                .and_then(|f| f.keypairs.get(name))
                .map(|p| p.display().to_string())
        };
        let assets: Vec<_> = self
            .assets
            .iter()
            .map(|a| {
                json!({
                    "index": a.index,
                    "symbol": a.symbol,
                    "mint": key(&a.mint),
                    "decimals": 9,
                    "token_program": key(&a.token_program),
                    "pricing": match a.pricing {
                        PricingSource::Wsol => "wsol",
                        PricingSource::SplStakePool { .. } => "spl_stake_pool",
                        PricingSource::Marinade { .. } => "marinade",
                    },
                    "pricing_account": a.pricing_account().map(|k| key(&k)),
                    "reserve": key(&a.reserve),
                    "wallet_account": key(&a.account_of(&self.wallet.pubkey())),
                })
            })
            .collect();
        let operators: Vec<_> = self
            .operators
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let name = format!("operator-{}", i + 1);
                json!({
                    "name": name,
                    "authority": key(&o.authority.pubkey()),
                    "signing_key": key(&o.authority.pubkey()),
                    "operator": key(&o.operator),
                    "commission_bps": o.commission_bps,
                    "delegation": key(&pda::delegation(&self.vault, &o.operator)),
                    "bond": key(&pda::bond(&self.vault, &o.operator)),
                    "allocation_bps": o.allocation_bps,
                    "allocation_wad": o.allocation_wad.to_string(),
                    "stake_at_hand_over_lamports": o.stake_at_hand_over,
                    "keypair": keypair_path(&name),
                })
            })
            .collect();
        let avs_json = |a: &DemoAvs| {
            json!({
                "name": a.name,
                "kind": "local",
                "id": key(&a.id),
                "account": key(&a.account),
                "slash_authority": key(&a.slash_authority),
                "admin": key(&a.admin),
                "program_config": a.program_config.map(|k| key(&k)),
                "destination": match a.destination {
                    SlashDestination::Burn => json!("burn"),
                    SlashDestination::Recipient { owner } => json!({ "recipient": key(&owner) }),
                },
            })
        };
        let remote = &self.remote_avs;
        let remote_json = json!({
            "name": remote.name,
            "kind": "remote",
            "id": key(&remote.id),
            "account": key(&remote.account),
            "admin": key(&remote.admin),
            "chain": remote.chain,
            "chain_name": remote.chain_name,
            "emitter": remote.emitter_hex(),
            "simulated": true,
            "slash_authority": null,
            "program_config": null,
            "destination": match remote.destination {
                SlashDestination::Burn => json!("burn"),
                SlashDestination::Recipient { owner } => json!({ "recipient": key(&owner) }),
            },
        });
        let set = &self.guardian_set;
        let keypairs: BTreeMap<&str, Option<String>> = KEYPAIR_NAMES
            .iter()
            .map(|name| (*name, keypair_path(name)))
            .collect();
        json!({
            "rpc_url": self.rpc_url,
            "ws_url": self.ws_url,
            "epoch_length": DEMO_EPOCH_LENGTH,
            "veto_window_slots": VETO_WINDOW_SLOTS,
            "resolution_delay_slots": RESOLUTION_DELAY_SLOTS,
            "max_commission_bps": MAX_COMMISSION_BPS,
            "active_epoch": self.active_epoch,
            "programs": {
                "lrt_vault": key(&lrt_vault::ID),
                "slasher_registry": key(&slasher_registry::ID),
                "example_avs": key(&example_avs::ID),
                "spl_token": key(&TOKEN),
                "token_2022": key(&TOKEN_2022),
                "associated_token": key(&lrt_client::token_programs::ASSOCIATED_TOKEN),
                "stake_pool": key(&ALLOWED_STAKE_POOL_PROGRAMS[0]),
                "marinade": key(&MARINADE_PROGRAM),
            },
            "config": key(&pda::config()),
            "registry_config": key(&registry::pda::registry_config()),
            "treasury": key(&self.treasury),
            "recipient": key(&self.recipient),
            "vault": {
                "address": key(&self.vault),
                "lrt_mint": key(&self.lrt_mint),
                "name": VAULT_NAME,
                "symbol": VAULT_SYMBOL,
                "curator": key(&self.curator.pubkey()),
                "fee_admin": key(&self.curator.pubkey()),
                "dead_shares": key(&pda::dead_shares(&self.vault)),
            },
            "assets": assets,
            "avs": {
                "example": avs_json(&self.example_avs),
                "demo": avs_json(&self.demo_avs),
                "remote": remote_json,
            },
            // The local guardian set (public keys: `lrt xchain demo-sign` signs with them,
            // on this network only) and the registry's cross-chain parameters.
            "xchain": {
                "config": key(&registry::pda::xchain_config()),
                "guardian_set_index": set.index,
                "guardian_set": key(&set.account()),
                "guardians": set.keys.len(),
                "quorum": xchain::quorum(set.keys.len()),
                "guardian_label": xchain::signing::LOCAL_GUARDIAN_LABEL,
                "guardian_addresses": set.keys.iter().map(|k| hex(k)).collect::<Vec<_>>(),
                "guardian_set_expiration_seconds": set.guardian_set_expiration,
                "max_message_age_seconds": set.max_message_age,
                "remote_avs": key(&remote.account),
            },
            "operators": operators,
            "wallet": {
                "address": key(&self.wallet.pubkey()),
                "lrt_account": key(&pda::lrt_account(&self.wallet.pubkey(), &self.lrt_mint)),
            },
            // A burner key for the web app on this network only (never fund it elsewhere).
            "demo_wallet": {
                "address": key(&self.demo_wallet.pubkey()),
                "secret_key": self.demo_wallet.to_bytes().to_vec(),
            },
            "roles": {
                "admin": key(&self.admin.pubkey()),
                "curator": key(&self.curator.pubkey()),
                "avs_authority": key(&self.avs_authority.pubkey()),
                "faucet": key(&self.faucet.pubkey()),
                "treasury": key(&self.treasury),
            },
            "keypairs": keypairs,
        })
    }

    fn keypair(&self, name: &str) -> &Keypair {
        match name {
            "wallet" => &self.wallet,
            "demo-wallet" => &self.demo_wallet,
            "admin" => &self.admin,
            "curator" => &self.curator,
            "operator-1" => &self.operators[0].authority,
            "operator-2" => &self.operators[1].authority,
            "operator-3" => &self.operators[2].authority,
            "avs-authority" => &self.avs_authority,
            "faucet" => &self.faucet,
            "newcomer" => &self.newcomer,
            "treasury" => &self.treasury_keypair,
            other => unreachable!("no demo keypair named {other}"),
        }
    }

    /// Writes every keypair (Solana CLI JSON), `config.yml` (Solana CLI config, wallet as
    /// the default keypair) and `demo.json` into `dir`, creating it.
    pub fn write_files(&mut self, dir: &Path) -> Result<&DemoFiles, DemoError> {
        let files_error =
            |what: &Path, e: std::io::Error| DemoError::Files(format!("{}: {e}", what.display()));
        std::fs::create_dir_all(dir).map_err(|e| files_error(dir, e))?;
        let dir = dir.canonicalize().map_err(|e| files_error(dir, e))?;
        let mut keypairs = BTreeMap::new();
        for name in KEYPAIR_NAMES {
            let path = dir.join(format!("{name}.json"));
            let bytes = self.keypair(name).to_bytes().to_vec();
            let text = serde_json::to_string(&bytes).expect("bytes serialize");
            write_private(&path, &text).map_err(|e| files_error(&path, e))?;
            keypairs.insert(name.to_string(), path);
        }
        let config_yml = dir.join("config.yml");
        let text = format!(
            "---\njson_rpc_url: \"{}\"\nwebsocket_url: \"{}\"\nkeypair_path: \"{}\"\n\
             address_labels:\n  \"11111111111111111111111111111111\": System Program\n\
             commitment: confirmed\n",
            self.rpc_url,
            self.ws_url,
            keypairs["wallet"].display()
        );
        std::fs::write(&config_yml, text).map_err(|e| files_error(&config_yml, e))?;
        let demo_json = dir.join("demo.json");
        // Set first: `to_json` lists the keypair paths.
        self.files = Some(DemoFiles {
            dir,
            config_yml,
            demo_json: demo_json.clone(),
            keypairs,
        });
        // Private (created afresh, so an older world's file does not keep its mode): it
        // holds the demo wallet's secret key.
        let _ = std::fs::remove_file(&demo_json);
        let text = serde_json::to_string_pretty(&self.to_json()).expect("json serializes");
        write_private(&demo_json, &text).map_err(|e| files_error(&demo_json, e))?;
        Ok(self.files.as_ref().expect("just set"))
    }
}

fn fetch_vault(rpc: &RpcClient, vault: &Pubkey) -> Result<Vault, DemoError> {
    let data = rpc.get_account_data(vault).map_err(rpc_error)?;
    lrt_client::decode::account(&data).map_err(|e| DemoError::Check(e.to_string()))
}

/// Secret keys: readable by the owner only (the Solana CLI warns otherwise).
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}

/// Seeds the demo world into `net` (a fresh one: the Config can be created only once)
/// and, with `out_dir`, writes the keypairs, `config.yml` and `demo.json` there. Returns
/// once everything is confirmed and active.
///
/// Call it from a plain thread (not inside a current-thread async runtime): the RPC client
/// is blocking and surfpool's SVM lock uses `block_in_place`.
pub fn seed(net: &Localnet, out_dir: Option<&Path>) -> Result<DemoWorld, DemoError> {
    let started = Instant::now();
    let keys = Keys::derive();
    let rpc_url = net.rpc_url().to_string();
    let rpc = processed_client(&rpc_url);
    let assets = keys.assets();

    // Pricing accounts first: the vault reads them when the assets are added.
    let price_keeper = PriceKeeper::start(net, &keys)?;
    ensure_native_mint(net, &rpc)?;

    let mut seeder = Seeder::new(&rpc_url, 9);
    let world = World::new(&keys, &assets);

    // 1. SOL for everyone who signs.
    seeder.airdrop(&[
        (keys.admin.pubkey(), 1_000 * SOL),
        (keys.curator.pubkey(), 1_000 * SOL),
        (keys.operators[0].pubkey(), 100 * SOL),
        (keys.operators[1].pubkey(), 100 * SOL),
        (keys.operators[2].pubkey(), 100 * SOL),
        (keys.avs_authority.pubkey(), 100 * SOL),
        (keys.faucet.pubkey(), 100 * SOL),
        (keys.newcomer.pubkey(), 100 * SOL),
        (keys.treasury.pubkey(), 10 * SOL),
        (keys.wallet.pubkey(), WALLET_SOL),
        (keys.demo_wallet.pubkey(), WALLET_SOL),
    ])?;
    // 2. Config, registry, AVSs registered; mints and balances; wSOL.
    seeder.round(world.round_protocol_and_tokens())?;
    // 3. The vault; the example AVS initialised; operators register and opt in to both
    //    AVSs; the guardian set and the remote AVS.
    seeder.round(world.round_vault_and_opt_ins())?;
    // 4. The other assets, fees, operators whitelisted, vault opted in (to the three AVSs);
    //    operators opt in to the remote AVS.
    seeder.round(world.round_assets_and_operators())?;
    // 5. Deposits (curator; operator 1, which bonds).
    let vault = fetch_vault(&rpc, &world.vault)?;
    seeder.round(world.round_deposits(&vault))?;
    // 6. Allocations (fractions of the vault: no price is read).
    seeder.round(world.round_allocations())?;

    // Opt-ins and allocations count from the next restaking epoch, the fees set above (an
    // increase) after a full epoch of notice, from the one after: go there. The time
    // travel waits for a block after the jump, which also confirms every transaction above.
    let slot = rpc.get_slot().map_err(rpc_error)?;
    let active_epoch = restaking_math::effective_epoch(slot / DEMO_EPOCH_LENGTH);
    crate::advance_to_slot(&rpc, active_epoch * DEMO_EPOCH_LENGTH).map_err(DemoError::Rpc)?;

    let mut demo = DemoWorld {
        rpc_url,
        ws_url: net.ws_url().to_string(),
        wallet: keys.wallet.insecure_clone(),
        demo_wallet: keys.demo_wallet.insecure_clone(),
        admin: keys.admin.insecure_clone(),
        curator: keys.curator.insecure_clone(),
        operators: keys
            .operators
            .iter()
            .enumerate()
            .map(|(i, authority)| DemoOperator {
                authority: authority.insecure_clone(),
                operator: registry::pda::operator(&authority.pubkey()),
                commission_bps: COMMISSIONS_BPS[i],
                allocation_bps: ALLOCATIONS_BPS[i],
                allocation_wad: allocation_wad(ALLOCATIONS_BPS[i]),
                stake_at_hand_over: 0,
            })
            .collect(),
        avs_authority: keys.avs_authority.insecure_clone(),
        faucet: keys.faucet.insecure_clone(),
        newcomer: keys.newcomer.insecure_clone(),
        treasury: keys.treasury.pubkey(),
        treasury_keypair: keys.treasury.insecure_clone(),
        recipient: keys.recipient,
        vault: world.vault,
        lrt_mint: keys.lrt_mint.pubkey(),
        assets,
        example_avs: keys.example_avs(),
        demo_avs: keys.demo_avs(),
        remote_avs: keys.remote_avs(),
        guardian_set: guardian_set(),
        active_epoch,
        seeded_in: Duration::ZERO,
        files: None,
        _price_keeper: price_keeper,
    };
    let mut vault = demo.fetch_vault(&rpc)?;
    let allocated: u64 = ALLOCATIONS_BPS.iter().map(|&b| allocation_wad(b)).sum();
    if vault.asset_count != 3
        || vault.allocations.at(active_epoch, active_epoch).ok() != Some(allocated)
    {
        return Err(DemoError::Check(format!(
            "the vault has {} assets and allocates {:?} at epoch {active_epoch}",
            vault.asset_count, vault.allocations
        )));
    }
    // The stake each allocation puts behind its operator now (no withdrawal bucket yet).
    let slot = rpc.get_slot().map_err(rpc_error)?;
    vault
        .accrue_vesting(slot, DEMO_EPOCH_LENGTH)
        .map_err(|e| DemoError::Check(e.to_string()))?;
    for operator in &mut demo.operators {
        operator.stake_at_hand_over = vault
            .allocated_stake(operator.allocation_wad, &[None, None])
            .map_err(|e| DemoError::Check(e.to_string()))?;
    }
    if let Some(dir) = out_dir {
        demo.write_files(dir)?;
    }
    demo.seeded_in = started.elapsed();
    Ok(demo)
}

/// The demo's keys, derived from fixed labels.
struct Keys {
    wallet: Keypair,
    demo_wallet: Keypair,
    admin: Keypair,
    curator: Keypair,
    operators: [Keypair; 3],
    avs_authority: Keypair,
    faucet: Keypair,
    newcomer: Keypair,
    lrt_mint: Keypair,
    ds_mint: Keypair,
    dm_mint: Keypair,
    treasury: Keypair,
    recipient: Pubkey,
    ds_pool: Pubkey,
    dm_state: Pubkey,
}

impl Keys {
    fn derive() -> Self {
        let key = |label: &str| demo_keypair(label).pubkey();
        Keys {
            wallet: demo_keypair("wallet"),
            demo_wallet: demo_keypair("demo-wallet"),
            admin: demo_keypair("admin"),
            curator: demo_keypair("curator"),
            operators: [1, 2, 3].map(|i| demo_keypair(&format!("operator-{i}"))),
            avs_authority: demo_keypair("avs-authority"),
            faucet: demo_keypair("faucet"),
            newcomer: demo_keypair("newcomer"),
            lrt_mint: demo_keypair("lrt-mint"),
            ds_mint: demo_keypair("dsSOL-mint"),
            dm_mint: demo_keypair("dmSOL-mint"),
            treasury: demo_keypair("treasury"),
            recipient: key("recipient"),
            ds_pool: key("dsSOL-stake-pool"),
            dm_state: key("dmSOL-marinade-state"),
        }
    }

    fn assets(&self) -> Vec<DemoAsset> {
        let vault = pda::vault(&self.lrt_mint.pubkey());
        [
            ("wSOL", WSOL_MINT, PricingSource::Wsol),
            (
                "dsSOL",
                self.ds_mint.pubkey(),
                PricingSource::SplStakePool { pool: self.ds_pool },
            ),
            (
                "dmSOL",
                self.dm_mint.pubkey(),
                PricingSource::Marinade {
                    state: self.dm_state,
                },
            ),
        ]
        .into_iter()
        .enumerate()
        .map(|(index, (symbol, mint, pricing))| DemoAsset {
            symbol,
            index: index as u8,
            mint,
            // wSOL is SPL Token's; the demo LSTs are Token-2022 mints with metadata, so
            // wallets and `lrt` show their symbols
            token_program: if mint == WSOL_MINT { TOKEN } else { TOKEN_2022 },
            pricing,
            reserve: pda::reserve(&vault, &mint),
        })
        .collect()
    }

    /// The operators' registry accounts, in order.
    fn operator_accounts(&self) -> [Pubkey; 3] {
        self.operators
            .each_ref()
            .map(|op| registry::pda::operator(&op.pubkey()))
    }

    fn example_avs(&self) -> DemoAvs {
        DemoAvs {
            name: "example AVS",
            id: example_avs::ID,
            account: registry::pda::avs(&example_avs::ID),
            slash_authority: avs::pda::slash_authority(),
            admin: self.admin.pubkey(),
            destination: SlashDestination::Burn,
            program_config: Some(avs::pda::config()),
        }
    }

    fn demo_avs(&self) -> DemoAvs {
        let authority = self.avs_authority.pubkey();
        DemoAvs {
            name: "demo AVS",
            id: authority,
            account: registry::pda::avs(&authority),
            slash_authority: authority,
            admin: authority,
            destination: SlashDestination::Recipient {
                owner: self.recipient,
            },
            program_config: None,
        }
    }

    fn remote_avs(&self) -> DemoRemoteAvs {
        let id = demo_keypair("remote-avs").pubkey();
        DemoRemoteAvs {
            name: "remote AVS (simulated, Sepolia)",
            id,
            account: registry::pda::avs(&id),
            admin: self.admin.pubkey(),
            chain: REMOTE_AVS_CHAIN,
            chain_name: REMOTE_AVS_CHAIN_NAME,
            emitter: REMOTE_AVS_EMITTER,
            destination: SlashDestination::Recipient {
                owner: self.recipient,
            },
        }
    }

    fn marinade_account(&self) -> Account {
        pricing_account(
            MARINADE_PROGRAM,
            encode_marinade_state(&MarinadeReading {
                msol_mint: self.dm_mint.pubkey().to_bytes(),
                msol_price: DM_SOL_MSOL_PRICE,
            }),
        )
    }
}

/// The dsSOL stake pool as updated in Solana epoch `epoch`.
fn stake_pool_account(ds_mint: &Pubkey, epoch: u64) -> Account {
    pricing_account(
        ALLOWED_STAKE_POOL_PROGRAMS[0],
        encode_stake_pool(&StakePoolReading {
            pool_mint: ds_mint.to_bytes(),
            token_program_id: TOKEN_2022.to_bytes(),
            total_lamports: DS_SOL_POOL_LAMPORTS,
            pool_token_supply: DS_SOL_POOL_SUPPLY,
            last_update_epoch: epoch,
        }),
    )
}

fn pricing_account(owner: Pubkey, data: Vec<u8>) -> Account {
    Account {
        lamports: Rent::default().minimum_balance(data.len()),
        data,
        owner,
        executable: false,
        rent_epoch: 0,
    }
}

/// surfpool's LiteSVM creates the native mint at genesis; should a version not, write it.
fn ensure_native_mint(net: &Localnet, rpc: &RpcClient) -> Result<(), DemoError> {
    let exists = rpc
        .get_account_with_commitment(&WSOL_MINT, CommitmentConfig::processed())
        .map_err(rpc_error)?
        .value
        .is_some_and(|a| a.owner == TOKEN);
    if exists {
        return Ok(());
    }
    let mut data = vec![0; spl_token::state::Mint::LEN];
    spl_token::state::Mint {
        mint_authority: None.into(),
        supply: 0,
        decimals: 9,
        is_initialized: true,
        freeze_authority: None.into(),
    }
    .pack_into_slice(&mut data);
    let account = pricing_account(TOKEN, data);
    write_accounts(net.svm(), vec![(WSOL_MINT, account)])
}

/// Writes accounts into the SVM from a thread of our own: `with_svm_writer` uses
/// `block_in_place`, which panics on a current-thread runtime the caller might be in.
fn write_accounts(
    svm: &SurfnetSvmLocker,
    accounts: Vec<(Pubkey, Account)>,
) -> Result<(), DemoError> {
    let svm = svm.clone();
    std::thread::spawn(move || set_accounts(&svm, accounts))
        .join()
        .map_err(|_| DemoError::Pricing("the writer thread panicked".into()))?
        .map_err(DemoError::Pricing)
}

fn set_accounts(svm: &SurfnetSvmLocker, accounts: Vec<(Pubkey, Account)>) -> Result<(), String> {
    svm.with_svm_writer(move |s| {
        for (key, account) in accounts {
            s.set_account(&key, account)
                .map_err(|e| format!("set {key}: {e}"))?;
        }
        Ok(())
    })
}

/// Keeps the dsSOL stake pool "updated this epoch", as the pool's own crank does on
/// mainnet: rewrites `last_update_epoch` on every Solana epoch change. It hears of changes
/// from the network's event reader (which must never lock the SVM) and writes from its own
/// thread; a periodic look at the SVM's epoch covers a missed event.
struct PriceKeeper {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl PriceKeeper {
    /// Writes both pricing accounts for the current epoch, then keeps the pool fresh.
    fn start(net: &Localnet, keys: &Keys) -> Result<Self, DemoError> {
        let svm = net.svm().clone();
        let epochs = net.watch_epochs();
        let pool = keys.ds_pool;
        let ds_mint = keys.ds_mint.pubkey();
        let state = keys.dm_state;
        let marinade = keys.marinade_account();
        let (stop, stopped) = crossbeam_channel::bounded::<()>(0);
        let (ready_tx, ready) = crossbeam_channel::bounded(1);
        let thread = std::thread::Builder::new()
            .name("demo-price-keeper".into())
            .spawn(move || {
                let pool_at = |epoch: u64| stake_pool_account(&ds_mint, epoch);
                let mut written = svm.get_epoch_info().epoch;
                let first = set_accounts(&svm, vec![(pool, pool_at(written)), (state, marinade)]);
                let failed = first.is_err();
                let _ = ready_tx.send(first);
                if failed {
                    return;
                }
                keep_fresh(&svm, &epochs, &stopped, &mut written, |svm, epoch| {
                    set_accounts(svm, vec![(pool, pool_at(epoch))])
                });
            })
            .map_err(|e| DemoError::Pricing(e.to_string()))?;
        let keeper = PriceKeeper {
            stop: Some(stop),
            thread: Some(thread),
        };
        match ready.recv_timeout(Duration::from_secs(10)) {
            Ok(Ok(())) => Ok(keeper),
            Ok(Err(why)) => Err(DemoError::Pricing(why)),
            Err(_) => Err(DemoError::Pricing(
                "the price keeper did not write the accounts".into(),
            )),
        }
    }
}

fn keep_fresh(
    svm: &SurfnetSvmLocker,
    epochs: &Receiver<u64>,
    stopped: &Receiver<()>,
    written: &mut u64,
    write: impl Fn(&SurfnetSvmLocker, u64) -> Result<(), String>,
) {
    loop {
        let epoch = select! {
            recv(stopped) -> _ => return,
            recv(epochs) -> epoch => match epoch {
                Ok(epoch) => epoch,
                Err(_) => return, // the network stopped
            },
            default(Duration::from_secs(1)) => svm.get_epoch_info().epoch,
        };
        if epoch != *written {
            match write(svm, epoch) {
                Ok(()) => *written = epoch,
                Err(why) => eprintln!("demo price keeper: {why}"),
            }
        }
    }
}

impl Drop for PriceKeeper {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// An RPC client at `processed`: surfpool executes a transaction inside `sendTransaction`,
/// so what was sent is visible at once; `confirmed` would wait for the next block.
pub fn processed_client(rpc_url: &str) -> RpcClient {
    RpcClient::new_with_commitment(rpc_url.to_string(), CommitmentConfig::processed())
}

/// Sends one transaction and returns its signature once executed (surfpool's
/// `sendTransaction` returns after execution; preflight errors come back with the logs).
pub fn send_transaction(
    rpc: &RpcClient,
    blockhash: Hash,
    payer: &Keypair,
    ixs: &[Instruction],
    signers: &[&Keypair],
) -> Result<Signature, String> {
    let mut all: Vec<&Keypair> = vec![payer];
    all.extend(signers.iter().filter(|s| s.pubkey() != payer.pubkey()));
    let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &all, blockhash);
    rpc.send_transaction(&tx).map_err(|e| e.to_string())
}

/// The demo's network as the fixture builders see it: transactions paid by `payer` under
/// `blockhash`, sent over a blocking RPC client (its futures are ready at once: run them
/// with [`lrt_fixtures::ready_now`]).
pub struct RpcChain<'a> {
    pub rpc: &'a RpcClient,
    pub blockhash: Hash,
    pub payer: &'a Keypair,
}

impl lrt_fixtures::Chain for RpcChain<'_> {
    type Error = String;

    fn payer(&self) -> Pubkey {
        self.payer.pubkey()
    }

    async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), String> {
        send_transaction(self.rpc, self.blockhash, self.payer, ixs, signers).map(drop)
    }

    async fn account_data(&mut self, key: Pubkey) -> Option<Vec<u8>> {
        self.rpc
            .get_account_with_commitment(&key, CommitmentConfig::processed())
            .ok()
            .and_then(|r| r.value)
            .map(|a| a.data)
    }
}

/// One transaction of a seeding round.
struct Step {
    name: String,
    payer: Keypair,
    signers: Vec<Keypair>,
    ixs: Vec<Instruction>,
}

impl Step {
    fn new(name: impl Into<String>, payer: &Keypair, ixs: Vec<Instruction>) -> Self {
        Step {
            name: name.into(),
            payer: payer.insecure_clone(),
            signers: vec![],
            ixs,
        }
    }

    fn signed_by(mut self, signer: &Keypair) -> Self {
        self.signers.push(signer.insecure_clone());
        self
    }
}

/// Sends rounds of independent transactions concurrently, one RPC client per thread.
struct Seeder {
    clients: Vec<RpcClient>,
}

impl Seeder {
    fn new(rpc_url: &str, threads: usize) -> Self {
        Seeder {
            clients: (0..threads).map(|_| processed_client(rpc_url)).collect(),
        }
    }

    fn airdrop(&mut self, to: &[(Pubkey, u64)]) -> Result<(), DemoError> {
        self.concurrently(to, |rpc, (key, lamports)| {
            rpc.request_airdrop(key, *lamports)
                .map(drop)
                .map_err(|e| DemoError::Transaction {
                    step: format!("airdrop to {key}"),
                    error: e.to_string(),
                })
        })
    }

    fn round(&mut self, steps: Vec<Step>) -> Result<(), DemoError> {
        let blockhash = self.clients[0].get_latest_blockhash().map_err(rpc_error)?;
        self.concurrently(&steps, |rpc, step| {
            let signers: Vec<&Keypair> = step.signers.iter().collect();
            let mut chain = RpcChain {
                rpc,
                blockhash,
                payer: &step.payer,
            };
            lrt_fixtures::ready_now(lrt_fixtures::Chain::send(&mut chain, &step.ixs, &signers))
                .map_err(|error| DemoError::Transaction {
                    step: step.name.clone(),
                    error,
                })
        })
    }

    fn concurrently<T: Sync>(
        &mut self,
        items: &[T],
        work: impl Fn(&RpcClient, &T) -> Result<(), DemoError> + Sync,
    ) -> Result<(), DemoError> {
        let work = &work;
        for chunk in items.chunks(self.clients.len()) {
            std::thread::scope(|scope| {
                let handles: Vec<_> = chunk
                    .iter()
                    .zip(&self.clients)
                    .map(|(item, rpc)| scope.spawn(move || work(rpc, item)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a seeding thread panicked"))
                    .collect::<Result<Vec<()>, DemoError>>()
            })?;
        }
        Ok(())
    }
}

/// Creates `asset`'s Token-2022 mint (9 decimals, no freeze authority, the faucet as mint
/// authority) with its metadata in the mint itself (metadata pointer + token metadata).
fn token_2022_mint_with_metadata(faucet: &Pubkey, asset: &DemoAsset) -> Vec<Instruction> {
    use anchor_spl::token_2022_extensions::spl_token_metadata_interface::{
        instruction::initialize as initialize_metadata, state::TokenMetadata,
    };
    use spl_token_2022::extension::{metadata_pointer, ExtensionType};
    let name = format!("Demo {} (local network)", asset.symbol);
    let metadata = TokenMetadata {
        mint: asset.mint,
        name: name.clone(),
        symbol: asset.symbol.to_string(),
        ..TokenMetadata::default()
    };
    let space = ExtensionType::try_calculate_account_len::<spl_token_2022::state::Mint>(&[
        ExtensionType::MetadataPointer,
    ])
    .expect("mint size");
    // rent for the metadata too: initializing it reallocates the mint
    let full = space + metadata.tlv_size_of().expect("metadata size");
    vec![
        anchor_lang::solana_program::system_instruction::create_account(
            faucet,
            &asset.mint,
            Rent::default().minimum_balance(full),
            space as u64,
            &TOKEN_2022,
        ),
        metadata_pointer::instruction::initialize(
            &TOKEN_2022,
            &asset.mint,
            Some(*faucet),
            Some(asset.mint),
        )
        .expect("metadata pointer builds"),
        spl_token_2022::instruction::initialize_mint2(&TOKEN_2022, &asset.mint, faucet, None, 9)
            .expect("initialize_mint2 builds"),
        initialize_metadata(
            &TOKEN_2022,
            &asset.mint,
            faucet,
            &asset.mint,
            faucet,
            name,
            asset.symbol.to_string(),
            String::new(),
        ),
    ]
}

/// `owner`'s associated account of `asset` (created if missing) and `amount` minted to it.
fn mint_to_owner(
    faucet: &Pubkey,
    asset: &DemoAsset,
    owner: &Pubkey,
    amount: u64,
) -> [Instruction; 2] {
    [
        create_associated_token_account_idempotent(
            faucet,
            owner,
            &asset.mint,
            &asset.token_program,
        ),
        spl_token_2022::instruction::mint_to(
            &asset.token_program,
            &asset.mint,
            &asset.account_of(owner),
            faucet,
            &[],
            amount,
        )
        .expect("mint_to builds"),
    ]
}

/// `owner`'s wSOL associated account holding `lamports` (wrapped: transfer + sync).
fn wrap_sol(owner: &Pubkey, lamports: u64) -> [Instruction; 3] {
    let account = pda::associated_token_account(owner, &WSOL_MINT, &TOKEN);
    [
        create_associated_token_account_idempotent(owner, owner, &WSOL_MINT, &TOKEN),
        anchor_lang::solana_program::system_instruction::transfer(owner, &account, lamports),
        spl_token::instruction::sync_native(&TOKEN, &account).expect("sync_native builds"),
    ]
}

/// The transactions of each seeding round.
struct World<'a> {
    keys: &'a Keys,
    assets: &'a [DemoAsset],
    vault: Pubkey,
}

impl<'a> World<'a> {
    fn new(keys: &'a Keys, assets: &'a [DemoAsset]) -> Self {
        World {
            keys,
            assets,
            vault: pda::vault(&keys.lrt_mint.pubkey()),
        }
    }

    /// The vault "Demo Restaked SOL": wSOL (seeded by the curator), dsSOL and dmSOL, none
    /// capped.
    fn new_vault(&self) -> lrt_fixtures::NewVault {
        lrt_fixtures::NewVault {
            name: VAULT_NAME.into(),
            symbol: VAULT_SYMBOL.into(),
            uri: "https://example.org/drsol.json".into(),
            assets: self
                .assets
                .iter()
                .map(|a| lrt_fixtures::Asset {
                    mint: a.mint,
                    token_program: a.token_program,
                    pricing: a.pricing,
                    deposit_cap: u64::MAX,
                })
                .collect(),
            seed_amount: SEED_WSOL,
        }
    }

    fn round_protocol_and_tokens(&self) -> Vec<Step> {
        let k = self.keys;
        let admin = k.admin.pubkey();
        let example = k.example_avs();
        let demo = k.demo_avs();
        let protocol = lrt_fixtures::Protocol {
            treasury: k.treasury.pubkey(),
            epoch_length: DEMO_EPOCH_LENGTH,
            max_deposit_fee_bps: 100,
            max_withdrawal_fee_bps: 100,
            veto_authority: admin,
            veto_window_slots: VETO_WINDOW_SLOTS,
            resolution_delay_slots: RESOLUTION_DELAY_SLOTS,
            max_vault_slash_bps_per_epoch: MAX_VAULT_SLASH_BPS,
            max_commission_bps: MAX_COMMISSION_BPS,
        };
        let mut steps = vec![Step::new(
            "config, registry and AVSs",
            &k.admin,
            vec![
                protocol.config_ix(admin),
                protocol.registry_ix(admin),
                example
                    .registration("https://example.org/example-avs.json")
                    .register_ix(admin),
                demo.registration("https://example.org/demo-avs.json")
                    .register_ix(admin),
            ],
        )];
        // The LST mints, with the wallet's and the curator's balances; the recipient's
        // accounts (so sweeps need no set-up); the incinerator's wSOL account (where a
        // burn of wSOL goes).
        let faucet = k.faucet.pubkey();
        for (asset, mint_key) in self.assets[1..].iter().zip([&k.ds_mint, &k.dm_mint]) {
            let mut ixs = token_2022_mint_with_metadata(&faucet, asset);
            ixs.extend(mint_to_owner(
                &faucet,
                asset,
                &k.wallet.pubkey(),
                WALLET_TOKENS,
            ));
            ixs.extend(mint_to_owner(
                &faucet,
                asset,
                &k.curator.pubkey(),
                CURATOR_LST_DEPOSIT,
            ));
            ixs.push(create_associated_token_account_idempotent(
                &faucet,
                &k.recipient,
                &asset.mint,
                &asset.token_program,
            ));
            steps.push(
                Step::new(
                    format!("{} mint and balances", asset.symbol),
                    &k.faucet,
                    ixs,
                )
                .signed_by(mint_key),
            );
        }
        steps.push(Step::new(
            "wSOL accounts of the recipient and the incinerator",
            &k.faucet,
            [k.recipient, INCINERATOR]
                .iter()
                .map(|owner| {
                    create_associated_token_account_idempotent(&faucet, owner, &WSOL_MINT, &TOKEN)
                })
                .collect(),
        ));
        steps.push(Step::new(
            "curator wraps SOL",
            &k.curator,
            wrap_sol(&k.curator.pubkey(), SEED_WSOL + CURATOR_WSOL_DEPOSIT).to_vec(),
        ));
        steps.push(Step::new(
            "wallet wraps SOL",
            &k.wallet,
            wrap_sol(&k.wallet.pubkey(), WALLET_TOKENS).to_vec(),
        ));
        steps.push(Step::new(
            "demo wallet wraps SOL",
            &k.demo_wallet,
            wrap_sol(&k.demo_wallet.pubkey(), WALLET_TOKENS).to_vec(),
        ));
        // operators register in the next round: registration reads the registry's
        // commission cap, which this round creates
        let operator1 = &k.operators[0];
        steps.push(Step::new(
            "operator-1 wraps SOL",
            operator1,
            wrap_sol(&operator1.pubkey(), OPERATOR1_WSOL_DEPOSIT).to_vec(),
        ));
        steps
    }

    fn round_vault_and_opt_ins(&self) -> Vec<Step> {
        let k = self.keys;
        let curator = k.curator.pubkey();
        let mut steps = vec![Step::new(
            "create the vault",
            &k.curator,
            vec![self.new_vault().create_ix(
                curator,
                k.lrt_mint.pubkey(),
                self.assets[0].account_of(&curator),
            )],
        )
        .signed_by(&k.lrt_mint)];
        steps.push(Step::new(
            "initialize the example AVS",
            &k.admin,
            vec![avs::initialize(
                k.admin.pubkey(),
                k.example_avs().account,
                avs::example_avs::instructions::InitializeArgs {
                    slash_wad: EXAMPLE_AVS_SLASH_WAD,
                },
            )],
        ));
        // The demo wallet's LSTs, as the wallet's (the mints exist since the last round).
        steps.push(Step::new(
            "demo wallet's dsSOL and dmSOL",
            &k.faucet,
            self.assets[1..]
                .iter()
                .flat_map(|asset| {
                    mint_to_owner(
                        &k.faucet.pubkey(),
                        asset,
                        &k.demo_wallet.pubkey(),
                        WALLET_TOKENS,
                    )
                })
                .collect(),
        ));
        // The cross-chain path: the local guardian set and the remote AVS (its opt-ins in
        // the next round, once it exists).
        steps.push(Step::new(
            "guardian set and the remote AVS",
            &k.admin,
            vec![
                guardian_set().install_ix(k.admin.pubkey()),
                k.remote_avs()
                    .registration("https://example.org/remote-avs-sepolia-simulated.json")
                    .register_ix(k.admin.pubkey()),
            ],
        ));
        let avss = [k.example_avs().account, k.demo_avs().account];
        for (i, op) in k.operators.iter().enumerate() {
            let register = lrt_fixtures::NewOperator {
                commission_bps: COMMISSIONS_BPS[i],
                signing_key: op.pubkey().to_bytes(),
                metadata_uri: format!("https://example.org/operator-{}.json", i + 1),
            }
            .register_ix(op.pubkey());
            steps.push(Step::new(
                format!("operator-{} registers and opts in to both AVSs", i + 1),
                op,
                std::iter::once(register)
                    .chain(lrt_fixtures::operator_opt_in_ixs(op.pubkey(), &avss))
                    .collect(),
            ));
        }
        steps
    }

    fn round_assets_and_operators(&self) -> Vec<Step> {
        let k = self.keys;
        let curator = k.curator.pubkey();
        let mut assets = self.new_vault().add_asset_ixs(curator, self.vault);
        assets.push(vault_ix::set_fees(
            curator,
            self.vault,
            0,
            WITHDRAWAL_FEE_BPS,
        ));
        assets.push(vault_ix::set_reward_fees(
            curator,
            self.vault,
            REWARD_FEE_BPS,
            INSURANCE_CUT_BPS,
        ));
        let avss = [
            k.example_avs().account,
            k.demo_avs().account,
            k.remote_avs().account,
        ];
        let mut operators = lrt_fixtures::whitelist_ixs(
            curator,
            self.vault,
            &k.operator_accounts(),
            OPERATOR_MAX_BPS,
        );
        operators.extend(lrt_fixtures::vault_opt_in_ixs(
            curator, self.vault, &avss, 10_000,
        ));
        let mut steps = vec![
            Step::new("add dsSOL and dmSOL, set fees", &k.curator, assets),
            Step::new(
                "whitelist operators, opt the vault in",
                &k.curator,
                operators,
            ),
        ];
        for (i, op) in k.operators.iter().enumerate() {
            steps.push(Step::new(
                format!("operator-{} opts in to the remote AVS", i + 1),
                op,
                lrt_fixtures::operator_opt_in_ixs(op.pubkey(), &[k.remote_avs().account]),
            ));
        }
        steps
    }

    fn deposit(&self, vault: &Vault, who: &Keypair, asset_index: u8, amount: u64) -> Instruction {
        let who = who.pubkey();
        let lrt_mint = self.keys.lrt_mint.pubkey();
        vault_ix::deposit(
            vault,
            who,
            self.assets[usize::from(asset_index)].account_of(&who),
            pda::lrt_account(&who, &lrt_mint),
            DepositArgs {
                asset_index,
                amount,
                min_shares_out: 1,
                // the demo charges no deposit fee
                max_fee_bps: 0,
            },
        )
    }

    fn round_deposits(&self, vault: &Vault) -> Vec<Step> {
        let k = self.keys;
        let lrt_mint = k.lrt_mint.pubkey();
        let open = |who: &Keypair| {
            create_associated_token_account_idempotent(
                &who.pubkey(),
                &who.pubkey(),
                &lrt_mint,
                &TOKEN_2022,
            )
        };
        let op1 = &k.operators[0];
        vec![
            Step::new(
                "curator deposits",
                &k.curator,
                vec![
                    open(&k.curator),
                    vault_ix::refresh_prices(vault),
                    self.deposit(vault, &k.curator, 0, CURATOR_WSOL_DEPOSIT),
                    self.deposit(vault, &k.curator, 1, CURATOR_LST_DEPOSIT),
                    self.deposit(vault, &k.curator, 2, CURATOR_LST_DEPOSIT),
                ],
            ),
            Step::new(
                "operator-1 deposits and bonds",
                op1,
                vec![
                    open(op1),
                    vault_ix::refresh_prices(vault),
                    self.deposit(vault, op1, 0, OPERATOR1_WSOL_DEPOSIT),
                    vault_ix::bond(
                        vault,
                        registry::pda::operator(&op1.pubkey()),
                        op1.pubkey(),
                        OPERATOR1_BOND_SHARES,
                    ),
                ],
            ),
        ]
    }

    fn round_allocations(&self) -> Vec<Step> {
        let k = self.keys;
        let curator = k.curator.pubkey();
        let allocations: Vec<(Pubkey, u64)> = k
            .operator_accounts()
            .into_iter()
            .zip(ALLOCATIONS_BPS.map(allocation_wad))
            .collect();
        let ixs = lrt_fixtures::allocate_ixs(curator, self.vault, &allocations);
        vec![Step::new("curator allocates", &k.curator, ixs)]
    }
}
