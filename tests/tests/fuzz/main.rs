//! Fuzzing every instruction of the three programs through the real programs (issue 11,
//! item 3): each instruction's real discriminator followed by arbitrary bytes, with the
//! account list its `lrt_client` builder makes, sent in a real transaction on
//! solana-program-test (the programs as native builtins, SPL Token and Token-2022 as the
//! bundled SBF programs).
//!
//! For every instruction the data is, in turn:
//! - `short`: the discriminator and fewer bytes than its arguments take (none at all for
//!   an instruction without arguments, whose trailing bytes Anchor ignores);
//! - `long`: the discriminator and more random bytes than the arguments take (as many as
//!   the 1,232-byte transaction allows);
//! - `borsh`: well-formed but random Borsh: the instruction struct
//!   (`lrt_vault::instruction::Deposit`, ...) decoded from random bytes and encoded again,
//!   so every field holds an arbitrary value of its type (strings, options and enums
//!   included);
//! - `mutated`: the valid arguments with a few bytes or whole fields overwritten (often
//!   with 0, 1 or all-ones);
//! - `truncated`: part of the discriminator only;
//!
//! and, per program, `random-discriminator`: eight random bytes and a random tail, with
//! the accounts of one of its instructions.
//!
//! What must hold: the transaction fails with an error, or it succeeds and the invariant
//! checker (`lrt_integration_tests::InvariantChecker`, DESIGN.md section 7) still holds for
//! every vault. A native builtin that panics surfaces in program-test as
//! `InstructionError::ProgramFailedToComplete` (program-test catches the unwind); a panic
//! hook records every panic with its location. Either fails the test, which then prints
//! the instruction, the kind and the exact bytes of every such input.
//!
//! The world (every instruction has a valid account list in it): `slashing_world::World`
//! (vault A with wSOL and a stake-pool LST, vault B with wSOL, an operator bonded in A and
//! allocated half of each vault, a key AVS), plus a second operator, a spare AVS, the
//! example AVS with its reward treasury, deposits, a matured ticket, a ticket in a slashed
//! bucket, an executed slash whose escrow can be swept, one that can still be cancelled,
//! one executable against vault B, and one in its veto window.
//!
//! Knobs: `FUZZ_CASES` (inputs per instruction, default 8, one of each kind: about 560
//! transactions over the three tests, under two seconds of sending once built, plus about
//! a second to build each world) and `FUZZ_SEED` (a number, or `random`; default a fixed
//! seed, so CI runs the same inputs). A long run (about 35,000 transactions, a few
//! minutes):
//!
//! ```text
//! FUZZ_CASES=500 FUZZ_SEED=random cargo test -p lrt-integration-tests --test fuzz -- --nocapture
//! ```
//!
//! Each test prints the transactions it sent, by kind, how many succeeded, and the
//! errors it saw. `a_native_panic_is_caught_and_reported` shows, with a builtin that
//! panics, that a panic surfaces as `ProgramFailedToComplete` and reaches the hook.
#![allow(deprecated)] // see tests/src/lib.rs

use std::{
    collections::{BTreeMap, HashSet},
    sync::{Mutex, Once},
    time::Instant,
};

use anchor_lang::{prelude::AccountMeta, AnchorDeserialize, Discriminator, InstructionData};
use anchor_lang::{prelude::Pubkey, ToAccountMetas};
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use lrt_client::{
    avs, instructions as build, pda, registry,
    state::{SlashEscrow, WithdrawalBucket, WithdrawalTicket},
    token_programs::{TOKEN, TOKEN_2022},
    Instruction,
};
use lrt_integration_tests::{slashing_world::*, *};
use lrt_vault::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, WSOL_MINT},
    instructions::{
        AddAssetArgs, ApplySlashArgs, CreateVaultArgs, DepositArgs, DistributeRewardsArgs,
        InitializeConfigArgs, RequestWithdrawalArgs,
    },
    state::{PricingSource, SlashDestination},
};
use proptest::{
    prelude::Rng,
    test_runner::{RngAlgorithm, TestRng},
};
use slasher_registry::{
    instructions::{
        AnnounceAvsChangeArgs, InitializeRegistryArgs, OperatorArgs, RegisterAvsArgs,
        RequestSlashArgs, UpdateOperatorArgs,
    },
    state::{AvsKind, RegistryParams, SlashExecution, SlashRequest},
};
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;
use solana_transaction::{Hash, InstructionError, Transaction, TransactionError};

/// The largest transaction the network accepts (bytes on the wire).
const PACKET_DATA_SIZE: usize = 1232;

// ---------- knobs ----------

/// Inputs per instruction: `FUZZ_CASES`, default 8 (each kind once).
fn cases() -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(KINDS.len())
}

/// The seed: `FUZZ_SEED` (a number, or `random`), default a fixed one. Each test prints
/// the one it used: `FUZZ_SEED=<it>` replays that test's random choices (the world's fresh
/// keys differ from run to run, so data built from a valid encoding holds other keys; a
/// finding prints its exact bytes).
fn base_seed() -> u64 {
    match std::env::var("FUZZ_SEED").ok().as_deref().map(str::trim) {
        Some("random") => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
        Some(n) => n.parse().unwrap_or(0x5eed),
        None => 0x5eed,
    }
}

/// Each test its own stream of the seed.
fn test_seed(base: u64, test: &str) -> [u8; 32] {
    let mixed = test
        .bytes()
        .fold(base, |h, b| h.rotate_left(5) ^ u64::from(b));
    let mut out = [0u8; 32];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&(mixed.rotate_left(i as u32 * 17) ^ i as u64).to_le_bytes());
    }
    out
}

// ---------- panics: every one is recorded, with where it happened ----------

/// Every panic: the name of the thread it happened on, and its message with its location.
static PANICS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// Installs (once) a panic hook that records every panic's thread, message and location,
/// then prints it as the default hook does.
fn record_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(mut panics) = PANICS.lock() {
                panics.push((thread_name(), info.to_string()));
            }
            default(info);
        }));
    });
}

fn thread_name() -> String {
    std::thread::current().name().unwrap_or("?").to_owned()
}

fn panic_count() -> usize {
    PANICS.lock().map_or(0, |p| p.len())
}

/// The panics recorded since `start` on this thread. The tests run in parallel, each on
/// its own thread, and program-test executes a transaction on the thread of the test that
/// sends it (its banks server runs on the test's single-threaded runtime; the test below
/// shows it), so another test's panics are not counted here.
fn panics_since(start: usize) -> Vec<String> {
    let me = thread_name();
    PANICS
        .lock()
        .map(|p| {
            p.get(start..)
                .unwrap_or_default()
                .iter()
                .filter(|(thread, _)| *thread == me)
                .map(|(_, message)| message.clone())
                .collect()
        })
        .unwrap_or_default()
}

// ---------- the instructions ----------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Program {
    Vault,
    Registry,
    Avs,
}

