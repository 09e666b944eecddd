//! The world every example-AVS test starts from: the vault program's Config (the restaking
//! epoch), the registry, an operator whose ed25519 signing key is a keypair of its own
//! (not its authority), the example AVS registered by the registry admin with the real
//! `register_avs` as `Local { slash_authority: PDA ["config"] }` (the AVS's config signs its
//! requests), the AVS initialised by its admin, and the operator opted in to it during
//! epoch 0 (so slashable from epoch 1: the registry refuses a request against an operator
//! not slashable in the current epoch). A round is a slot; a report is accepted for a
//! round of the current or the previous restaking epoch. Plus the assertions every failure
//! test makes: the exact error of the failing instruction, and that no account a report
//! touches changed.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    avs::{self, decode::AvsConfig, example_avs::instructions::InitializeArgs},
    registry::{
        self as reg,
        decode::Avs,
        slasher_registry::{
            instructions::{OperatorArgs, RegisterAvsArgs},
            state::{AvsKind, SlashDestination},
        },
    },
    Instruction,
};
pub use lrt_integration_tests::errors::*;
use lrt_integration_tests::*;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;

pub const EPOCH_LENGTH: u64 = 100;
pub const VETO_WINDOW: u64 = 10;
/// Registry-wide cap per vault and epoch: half of the slashed operator's stake at capture.
pub const MAX_VAULT_BPS: u16 = 5_000;
/// What the AVS requests per equivocation: 10%.
pub const SLASH_WAD: u128 = WAD / 10;

/// A 32-byte value whose bytes are all `b`.
pub fn value(b: u8) -> [u8; 32] {
    [b; 32]
}

pub struct World {
    pub t: TestContext,
    /// The payer of every transaction: vault Config and registry admin.
    pub admin: Keypair,
    /// Admin of the registry AVS, and so of the example AVS.
    pub avs_admin: Keypair,
    /// The operator's authority (manages its registry account).
    pub op: Keypair,
    /// The operator's ed25519 signing key, registered as `Operator.signing_key`.
    pub signer: Keypair,
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    /// The registry's `Avs` account of the example AVS (`id` = the program id).
    pub avs: Pubkey,
    /// Submits proofs and pays their rent (not the fee payer, so its balance is exact).
    pub reporter: Keypair,
    /// The vault Config's treasury.
    pub treasury: Pubkey,
}

impl World {
    /// Config, registry, operator and the registered (not yet initialised) AVS, on top of
    /// `accounts`.
    pub async fn registered_with(accounts: Vec<(Pubkey, Account)>) -> Self {
        let [avs_admin, op, signer, reporter] = [(); 4].map(|_| Keypair::new());
        let mut t = TestContext::start(accounts).await;
        let admin = t.payer();
        t.fund(&[&avs_admin, &op, &reporter], SOL).await;
        let treasury = Pubkey::new_unique();
        t.initialize_config(treasury, EPOCH_LENGTH, 0).await;
        lrt_fixtures::Protocol {
            veto_authority: Pubkey::new_unique(),
            veto_window_slots: VETO_WINDOW,
            resolution_delay_slots: 50,
            max_vault_slash_bps_per_epoch: MAX_VAULT_BPS,
            ..protocol(treasury, EPOCH_LENGTH, 0, admin.pubkey())
        }
        .init_registry(&mut t)
        .await
        .unwrap();
        // the example AVS's registration: id = its program id, 100% maximum, burn
        lrt_fixtures::NewAvs {
            id: avs::AVS_PROGRAM_ID,
            admin: avs_admin.pubkey(),
            slash_authority: avs::pda::slash_authority(),
            max_slash_wad: WAD,
            destination: SlashDestination::Burn,
            metadata_uri: "https://example.org/example-avs.json".into(),
        }
        .register(&mut t)
        .await
        .unwrap();
        let args = operator_args(&signer);
        lrt_fixtures::NewOperator {
            commission_bps: args.commission_bps,
            signing_key: args.signing_key,
            metadata_uri: args.metadata_uri,
        }
        .register(&mut t, &op)
        .await
        .unwrap();
        World {
            t,
            admin,
            avs_admin,
            operator: reg::pda::operator(&op.pubkey()),
            op,
            signer,
            avs: reg::pda::avs(&avs::AVS_PROGRAM_ID),
            reporter,
            treasury,
        }
    }

    pub async fn registered() -> Self {
        Self::registered_with(vec![]).await
    }

