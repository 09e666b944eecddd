//! The AVS developer kit (issue 12, item 5): `examples/minimal_avs`, an outside program
//! that knows the registry only through its committed IDL (`declare_program!`), on the
//! real registry and vault programs. The registry admin admits it with its `["slasher"]`
//! PDA as slash authority, its admin initialises it, the operator and both vaults of the
//! slashing world opt in; then its `slash` becomes a registry request (decoded and checked
//! field by field), which executes into a vault after the veto window and is swept to the
//! AVS's recipient; changes it announces reach requests from the epoch after next; the
//! IDL it compiled against agrees with the registry program. Every refusal asserts the
//! exact error of the instruction and that no account changed. Expected amounts come from
//! the rules (allocation x value x fraction), not from a run.
#![allow(deprecated)] // see tests/src/lib.rs
mod announce;
mod idl;
mod initialize;
mod slash;
mod slash_failures;

use anchor_lang::{
    prelude::{AccountInfo, Pubkey},
    solana_program::entrypoint::ProgramResult,
    InstructionData, ToAccountMetas,
};
use lrt_client::{pda, registry, Instruction};
use lrt_integration_tests::{slashing_world::World, *};
use minimal_avs::{
    constants::{CONFIG_SEED, SLASH_AUTHORITY_SEED},
    errors::MinimalAvsError,
};
use slasher_registry::state::{AvsKind, SlashDestination};
use solana_keypair::Keypair;
use solana_program_test::{processor, BanksClientError};
use solana_signer::Signer;

/// The minimal AVS's maximum per request, as the registry admin admits it: 50%.
pub const MAX_SLASH_WAD: u128 = WAD / 2;

/// Anchor's `entry` ties every lifetime together; program-test's `invoke_builtin_function`
/// hands out independent ones. Narrowing them is sound because the slice outlives the call
/// (as in `crates/native-builtins`).
fn minimal_avs_entry(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let accounts: &[AccountInfo] = unsafe { std::mem::transmute(accounts) };
    minimal_avs::entry(program_id, accounts, data)
}

pub fn config_key() -> Pubkey {
    Pubkey::find_program_address(&[CONFIG_SEED], &minimal_avs::ID).0
}

pub fn slash_authority() -> Pubkey {
    Pubkey::find_program_address(&[SLASH_AUTHORITY_SEED], &minimal_avs::ID).0
}

pub fn avs_error(e: MinimalAvsError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + e as u32
}

/// A registry error's code as an outside AVS sees it: from the IDL, through the module
/// `declare_program!` generated (`idl.rs` checks these against the registry program).
pub fn registry_error(e: minimal_avs::slasher_registry::error::SlasherRegistryError) -> u32 {
    e as u32
}

/// `initialize` of the minimal AVS, signed by `admin`.
pub fn initialize_ix(admin: Pubkey) -> Instruction {
    Instruction {
        program_id: minimal_avs::ID,
        accounts: minimal_avs::accounts::Initialize {
            admin,
            config: config_key(),
            avs: registry::pda::avs(&minimal_avs::ID),
            slash_authority: slash_authority(),
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None),
        data: minimal_avs::instruction::Initialize {}.data(),
    }
}

/// `slash` of the minimal AVS by `signer` against `operator`, as the `index`-th request of
/// the registry AVS `avs` (its `request_count`, read from chain).
pub fn slash_ix(
    signer: Pubkey,
    avs: Pubkey,
    index: u64,
    operator: Pubkey,
    fraction_wad: u128,
    evidence_hash: [u8; 32],
) -> Instruction {
    Instruction {
        program_id: minimal_avs::ID,
        accounts: minimal_avs::accounts::Slash {
            admin: signer,
            config: config_key(),
            slash_authority: slash_authority(),
            registry_config: registry::pda::registry_config(),
            vault_config: pda::config(),
            avs,
            operator_avs: registry::pda::operator_avs(&operator, &avs),
            slash_request: registry::pda::slash_request(&avs, index),
            registry_event_authority: registry::pda::event_authority(),
            registry_program: slasher_registry::ID,
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None),
        data: minimal_avs::instruction::Slash {
            operator,
            fraction_wad,
            evidence_hash,
        }
        .data(),
    }
}

/// The slashing world (`tests/src/slashing_world.rs`: two vaults, an operator allocated
/// half of each from e0 + 1) with the minimal AVS as a builtin beside it.
pub struct Kit {
    pub w: World,
    /// The minimal AVS's admin (and its registry AVS's admin).
    pub admin: Keypair,
    /// The minimal AVS's registry account, `["avs", minimal_avs::ID]`.
    pub avs: Pubkey,
}

