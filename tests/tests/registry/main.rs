//! The slasher registry on the real vault program: configuration and roles, operators,
//! AVSs, opt-ins and their epoch windows, slash requests, vetoes, and execution into
//! `lrt_vault::apply_slash`, and the changes that wait a full epoch of notice (commission,
//! registry parameters, an AVS's slash authority, maximum and destination). Every failure
//! asserts its exact error and that nothing moved.
#![allow(deprecated)] // see tests/src/lib.rs
mod admin;
mod avs;
mod avs_changes;
mod cap_base;
mod commission;
mod execute;
mod execute_failures;
mod operators;
mod opt_ins;
mod registry_params;
mod requests;

use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    registry::{
        self as reg,
        decode::{Avs, SlashRequest},
        slasher_registry::{
            instructions::{
                InitializeRegistryArgs, OperatorArgs, RegisterAvsArgs, RequestSlashArgs,
            },
            state::{AvsKind, RegistryParams, SlashDestination},
        },
    },
    state::Vault,
    Instruction,
};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, instructions::DepositArgs};
use solana_keypair::Keypair;
use solana_signer::Signer;

pub const EPOCH_LENGTH: u64 = 100;
pub const VETO_WINDOW: u64 = 10;
pub const RESOLUTION_DELAY: u64 = 50;
/// Registry-wide cap: half of the operator's stake at capture per (vault, operator) and
/// epoch.
pub const MAX_VAULT_BPS: u16 = 5_000;
/// The registry's commission cap: 50%.
pub const MAX_COMMISSION_BPS: u16 = 5_000;
/// The world's operator's commission (`operator_args`): 10%.
pub const COMMISSION_BPS: u16 = 1_000;
/// The curator's default cap for the AVS: 30% per epoch.
pub const VAULT_CAP_BPS: u16 = 3_000;
/// The world's vault's value when it is staked: the curator's 1 SOL seed and alice's 9 SOL.
pub const VAULT_VALUE: u64 = 10 * SOL;
/// What the world's vault allocates to the operator: 40% (WAD).
pub const ALLOCATION: u64 = 400_000_000_000_000_000;
/// The operator's stake at capture in the world's vault: its allocation of the vault's
/// slashable value (the active pool; no withdrawal is pending in these tests),
/// floor(40% x 10 SOL) = 4 SOL.
pub const STAKE: u64 = 4 * SOL;
const _: () = assert!(STAKE as u128 == ALLOCATION as u128 * VAULT_VALUE as u128 / WAD);

/// `floor(allocation * value / 1e18)`: the stake an allocation (WAD) puts behind the
/// operator in a vault whose slashable value is `value` lamports (DESIGN.md section 5).
pub fn allocated(allocation: u64, value: u64) -> u64 {
    u64::try_from(u128::from(allocation) * u128::from(value) / WAD).unwrap()
}

/// What a slash of `loss` lamports takes from a wSOL pool of `active` lamports when no
/// bond or insurance stands in front and no bucket is slashable (DESIGN.md section 5, step
/// 4c): the fraction f = ceil(loss / active) (WAD, at most 1), and the pool loses
/// ceil(active * f), so at least the loss (a unit more where f rounded up).
pub fn pro_rata_taken(active: u64, loss: u64) -> u64 {
    let f = pro_rata_fraction(active, loss);
    u64::try_from((u128::from(active) * f).div_ceil(WAD)).unwrap()
}

/// The fraction (WAD) of [`pro_rata_taken`].
pub fn pro_rata_fraction(active: u64, loss: u64) -> u128 {
    (u128::from(loss) * WAD)
        .div_ceil(u128::from(active))
        .min(WAD)
}

/// Anchor's framework error codes the tests expect.
pub mod anchor_codes {
    use anchor_lang::error::ErrorCode;
    pub const CONSTRAINT_SEEDS: u32 = ErrorCode::ConstraintSeeds as u32;
    pub const ACCOUNT_DISCRIMINATOR_MISMATCH: u32 = ErrorCode::AccountDiscriminatorMismatch as u32;
    pub const ACCOUNT_OWNED_BY_WRONG_PROGRAM: u32 = ErrorCode::AccountOwnedByWrongProgram as u32;
    pub const ACCOUNT_NOT_INITIALIZED: u32 = ErrorCode::AccountNotInitialized as u32;
}

pub fn operator_args(seed: u8) -> OperatorArgs {
    OperatorArgs {
        commission_bps: COMMISSION_BPS,
        signing_key: [seed; 32],
        metadata_uri: format!("https://example.org/operator-{seed}.json"),
    }
}