/// Every instruction of the three programs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ix {
    // lrt_vault: the depositor's and the curator's first (the admin handovers last, so
    // the admin-gated instructions before them still run with the right signer)
    Deposit,
    RequestWithdrawal,
    Claim,
    FundInsurance,
    RefreshPrices,
    VestRewards,
    DistributeRewards,
    SweepEscrow,
    ApplySlash,
    CancelEscrow,
    CreateVault,
    AddAsset,
    SetCaps,
    SetVaultPause,
    SetFees,
    SetRewardFees,
    WhitelistOperator,
    Delegate,
    Undelegate,
    SetConcentrationLimit,
    Bond,
    Unbond,
    CompleteUnbond,
    TransferCurator,
    AcceptCurator,
    TransferFeeAdmin,
    AcceptFeeAdmin,
    SetTreasury,
    AcceptTreasury,
    ClaimTreasuryFees,
    SetPauser,
    Pause,
    Unpause,
    InitializeConfig,
    TransferAdmin,
    AcceptAdmin,
    // slasher_registry
    CancelSlash,
    ExecuteSlash,
    VetoSlash,
    RequestSlash,
    RegisterOperator,
    UpdateOperator,
    RegisterAvs,
    AnnounceAvsChange,
    SetAvsActive,
    OptInAvs,
    OptOutAvs,
    VaultOptInAvs,
    VaultOptOutAvs,
    AnnounceRegistryParams,
    SetVetoAuthority,
    InitializeRegistry,
    RegistryTransferAdmin,
    RegistryAcceptAdmin,
    // example_avs
    AvsInitialize,
    SetSlashWad,
    PayReward,
    ReportEquivocation,
}

/// An instruction's name (as in its program's `lib.rs`), program, discriminator and the
/// decoder that turns random bytes into a well-formed argument struct.
struct Spec {
    ix: Ix,
    program: Program,
    name: &'static str,
    discriminator: &'static [u8],
    /// `T::deserialize(bytes)` re-encoded with its discriminator, if the bytes decode.
    borsh: fn(&[u8]) -> Option<Vec<u8>>,
}

fn borsh<T: AnchorDeserialize + InstructionData>(bytes: &[u8]) -> Option<Vec<u8>> {
    T::deserialize(&mut &bytes[..])
        .ok()
        .map(|value| value.data())
}

macro_rules! spec {
    ($ix:ident, $program:ident, $name:literal, $ty:ty) => {
        Spec {
            ix: Ix::$ix,
            program: Program::$program,
            name: $name,
            discriminator: <$ty as Discriminator>::DISCRIMINATOR,
            borsh: borsh::<$ty>,
        }
    };
}

fn specs() -> Vec<Spec> {
    use example_avs::instruction as a;
    use lrt_vault::instruction as v;
    use slasher_registry::instruction as r;
    vec![
        spec!(Deposit, Vault, "deposit", v::Deposit),
        spec!(
            RequestWithdrawal,
            Vault,
            "request_withdrawal",
            v::RequestWithdrawal
        ),
        spec!(Claim, Vault, "claim", v::Claim),
        spec!(FundInsurance, Vault, "fund_insurance", v::FundInsurance),
        spec!(RefreshPrices, Vault, "refresh_prices", v::RefreshPrices),
        spec!(VestRewards, Vault, "vest_rewards", v::VestRewards),
        spec!(
            DistributeRewards,
            Vault,
            "distribute_rewards",
            v::DistributeRewards
        ),
        spec!(SweepEscrow, Vault, "sweep_escrow", v::SweepEscrow),
        spec!(ApplySlash, Vault, "apply_slash", v::ApplySlash),
        spec!(CancelEscrow, Vault, "cancel_escrow", v::CancelEscrow),
        spec!(CreateVault, Vault, "create_vault", v::CreateVault),
        spec!(AddAsset, Vault, "add_asset", v::AddAsset),
        spec!(SetCaps, Vault, "set_caps", v::SetCaps),
        spec!(SetVaultPause, Vault, "set_vault_pause", v::SetVaultPause),
        spec!(SetFees, Vault, "set_fees", v::SetFees),
        spec!(SetRewardFees, Vault, "set_reward_fees", v::SetRewardFees),
        spec!(
            WhitelistOperator,
            Vault,
            "whitelist_operator",
            v::WhitelistOperator
        ),
        spec!(Delegate, Vault, "delegate", v::Delegate),
        spec!(Undelegate, Vault, "undelegate", v::Undelegate),
        spec!(
            SetConcentrationLimit,
            Vault,
            "set_concentration_limit",
            v::SetConcentrationLimit
        ),
        spec!(Bond, Vault, "bond", v::Bond),
        spec!(Unbond, Vault, "unbond", v::Unbond),
        spec!(CompleteUnbond, Vault, "complete_unbond", v::CompleteUnbond),
        spec!(
            TransferCurator,
            Vault,
            "transfer_curator",
            v::TransferCurator
        ),
        spec!(AcceptCurator, Vault, "accept_curator", v::AcceptCurator),
        spec!(
            TransferFeeAdmin,
            Vault,
            "transfer_fee_admin",
            v::TransferFeeAdmin
        ),
        spec!(AcceptFeeAdmin, Vault, "accept_fee_admin", v::AcceptFeeAdmin),
        spec!(SetTreasury, Vault, "set_treasury", v::SetTreasury),
        spec!(AcceptTreasury, Vault, "accept_treasury", v::AcceptTreasury),
        spec!(
            ClaimTreasuryFees,
            Vault,
            "claim_treasury_fees",
            v::ClaimTreasuryFees
        ),
        spec!(SetPauser, Vault, "set_pauser", v::SetPauser),
        spec!(Pause, Vault, "pause", v::Pause),
        spec!(Unpause, Vault, "unpause", v::Unpause),
        spec!(
            InitializeConfig,
            Vault,
            "initialize_config",
            v::InitializeConfig
        ),
        spec!(TransferAdmin, Vault, "transfer_admin", v::TransferAdmin),
        spec!(AcceptAdmin, Vault, "accept_admin", v::AcceptAdmin),
        spec!(CancelSlash, Registry, "cancel_slash", r::CancelSlash),
        spec!(ExecuteSlash, Registry, "execute_slash", r::ExecuteSlash),
        spec!(VetoSlash, Registry, "veto_slash", r::VetoSlash),
        spec!(RequestSlash, Registry, "request_slash", r::RequestSlash),
        spec!(
            RegisterOperator,
            Registry,
            "register_operator",
            r::RegisterOperator
        ),
        spec!(
            UpdateOperator,
            Registry,
            "update_operator",
            r::UpdateOperator
        ),
        spec!(RegisterAvs, Registry, "register_avs", r::RegisterAvs),
        spec!(
            AnnounceAvsChange,
            Registry,
            "announce_avs_change",
            r::AnnounceAvsChange
        ),
        spec!(SetAvsActive, Registry, "set_avs_active", r::SetAvsActive),
        spec!(OptInAvs, Registry, "opt_in_avs", r::OptInAvs),
        spec!(OptOutAvs, Registry, "opt_out_avs", r::OptOutAvs),
        spec!(
            VaultOptInAvs,
            Registry,
            "vault_opt_in_avs",
            r::VaultOptInAvs
        ),
        spec!(
            VaultOptOutAvs,
            Registry,
            "vault_opt_out_avs",
            r::VaultOptOutAvs
        ),
        spec!(
            AnnounceRegistryParams,
            Registry,
            "announce_registry_params",
            r::AnnounceRegistryParams
        ),
        spec!(
            SetVetoAuthority,
            Registry,
            "set_veto_authority",
            r::SetVetoAuthority
        ),
        spec!(
            InitializeRegistry,
            Registry,
            "initialize_registry",
            r::InitializeRegistry
        ),
        spec!(
            RegistryTransferAdmin,
            Registry,
            "transfer_admin",
            r::TransferAdmin
        ),
        spec!(
            RegistryAcceptAdmin,
            Registry,
            "accept_admin",
            r::AcceptAdmin
        ),
        spec!(AvsInitialize, Avs, "initialize", a::Initialize),
        spec!(SetSlashWad, Avs, "set_slash_wad", a::SetSlashWad),
        spec!(PayReward, Avs, "pay_reward", a::PayReward),
        spec!(
            ReportEquivocation,
            Avs,
            "report_equivocation",
            a::ReportEquivocation
        ),
    ]
}