    /// `registered`, then the AVS admin initialises the AVS with `SLASH_WAD` and the
    /// operator opts in to it, all during epoch 0: a report succeeds from epoch 1 on.
    pub async fn new() -> Self {
        let mut w = Self::registered().await;
        w.initialize(SLASH_WAD).await.unwrap();
        assert_eq!(w.epoch().await, 0);
        w.opt_in().await;
        w
    }

    /// The operator opts in to the AVS (it counts from the next epoch).
    pub async fn opt_in(&mut self) {
        let op = self.op.insecure_clone();
        lrt_fixtures::opt_in_operator(&mut self.t, &op, self.avs)
            .await
            .unwrap();
    }

    pub async fn initialize(&mut self, slash_wad: u128) -> Result<(), BanksClientError> {
        let admin = self.avs_admin.insecure_clone();
        let ix = avs::initialize(admin.pubkey(), self.avs, InitializeArgs { slash_wad });
        self.t.send(&[ix], &[&admin]).await
    }

    pub async fn config(&mut self) -> AvsConfig {
        self.t.decode(avs::pda::config()).await
    }

    pub async fn avs_state(&mut self) -> Avs {
        let key = self.avs;
        self.t.decode(key).await
    }

    /// The index the registry will give the AVS's next request.
    pub async fn request_index(&mut self) -> u64 {
        self.avs_state().await.request_count
    }

    /// A whole report by the reporter: `signer`'s attestations of (round, a) and
    /// (round, b), then `report_equivocation`.
    pub async fn proof(
        &mut self,
        signer: &Keypair,
        round: u64,
        a: [u8; 32],
        b: [u8; 32],
    ) -> [Instruction; 3] {
        let index = self.request_index().await;
        avs::equivocation_proof(
            self.reporter.pubkey(),
            self.avs,
            index,
            self.operator,
            signer,
            round,
            a,
            b,
        )
    }

    /// The reporter sends `ixs` (the payer pays the fee).
    pub async fn report(&mut self, ixs: &[Instruction]) -> Result<(), BanksClientError> {
        let reporter = self.reporter.insecure_clone();
        self.t.send(ixs, &[&reporter]).await
    }

    /// Every account a report of `round` against the world's operator may change.
    pub async fn report_accounts(&mut self, round: u64) -> Vec<Pubkey> {
        let index = self.request_index().await;
        vec![
            avs::pda::config(),
            avs::pda::equivocation(&self.operator, round),
            self.avs,
            reg::pda::slash_request(&self.avs, index),
            self.operator,
            self.reporter.pubkey(),
        ]
    }

    /// Sends `ixs` as the reporter and asserts they fail in instruction `index` with
    /// `code`, and that no account a report of `round` touches changed.
    pub async fn assert_report_fails(
        &mut self,
        ixs: &[Instruction],
        round: u64,
        index: u8,
        code: u32,
    ) {
        let keys = self.report_accounts(round).await;
        let before = self.t.snapshot(&keys).await;
        assert_program_error(self.report(ixs).await, index, code);
        assert_eq!(self.t.snapshot(&keys).await, before, "no account changed");
        assert!(before[3].is_none(), "no slash request");
    }

    /// The operator's authority rotates its registered signing key to `new` (commission
    /// and metadata as registered).
    pub async fn rotate_key(&mut self, new: &Keypair) -> Result<(), BanksClientError> {
        let op = self.op.insecure_clone();
        let update = reg::update_operator(op.pubkey(), operator_args(new));
        self.t.send(&[update], &[&op]).await
    }

    pub async fn epoch(&mut self) -> u64 {
        self.t.slot().await / EPOCH_LENGTH
    }

    /// Warps to slot `offset` of restaking epoch `epoch`.
    pub async fn warp(&mut self, epoch: u64, offset: u64) {
        self.t.warp_to_slot(epoch * EPOCH_LENGTH + offset).await;
    }
}

/// The operator's commission, in bps, as registered.
pub const COMMISSION_BPS: u16 = 500;

/// The world operator's settings with `signer` as its signing key.
pub fn operator_args(signer: &Keypair) -> OperatorArgs {
    OperatorArgs {
        commission_bps: COMMISSION_BPS,
        signing_key: signer.pubkey().to_bytes(),
        metadata_uri: "https://example.org/operator.json".into(),
    }
}

/// The example AVS's registration: id = its program id, 100% maximum, burn.
pub fn avs_args(admin: Pubkey, slash_authority: Pubkey) -> RegisterAvsArgs {
    RegisterAvsArgs {
        id: avs::AVS_PROGRAM_ID,
        admin,
        kind: AvsKind::Local { slash_authority },
        max_slash_wad: WAD,
        destination: SlashDestination::Burn,
        metadata_uri: "https://example.org/example-avs.json".into(),
    }
}