pub fn local_avs_args(id: Pubkey, admin: Pubkey, slash_authority: Pubkey) -> RegisterAvsArgs {
    RegisterAvsArgs {
        id,
        admin,
        kind: AvsKind::Local { slash_authority },
        max_slash_wad: WAD,
        destination: SlashDestination::Burn,
        metadata_uri: "https://example.org/avs.json".into(),
    }
}

pub fn registry_args(veto_authority: Pubkey) -> InitializeRegistryArgs {
    InitializeRegistryArgs {
        veto_authority,
        veto_window_slots: VETO_WINDOW,
        resolution_delay_slots: RESOLUTION_DELAY,
        max_vault_slash_bps_per_epoch: MAX_VAULT_BPS,
        max_commission_bps: MAX_COMMISSION_BPS,
    }
}

/// The parameters `registry_args` sets.
pub fn registry_params() -> RegistryParams {
    RegistryParams {
        veto_window_slots: VETO_WINDOW,
        resolution_delay_slots: RESOLUTION_DELAY,
        max_vault_slash_bps_per_epoch: MAX_VAULT_BPS,
        max_commission_bps: MAX_COMMISSION_BPS,
    }
}

/// A registry on top of a vault program with one wSOL vault worth 10 SOL.
pub struct World {
    pub t: TestContext,
    /// The payer: admin of the vault Config and of the registry.
    pub admin: Keypair,
    pub veto: Keypair,
    pub curator: Keypair,
    pub alice: Keypair,
    /// Curator of a second vault (`second_vault`), with 5 SOL of wSOL to seed it.
    pub curator2: Keypair,
    pub curator2_wsol: Pubkey,
    pub treasury: Pubkey,
    pub vault_key: Pubkey,
    pub vault: Vault,
    /// The operator's authority and its registry account.
    pub op: Keypair,
    pub operator: Pubkey,
    pub avs_admin: Keypair,
    pub slash_authority: Keypair,
    pub avs_id: Pubkey,
    pub avs: Pubkey,
}

impl World {
    /// The vault program and its vault (curator seed 1 SOL, alice 9 SOL); no registry yet.
    pub async fn bare() -> Self {
        let [veto, curator, alice, curator2, op, avs_admin, slash_authority] =
            [(); 7].map(|_| Keypair::new());
        let [curator_wsol, alice_wsol, curator2_wsol] = [(); 3].map(|_| Pubkey::new_unique());
        let mut t = TestContext::start(vec![
            (WSOL_MINT, native_mint_account()),
            (curator_wsol, wsol_account(curator.pubkey(), SOL)),
            (alice_wsol, wsol_account(alice.pubkey(), 9 * SOL)),
            (curator2_wsol, wsol_account(curator2.pubkey(), 5 * SOL)),
        ])
        .await;
        let admin = t.payer();
        let treasury = Pubkey::new_unique();
        let everyone = [
            &veto,
            &curator,
            &alice,
            &curator2,
            &op,
            &avs_admin,
            &slash_authority,
        ];
        t.fund(&everyone, SOL).await;
        t.initialize_config(treasury, EPOCH_LENGTH, 0).await;
        let vault_key = t
            .create_wsol_vault(&curator, curator_wsol, treasury, SOL, u64::MAX)
            .await
            .vault;
        let vault: Vault = t.decode(vault_key).await;
        let alice_lrt = pda::lrt_account(&alice.pubkey(), &vault.lrt_mint);
        let args = DepositArgs {
            asset_index: 0,
            amount: 9 * SOL,
            min_shares_out: 9 * SOL,
            max_fee_bps: 10_000,
        };
        let ixs = [
            create_lrt_account_ix(alice.pubkey(), vault.lrt_mint),
            build::deposit(&vault, alice.pubkey(), alice_wsol, alice_lrt, args),
        ];
        t.send(&ixs, &[&alice]).await.unwrap();
        let avs_id = Pubkey::new_unique();
        World {
            t,
            admin,
            veto,
            curator,
            alice,
            curator2,
            curator2_wsol,
            treasury,
            vault_key,
            vault,
            operator: reg::pda::operator(&op.pubkey()),
            op,
            avs_admin,
            slash_authority,
            avs: reg::pda::avs(&avs_id),
            avs_id,
        }
    }

    /// The operator of `operator_args(seed)`.
    pub fn new_operator(&self, seed: u8) -> lrt_fixtures::NewOperator {
        let args = operator_args(seed);
        lrt_fixtures::NewOperator {
            commission_bps: args.commission_bps,
            signing_key: args.signing_key,
            metadata_uri: args.metadata_uri,
        }
    }