/// What the fuzzer puts after (or instead of) the discriminator.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Short,
    Long,
    Borsh,
    Mutated,
    Truncated,
    RandomDiscriminator,
}

/// The kinds in the order each instruction gets them.
const KINDS: [Kind; 8] = [
    Kind::Short,
    Kind::Long,
    Kind::Borsh,
    Kind::Mutated,
    Kind::Truncated,
    Kind::Borsh,
    Kind::Mutated,
    Kind::Long,
];

// ---------- the world ----------

/// Keys the fuzzer signs with besides the world's.
struct Keys {
    admin2: Keypair,
    treasury2: Keypair,
    pauser2: Keypair,
    curator2: Keypair,
    fee_admin2: Keypair,
    op2: Keypair,
    attester: Keypair,
    avs_admin: Keypair,
    reporter: Keypair,
}

struct Fuzz {
    w: World,
    k: Keys,
    /// The second operator (registered, not whitelisted, not opted in).
    operator2: Pubkey,
    /// The example AVS's registry account.
    example_avs: Pubkey,
    /// A spare AVS: the operator opted in, the vaults did not.
    spare_avs: Pubkey,
    /// A funded wSOL account of the curator (vault creation seeds).
    curator_wsol: Pubkey,
    /// A mint for `add_asset`, with a stake pool pricing it.
    new_mint: Pubkey,
    new_pool: Pubkey,
    /// Slash requests: r0 executed in A (sweepable) and executable in B; r1 executed in A
    /// and cancellable; r2 in its veto window.
    r0: SlashRequest,
    r1: Pubkey,
    r2: Pubkey,
    /// A matured ticket (and its bucket) as they were when the world was built.
    matured: (WithdrawalBucket, WithdrawalTicket),
    checkers: Vec<(Pubkey, InvariantChecker)>,
    /// The seed of `rng` (printed, to replay a run with `FUZZ_SEED`).
    seed: u64,
    rng: TestRng,
    /// Counters for the report.
    attempt: u64,
    sent: BTreeMap<Kind, u64>,
    well_formed_borsh: u64,
    succeeded: BTreeMap<&'static str, u64>,
    errors: BTreeMap<String, u64>,
    findings: Vec<String>,
    /// Messages sent under `last_blockhash`, to avoid sending a duplicate.
    sent_messages: HashSet<Vec<u8>>,
    last_blockhash: Option<Hash>,
}

