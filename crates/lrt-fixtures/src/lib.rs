//! One builder of the restaking world, for the integration tests (solana-program-test) and
//! the localnet demo (RPC).
//!
//! Every world repeats the same steps: the vault program's Config and the registry, a vault
//! with its assets, operators registered, AVSs registered, operators and vaults opted in,
//! operators whitelisted and allocated. Each step here is a builder with:
//! - `…_ix` / `…_ixs`: the instructions alone, for a caller that batches them (the
//!   demo sends independent steps concurrently);
//! - an `async` method taking a [`Chain`], which sends them.
//!
//! [`Chain`] is all a network has to offer the builders: send a transaction signed by its
//! payer and some keys, and read an account. The tests implement it for their
//! program-test context, the localnet for its RPC client; this crate depends on neither.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lrt_client::{instructions as vault_ix, pda, registry};
use lrt_vault::{
    instructions::{AddAssetArgs, CreateVaultArgs, InitializeConfigArgs},
    state::PricingSource,
};
use slasher_registry::{
    instructions::{InitializeRegistryArgs, OperatorArgs, RegisterAvsArgs, SetGuardianSetArgs},
    state::{AvsKind, SlashDestination},
};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// A network the builders send to: program-test's bank or a cluster over RPC.
///
/// Its futures may be ready at once (a blocking RPC client): see [`ready_now`].
#[allow(async_fn_in_trait)] // used in generic code only, never as `dyn` or across threads
pub trait Chain {
    type Error: std::fmt::Debug;

    /// Pays for (and signs) every transaction; the protocol's admin when it initialises.
    fn payer(&self) -> Pubkey;

    /// Sends `ixs` in one transaction signed by the payer and `signers`.
    async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<(), Self::Error>;

    /// The data of the account at `key`, if one exists.
    async fn account_data(&mut self, key: Pubkey) -> Option<Vec<u8>>;

    /// The Anchor account at `key`, decoded; panics if it is missing or not a `T`.
    async fn decode<T: anchor_lang::AccountDeserialize>(&mut self, key: Pubkey) -> T {
        let data = self
            .account_data(key)
            .await
            .unwrap_or_else(|| panic!("account {key} exists"));
        lrt_client::decode::account(&data).unwrap_or_else(|e| panic!("account {key}: {e}"))
    }
}

/// Runs a future that completes without waiting (a [`Chain`] over a blocking client) on
/// the current thread; panics if it would wait.
pub fn ready_now<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => panic!("ready_now: the future waits"),
    }
}

/// The vault program's Config and the registry, both administered by the chain's payer
/// (also the Config's pauser).
#[derive(Clone, Debug)]
pub struct Protocol {
    pub treasury: Pubkey,
    pub epoch_length: u64,
    pub max_deposit_fee_bps: u16,
    pub max_withdrawal_fee_bps: u16,
    pub veto_authority: Pubkey,
    pub veto_window_slots: u64,
    pub resolution_delay_slots: u64,
    pub max_vault_slash_bps_per_epoch: u16,
    pub max_commission_bps: u16,
}

impl Protocol {
    pub fn config_ix(&self, admin: Pubkey) -> Instruction {
        vault_ix::initialize_config(
            admin,
            None,
            InitializeConfigArgs {
                pauser: admin,
                treasury: self.treasury,
                registry_program: slasher_registry::ID,
                epoch_length: self.epoch_length,
                max_deposit_fee_bps: self.max_deposit_fee_bps,
                max_withdrawal_fee_bps: self.max_withdrawal_fee_bps,
            },
        )
    }

    pub fn registry_ix(&self, admin: Pubkey) -> Instruction {
        registry::initialize_registry(
            admin,
            None,
            InitializeRegistryArgs {
                veto_authority: self.veto_authority,
                veto_window_slots: self.veto_window_slots,
                resolution_delay_slots: self.resolution_delay_slots,
                max_vault_slash_bps_per_epoch: self.max_vault_slash_bps_per_epoch,
                max_commission_bps: self.max_commission_bps,
            },
        )
    }