    /// A local AVS `id` of the world's AVS admin and slash authority, as
    /// `local_avs_args` makes it (burn), that may request up to `max_slash_wad`.
    pub fn new_avs(&self, id: Pubkey, max_slash_wad: u128) -> lrt_fixtures::NewAvs {
        lrt_fixtures::NewAvs {
            id,
            admin: self.avs_admin.pubkey(),
            slash_authority: self.slash_authority.pubkey(),
            max_slash_wad,
            destination: SlashDestination::Burn,
            metadata_uri: "https://example.org/avs.json".into(),
        }
    }

    /// `bare` plus the registry, the operator and a local AVS (max slash 100%, burn).
    pub async fn new() -> Self {
        Self::with_registry_cap(MAX_VAULT_BPS).await
    }

    /// `new` with the registry-wide cap `max_vault_slash_bps_per_epoch` set to `bps`.
    pub async fn with_registry_cap(bps: u16) -> Self {
        let mut w = Self::bare().await;
        lrt_fixtures::Protocol {
            veto_authority: w.veto.pubkey(),
            veto_window_slots: VETO_WINDOW,
            resolution_delay_slots: RESOLUTION_DELAY,
            max_vault_slash_bps_per_epoch: bps,
            max_commission_bps: MAX_COMMISSION_BPS,
            ..protocol(w.treasury, EPOCH_LENGTH, 0, w.admin.pubkey())
        }
        .init_registry(&mut w.t)
        .await
        .unwrap();
        let op = w.op.insecure_clone();
        w.new_operator(7).register(&mut w.t, &op).await.unwrap();
        let avs = w.new_avs(w.avs_id, WAD);
        avs.register(&mut w.t).await.unwrap();
        w
    }

    /// `new` then `stake`.
    pub async fn staked() -> Self {
        let mut w = Self::new().await;
        w.stake().await;
        w
    }

    /// During epoch 0: the operator whitelisted and allocated `ALLOCATION` (its stake:
    /// `STAKE`), both opt-ins (curator cap `VAULT_CAP_BPS`); then warped to the first slot
    /// of epoch 1, where the allocation and both opt-ins are active.
    pub async fn stake(&mut self) {
        assert_eq!(self.epoch().await, 0);
        let curator = self.curator.insecure_clone();
        let op = self.op.insecure_clone();
        let (t, vault, operator, avs) = (&mut self.t, self.vault_key, self.operator, self.avs);
        lrt_fixtures::whitelist(t, &curator, vault, operator, 5_000)
            .await
            .unwrap();
        lrt_fixtures::allocate(t, &curator, vault, operator, ALLOCATION)
            .await
            .unwrap();
        lrt_fixtures::opt_in_vault(t, &curator, vault, avs, VAULT_CAP_BPS)
            .await
            .unwrap();
        lrt_fixtures::opt_in_operator(t, &op, avs).await.unwrap();
        self.warp(1, 0).await;
    }

    /// A second vault (5 SOL seed by `curator2`) that whitelists the operator, allocates
    /// `allocation` (WAD) to it and opts in to the world's AVS at `cap_bps`. Returns the
    /// vault.
    pub async fn second_vault(&mut self, allocation: u64, cap_bps: u16) -> Pubkey {
        let curator = self.curator2.insecure_clone();
        let vault = self
            .t
            .create_wsol_vault(
                &curator,
                self.curator2_wsol,
                self.treasury,
                5 * SOL,
                u64::MAX,
            )
            .await
            .vault;
        let t = &mut self.t;
        lrt_fixtures::whitelist(t, &curator, vault, self.operator, 10_000)
            .await
            .unwrap();
        lrt_fixtures::opt_in_vault(t, &curator, vault, self.avs, cap_bps)
            .await
            .unwrap();
        if allocation > 0 {
            lrt_fixtures::allocate(t, &curator, vault, self.operator, allocation)
                .await
                .unwrap();
        }
        vault
    }

    /// Registers another local AVS (max slash `max_slash_wad`) whose slash authority is
    /// the world's; the world's operator and vault opt in to it (vault cap `cap_bps`).
    /// Returns the AVS account.
    pub async fn second_avs(&mut self, max_slash_wad: u128, cap_bps: u16) -> Pubkey {
        let avs = self
            .new_avs(Pubkey::new_unique(), max_slash_wad)
            .register(&mut self.t)
            .await
            .unwrap();
        let (curator, op) = (self.curator.insecure_clone(), self.op.insecure_clone());
        lrt_fixtures::opt_in_vault(&mut self.t, &curator, self.vault_key, avs, cap_bps)
            .await
            .unwrap();
        lrt_fixtures::opt_in_operator(&mut self.t, &op, avs)
            .await
            .unwrap();
        avs
    }