impl Fuzz {
    async fn new(test: &str) -> Fuzz {
        record_panics();
        let seed = base_seed();
        let mut w = World::new().await;
        let k = Keys {
            admin2: Keypair::new(),
            treasury2: Keypair::new(),
            pauser2: Keypair::new(),
            curator2: Keypair::new(),
            fee_admin2: Keypair::new(),
            op2: Keypair::new(),
            attester: Keypair::new(),
            avs_admin: Keypair::new(),
            reporter: Keypair::new(),
        };
        w.t.fund(
            &[&k.op2, &k.avs_admin, &k.reporter, &k.treasury2, &k.admin2],
            10 * SOL,
        )
        .await;
        let payer = w.t.payer();
        let (vault_a, vault_b) = (w.vault_a, w.vault_b);
        let (op, curator) = (w.op.insecure_clone(), w.curator.insecure_clone());

        // accounts written straight into the bank: a funded wSOL account of the curator,
        // the example AVS's wSOL reward treasury, the operator's wSOL account (the
        // commission), and a mint with a stake pool for `add_asset`
        let curator_wsol = Pubkey::new_unique();
        let new_mint = Pubkey::new_unique();
        let new_pool = Pubkey::new_unique();
        let clock: anchor_lang::prelude::Clock = w.t.ctx.banks_client.get_sysvar().await.unwrap();
        let accounts = [
            (curator_wsol, wsol_account(curator.pubkey(), 10 * SOL)),
            (
                avs::reward_treasury(&WSOL_MINT, &TOKEN),
                wsol_account(avs::pda::reward_authority(), 100 * SOL),
            ),
            (
                pda::associated_token_account(&op.pubkey(), &WSOL_MINT, &TOKEN),
                wsol_account(op.pubkey(), 0),
            ),
            // where user 3's claim pays its wSOL and pool tokens (a withdrawal takes its
            // part of every asset)
            (
                pda::associated_token_account(&w.users[3].key.pubkey(), &WSOL_MINT, &TOKEN),
                wsol_account(w.users[3].key.pubkey(), 0),
            ),
            (
                pda::associated_token_account(&w.users[3].key.pubkey(), &w.pool_mint, &TOKEN),
                token_account(w.pool_mint, w.users[3].key.pubkey(), 0),
            ),
            (new_mint, mint_account(Pubkey::new_unique(), 9, 1_000 * SOL)),
            (
                new_pool,
                data_account(
                    ALLOWED_STAKE_POOL_PROGRAMS[0],
                    pool_data(new_mint, clock.epoch),
                ),
            ),
        ];
        for (key, account) in accounts {
            w.t.ctx.set_account(&key, &account.into());
        }

        // a second operator; a spare AVS the operator opts in to
        let operator2 = lrt_fixtures::NewOperator {
            commission_bps: 500,
            signing_key: [4; 32],
            metadata_uri: "https://example.org/op2.json".into(),
        }
        .register(&mut w.t, &k.op2)
        .await
        .unwrap();
        let spare_avs = lrt_fixtures::NewAvs {
            id: Pubkey::new_unique(),
            admin: payer.pubkey(),
            slash_authority: w.avs_authority.pubkey(),
            max_slash_wad: WAD / 2,
            destination: SlashDestination::Burn,
            metadata_uri: String::new(),
        }
        .register(&mut w.t)
        .await
        .unwrap();
        lrt_fixtures::opt_in_operator(&mut w.t, &op, spare_avs)
            .await
            .unwrap();

        // the example AVS: the operator's signing key becomes the attester's, the registry
        // admits it with its config PDA as slash authority, its admin initialises it,
        // the operator and both vaults opt in
        let rotate = registry::update_operator(
            op.pubkey(),
            UpdateOperatorArgs {
                signing_key: Some(k.attester.pubkey().to_bytes()),
                ..UpdateOperatorArgs::default()
            },
        );
        w.t.send(&[rotate], &[&op]).await.unwrap();
        let example = w
            .example_avs_registration(k.avs_admin.pubkey())
            .register(&mut w.t)
            .await
            .unwrap();
        let init = avs::initialize(
            k.avs_admin.pubkey(),
            example,
            example_avs::instructions::InitializeArgs {
                slash_wad: WAD / 10,
            },
        );
        w.t.send(&[init], &[&k.avs_admin]).await.unwrap();
        w.opt_in_everyone(example).await;

        // deposits: A from users 0, 1 (pool tokens), 3 and 4; B from user 2; the second
        // treasury's LRT account of A (for a treasury claim)
        let users: Vec<(Keypair, Pubkey, Pubkey)> = w
            .users
            .iter()
            .map(|u| (u.key.insecure_clone(), u.wsol, u.pool_tokens))
            .collect();
        w.deposit_from(&users[0].0, users[0].1, vault_a, 0, 5 * SOL)
            .await;
        w.deposit_from(&users[1].0, users[1].2, vault_a, 1, 2 * SOL)
            .await;
        w.deposit_from(&users[2].0, users[2].1, vault_b, 0, 3 * SOL)
            .await;
        w.deposit_from(&users[3].0, users[3].1, vault_a, 0, SOL)
            .await;
        w.deposit_from(&users[4].0, users[4].1, vault_a, 0, SOL)
            .await;
        let lrt_a = w.vault(vault_a).await.lrt_mint;
        let lrt_b = w.vault(vault_b).await.lrt_mint;
        let open = create_associated_token_account_idempotent(
            &payer.pubkey(),
            &k.treasury2.pubkey(),
            &lrt_a,
            &TOKEN_2022,
        );
        w.t.send(&[open], &[]).await.unwrap();

        let mut check_a = InvariantChecker::new(vault_a);
        let mut check_b = InvariantChecker::new(vault_b);
        for i in [0, 1, 3, 4] {
            let owner = users[i].0.pubkey();
            check_a.track_holder(owner, pda::lrt_account(&owner, &lrt_a));
        }
        check_a.track_holder(op.pubkey(), pda::lrt_account(&op.pubkey(), &lrt_a));
        let owner = users[2].0.pubkey();
        check_b.track_holder(owner, pda::lrt_account(&owner, &lrt_b));

        // user 3 asks to withdraw in e0: its ticket matures in e0 + 2, untouched by slashes
        // captured in e0 + 1
        let shares =
            w.t.token_balance(pda::lrt_account(&users[3].0.pubkey(), &lrt_a))
                .await;
        let (ticket, bucket) = w
            .request_withdrawal(&users[3].0, vault_a, shares / 2, 1)
            .await
            .unwrap();
        check_a.track_ticket(ticket, bucket);
        check_a.check(&mut w.t, "setup: matured ticket").await;
        check_b.check(&mut w.t, "setup: B").await;

        // capture epoch c = e0 + 1: user 4's request lands in bucket c + 1, which r0 reaches
        w.delegate_and_enter_capture_epoch().await;
        let c = w.epoch().await;
        let shares =
            w.t.token_balance(pda::lrt_account(&users[4].0.pubkey(), &lrt_a))
                .await;
        let (ticket, bucket) = w
            .request_withdrawal(&users[4].0, vault_a, shares / 2, 1)
            .await
            .unwrap();
        check_a.track_ticket(ticket, bucket);
        check_a.check(&mut w.t, "setup: slashable ticket").await;

        // r0 (20%, captured at c): executed into A, swept later; still executable into B
        let (_, r0) = w.request_slash(WAD / 5).await;
        w.advance_to_slot(r0.veto_deadline_slot + 1).await;
        w.execute(&r0, vault_a).await.unwrap();
        check_a.allow_loss();
        check_a.check(&mut w.t, "setup: r0 executed in A").await;

        // r1 (20%, captured at c + 1): executed into A; cancellable while we fuzz
        w.advance_to_slot((c + 1) * EPOCH_LENGTH + 5).await;
        let (r1, r1_state) = w.request_slash(WAD / 5).await;
        w.advance_to_slot(r1_state.veto_deadline_slot + 1).await;
        check_a.check(&mut w.t, "setup: before r1").await;
        w.execute(&r1_state, vault_a).await.unwrap();
        let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &r1)).await;
        check_a.expect_slash(escrow.fraction_wad, [c + 2, c + 3]);
        check_a.check(&mut w.t, "setup: r1 executed in A").await;
        check_b.check(&mut w.t, "setup: B before fuzzing").await;

        // r2 (10%): in its veto window while we fuzz
        let (r2, _) = w.request_slash(WAD / 10).await;

        let matured_ticket: WithdrawalTicket =
            w.t.decode(pda::ticket(&vault_a, &users[3].0.pubkey(), 1))
                .await;
        let matured_bucket: WithdrawalBucket =
            w.t.decode(pda::bucket(&vault_a, matured_ticket.bucket_epoch))
                .await;
        assert!(
            w.epoch().await > matured_ticket.bucket_epoch,
            "the ticket matured"
        );

        Fuzz {
            w,
            k,
            operator2,
            example_avs: example,
            spare_avs,
            curator_wsol,
            new_mint,
            new_pool,
            r0,
            r1,
            r2,
            matured: (matured_bucket, matured_ticket),
            checkers: vec![(vault_a, check_a), (vault_b, check_b)],
            seed,
            rng: TestRng::from_seed(RngAlgorithm::ChaCha, &test_seed(seed, test)),
            attempt: 0,
            sent: BTreeMap::new(),
            well_formed_borsh: 0,
            succeeded: BTreeMap::new(),
            errors: BTreeMap::new(),
            findings: Vec::new(),
            sent_messages: HashSet::new(),
            last_blockhash: None,
        }
    }

    fn user(&self, i: usize) -> (Keypair, Pubkey, Pubkey) {
        let u = &self.w.users[i];
        (u.key.insecure_clone(), u.wsol, u.pool_tokens)
    }

    /// A valid transaction for `ix` in the world as it is now: its instructions (the last
    /// one is the one fuzzed; any before it are valid helpers such as `refresh_prices`)
    /// and the keys that sign besides the payer.
    async fn build(&mut self, ix: Ix) -> (Vec<Instruction>, Vec<Keypair>) {
        let n = self.attempt;
        let payer = self.w.t.payer();
        let (vault_a, vault_b) = (self.w.vault_a, self.w.vault_b);
        let a = self.w.vault(vault_a).await;
        let b = self.w.vault(vault_b).await;
        let operator = self.w.operator;
        let op = self.w.op.insecure_clone();
        let curator = self.w.curator.insecure_clone();
        let epoch = self.w.epoch().await;
        let fund = |to: &Pubkey| {
            anchor_lang::solana_program::system_instruction::transfer(&payer.pubkey(), to, SOL)
        };
        let one = |ix: Instruction, signers: Vec<Keypair>| (vec![ix], signers);
        match ix {
            Ix::Deposit => {
                let (user, wsol, _) = self.user(2);
                let deposit = build::deposit(
                    &b,
                    user.pubkey(),
                    wsol,
                    pda::lrt_account(&user.pubkey(), &b.lrt_mint),
                    DepositArgs {
                        asset_index: 0,
                        amount: SOL / 10 + n,
                        min_shares_out: 0,
                        max_fee_bps: 10_000,
                    },
                );
                (vec![build::refresh_prices(&b), deposit], vec![user])
            }
            Ix::RequestWithdrawal => {
                let (user, _, _) = self.user(0);
                let request = build::request_withdrawal(
                    &a,
                    user.pubkey(),
                    epoch,
                    RequestWithdrawalArgs {
                        shares: 1_000 + n,
                        ticket_id: 1_000 + n,
                        max_fee_bps: 10_000,
                    },
                );
                one(request, vec![user])
            }
            Ix::Claim => {
                let (bucket, ticket) = &self.matured;
                let (user, _, _) = self.user(3);
                one(build::claim(&a, bucket, ticket), vec![user])
            }
            Ix::FundInsurance => {
                let (user, _, _) = self.user(1);
                one(build::fund_insurance(&a, user.pubkey(), 1_000), vec![user])
            }
            Ix::RefreshPrices => one(build::refresh_prices(&a), vec![]),
            Ix::VestRewards => one(build::vest_rewards(vault_a), vec![]),
            Ix::DistributeRewards => {
                let (user, wsol, _) = self.user(0);
                let reward = build::distribute_rewards(
                    &a,
                    build::RewardKeys {
                        payer: user.pubkey(),
                        payer_token_account: wsol,
                        operator,
                        operator_token_account: pda::associated_token_account(
                            &op.pubkey(),
                            &WSOL_MINT,
                            &TOKEN,
                        ),
                    },
                    DistributeRewardsArgs {
                        asset_index: 0,
                        amount: SOL / 100 + n,
                    },
                );
                (vec![build::refresh_prices(&a), reward], vec![user])
            }
            Ix::SweepEscrow => {
                let escrow: SlashEscrow = self
                    .w
                    .t
                    .decode(pda::escrow(
                        &vault_a,
                        &registry::pda::slash_request(&self.r0.avs, self.r0.index),
                    ))
                    .await;
                one(build::sweep_escrow(&a, &escrow, (n % 2) as u8), vec![])
            }
            Ix::ApplySlash => {
                // only the registry's PDA can sign: the fuzzer cannot, so the flag is
                // dropped and the program must refuse, whatever the arguments
                let apply = build::apply_slash(
                    lrt_client::pda::slasher(&slasher_registry::ID),
                    payer.pubkey(),
                    vault_a,
                    ApplySlashArgs {
                        request: self.r2,
                        operator,
                        capture_epoch: epoch,
                        loss_lamports: 1_000,
                        destination: SlashDestination::Burn,
                        resolve_after_slot: 0,
                    },
                );
                one(apply, vec![])
            }
            Ix::CancelEscrow => {
                let escrow: SlashEscrow = self.w.t.decode(pda::escrow(&vault_a, &self.r1)).await;
                let c = escrow.capture_epoch;
                let accounts = lrt_vault::accounts::CancelEscrow {
                    slasher: lrt_client::pda::slasher(&slasher_registry::ID),
                    config: pda::config(),
                    vault: vault_a,
                    escrow: pda::escrow(&vault_a, &self.r1),
                    bond: pda::bond(&vault_a, &operator),
                    delegation: pda::delegation(&vault_a, &operator),
                    bucket_1: pda::bucket(&vault_a, c + 1),
                    bucket_2: pda::bucket(&vault_a, c + 2),
                    bucket_3: pda::bucket(&vault_a, c + 3),
                    event_authority: pda::event_authority(),
                    program: lrt_vault::ID,
                };
                let cancel = Instruction {
                    program_id: lrt_vault::ID,
                    accounts: accounts.to_account_metas(None),
                    data: lrt_vault::instruction::CancelEscrow { request: self.r1 }.data(),
                };
                one(cancel, vec![])
            }
            Ix::CreateVault => {
                let lrt_mint = Keypair::new();
                let create = build::create_vault(
                    build::CreateVaultKeys {
                        creator: curator.pubkey(),
                        lrt_mint: lrt_mint.pubkey(),
                        seed_mint: WSOL_MINT,
                        seed_token_program: TOKEN,
                        creator_seed_account: self.curator_wsol,
                    },
                    CreateVaultArgs {
                        name: "Fuzzed SOL".into(),
                        symbol: "fzSOL".into(),
                        uri: "https://example.org/fz.json".into(),
                        curator: curator.pubkey(),
                        fee_admin: curator.pubkey(),
                        seed_asset: AddAssetArgs {
                            pricing: PricingSource::Wsol,
                            deposit_cap: u64::MAX,
                        },
                        seed_amount: SOL / 10,
                    },
                );
                one(create, vec![curator, lrt_mint])
            }
            Ix::AddAsset => {
                let add = build::add_asset(
                    curator.pubkey(),
                    vault_b,
                    self.new_mint,
                    TOKEN,
                    AddAssetArgs {
                        pricing: PricingSource::SplStakePool {
                            pool: self.new_pool,
                        },
                        deposit_cap: u64::MAX,
                    },
                );
                one(add, vec![curator])
            }
            Ix::SetCaps => one(
                build::set_caps(curator.pubkey(), vault_a, 0, u64::MAX),
                vec![curator],
            ),
            Ix::SetVaultPause => one(
                build::set_vault_pause(curator.pubkey(), vault_a, false, false),
                vec![curator],
            ),
            Ix::SetFees => one(
                build::set_fees(curator.pubkey(), vault_a, 0, 10),
                vec![curator],
            ),
            Ix::SetRewardFees => one(
                build::set_reward_fees(curator.pubkey(), vault_a, 500, 1_000),
                vec![curator],
            ),
            Ix::WhitelistOperator => one(
                build::whitelist_operator(curator.pubkey(), vault_a, self.operator2, 5_000),
                vec![curator],
            ),
            Ix::Delegate => one(
                build::delegate(curator.pubkey(), vault_a, operator, (WAD / 100) as u64),
                vec![curator],
            ),
            Ix::Undelegate => one(
                build::undelegate(curator.pubkey(), vault_a, operator, (WAD / 100) as u64),
                vec![curator],
            ),
            Ix::SetConcentrationLimit => one(
                build::set_concentration_limit(curator.pubkey(), vault_a, operator, 9_000),
                vec![curator],
            ),
            Ix::Bond => one(build::bond(&a, operator, op.pubkey(), 1_000), vec![op]),
            Ix::Unbond => one(
                build::unbond(vault_a, operator, op.pubkey(), 1_000),
                vec![op],
            ),
            Ix::CompleteUnbond => one(build::complete_unbond(&a, operator, op.pubkey()), vec![op]),
            Ix::TransferCurator => one(
                build::transfer_curator(curator.pubkey(), vault_b, self.k.curator2.pubkey()),
                vec![curator],
            ),
            Ix::AcceptCurator => one(
                build::accept_curator(self.k.curator2.pubkey(), vault_b),
                vec![self.k.curator2.insecure_clone()],
            ),
            Ix::TransferFeeAdmin => one(
                build::transfer_fee_admin(curator.pubkey(), vault_b, self.k.fee_admin2.pubkey()),
                vec![curator],
            ),
            Ix::AcceptFeeAdmin => one(
                build::accept_fee_admin(self.k.fee_admin2.pubkey(), vault_b),
                vec![self.k.fee_admin2.insecure_clone()],
            ),
            Ix::SetTreasury => one(
                build::set_treasury(payer.pubkey(), self.k.treasury2.pubkey()),
                vec![],
            ),
            Ix::AcceptTreasury => one(
                build::accept_treasury(self.k.treasury2.pubkey()),
                vec![self.k.treasury2.insecure_clone()],
            ),
            Ix::ClaimTreasuryFees => one(
                build::claim_treasury_fees(
                    &a,
                    self.k.treasury2.pubkey(),
                    pda::lrt_account(&self.k.treasury2.pubkey(), &a.lrt_mint),
                ),
                vec![self.k.treasury2.insecure_clone()],
            ),
            Ix::SetPauser => one(
                build::set_pauser(payer.pubkey(), self.k.pauser2.pubkey()),
                vec![],
            ),
            Ix::Pause => one(build::pause(payer.pubkey()), vec![]),
            Ix::Unpause => one(build::unpause(payer.pubkey()), vec![]),
            Ix::InitializeConfig => one(
                build::initialize_config(
                    payer.pubkey(),
                    None,
                    InitializeConfigArgs {
                        pauser: payer.pubkey(),
                        treasury: self.w.treasury,
                        registry_program: slasher_registry::ID,
                        epoch_length: EPOCH_LENGTH,
                        max_deposit_fee_bps: 100,
                        max_withdrawal_fee_bps: 100,
                    },
                ),
                vec![],
            ),
            Ix::TransferAdmin => one(
                build::transfer_admin(payer.pubkey(), self.k.admin2.pubkey()),
                vec![],
            ),
            Ix::AcceptAdmin => one(
                build::accept_admin(self.k.admin2.pubkey()),
                vec![self.k.admin2.insecure_clone()],
            ),

            // slasher_registry
            Ix::CancelSlash => {
                let execution: SlashExecution = self
                    .w
                    .t
                    .decode(registry::pda::slash_execution(&self.r1, &vault_a))
                    .await;
                one(registry::cancel_slash(payer.pubkey(), &execution), vec![])
            }
            Ix::ExecuteSlash => (
                vec![
                    build::refresh_prices(&b),
                    registry::execute_slash(payer.pubkey(), &self.r0, vault_b),
                ],
                vec![],
            ),
            Ix::VetoSlash => {
                let veto = self.w.veto.insecure_clone();
                one(registry::veto_slash(veto.pubkey(), self.r2), vec![veto])
            }
            Ix::RequestSlash => {
                let state: slasher_registry::state::Avs = self.w.t.decode(self.w.avs).await;
                let authority = self.w.avs_authority.insecure_clone();
                let request = registry::request_slash(
                    authority.pubkey(),
                    authority.pubkey(),
                    self.w.avs,
                    state.request_count,
                    operator,
                    RequestSlashArgs {
                        wad: WAD / 100,
                        evidence_hash: [5; 32],
                    },
                );
                one(request, vec![authority])
            }
            Ix::RegisterOperator => {
                // a fresh authority each time, funded in the same transaction
                let authority = Keypair::new();
                let register = registry::register_operator(
                    authority.pubkey(),
                    OperatorArgs {
                        commission_bps: 500,
                        signing_key: [6; 32],
                        metadata_uri: "https://example.org/fuzz.json".into(),
                    },
                );
                (vec![fund(&authority.pubkey()), register], vec![authority])
            }
            Ix::UpdateOperator => one(
                registry::update_operator(
                    op.pubkey(),
                    UpdateOperatorArgs {
                        commission_bps: Some(900),
                        ..UpdateOperatorArgs::default()
                    },
                ),
                vec![op],
            ),
            Ix::RegisterAvs => one(
                registry::register_avs(
                    payer.pubkey(),
                    RegisterAvsArgs {
                        id: Pubkey::new_unique(),
                        admin: payer.pubkey(),
                        kind: AvsKind::Local {
                            slash_authority: Pubkey::new_unique(),
                        },
                        max_slash_wad: WAD / 4,
                        destination: SlashDestination::Burn,
                        metadata_uri: "https://example.org/avs.json".into(),
                    },
                ),
                vec![],
            ),
            Ix::AnnounceAvsChange => one(
                registry::announce_avs_change(
                    payer.pubkey(),
                    self.spare_avs,
                    AnnounceAvsChangeArgs {
                        kind: None,
                        max_slash_wad: Some(WAD / 3),
                        destination: None,
                    },
                ),
                vec![],
            ),
            Ix::SetAvsActive => one(
                registry::set_avs_active(payer.pubkey(), self.spare_avs, true),
                vec![],
            ),
            Ix::OptInAvs => one(
                registry::opt_in_avs(self.k.op2.pubkey(), self.w.avs),
                vec![self.k.op2.insecure_clone()],
            ),
            Ix::OptOutAvs => one(registry::opt_out_avs(op.pubkey(), self.spare_avs), vec![op]),
            Ix::VaultOptInAvs => one(
                registry::vault_opt_in_avs(curator.pubkey(), vault_a, self.spare_avs, 5_000),
                vec![curator],
            ),
            Ix::VaultOptOutAvs => one(
                registry::vault_opt_out_avs(curator.pubkey(), vault_b, self.example_avs),
                vec![curator],
            ),
            Ix::AnnounceRegistryParams => one(
                registry::announce_registry_params(
                    payer.pubkey(),
                    RegistryParams {
                        veto_window_slots: VETO_WINDOW,
                        resolution_delay_slots: RESOLUTION_DELAY,
                        max_vault_slash_bps_per_epoch: 9_000,
                        max_commission_bps: 9_000,
                    },
                ),
                vec![],
            ),
            Ix::SetVetoAuthority => one(
                registry::set_veto_authority(payer.pubkey(), self.w.veto.pubkey()),
                vec![],
            ),
            Ix::InitializeRegistry => one(
                registry::initialize_registry(
                    payer.pubkey(),
                    None,
                    InitializeRegistryArgs {
                        veto_authority: self.w.veto.pubkey(),
                        veto_window_slots: VETO_WINDOW,
                        resolution_delay_slots: RESOLUTION_DELAY,
                        max_vault_slash_bps_per_epoch: 10_000,
                        max_commission_bps: 10_000,
                    },
                ),
                vec![],
            ),
            Ix::RegistryTransferAdmin => one(
                registry::transfer_admin(payer.pubkey(), self.k.admin2.pubkey()),
                vec![],
            ),
            Ix::RegistryAcceptAdmin => one(
                registry::accept_admin(self.k.admin2.pubkey()),
                vec![self.k.admin2.insecure_clone()],
            ),

            // example_avs
            Ix::AvsInitialize => one(
                avs::initialize(
                    self.k.avs_admin.pubkey(),
                    self.example_avs,
                    example_avs::instructions::InitializeArgs {
                        slash_wad: WAD / 10,
                    },
                ),
                vec![self.k.avs_admin.insecure_clone()],
            ),
            Ix::SetSlashWad => one(
                avs::set_slash_wad(self.k.avs_admin.pubkey(), WAD / 20),
                vec![self.k.avs_admin.insecure_clone()],
            ),
            Ix::PayReward => {
                let pay = avs::pay_reward(
                    &a,
                    avs::PayRewardKeys {
                        admin: self.k.avs_admin.pubkey(),
                        operator,
                        operator_token_account: pda::associated_token_account(
                            &op.pubkey(),
                            &WSOL_MINT,
                            &TOKEN,
                        ),
                    },
                    example_avs::instructions::PayRewardArgs {
                        asset_index: 0,
                        amount: SOL / 100 + n,
                    },
                );
                (
                    vec![build::refresh_prices(&a), pay],
                    vec![self.k.avs_admin.insecure_clone()],
                )
            }
            Ix::ReportEquivocation => {
                let state: slasher_registry::state::Avs = self.w.t.decode(self.example_avs).await;
                // a round (a slot) of the current epoch, a new one each time
                let round = epoch * EPOCH_LENGTH + n % EPOCH_LENGTH;
                let proof = avs::equivocation_proof(
                    self.k.reporter.pubkey(),
                    self.example_avs,
                    state.request_count,
                    operator,
                    &self.k.attester,
                    round,
                    [1; 32],
                    [2; 32],
                );
                (proof.to_vec(), vec![self.k.reporter.insecure_clone()])
            }
        }
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.rng.next_u64() % n
        }
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        // a mix of uniform bytes and the edges (0, 1, 0xff), so lengths, tags and amounts
        // hit their boundaries often
        for byte in out.iter_mut() {
            *byte = match self.below(8) {
                0 => 0,
                1 => 1,
                2 => 0xff,
                _ => self.rng.next_u32() as u8,
            };
        }
        out
    }

    /// The fuzzed data for `kind`, from the valid data; the second value says whether it
    /// is well-formed Borsh of the instruction's arguments.
    fn data(&mut self, spec: &Spec, kind: Kind, valid: &[u8]) -> (Vec<u8>, bool) {
        let disc = &valid[..8];
        let args_len = valid.len() - 8;
        let with = |tail: Vec<u8>| [disc, &tail[..]].concat();
        match kind {
            Kind::Truncated => {
                let len = self.below(8) as usize;
                if self.below(2) == 0 {
                    (disc[..len].to_vec(), false)
                } else {
                    (self.bytes(len), false)
                }
            }
            Kind::Short => {
                let len = if args_len == 0 {
                    self.below(9) as usize
                } else {
                    self.below(args_len as u64) as usize
                };
                let tail = self.bytes(len);
                (with(tail), false)
            }
            Kind::Long => {
                let len = args_len + 1 + self.below(700) as usize;
                let tail = self.bytes(len);
                (with(tail), false)
            }
            Kind::Mutated => (self.mutate(valid), false),
            Kind::Borsh => {
                // random bytes decoded as the instruction struct, then mutations of the
                // valid encoding decoded; the first that decodes is sent re-encoded
                for round in 0..32 {
                    let candidate = if round % 2 == 0 {
                        let len = args_len + self.below(args_len as u64 + 16) as usize;
                        self.bytes(len)
                    } else {
                        self.mutate(valid)[8..].to_vec()
                    };
                    if let Some(data) = (spec.borsh)(&candidate) {
                        return (data, true);
                    }
                }
                (self.mutate(valid), false)
            }
            Kind::RandomDiscriminator => {
                let len = 8 + self.below(64) as usize;
                (self.bytes(len), false)
            }
        }
    }

    /// The valid data with one to four edits past the discriminator: random bytes, or a
    /// whole 1-, 2-, 8- or 16-byte field set to 0, 1 or all ones (an instruction without
    /// arguments gets a random tail instead).
    fn mutate(&mut self, valid: &[u8]) -> Vec<u8> {
        let mut data = valid.to_vec();
        let args_len = valid.len() - 8;
        if args_len == 0 {
            let len = 1 + self.below(16) as usize;
            data.extend(self.bytes(len));
            return data;
        }
        for _ in 0..1 + self.below(4) {
            let width = [1usize, 1, 2, 8, 16][self.below(5) as usize].min(args_len);
            let at = 8 + self.below((args_len - width + 1) as u64) as usize;
            let field = &mut data[at..at + width];
            match self.rng.next_u32() % 4 {
                0 => field.fill(0),
                1 => field.fill(0xff),
                2 => {
                    field.fill(0);
                    field[0] = 1;
                }
                _ => self.rng.fill_bytes(field),
            }
        }
        data
    }

    /// Sends one fuzzed transaction for `spec` and checks what must hold.
    async fn attempt(&mut self, spec: &Spec, kind: Kind) {
        self.attempt += 1;
        let (mut ixs, signers) = self.build(spec.ix).await;
        let last = ixs.len() - 1;
        let valid = ixs[last].data.clone();
        assert_eq!(
            &valid[..8],
            spec.discriminator,
            "{}: the builder's discriminator",
            spec.name
        );
        let (mut data, well_formed) = self.data(spec, kind, &valid);
        ixs[last].data = data.clone();

        // signer flags the fuzzer cannot honour (the registry's PDA) are dropped
        let payer = self.w.t.payer();
        let mut keys: Vec<&Keypair> = vec![&payer];
        keys.extend(signers.iter());
        for meta in ixs.iter_mut().flat_map(|ix| ix.accounts.iter_mut()) {
            if meta.is_signer && !keys.iter().any(|k| k.pubkey() == meta.pubkey) {
                *meta = AccountMeta {
                    pubkey: meta.pubkey,
                    is_signer: false,
                    is_writable: meta.is_writable,
                };
            }
        }

        // within the packet size: a long tail is cut to fit
        let blockhash = self
            .w
            .t
            .ctx
            .banks_client
            .get_latest_blockhash()
            .await
            .unwrap();
        let mut tx = self.sign(&ixs, &keys, blockhash);
        let size = bincode::serialize(&tx).unwrap().len();
        if size > PACKET_DATA_SIZE {
            let cut = (size - PACKET_DATA_SIZE).min(data.len().saturating_sub(8));
            data.truncate(data.len() - cut);
            ixs[last].data = data.clone();
            tx = self.sign(&ixs, &keys, blockhash);
        }
        // the same message twice under one blockhash would be a duplicate: wait for a new one
        if self.last_blockhash != Some(blockhash) {
            self.last_blockhash = Some(blockhash);
            self.sent_messages.clear();
        }
        let message = tx.message_data();
        if !self.sent_messages.insert(message) {
            let blockhash = self.w.t.ctx.get_new_latest_blockhash().await.unwrap();
            self.last_blockhash = Some(blockhash);
            self.sent_messages.clear();
            tx = self.sign(&ixs, &keys, blockhash);
            self.sent_messages.insert(tx.message_data());
        }

        *self.sent.entry(kind).or_default() += 1;
        self.well_formed_borsh += u64::from(well_formed);
        let panics_before = panic_count();
        // executed straight on the working bank (no signature polling): a transport
        // error stays a `BanksClientError`, the transaction's own outcome is `result`
        let result = match self
            .w
            .t
            .ctx
            .banks_client
            .process_transaction_with_metadata(tx)
            .await
        {
            Ok(outcome) => outcome.result.map_err(BanksClientError::TransactionError),
            Err(transport) => Err(transport),
        };
        let panics = panics_since(panics_before);
        let describe = || {
            format!(
                "{:?}::{} ({kind:?}), data {} bytes: {}",
                spec.program,
                spec.name,
                data.len(),
                hex(&data)
            )
        };
        if !panics.is_empty() {
            self.findings
                .push(format!("{} -> {result:?}; panics: {panics:#?}", describe()));
        }
        match result {
            Ok(()) => {
                *self.succeeded.entry(spec.name).or_default() += 1;
                self.after_success(spec, &ixs).await;
            }
            Err(BanksClientError::TransactionError(TransactionError::InstructionError(
                index,
                error,
            ))) => {
                if error == InstructionError::ProgramFailedToComplete {
                    self.findings.push(format!(
                        "{} -> ProgramFailedToComplete at instruction {index} (a panic)",
                        describe()
                    ));
                }
                let at = if usize::from(index) == last {
                    spec.name.to_string()
                } else {
                    format!("{} (helper instruction {index})", spec.name)
                };
                let name = error_name(spec.program, &error);
                *self.errors.entry(format!("{at}: {name}")).or_default() += 1;
            }
            Err(BanksClientError::TransactionError(error)) => {
                *self
                    .errors
                    .entry(format!("{}: {error:?}", spec.name))
                    .or_default() += 1;
            }
            Err(other) => self.findings.push(format!(
                "{} -> not a transaction error: {other:?}",
                describe()
            )),
        }
    }

    fn sign(&self, ixs: &[Instruction], keys: &[&Keypair], blockhash: Hash) -> Transaction {
        let payer = keys[0].pubkey();
        let mut tx = Transaction::new_with_payer(ixs, Some(&payer));
        let required = usize::from(tx.message.header.num_required_signatures);
        let needed: Vec<&Keypair> = tx.message.account_keys[..required]
            .iter()
            .map(|key| {
                *keys
                    .iter()
                    .find(|k| k.pubkey() == *key)
                    .expect("every required signer is held")
            })
            .collect();
        tx.sign(&needed, blockhash);
        tx
    }

    /// After a success: track what it created, then check every vault's invariants (a
    /// slash execution may lower prices and scales; a cancel must give every position
    /// back what the slash took).
    async fn after_success(&mut self, spec: &Spec, ixs: &[Instruction]) {
        let mut touched: HashSet<Pubkey> = HashSet::new();
        for meta in ixs.iter().flat_map(|ix| ix.accounts.iter()) {
            touched.insert(meta.pubkey);
            let Some(account) = self.w.t.account(meta.pubkey).await else {
                continue;
            };
            if account.owner != lrt_vault::ID {
                continue;
            }
            if let Ok(ticket) = lrt_client::decode::account::<WithdrawalTicket>(&account.data) {
                let bucket = pda::bucket(&ticket.vault, ticket.bucket_epoch);
                if let Some((_, checker)) =
                    self.checkers.iter_mut().find(|(v, _)| *v == ticket.vault)
                {
                    checker.track_ticket(meta.pubkey, bucket);
                }
            }
            if let Ok(vault) =
                lrt_client::decode::account::<lrt_client::state::Vault>(&account.data)
            {
                let key = pda::vault(&vault.lrt_mint);
                if !self.checkers.iter().any(|(v, _)| *v == key) {
                    self.checkers.push((key, InvariantChecker::new(key)));
                }
            }
        }
        for (vault, checker) in self.checkers.iter_mut() {
            match spec.ix {
                Ix::ExecuteSlash if touched.contains(vault) => checker.allow_loss(),
                Ix::CancelSlash if touched.contains(vault) => checker.expect_cancel(),
                _ => {}
            }
            let step = format!("after {} (attempt {})", spec.name, self.attempt);
            checker.check(&mut self.w.t, &step).await;
        }
    }

    /// Every instruction of `program`, `cases` inputs each, then random discriminators.
    async fn run(&mut self, program: Program) {
        let started = Instant::now();
        let specs: Vec<Spec> = specs()
            .into_iter()
            .filter(|s| s.program == program)
            .collect();
        // the discriminator is Anchor's sha256("global:<name>")[..8]
        for spec in &specs {
            let preimage = format!("global:{}", spec.name);
            let hash = avs::sha256::hashv(&[preimage.as_bytes()]).to_bytes();
            assert_eq!(spec.discriminator, &hash[..8], "{}", spec.name);
        }
        let cases = cases();
        for spec in &specs {
            for i in 0..cases {
                self.attempt(spec, KINDS[i % KINDS.len()]).await;
            }
        }
        for _ in 0..cases * 4 {
            let i = self.below(specs.len() as u64) as usize;
            self.attempt(&specs[i], Kind::RandomDiscriminator).await;
        }
        self.report(program, specs.len(), started.elapsed());
    }

    fn report(&self, program: Program, instructions: usize, took: std::time::Duration) {
        let total: u64 = self.sent.values().sum();
        let ok: u64 = self.succeeded.values().sum();
        println!(
            "fuzz {program:?}: {instructions} instructions, {total} transactions executed in \
             {:.1} s ({ok} succeeded, invariants held after each; {} well-formed random Borsh; \
             FUZZ_SEED={})",
            took.as_secs_f64(),
            self.well_formed_borsh,
            self.seed
        );
        for (kind, n) in &self.sent {
            println!("    {kind:?}: {n}");
        }
        for (name, n) in &self.succeeded {
            println!("    succeeded: {name} x{n}");
        }
        for (error, n) in &self.errors {
            println!("    failed: {error} x{n}");
        }
        assert!(
            self.findings.is_empty(),
            "fuzz {program:?}: {} finding(s) (panics, ProgramFailedToComplete or harness \
             errors):\n{}",
            self.findings.len(),
            self.findings.join("\n")
        );
    }
}