    /// Initialises the Config only (a vault-only world).
    pub async fn init_config<C: Chain>(&self, chain: &mut C) -> Result<(), C::Error> {
        let ix = self.config_ix(chain.payer());
        chain.send(&[ix], &[]).await
    }

    /// Initialises the registry only (on a Config initialised before).
    pub async fn init_registry<C: Chain>(&self, chain: &mut C) -> Result<(), C::Error> {
        let ix = self.registry_ix(chain.payer());
        chain.send(&[ix], &[]).await
    }

    /// Initialises the Config, then the registry.
    pub async fn init<C: Chain>(&self, chain: &mut C) -> Result<(), C::Error> {
        self.init_config(chain).await?;
        self.init_registry(chain).await
    }
}

/// One asset a vault holds.
#[derive(Clone, Debug)]
pub struct Asset {
    pub mint: Pubkey,
    pub token_program: Pubkey,
    pub pricing: PricingSource,
    pub deposit_cap: u64,
}

impl Asset {
    /// wSOL (SPL Token's native mint) without a cap.
    pub fn wsol() -> Self {
        Asset {
            mint: lrt_vault::constants::WSOL_MINT,
            token_program: lrt_client::token_programs::TOKEN,
            pricing: PricingSource::Wsol,
            deposit_cap: u64::MAX,
        }
    }

    fn args(&self) -> AddAssetArgs {
        AddAssetArgs {
            pricing: self.pricing,
            deposit_cap: self.deposit_cap,
        }
    }
}

/// A vault: created by its curator (also its fee admin) with `assets[0]` as the seed
/// asset, then the other assets added.
#[derive(Clone, Debug)]
pub struct NewVault {
    pub name: String,
    pub symbol: String,
    pub uri: String,
    pub assets: Vec<Asset>,
    /// Of `assets[0]`, from the curator's `seed_account`.
    pub seed_amount: u64,
}

impl NewVault {
    /// The `create_vault` instruction (signed by the curator and `lrt_mint`).
    pub fn create_ix(
        &self,
        curator: Pubkey,
        lrt_mint: Pubkey,
        seed_account: Pubkey,
    ) -> Instruction {
        let seed = &self.assets[0];
        vault_ix::create_vault(
            vault_ix::CreateVaultKeys {
                creator: curator,
                lrt_mint,
                seed_mint: seed.mint,
                seed_token_program: seed.token_program,
                creator_seed_account: seed_account,
            },
            CreateVaultArgs {
                name: self.name.clone(),
                symbol: self.symbol.clone(),
                uri: self.uri.clone(),
                curator,
                fee_admin: curator,
                seed_asset: seed.args(),
                seed_amount: self.seed_amount,
            },
        )
    }

    /// `add_asset` of every asset after the seed asset (signed by the curator).
    pub fn add_asset_ixs(&self, curator: Pubkey, vault: Pubkey) -> Vec<Instruction> {
        self.assets[1..]
            .iter()
            .map(|a| vault_ix::add_asset(curator, vault, a.mint, a.token_program, a.args()))
            .collect()
    }

    /// Creates the vault whose share mint is `lrt_mint`, then adds the other assets.
    /// Returns the vault's address.
    pub async fn create<C: Chain>(
        &self,
        chain: &mut C,
        curator: &Keypair,
        lrt_mint: &Keypair,
        seed_account: Pubkey,
    ) -> Result<Pubkey, C::Error> {
        let create = self.create_ix(curator.pubkey(), lrt_mint.pubkey(), seed_account);
        chain.send(&[create], &[curator, lrt_mint]).await?;
        let vault = pda::vault(&lrt_mint.pubkey());
        for ix in self.add_asset_ixs(curator.pubkey(), vault) {
            chain.send(&[ix], &[curator]).await?;
        }
        Ok(vault)
    }
}

/// An operator's registration.
#[derive(Clone, Debug)]
pub struct NewOperator {
    pub commission_bps: u16,
    pub signing_key: [u8; 32],
    pub metadata_uri: String,
}

impl NewOperator {
    pub fn register_ix(&self, authority: Pubkey) -> Instruction {
        registry::register_operator(
            authority,
            OperatorArgs {
                commission_bps: self.commission_bps,
                signing_key: self.signing_key,
                metadata_uri: self.metadata_uri.clone(),
            },
        )
    }