    /// During epoch 0, the operator opts in to the world's AVS (nothing else: no vault,
    /// no allocation); then warped to the first slot of epoch 1, where the AVS may request
    /// its slash.
    pub async fn operator_slashable(&mut self) {
        assert_eq!(self.epoch().await, 0);
        let op = self.op.insecure_clone();
        lrt_fixtures::opt_in_operator(&mut self.t, &op, self.avs)
            .await
            .unwrap();
        self.warp(1, 0).await;
    }

    pub async fn epoch(&mut self) -> u64 {
        self.t.slot().await / EPOCH_LENGTH
    }

    /// The operator's stake in the world's vault for a slash captured at `capture`, as it
    /// stands now: its allocation at `capture` times the vault's slashable value, here the
    /// wSOL pool at one lamport per unit (these tests request no withdrawal, so no bucket
    /// adds to it).
    pub async fn stake_now(&mut self, capture: u64) -> u64 {
        let key = pda::delegation(&self.vault_key, &self.operator);
        let delegation: lrt_client::state::Delegation = self.t.decode(key).await;
        let cur = self.epoch().await;
        let vault: Vault = self.t.decode(self.vault_key).await;
        assert_eq!(vault.asset_count, 1);
        assert_eq!(vault.assets[0].price_wad, WAD);
        for epoch in [capture + 1, capture + 2] {
            let bucket = pda::bucket(&self.vault_key, epoch);
            assert!(self.t.account(bucket).await.is_none(), "no bucket {epoch}");
        }
        allocated(
            delegation.allocation.at(capture, cur).unwrap(),
            vault.assets[0].active_amount,
        )
    }

    /// The wSOL pool of the world's vault.
    pub async fn active(&mut self) -> u64 {
        let vault: Vault = self.t.decode(self.vault_key).await;
        vault.assets[0].active_amount
    }

    /// Warps to slot `offset` of restaking epoch `epoch`.
    pub async fn warp(&mut self, epoch: u64, offset: u64) {
        self.t.warp_to_slot(epoch * EPOCH_LENGTH + offset).await;
    }

    pub async fn avs_state(&mut self) -> Avs {
        let key = self.avs;
        self.t.decode(key).await
    }

    /// The instruction for the AVS's next request against `operator`.
    pub async fn request_ix(&mut self, operator: Pubkey, wad: u128) -> (Pubkey, Instruction) {
        self.request_ix_of(self.avs, operator, wad).await
    }

    /// The instruction for `avs`'s next request against `operator`.
    pub async fn request_ix_of(
        &mut self,
        avs: Pubkey,
        operator: Pubkey,
        wad: u128,
    ) -> (Pubkey, Instruction) {
        let index = self.t.decode::<Avs>(avs).await.request_count;
        let ix = reg::request_slash(
            self.slash_authority.pubkey(),
            self.admin.pubkey(),
            avs,
            index,
            operator,
            RequestSlashArgs {
                wad,
                evidence_hash: [index as u8 + 1; 32],
            },
        );
        (reg::pda::slash_request(&avs, index), ix)
    }

    /// The AVS requests a slash of `wad` of the world's operator; returns the request.
    pub async fn request(&mut self, wad: u128) -> Pubkey {
        self.request_of(self.avs, wad).await
    }

    /// `avs` requests a slash of `wad` of the world's operator; returns the request.
    pub async fn request_of(&mut self, avs: Pubkey, wad: u128) -> Pubkey {
        let (key, ix) = self.request_ix_of(avs, self.operator, wad).await;
        let signer = self.slash_authority.insecure_clone();
        self.t.send(&[ix], &[&signer]).await.unwrap();
        key
    }

    /// Warps to the slot after the request's veto deadline, unless already past it.
    pub async fn past_deadline(&mut self, request: Pubkey) {
        let deadline = self.request_state(request).await.veto_deadline_slot;
        if self.t.slot().await <= deadline {
            self.t.warp_to_slot(deadline + 1).await;
        }
    }

    pub async fn request_state(&mut self, request: Pubkey) -> SlashRequest {
        self.t.decode(request).await
    }

    /// `execute_slash` of `request` against the world's vault, after a price refresh (the
    /// vault needs this Solana epoch's prices); signed by a fresh executor (the payer).
    pub async fn execute_ixs(&mut self, request: Pubkey, vault: Pubkey) -> Vec<Instruction> {
        let state = self.request_state(request).await;
        let vault_state: Vault = self.t.decode(vault).await;
        vec![
            build::refresh_prices(&vault_state),
            reg::execute_slash(self.admin.pubkey(), &state, vault),
        ]
    }

    pub async fn execute(
        &mut self,
        request: Pubkey,
    ) -> Result<(), solana_program_test::BanksClientError> {
        let ixs = self.execute_ixs(request, self.vault_key).await;
        self.t.send(&ixs, &[]).await
    }
}