/// An instruction error with the name of its code: the program's own error enum for
/// codes from 6000 (or the registry's or the vault's, for an error raised by a CPI callee),
/// Anchor's framework errors, the token programs' small codes.
fn error_name(program: Program, error: &InstructionError) -> String {
    let InstructionError::Custom(code) = error else {
        return format!("{error:?}");
    };
    let code = *code;
    let name = if code >= 6000 {
        let n = code - 6000;
        let vault =
            lrt_vault::errors::VaultError::from_repr(n).map(|e| format!("VaultError::{e:?}"));
        let registry = slasher_registry::errors::RegistryError::from_repr(n)
            .map(|e| format!("RegistryError::{e:?}"));
        let avs = example_avs::errors::AvsError::from_repr(n).map(|e| format!("AvsError::{e:?}"));
        let own = match program {
            Program::Vault => vault.clone(),
            Program::Registry => registry.clone(),
            Program::Avs => avs.clone(),
        };
        // a code the program itself does not have came from a callee
        own.unwrap_or_else(|| {
            let all: Vec<String> = [vault, registry, avs].into_iter().flatten().collect();
            all.join(" / ")
        })
    } else {
        match code {
            0..=99 => "a token program's error".to_string(),
            100 => "InstructionMissing".into(),
            101 => "InstructionFallbackNotFound".into(),
            102 => "InstructionDidNotDeserialize".into(),
            103 => "InstructionDidNotSerialize".into(),
            2000 => "ConstraintMut".into(),
            2001 => "ConstraintHasOne".into(),
            2002 => "ConstraintSigner".into(),
            2003 => "ConstraintRaw".into(),
            2004 => "ConstraintOwner".into(),
            2006 => "ConstraintSeeds".into(),
            2012 => "ConstraintAddress".into(),
            2014 => "ConstraintTokenMint".into(),
            2015 => "ConstraintTokenOwner".into(),
            3001 => "AccountDiscriminatorNotFound".into(),
            3002 => "AccountDiscriminatorMismatch".into(),
            3003 => "AccountDidNotDeserialize".into(),
            3007 => "AccountOwnedByWrongProgram".into(),
            3010 => "AccountNotSigner".into(),
            3012 => "AccountNotInitialized".into(),
            _ => "an Anchor framework error".into(),
        }
    };
    format!("Custom({code}) {name}")
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn vault_instructions_under_arbitrary_data() {
    let mut fuzz = Fuzz::new("vault").await;
    fuzz.run(Program::Vault).await;
}

#[tokio::test]
async fn registry_instructions_under_arbitrary_data() {
    let mut fuzz = Fuzz::new("registry").await;
    fuzz.run(Program::Registry).await;
}

#[tokio::test]
async fn example_avs_instructions_under_arbitrary_data() {
    let mut fuzz = Fuzz::new("avs").await;
    fuzz.run(Program::Avs).await;
}

/// How a native builtin's panic surfaces in program-test: program-test catches the unwind
/// and fails the instruction with `ProgramFailedToComplete`, and the hook has recorded the
/// panic, with its location, on this test's own thread. This is what the fuzz tests above
/// treat as a finding.
#[tokio::test]
async fn a_native_panic_is_caught_and_reported() {
    use anchor_lang::{prelude::AccountInfo, solana_program::entrypoint::ProgramResult};
    fn panicking(_: &Pubkey, _: &[AccountInfo], data: &[u8]) -> ProgramResult {
        panic!("a builtin panicked on {data:?}");
    }
    record_panics();
    let id = Pubkey::new_unique();
    let t = TestContext::start_with(vec![], |pt| {
        pt.add_program("panicking", id, solana_program_test::processor!(panicking))
    })
    .await;
    let before = panic_count();
    let payer = t.payer();
    let ix = Instruction {
        program_id: id,
        accounts: vec![],
        data: vec![1, 2, 3],
    };
    let blockhash = t.ctx.banks_client.get_latest_blockhash().await.unwrap();
    let tx = Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[&payer], blockhash);
    let outcome = t
        .ctx
        .banks_client
        .process_transaction_with_metadata(tx)
        .await
        .unwrap();
    assert_eq!(
        outcome.result,
        Err(TransactionError::InstructionError(
            0,
            InstructionError::ProgramFailedToComplete
        ))
    );
    let panics = panics_since(before);
    assert!(
        panics
            .iter()
            .any(|p| p.contains("a builtin panicked on [1, 2, 3]")),
        "the hook saw the panic on this test's thread: {panics:?}"
    );
}