    /// Registers the operator `authority` manages; returns its registry account.
    pub async fn register<C: Chain>(
        &self,
        chain: &mut C,
        authority: &Keypair,
    ) -> Result<Pubkey, C::Error> {
        let ix = self.register_ix(authority.pubkey());
        chain.send(&[ix], &[authority]).await?;
        Ok(registry::pda::operator(&authority.pubkey()))
    }
}

/// An AVS whose slash authority is `slash_authority` (a key or a program's PDA), admitted
/// by the registry admin.
#[derive(Clone, Debug)]
pub struct NewAvs {
    pub id: Pubkey,
    pub admin: Pubkey,
    pub slash_authority: Pubkey,
    pub max_slash_wad: u128,
    pub destination: SlashDestination,
    pub metadata_uri: String,
}

impl NewAvs {
    pub fn register_ix(&self, registry_admin: Pubkey) -> Instruction {
        registry::register_avs(
            registry_admin,
            RegisterAvsArgs {
                id: self.id,
                admin: self.admin,
                kind: AvsKind::Local {
                    slash_authority: self.slash_authority,
                },
                max_slash_wad: self.max_slash_wad,
                destination: self.destination,
                metadata_uri: self.metadata_uri.clone(),
            },
        )
    }

    /// The registry's `Avs` account of this AVS.
    pub fn account(&self) -> Pubkey {
        registry::pda::avs(&self.id)
    }

    /// Registers the AVS, the chain's payer acting as registry admin; returns its account.
    pub async fn register<C: Chain>(&self, chain: &mut C) -> Result<Pubkey, C::Error> {
        let ix = self.register_ix(chain.payer());
        chain.send(&[ix], &[]).await?;
        Ok(self.account())
    }
}

/// An AVS on another chain: its requests arrive as guardian-signed messages (Wormhole VAA
/// v1) from the contract `emitter` (32 bytes; an EVM address is left-padded) on the chain
/// with Wormhole id `chain`; admitted by the registry admin.
#[derive(Clone, Debug)]
pub struct NewRemoteAvs {
    pub id: Pubkey,
    pub admin: Pubkey,
    pub chain: u16,
    pub emitter: [u8; 32],
    pub max_slash_wad: u128,
    pub destination: SlashDestination,
    pub metadata_uri: String,
}

impl NewRemoteAvs {
    pub fn register_ix(&self, registry_admin: Pubkey) -> Instruction {
        registry::register_avs(
            registry_admin,
            RegisterAvsArgs {
                id: self.id,
                admin: self.admin,
                kind: AvsKind::Remote {
                    chain: self.chain,
                    emitter: self.emitter,
                },
                max_slash_wad: self.max_slash_wad,
                destination: self.destination,
                metadata_uri: self.metadata_uri.clone(),
            },
        )
    }

    /// The registry's `Avs` account of this AVS.
    pub fn account(&self) -> Pubkey {
        registry::pda::avs(&self.id)
    }

    /// Registers the AVS, the chain's payer acting as registry admin; returns its account.
    pub async fn register<C: Chain>(&self, chain: &mut C) -> Result<Pubkey, C::Error> {
        let ix = self.register_ix(chain.payer());
        chain.send(&[ix], &[]).await?;
        Ok(self.account())
    }
}

/// The registry's first guardian set and its cross-chain parameters (`set_guardian_set`,
/// registry admin, once): the set's index (Wormhole's numbering), the guardians' Ethereum
/// addresses, how long a replaced set still verifies and how old a message may be.
#[derive(Clone, Debug)]
pub struct GuardianSet {
    pub index: u32,
    pub keys: Vec<[u8; 20]>,
    /// Seconds a replaced set still verifies messages (86,400 on Wormhole's networks).
    pub guardian_set_expiration: u32,
    /// Seconds a message's timestamp may differ from the clock.
    pub max_message_age: u32,
}