impl Kit {
    /// The world, and the minimal AVS admitted by the registry admin (id = its program
    /// id, slash authority = its `["slasher"]` PDA, 50% at most per request, tokens to the
    /// world's recipient); not initialised, nobody opted in.
    pub async fn registered() -> Kit {
        let mut w = World::new_with(|pt| {
            pt.add_program(
                "minimal_avs",
                minimal_avs::ID,
                processor!(minimal_avs_entry),
            );
        })
        .await;
        let admin = Keypair::new();
        w.t.fund(&[&admin], SOL).await;
        lrt_fixtures::NewAvs {
            id: minimal_avs::ID,
            admin: admin.pubkey(),
            slash_authority: slash_authority(),
            max_slash_wad: MAX_SLASH_WAD,
            destination: SlashDestination::Recipient { owner: w.recipient },
            metadata_uri: "https://example.org/minimal-avs.json".into(),
        }
        .register(&mut w.t)
        .await
        .unwrap();
        Kit {
            w,
            admin,
            avs: registry::pda::avs(&minimal_avs::ID),
        }
    }

    /// `registered`, then the admin initialises the AVS and the world's operator and both
    /// vaults (100% cap) opt in, all during e0: slashable from e0 + 1.
    pub async fn new() -> Kit {
        let mut kit = Self::registered().await;
        let admin = kit.admin.insecure_clone();
        kit.w
            .t
            .send(&[initialize_ix(admin.pubkey())], &[&admin])
            .await
            .unwrap();
        let avs = kit.avs;
        kit.w.opt_in_everyone(avs).await;
        assert_eq!(kit.w.epoch().await, kit.w.e0, "set up within e0");
        kit
    }

    /// `new`, carol's 3 SOL in vault B (4 SOL with the seed, half allocated to the
    /// operator: 2 SOL of stake), and the world in the capture epoch e0 + 1.
    pub async fn staked() -> Kit {
        let mut kit = Self::new().await;
        let carol = kit.w.users[2].key.insecure_clone();
        let (carol_wsol, vault_b) = (kit.w.users[2].wsol, kit.w.vault_b);
        kit.w
            .deposit_from(&carol, carol_wsol, vault_b, 0, 3 * SOL)
            .await;
        kit.w.delegate_and_enter_capture_epoch().await;
        kit
    }

    /// The registry AVS's next request index.
    pub async fn request_count(&mut self) -> u64 {
        let avs: slasher_registry::state::Avs = self.w.t.decode(self.avs).await;
        avs.request_count
    }

    /// `signer` calls `slash` against `operator`; returns the new request's address.
    pub async fn slash_by(
        &mut self,
        signer: &Keypair,
        operator: Pubkey,
        fraction_wad: u128,
        evidence_hash: [u8; 32],
    ) -> Result<Pubkey, BanksClientError> {
        let index = self.request_count().await;
        let ix = slash_ix(
            signer.pubkey(),
            self.avs,
            index,
            operator,
            fraction_wad,
            evidence_hash,
        );
        self.w.t.send(&[ix], &[signer]).await?;
        Ok(registry::pda::slash_request(&self.avs, index))
    }

    /// The admin slashes the world's operator.
    pub async fn slash(
        &mut self,
        fraction_wad: u128,
        evidence_hash: [u8; 32],
    ) -> Result<Pubkey, BanksClientError> {
        let (admin, operator) = (self.admin.insecure_clone(), self.w.operator);
        self.slash_by(&admin, operator, fraction_wad, evidence_hash)
            .await
    }

    /// A new operator, registered by a fresh authority (returned) that is funded; not
    /// opted in to anything.
    pub async fn another_operator(&mut self) -> (Keypair, Pubkey) {
        let authority = Keypair::new();
        self.w.t.fund(&[&authority], SOL).await;
        let operator = lrt_fixtures::NewOperator {
            commission_bps: 0,
            signing_key: [3; 32],
            metadata_uri: String::new(),
        }
        .register(&mut self.w.t, &authority)
        .await
        .unwrap();
        (authority, operator)
    }

    /// Every account a `slash` by `signer` may change: the AVS's config, its registry
    /// account, the next request's address, the signer (who pays the rent).
    pub async fn slash_accounts(&mut self, signer: Pubkey) -> Vec<Pubkey> {
        let index = self.request_count().await;
        vec![
            config_key(),
            self.avs,
            registry::pda::slash_request(&self.avs, index),
            signer,
        ]
    }

    /// `signer`'s `slash` of `operator` fails in its instruction with `code`, and no account
    /// it could touch changed (no request exists).
    pub async fn assert_slash_fails(
        &mut self,
        signer: &Keypair,
        operator: Pubkey,
        fraction_wad: u128,
        code: u32,
    ) {
        let keys = self.slash_accounts(signer.pubkey()).await;
        let before = self.w.t.snapshot(&keys).await;
        assert!(before[2].is_none(), "the next request does not exist yet");
        assert_program_error(
            self.slash_by(signer, operator, fraction_wad, [5; 32])
                .await
                .map(|_| ()),
            0,
            code,
        );
        assert_eq!(self.w.t.snapshot(&keys).await, before, "no account changed");
    }
}