impl GuardianSet {
    pub fn install_ix(&self, registry_admin: Pubkey) -> Instruction {
        registry::set_guardian_set(
            registry_admin,
            SetGuardianSetArgs {
                index: self.index,
                keys: self.keys.clone(),
                guardian_set_expiration: self.guardian_set_expiration,
                max_message_age: self.max_message_age,
            },
        )
    }

    /// The registry's `GuardianSetAccount` of this set.
    pub fn account(&self) -> Pubkey {
        registry::pda::guardian_set(self.index)
    }

    /// Installs the set, the chain's payer acting as registry admin.
    pub async fn install<C: Chain>(&self, chain: &mut C) -> Result<(), C::Error> {
        let ix = self.install_ix(chain.payer());
        chain.send(&[ix], &[]).await
    }
}

/// The operator `authority` manages opts in to each of `avss` (registry `Avs` accounts).
pub fn operator_opt_in_ixs(authority: Pubkey, avss: &[Pubkey]) -> Vec<Instruction> {
    avss.iter()
        .map(|avs| registry::opt_in_avs(authority, *avs))
        .collect()
}

/// The operator `authority` manages opts in to `avs`.
pub async fn opt_in_operator<C: Chain>(
    chain: &mut C,
    authority: &Keypair,
    avs: Pubkey,
) -> Result<(), C::Error> {
    let ixs = operator_opt_in_ixs(authority.pubkey(), &[avs]);
    chain.send(&ixs, &[authority]).await
}

/// `vault`'s curator opts it in to each of `avss` (registry `Avs` accounts), capping what
/// each may take at `cap_bps`.
pub fn vault_opt_in_ixs(
    curator: Pubkey,
    vault: Pubkey,
    avss: &[Pubkey],
    cap_bps: u16,
) -> Vec<Instruction> {
    avss.iter()
        .map(|avs| registry::vault_opt_in_avs(curator, vault, *avs, cap_bps))
        .collect()
}

/// `vault`'s curator opts it in to `avs`, capping what the AVS may take at `cap_bps`.
pub async fn opt_in_vault<C: Chain>(
    chain: &mut C,
    curator: &Keypair,
    vault: Pubkey,
    avs: Pubkey,
    cap_bps: u16,
) -> Result<(), C::Error> {
    let ixs = vault_opt_in_ixs(curator.pubkey(), vault, &[avs], cap_bps);
    chain.send(&ixs, &[curator]).await
}

/// `vault`'s curator whitelists each of `operators` (registry `Operator` accounts), each
/// up to `max_bps` of the vault.
pub fn whitelist_ixs(
    curator: Pubkey,
    vault: Pubkey,
    operators: &[Pubkey],
    max_bps: u16,
) -> Vec<Instruction> {
    operators
        .iter()
        .map(|operator| vault_ix::whitelist_operator(curator, vault, *operator, max_bps))
        .collect()
}

/// `vault`'s curator whitelists `operator` (a registry account) up to `max_bps` of the
/// vault.
pub async fn whitelist<C: Chain>(
    chain: &mut C,
    curator: &Keypair,
    vault: Pubkey,
    operator: Pubkey,
    max_bps: u16,
) -> Result<(), C::Error> {
    let ixs = whitelist_ixs(curator.pubkey(), vault, &[operator], max_bps);
    chain.send(&ixs, &[curator]).await
}

/// `vault`'s curator allocates to each `(operator, wad)` of `allocations` the fraction
/// `wad` (1e18 = all) of the vault, on top of what it had.
pub fn allocate_ixs(
    curator: Pubkey,
    vault: Pubkey,
    allocations: &[(Pubkey, u64)],
) -> Vec<Instruction> {
    allocations
        .iter()
        .map(|(operator, wad)| vault_ix::delegate(curator, vault, *operator, *wad))
        .collect()
}

/// `vault`'s curator allocates the fraction `wad` (1e18 = all) of the vault to `operator`.
pub async fn allocate<C: Chain>(
    chain: &mut C,
    curator: &Keypair,
    vault: Pubkey,
    operator: Pubkey,
    wad: u64,
) -> Result<(), C::Error> {
    let ixs = allocate_ixs(curator.pubkey(), vault, &[(operator, wad)]);
    chain.send(&ixs, &[curator]).await
}
