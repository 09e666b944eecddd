//! `lrt watch`: follow the programs' events live, the monitoring a risk-aware restaker
//! wants (slashes, rewards, withdrawals, pauses, fee changes).
//!
//! The programs emit with `emit_cpi!`, so events are inner instructions of the emitting
//! program (`EVENT_IX_TAG_LE`, the event's discriminator, its Borsh body), never log
//! lines. Watching therefore polls `getSignaturesForAddress` for each of the three program
//! ids (`until` the last signature seen, oldest first), reads every new successful
//! transaction with `getTransaction` (json, `maxSupportedTransactionVersion` 0) and decodes
//! the inner instructions of our programs. This works the same against a local surfpool
//! network and a real cluster; nothing needs a WebSocket.
//!
//! # Output
//!
//! Display, one line per event:
//!
//! ```text
//! slot 1234  2026-11-21T21:56:53Z  SlashRequested        avs X operator Y 5% capture epoch 7 veto until slot 1300 (request R)
//! ```
//!
//! Amounts are in human units: lamports as SOL, asset amounts in their token (symbol and
//! decimals read once per vault), shares in the vault's LRT, WAD fractions and basis
//! points as percentages.
//!
//! JSON (`--json`, or `--output json|json-compact`), one object per line:
//!
//! ```json
//! {"slot":1234,"block_time":1763762213,"signature":"5Vn...","program":"lrt_vault",
//!  "program_id":"...","event":"Deposited","category":"deposits","data":{...}}
//! ```
//!
//! `block_time` is Unix seconds or `null`; `program` is `lrt_vault`, `slasher_registry` or
//! `example_avs` (two programs share some event names, e.g. `SlashCancelled`);
//! `category` is one of `slashing`, `rewards`, `withdrawals`, `pauses`, `fees`,
//! `deposits`, `delegation`, `setup`. `data` holds every field of the event under its Rust
//! name, with one rule per type: public keys as base58 strings; `u8`/`u16` as JSON
//! numbers; `u64`, `u128` and `i128` as decimal strings (amounts, WAD values, slots and
//! epochs alike: JSON readers that use doubles lose precision above 2^53, and WAD values
//! are far above it); `bool` as `true`/`false`; 32-byte arrays (hashes, signing keys) as
//! lowercase hex; per-asset arrays as arrays; `Option` as the value or `null`; nested
//! structs (`snapshot`) as objects; enums as objects with a `kind` (`{"kind":"wsol"}`,
//! `{"kind":"spl_stake_pool","pool":"..."}`, `{"kind":"local","slash_authority":"..."}`,
//! `{"kind":"burn"}`, `{"kind":"recipient","owner":"..."}`).
//!
//! # Which events
//!
//! By default: slashing (`SlashRequested`, `SlashVetoed`, `SlashExecuted`,
//! `SlashApplied`, both `SlashCancelled`, `EscrowSwept`, `EquivocationReported`,
//! `SlashWadSet`), rewards (`RewardsDistributed`, `RewardsVested`, `RewardPaid`), withdrawals
//! (`WithdrawalRequested`, `WithdrawalClaimed`), pauses (`ProtocolPauseSet`,
//! `VaultPauseSet`, `AvsActiveSet`), fees (`FeesSet`, `TreasuryFeesClaimed`) and
//! governance: role handovers and announced changes (`RoleProposed`, `RoleAccepted`,
//! `AdminTransferStarted`, `AdminTransferred`, `PauserSet`, `VetoAuthoritySet`,
//! `RegistryParamsAnnounced`, `AvsChangesAnnounced`, `OperatorUpdated`). `--all` adds
//! deposits, delegation changes and setup; `--event` picks names.
//!
//! With `--vault`, an event is shown when its `vault` is that vault; an event without a
//! vault when its `operator` is one the vault delegates to and its `avs` one the vault
//! opted in to (whichever of the two it carries); protocol-wide events (no vault, operator
//! or AVS, such as `ProtocolPauseSet`) always.
use std::{
    collections::{HashMap, HashSet, VecDeque},
    time::{Duration, Instant},
};

use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context as _, Result};
use clap::Args;
use example_avs::events as avs_ev;
use lrt_client::decode;
use lrt_vault::{
    constants::LRT_DECIMALS,
    events::Role,
    events::{self as vault_ev, VaultSnapshot},
    state::{AllocationHistory, Delegation, Fees, PricingSource, SlashDestination, Vault},
};
use serde::Serialize;
use serde_json::{Map, Value};
use slasher_registry::{
    events as registry_ev,
    state::{AvsKind, RegistryParams, VaultAvs},
};
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::GetConfirmedSignaturesForAddress2Config;
use solana_rpc_client_api::{
    config::RpcTransactionConfig, response::RpcConfirmedTransactionStatusWithSignature,
};
use solana_transaction::Signature;
use solana_transaction_status_client_types::{
    option_serializer::OptionSerializer, EncodedConfirmedTransactionWithStatusMeta,
    EncodedTransaction, TransactionConfirmationStatus, UiInstruction, UiMessage,
    UiParsedInstruction, UiTransactionEncoding,
};

use crate::{
    amount::{bps, format_units, wad},
    chain::{self, parse_pubkey},
    context::Ctx,
    errors::program_name,
    output::{Output, OutputFormat},
};

#[derive(Args, Debug)]
pub struct WatchArgs {
    /// One JSON object per line (same as --output json-compact)
    #[arg(long)]
    pub json: bool,
    /// Only events about this vault (address or LRT mint), its operators and its AVSs
    #[arg(long, value_name = "VAULT")]
    pub vault: Option<String>,
    /// Every event, not only slashing, rewards, withdrawals, pauses and fee changes
    #[arg(long, conflicts_with = "events")]
    pub all: bool,
    /// Only these events, by name (repeat or separate with commas), e.g. SlashRequested
    #[arg(long = "event", value_name = "NAME", value_delimiter = ',')]
    pub events: Vec<String>,
    /// First replay the events of this slot and later
    #[arg(long, value_name = "SLOT", conflicts_with = "since")]
    pub from_slot: Option<u64>,
    /// First replay the events after this transaction
    #[arg(long, value_name = "SIGNATURE")]
    pub since: Option<String>,
    /// Exit after printing N events
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Exit after SECS seconds (status 0)
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Time between polls, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 400)]
    pub interval: u64,
}

pub fn run(ctx: &Ctx, args: WatchArgs) -> Result<()> {
    let out = if args.json {
        Output::new(OutputFormat::JsonCompact)
    } else {
        ctx.out
    };
    let deadline = args
        .timeout
        .map(|secs| Instant::now() + Duration::from_secs(secs));
    let mut filter = Filter::new(args.all, &args.events)?;
    if let Some(text) = &args.vault {
        filter.scope = Some(VaultScope::load(ctx, text)?);
    }
    let mut watcher = Watcher::new(ctx);
    let mut labels = Labels::new(Some(ctx));

    let (backlog, from) = match (args.from_slot, &args.since) {
        (Some(slot), _) => (watcher.start_at(slot, None)?, format!("from slot {slot}")),
        (None, Some(text)) => {
            let signature: Signature = text
                .trim()
                .parse()
                .map_err(|_| anyhow!("--since {text:?} is not a transaction signature (base58)"))?;
            let slot = watcher.fetch(&signature)?.slot;
            (
                watcher.start_at(slot, Some(signature))?,
                format!("after {signature} (slot {slot})"),
            )
        }
        (None, None) => {
            watcher.start_now()?;
            (Vec::new(), "from now".to_string())
        }
    };
    out.note(format!(
        "watching {} on {} {from}: {} (Ctrl-C to stop)",
        Program::ALL.map(Program::name).join(", "),
        ctx.url,
        filter.describe()
    ));

    // Transactions listed but not printed yet, oldest first. Once started, RPC failures
    // (a rate limit, a node restarting) are reported on stderr and retried with a growing
    // pause: a monitor should outlive them.
    let mut pending: VecDeque<RpcConfirmedTransactionStatusWithSignature> = backlog.into();
    let mut printed = 0u64;
    let mut failures = 0u32;
    let mut stuck: Option<(String, Instant)> = None;
    loop {
        while let Some(status) = pending.front().cloned() {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(());
            }
            let transaction = match watcher.fetch_status(&status) {
                Ok(transaction) => {
                    pending.pop_front();
                    transaction
                }
                Err(error) => {
                    failures = failures.saturating_add(1);
                    let since = match &stuck {
                        Some((signature, since)) if *signature == status.signature => *since,
                        _ => Instant::now(),
                    };
                    if since.elapsed() >= GIVE_UP_AFTER {
                        eprintln!(
                            "warning: skipping transaction {} (slot {}): {error:#}",
                            status.signature, status.slot
                        );
                        pending.pop_front();
                        stuck = None;
                        continue;
                    }
                    eprintln!("warning: {error:#}; retrying");
                    stuck = Some((status.signature.clone(), since));
                    break;
                }
            };
            stuck = None;
            failures = 0;
            let block_time = watcher.block_time(&transaction);
            for event in events_of(&transaction) {
                if !filter.shown(&event) {
                    continue;
                }
                if event.name == "AssetAdded" {
                    if let Some(vault) = event.data.get("vault").and_then(Value::as_str) {
                        labels.forget(vault);
                    }
                }
                let line = Line {
                    slot: transaction.slot,
                    block_time,
                    signature: &status.signature,
                    program: event.program.name(),
                    program_id: event.program.id().to_string(),
                    event: event.name,
                    category: category(event.program, event.name).name(),
                    data: &event.data,
                };
                out.print_line(&line, |line| display_line(line, event.program, &mut labels));
                printed += 1;
                if args.count.is_some_and(|count| printed >= count) {
                    return Ok(());
                }
            }
        }
        let pause = backoff(Duration::from_millis(args.interval), failures);
        match deadline {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(());
                }
                std::thread::sleep(pause.min(left));
            }
            None => std::thread::sleep(pause),
        }
        match watcher.poll() {
            Ok(new) => {
                if stuck.is_none() {
                    failures = 0;
                }
                pending.extend(new);
            }
            Err(error) => {
                failures = failures.saturating_add(1);
                eprintln!("warning: {error:#}; retrying");
            }
        }
    }
}

/// The pause before the next poll: the interval, doubled per consecutive failure, at
/// most [`MAX_BACKOFF`].
fn backoff(interval: Duration, failures: u32) -> Duration {
    interval
        .saturating_mul(1u32 << failures.min(16))
        .min(MAX_BACKOFF.max(interval))
}

// ---------------------------------------------------------------------------------------
// The programs and their events
// ---------------------------------------------------------------------------------------

/// The three programs whose events `watch` follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Program {
    Vault,
    Registry,
    Avs,
}

impl Program {
    pub const ALL: [Program; 3] = [Program::Vault, Program::Registry, Program::Avs];

    pub fn id(self) -> Pubkey {
        match self {
            Program::Vault => lrt_vault::ID,
            Program::Registry => slasher_registry::ID,
            Program::Avs => example_avs::ID,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Program::Vault => "lrt_vault",
            Program::Registry => "slasher_registry",
            Program::Avs => "example_avs",
        }
    }

    pub fn from_id(id: &Pubkey) -> Option<Program> {
        Program::ALL.into_iter().find(|p| p.id() == *id)
    }

    fn event_names(self) -> &'static [&'static str] {
        match self {
            Program::Vault => VAULT_EVENTS,
            Program::Registry => REGISTRY_EVENTS,
            Program::Avs => AVS_EVENTS,
        }
    }
}

/// One decoded event of one program.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub program: Program,
    pub name: &'static str,
    pub data: Value,
}

/// Decodes the data of an inner instruction of `program_id` into one of that program's
/// events: its name and every field as JSON (see the module documentation for the
/// encoding). `None` for other programs, other instructions and malformed events.
pub fn decode_event(program_id: &Pubkey, data: &[u8]) -> Option<(&'static str, Value)> {
    match Program::from_id(program_id)? {
        Program::Vault => decode_vault(data),
        Program::Registry => decode_registry(data),
        Program::Avs => decode_avs(data),
    }
}

/// JSON for the field types events are made of.
trait Json {
    fn json(&self) -> Value;
}

impl Json for Pubkey {
    fn json(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl Json for bool {
    fn json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Json for String {
    fn json(&self) -> Value {
        Value::String(self.clone())
    }
}

macro_rules! json_number {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
json_number!(u8, u16, u32);

macro_rules! json_decimal_string {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self) -> Value {
                Value::String(self.to_string())
            }
        }
    )*};
}
json_decimal_string!(u64, u128, i128);

impl Json for [u8; 32] {
    fn json(&self) -> Value {
        Value::String(crate::output::hex(self))
    }
}

impl<const N: usize> Json for [u64; N] {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(Json::json).collect())
    }
}

impl<const N: usize> Json for [u128; N] {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(Json::json).collect())
    }
}

impl<const N: usize, const M: usize> Json for [[u64; N]; M] {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(Json::json).collect())
    }
}

impl<T: Json> Json for Option<T> {
    fn json(&self) -> Value {
        self.as_ref().map_or(Value::Null, Json::json)
    }
}

/// A JSON object of every field of a struct. The pattern has no `..`, so the compiler
/// refuses a list that misses a field: a field added to an event cannot be forgotten here.
macro_rules! object {
    ($value:expr, $ty:path { $($field:ident),* $(,)? }) => {{
        let $ty { $($field),* } = $value;
        let mut map = Map::new();
        $( map.insert(stringify!($field).to_string(), Json::json($field)); )*
        Value::Object(map)
    }};
}

impl Json for AllocationHistory {
    fn json(&self) -> Value {
        object!(
            self,
            AllocationHistory {
                epoch,
                previous,
                current,
                next,
                later,
            }
        )
    }
}

impl Json for VaultSnapshot {
    fn json(&self) -> Value {
        object!(
            self,
            VaultSnapshot {
                share_supply,
                active_value_wad,
                asset_count,
                active_amounts,
                queued_amounts,
                escrowed_amounts,
                unvested_amounts,
                bonded_shares,
                insurance_shares,
                treasury_shares,
                prices_wad,
                price_epochs,
            }
        )
    }
}

impl Json for Fees {
    fn json(&self) -> Value {
        object!(
            self,
            Fees {
                deposit_bps,
                withdrawal_bps,
                reward_bps,
            }
        )
    }
}

impl Json for RegistryParams {
    fn json(&self) -> Value {
        object!(
            self,
            RegistryParams {
                veto_window_slots,
                resolution_delay_slots,
                max_vault_slash_bps_per_epoch,
                max_commission_bps,
            }
        )
    }
}

impl Json for Role {
    fn json(&self) -> Value {
        match self {
            Role::Treasury => tagged("treasury", &[]),
            Role::Curator => tagged("curator", &[]),
            Role::FeeAdmin => tagged("fee_admin", &[]),
        }
    }
}

fn tagged(kind: &str, fields: &[(&str, Value)]) -> Value {
    let mut map = Map::new();
    map.insert("kind".into(), Value::String(kind.into()));
    for (name, value) in fields {
        map.insert((*name).into(), value.clone());
    }
    Value::Object(map)
}

impl Json for PricingSource {
    fn json(&self) -> Value {
        match self {
            PricingSource::Wsol => tagged("wsol", &[]),
            PricingSource::SplStakePool { pool } => {
                tagged("spl_stake_pool", &[("pool", pool.json())])
            }
            PricingSource::Marinade { state } => tagged("marinade", &[("state", state.json())]),
        }
    }
}

impl Json for SlashDestination {
    fn json(&self) -> Value {
        match self {
            SlashDestination::Burn => tagged("burn", &[]),
            SlashDestination::Recipient { owner } => {
                tagged("recipient", &[("owner", owner.json())])
            }
        }
    }
}

impl Json for AvsKind {
    fn json(&self) -> Value {
        match self {
            AvsKind::Local { slash_authority } => {
                tagged("local", &[("slash_authority", slash_authority.json())])
            }
            AvsKind::Remote { chain, emitter } => tagged(
                "remote",
                &[("chain", chain.json()), ("emitter", emitter.json())],
            ),
        }
    }
}

/// For one program: the names of its events and a decoder trying each of them.
macro_rules! event_table {
    ($decoder:ident, $names:ident, $module:ident;
     $( $name:ident { $($field:ident),* $(,)? } )*) => {
        const $names: &[&str] = &[$(stringify!($name)),*];

        fn $decoder(data: &[u8]) -> Option<(&'static str, Value)> {
            $(
                if let Some(event) = decode::event::<$module::$name>(data) {
                    return Some((stringify!($name), object!(&event, $module::$name { $($field),* })));
                }
            )*
            None
        }
    };
}

event_table! { decode_vault, VAULT_EVENTS, vault_ev;
    ConfigInitialized { admin, pauser, treasury, registry_program, epoch_length,
        max_deposit_fee_bps, max_withdrawal_fee_bps }
    AdminTransferStarted { admin, pending_admin }
    AdminTransferred { previous_admin, new_admin }
    PauserSet { previous_pauser, new_pauser }
    ProtocolPauseSet { by, paused }
    VaultCreated { vault, lrt_mint, curator, fee_admin, pending_curator, pending_fee_admin,
        name, symbol, uri, seed_asset_mint, seed_amount, dead_shares, snapshot }
    AssetAdded { vault, asset_index, mint, reserve, token_program, pricing, price_wad,
        deposit_cap }
    PricesRefreshed { vault, solana_epoch, snapshot }
    Deposited { vault, depositor, recipient_lrt_account, asset_index, mint, amount, price_wad,
        value_wad, shares_out, fee_shares, fee_bps, snapshot }
    WithdrawalRequested { vault, owner, ticket, ticket_id, bucket_epoch, shares_in,
        shares_burned, fee_shares, fee_bps, amounts, snapshot }
    WithdrawalClaimed { vault, owner, ticket, bucket_epoch, bucket_scale_wad, bucket_closed,
        residue_to_pool, amounts, snapshot }
    FeesSet { vault, fees, next, effective_epoch, insurance_cut_bps }
    CapsSet { vault, asset_index, deposit_cap }
    VaultPauseSet { vault, by, deposits_paused, withdrawals_paused }
    OperatorWhitelisted { vault, operator, operator_authority, max_bps }
    DelegationChanged { vault, operator, delta_wad, epoch, allocation, vault_allocations }
    ConcentrationLimitSet { vault, operator, previous_max_bps, max_bps }
    BondChanged { vault, operator, authority, shares, unbonding_shares, unbond_epoch,
        vault_bonded_shares, snapshot }
    InsuranceFunded { vault, funder, shares, insurance_shares, snapshot }
    SlashApplied { vault, request, operator, capture_epoch, allocation_wad, slashable_value_wad,
        loss_lamports, bond_shares_burnt, insurance_shares_burnt, value_covered_wad,
        fraction_wad, escrow, bucket_epochs, bucket_scales_after, window_until_slot, snapshot }
    EscrowSwept { vault, request, asset_index, mint, amount, burnt, recipient_token_account }
    RoleProposed { vault, role, current, proposed }
    RoleAccepted { vault, role, previous, new }
    RewardsVested { vault, vested, snapshot }
    TreasuryFeesClaimed { vault, treasury, destination, shares, snapshot }
    RewardsDistributed { vault, operator, payer, asset_index, amount, operator_commission,
        commission_bps, vault_fee, treasury_shares, insurance_shares, to_pool, vesting_epoch,
        snapshot }
    SlashCancelled { vault, request, bond_shares_restored, bond_unbonding_shares_restored,
        insurance_shares_restored, bucket_epochs, bucket_scales_after, to_buckets, to_pool,
        snapshot }
}

event_table! { decode_registry, REGISTRY_EVENTS, registry_ev;
    RegistryInitialized { admin, veto_authority, veto_window_slots, resolution_delay_slots,
        max_vault_slash_bps_per_epoch, vault_program, epoch_length, max_commission_bps }
    RegistryParamsAnnounced { admin, epoch, params, next_params, effective_epoch }
    AdminTransferStarted { admin, pending_admin }
    AdminTransferred { previous_admin, new_admin }
    VetoAuthoritySet { previous_veto_authority, new_veto_authority }
    OperatorRegistered { operator, authority, commission_bps, signing_key, metadata_uri }
    OperatorUpdated { operator, authority, epoch, commission_bps, next_commission_bps,
        commission_effective_epoch, commission_announced, previous_signing_key, signing_key,
        key_rotated_epoch, previous_key_valid_through, metadata_uri }
    AvsRegistered { avs, id, admin, kind, max_slash_wad, destination, metadata_uri }
    AvsChangesAnnounced { avs, by, epoch, kind, max_slash_wad, destination, next_kind,
        next_max_slash_wad, next_destination, effective_epoch }
    AvsActiveSet { avs, by, active }
    OperatorOptedIn { operator, avs, operator_avs, activation_epoch }
    OperatorOptedOut { operator, avs, operator_avs, activation_epoch, deactivation_epoch }
    VaultOptedIn { vault, avs, vault_avs, curator, cap_bps, activation_epoch }
    VaultOptedOut { vault, avs, vault_avs, curator, activation_epoch, deactivation_epoch }
    SlashRequested { request, avs, operator, index, wad, max_slash_wad, evidence_hash,
        capture_epoch, requested_slot, veto_deadline_slot, destination }
    SlashVetoed { request, avs, operator, veto_authority, slot }
    SlashExecuted { request, execution, avs, operator, vault, executor, capture_epoch,
        stake_lamports, effective_wad, requested_loss_lamports, avs_cap_room_lamports,
        vault_cap_room_lamports, loss_lamports, avs_epoch_total_lamports,
        vault_epoch_total_lamports, destination, resolve_after_slot }
    SlashCancelled { request, vault, loss_lamports, cancelled_slot }
}

event_table! { decode_avs, AVS_EVENTS, avs_ev;
    AvsInitialized { config, admin, avs, avs_id, slash_authority, slash_wad }
    SlashWadSet { admin, previous_slash_wad, slash_wad }
    EquivocationReported { equivocation, operator, signing_key_a, signing_key_b, round,
        value_a, value_b, evidence_hash, reporter, avs, slash_request, request_index, wad,
        equivocations, slot }
    RewardPaid { admin, vault, operator, asset_index, asset_mint, amount, reward_treasury,
        treasury_balance, reward_payments, slot }
}

/// What an event is about, for the default selection and the JSON `category`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Slashing,
    Rewards,
    Withdrawals,
    Pauses,
    Fees,
    Governance,
    Deposits,
    Delegation,
    Setup,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Slashing => "slashing",
            Category::Rewards => "rewards",
            Category::Withdrawals => "withdrawals",
            Category::Pauses => "pauses",
            Category::Fees => "fees",
            Category::Governance => "governance",
            Category::Deposits => "deposits",
            Category::Delegation => "delegation",
            Category::Setup => "setup",
        }
    }

    /// Shown without `--all`: what changes a restaker's risk or returns.
    pub fn by_default(self) -> bool {
        matches!(
            self,
            Category::Slashing
                | Category::Rewards
                | Category::Withdrawals
                | Category::Pauses
                | Category::Fees
                | Category::Governance
        )
    }
}

pub fn category(program: Program, name: &str) -> Category {
    use Category::*;
    match (program, name) {
        (
            _,
            "SlashRequested"
            | "SlashVetoed"
            | "SlashExecuted"
            | "SlashApplied"
            | "SlashCancelled"
            | "EscrowSwept"
            | "EquivocationReported"
            | "SlashWadSet",
        ) => Slashing,
        (_, "RewardsDistributed" | "RewardPaid" | "RewardsVested") => Rewards,
        (_, "WithdrawalRequested" | "WithdrawalClaimed") => Withdrawals,
        (_, "ProtocolPauseSet" | "VaultPauseSet" | "AvsActiveSet") => Pauses,
        (_, "FeesSet" | "TreasuryFeesClaimed") => Fees,
        (
            _,
            "RoleProposed"
            | "RoleAccepted"
            | "AdminTransferStarted"
            | "AdminTransferred"
            | "PauserSet"
            | "VetoAuthoritySet"
            | "RegistryParamsAnnounced"
            | "AvsChangesAnnounced"
            | "OperatorUpdated",
        ) => Governance,
        (_, "Deposited") => Deposits,
        (
            _,
            "OperatorWhitelisted"
            | "DelegationChanged"
            | "ConcentrationLimitSet"
            | "BondChanged"
            | "InsuranceFunded"
            | "VaultOptedIn"
            | "VaultOptedOut"
            | "OperatorOptedIn"
            | "OperatorOptedOut",
        ) => Delegation,
        _ => Setup,
    }
}

// ---------------------------------------------------------------------------------------
// Which events to show
// ---------------------------------------------------------------------------------------

/// The selection of `--all`, `--event` and `--vault`.
#[derive(Debug, Default)]
pub struct Filter {
    pub all: bool,
    /// Only these names (empty: by category).
    pub names: HashSet<String>,
    pub scope: Option<VaultScope>,
}

/// A vault and what can reach it: the operators it delegates to and the AVSs it opted in
/// to (both base58), kept up to date from the events themselves.
#[derive(Debug, Default)]
pub struct VaultScope {
    pub vault: String,
    pub operators: HashSet<String>,
    pub avss: HashSet<String>,
}

impl Filter {
    pub fn new(all: bool, names: &[String]) -> Result<Self> {
        let known: Vec<&str> = Program::ALL
            .iter()
            .flat_map(|p| p.event_names().iter().copied())
            .collect();
        let mut wanted = HashSet::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            match known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
                Some(k) => wanted.insert(k.to_string()),
                None => {
                    let mut list = known.clone();
                    list.sort_unstable();
                    list.dedup();
                    bail!("unknown event {name:?}; events are: {}", list.join(", "))
                }
            };
        }
        Ok(Self {
            all,
            names: wanted,
            scope: None,
        })
    }

    /// Whether to print `event`. Also learns, from every event (shown or not), new
    /// operators and AVSs of the scoped vault.
    pub fn shown(&mut self, event: &Event) -> bool {
        if let Some(scope) = &mut self.scope {
            scope.learn(event);
            if !scope.concerns(&event.data) {
                return false;
            }
        }
        if !self.names.is_empty() {
            return self.names.contains(event.name);
        }
        self.all || category(event.program, event.name).by_default()
    }

    fn describe(&self) -> String {
        let what = if !self.names.is_empty() {
            let mut names: Vec<&str> = self.names.iter().map(String::as_str).collect();
            names.sort_unstable();
            names.join(", ")
        } else if self.all {
            "every event".into()
        } else {
            "slashing, rewards, withdrawals, pauses, fees and governance (--all for every event)"
                .into()
        };
        match &self.scope {
            Some(scope) => format!(
                "{what} of vault {} ({} operators, {} AVSs)",
                scope.vault,
                scope.operators.len(),
                scope.avss.len()
            ),
            None => what,
        }
    }
}

impl VaultScope {
    /// The vault's delegations and AVS opt-ins, read from the chain.
    fn load(ctx: &Ctx, text: &str) -> Result<Self> {
        let (vault, _) = chain::vault(ctx, text)?;
        let by_vault = || vec![(8usize, vault.to_bytes().to_vec())];
        let operators = chain::list_anchor::<Delegation>(ctx, &lrt_vault::ID, by_vault())?
            .into_iter()
            .map(|(_, d)| d.operator.to_string())
            .collect();
        let avss = chain::list_anchor::<VaultAvs>(ctx, &slasher_registry::ID, by_vault())?
            .into_iter()
            .map(|(_, v)| v.avs.to_string())
            .collect();
        Ok(Self {
            vault: vault.to_string(),
            operators,
            avss,
        })
    }

    fn learn(&mut self, event: &Event) {
        let field = |key: &str| event.data.get(key).and_then(Value::as_str);
        if field("vault") != Some(self.vault.as_str()) {
            return;
        }
        match event.name {
            "OperatorWhitelisted" | "DelegationChanged" => {
                if let Some(operator) = field("operator") {
                    self.operators.insert(operator.to_string());
                }
            }
            "VaultOptedIn" => {
                if let Some(avs) = field("avs") {
                    self.avss.insert(avs.to_string());
                }
            }
            _ => {}
        }
    }

    fn concerns(&self, data: &Value) -> bool {
        let field = |key: &str| data.get(key).and_then(Value::as_str);
        if let Some(vault) = field("vault") {
            return vault == self.vault;
        }
        let operator_ok = field("operator").is_none_or(|o| self.operators.contains(o));
        let avs_ok = field("avs").is_none_or(|a| self.avss.contains(a));
        operator_ok && avs_ok
    }
}

// ---------------------------------------------------------------------------------------
// Finding transactions
// ---------------------------------------------------------------------------------------

/// Signatures per `getSignaturesForAddress` page (the RPC maximum).
const PAGE: usize = 1000;
/// How often to retry at once a transaction that is listed but not yet readable.
const FETCH_RETRIES: u32 = 8;
/// A transaction still unreadable after this long is skipped with a warning.
const GIVE_UP_AFTER: Duration = Duration::from_secs(120);
/// The longest pause between polls after repeated RPC failures.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Block times before this (2001) are not real: every cluster started after 2020.
const PLAUSIBLE_BLOCK_TIME: i64 = 1_000_000_000;
/// Signatures remembered to skip a transaction that touches several of the programs.
const SEEN_CAPACITY: usize = 20_000;

/// Where each program's signature list was last read up to.
struct Cursor {
    program: Program,
    /// Newest signature already taken (the `until` of the next poll).
    last: Option<Signature>,
    /// Slots below this are never shown (the replay start).
    floor: u64,
}

struct Watcher<'a> {
    ctx: &'a Ctx,
    /// `getSignaturesForAddress` refuses `processed`: confirmed, or finalized if asked.
    commitment: CommitmentConfig,
    cursors: Vec<Cursor>,
    seen: HashMap<String, u64>,
    block_times: HashMap<u64, Option<i64>>,
}

impl<'a> Watcher<'a> {
    fn new(ctx: &'a Ctx) -> Self {
        let commitment = if ctx.commitment.is_finalized() {
            CommitmentConfig::finalized()
        } else {
            CommitmentConfig::confirmed()
        };
        Self {
            ctx,
            commitment,
            cursors: Program::ALL
                .into_iter()
                .map(|program| Cursor {
                    program,
                    last: None,
                    floor: 0,
                })
                .collect(),
            seen: HashMap::new(),
            block_times: HashMap::new(),
        }
    }

    /// The transaction's block time, or its slot's from `getBlockTime` when the
    /// transaction has none or an implausible one (surfpool 1.3.1 divides it by 1000
    /// twice in `getTransaction`; its `getBlockTime` is right). `None` if neither is known.
    fn block_time(
        &mut self,
        transaction: &EncodedConfirmedTransactionWithStatusMeta,
    ) -> Option<i64> {
        if let Some(time) = transaction
            .block_time
            .filter(|t| *t >= PLAUSIBLE_BLOCK_TIME)
        {
            return Some(time);
        }
        let slot = transaction.slot;
        if self.block_times.len() >= SEEN_CAPACITY {
            self.block_times.clear();
        }
        let rpc = &self.ctx.rpc;
        *self.block_times.entry(slot).or_insert_with(|| {
            rpc.get_block_time(slot)
                .ok()
                .filter(|t| *t >= PLAUSIBLE_BLOCK_TIME)
        })
    }

    /// Starts after each program's newest transaction.
    fn start_now(&mut self) -> Result<()> {
        for i in 0..self.cursors.len() {
            let program = self.cursors[i].program;
            let (newest, _) = self.list(program, None, Some(u64::MAX))?;
            self.cursors[i].last = newest;
        }
        Ok(())
    }

    /// Starts at `slot` (after `after` when it is given, a transaction in that slot) and
    /// returns the transactions to replay, oldest first.
    fn start_at(
        &mut self,
        slot: u64,
        after: Option<Signature>,
    ) -> Result<Vec<RpcConfirmedTransactionStatusWithSignature>> {
        let after = after.map(|signature| signature.to_string());
        if let Some(after) = &after {
            self.remember(after, slot);
        }
        let mut lists = Vec::new();
        for i in 0..self.cursors.len() {
            let program = self.cursors[i].program;
            let (newest, mut list) = self.list(program, None, Some(slot))?;
            // A list holding `after` stops right before it; in the others, transactions of
            // its slot cannot be placed before or after it and are replayed.
            if let Some(after) = &after {
                if let Some(at) = list.iter().position(|s| s.signature == *after) {
                    list.truncate(at);
                }
            }
            list.reverse();
            lists.push(list);
            self.cursors[i].last = newest;
            self.cursors[i].floor = slot;
        }
        Ok(self.fresh(merge(lists)))
    }

    /// The transactions that arrived since the last poll, oldest first.
    fn poll(&mut self) -> Result<Vec<RpcConfirmedTransactionStatusWithSignature>> {
        // Every list is read before any cursor moves: a failure halfway loses nothing.
        let mut read = Vec::new();
        for cursor in &self.cursors {
            read.push(self.list(cursor.program, cursor.last, Some(cursor.floor))?);
        }
        let mut lists = Vec::new();
        for (cursor, (newest, mut list)) in self.cursors.iter_mut().zip(read) {
            if newest.is_some() {
                cursor.last = newest;
            }
            list.reverse();
            lists.push(list);
        }
        Ok(self.fresh(merge(lists)))
    }

    /// `program`'s signatures newer than `until` and in slots >= `min_slot`, newest first,
    /// across pages, with the newest one (the next `until`). Transactions still at
    /// `processed` are left for a later poll: a local network lists them before their
    /// block is closed, when their order within the slot is not final yet.
    fn list(
        &self,
        program: Program,
        until: Option<Signature>,
        min_slot: Option<u64>,
    ) -> Result<(
        Option<Signature>,
        Vec<RpcConfirmedTransactionStatusWithSignature>,
    )> {
        let id = program.id();
        let min_slot = min_slot.unwrap_or(0);
        let mut newest = None;
        let mut list = Vec::new();
        let mut before = None;
        loop {
            let page = self
                .ctx
                .rpc
                .get_signatures_for_address_with_config(
                    &id,
                    GetConfirmedSignaturesForAddress2Config {
                        before,
                        until,
                        limit: Some(PAGE),
                        commitment: Some(self.commitment),
                    },
                )
                .with_context(|| {
                    format!(
                        "cannot list the transactions of the {} ({id}) on {}",
                        program_name(&id),
                        self.ctx.url
                    )
                })?;
            let full = page.len() >= PAGE;
            let mut below = false;
            for status in &page {
                if status.confirmation_status == Some(TransactionConfirmationStatus::Processed) {
                    continue;
                }
                let signature: Signature = status.signature.parse().map_err(|_| {
                    anyhow!("the RPC listed an invalid signature {:?}", status.signature)
                })?;
                if newest.is_none() {
                    newest = Some(signature);
                }
                if status.slot < min_slot {
                    below = true;
                    break;
                }
                list.push(status.clone());
            }
            if below || !full {
                break;
            }
            before = match page.last() {
                Some(last) => Some(last.signature.parse().map_err(|_| {
                    anyhow!("the RPC listed an invalid signature {:?}", last.signature)
                })?),
                None => break,
            };
        }
        Ok((newest, list))
    }

    /// Drops transactions already handled (they touch several programs) and failed ones
    /// (their events did not happen).
    fn fresh(
        &mut self,
        merged: Vec<RpcConfirmedTransactionStatusWithSignature>,
    ) -> Vec<RpcConfirmedTransactionStatusWithSignature> {
        let mut fresh = Vec::new();
        for status in merged {
            if self.seen.contains_key(&status.signature) {
                continue;
            }
            self.remember(&status.signature, status.slot);
            if status.err.is_none() {
                fresh.push(status);
            }
        }
        fresh
    }

    fn remember(&mut self, signature: &str, slot: u64) {
        if self.seen.len() >= SEEN_CAPACITY {
            // Keep the newest half: older ones are behind every cursor by now.
            let mut slots: Vec<u64> = self.seen.values().copied().collect();
            slots.sort_unstable();
            let cut = slots[slots.len() / 2];
            self.seen.retain(|_, s| *s >= cut);
        }
        self.seen.insert(signature.to_string(), slot);
    }

    fn fetch_status(
        &self,
        status: &RpcConfirmedTransactionStatusWithSignature,
    ) -> Result<EncodedConfirmedTransactionWithStatusMeta> {
        let signature: Signature = status
            .signature
            .parse()
            .map_err(|_| anyhow!("invalid signature {:?}", status.signature))?;
        self.fetch(&signature)
    }

    /// The transaction with its inner instructions. A node may list a signature shortly
    /// before it serves the transaction: retry for a few seconds.
    fn fetch(&self, signature: &Signature) -> Result<EncodedConfirmedTransactionWithStatusMeta> {
        let config = RpcTransactionConfig {
            encoding: Some(UiTransactionEncoding::Json),
            commitment: Some(self.commitment),
            max_supported_transaction_version: Some(0),
        };
        let mut attempt = 0;
        loop {
            match self.ctx.rpc.get_transaction_with_config(signature, config) {
                Ok(transaction) => return Ok(transaction),
                Err(_) if attempt < FETCH_RETRIES => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(250));
                }
                Err(error) => {
                    return Err(error).with_context(|| {
                        format!(
                            "cannot read transaction {signature} from {} (at {:?} commitment)",
                            self.ctx.url, self.commitment.commitment
                        )
                    })
                }
            }
        }
    }
}

/// Merges per-program lists (each oldest first) into one, oldest first, each transaction
/// once. A transaction in several lists comes after everything before it in each of them;
/// otherwise the lowest slot goes first.
fn merge(
    lists: Vec<Vec<RpcConfirmedTransactionStatusWithSignature>>,
) -> Vec<RpcConfirmedTransactionStatusWithSignature> {
    let mut places: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (l, list) in lists.iter().enumerate() {
        for (p, status) in list.iter().enumerate() {
            places
                .entry(status.signature.as_str())
                .or_default()
                .push((l, p));
        }
    }
    let mut heads = vec![0usize; lists.len()];
    let mut done: HashSet<&str> = HashSet::new();
    let mut merged = Vec::new();
    loop {
        for (l, list) in lists.iter().enumerate() {
            while heads[l] < list.len() && done.contains(list[heads[l]].signature.as_str()) {
                heads[l] += 1;
            }
        }
        let candidates: Vec<usize> = (0..lists.len())
            .filter(|&l| heads[l] < lists[l].len())
            .collect();
        let ready = |l: &usize| {
            places[lists[*l][heads[*l]].signature.as_str()]
                .iter()
                .all(|&(other, p)| heads[other] == p)
        };
        let slot = |l: &usize| lists[*l][heads[*l]].slot;
        let pick = candidates
            .iter()
            .filter(|l| ready(l))
            .min_by_key(|l| slot(l))
            .or_else(|| candidates.iter().min_by_key(|l| slot(l)));
        let Some(&l) = pick else { break };
        let status = &lists[l][heads[l]];
        done.insert(status.signature.as_str());
        merged.push(status.clone());
    }
    merged
}

/// Every event of our programs in a transaction's inner instructions, in order.
pub fn events_of(transaction: &EncodedConfirmedTransactionWithStatusMeta) -> Vec<Event> {
    let Some(meta) = &transaction.transaction.meta else {
        return Vec::new();
    };
    if meta.err.is_some() {
        return Vec::new();
    }
    // Instructions name their program by index into the static keys, then the addresses
    // loaded from lookup tables (writable, then read-only).
    let mut keys: Vec<String> = match &transaction.transaction.transaction {
        EncodedTransaction::Json(ui) => match &ui.message {
            UiMessage::Raw(raw) => raw.account_keys.clone(),
            UiMessage::Parsed(parsed) => parsed
                .account_keys
                .iter()
                .map(|a| a.pubkey.clone())
                .collect(),
        },
        other => other
            .decode()
            .map(|tx| {
                tx.message
                    .static_account_keys()
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    };
    if let OptionSerializer::Some(loaded) = &meta.loaded_addresses {
        keys.extend(loaded.writable.iter().cloned());
        keys.extend(loaded.readonly.iter().cloned());
    }
    let OptionSerializer::Some(inner) = &meta.inner_instructions else {
        return Vec::new();
    };
    let mut events = Vec::new();
    for group in inner {
        for instruction in &group.instructions {
            let (program, data) = match instruction {
                UiInstruction::Compiled(c) => match keys.get(usize::from(c.program_id_index)) {
                    Some(program) => (program.as_str(), c.data.as_str()),
                    None => continue,
                },
                UiInstruction::Parsed(UiParsedInstruction::PartiallyDecoded(p)) => {
                    (p.program_id.as_str(), p.data.as_str())
                }
                // Fully parsed instructions belong to programs the node knows (System,
                // SPL Token): never ours.
                UiInstruction::Parsed(UiParsedInstruction::Parsed(_)) => continue,
            };
            let Ok(program) = program.parse::<Pubkey>() else {
                continue;
            };
            let Some(which) = Program::from_id(&program) else {
                continue;
            };
            let Ok(data) = bs58::decode(data).into_vec() else {
                continue;
            };
            if let Some((name, data)) = decode_event(&program, &data) {
                events.push(Event {
                    program: which,
                    name,
                    data,
                });
            }
        }
    }
    events
}

// ---------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------

/// One JSON line.
#[derive(Serialize)]
struct Line<'a> {
    slot: u64,
    block_time: Option<i64>,
    signature: &'a str,
    program: &'static str,
    program_id: String,
    event: &'static str,
    category: &'static str,
    data: &'a Value,
}

fn display_line(line: &Line, program: Program, labels: &mut Labels) -> String {
    let time = line
        .block_time
        .map(|t| format!("  {}", utc(t)))
        .unwrap_or_default();
    format!(
        "slot {}{time}  {:<20}  {}",
        line.slot,
        line.event,
        describe(program, line.event, line.data, labels)
    )
}

/// `2026-11-21T21:56:53Z` from Unix seconds.
fn utc(timestamp: i64) -> String {
    let days = timestamp.div_euclid(86_400);
    let secs = timestamp.rem_euclid(86_400);
    // Days to a civil date (proleptic Gregorian), after H. Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// Reads the JSON of an event back for display.
struct Fields<'a>(&'a Value);

impl<'a> Fields<'a> {
    fn s(&self, key: &str) -> &'a str {
        self.0.get(key).and_then(Value::as_str).unwrap_or("?")
    }

    fn u(&self, key: &str) -> u128 {
        uint(self.0.get(key))
    }

    fn i(&self, key: &str) -> i128 {
        match self.0.get(key) {
            Some(Value::String(text)) => text.parse().unwrap_or(0),
            Some(Value::Number(n)) => n.as_i64().map(i128::from).unwrap_or(0),
            _ => 0,
        }
    }

    fn b(&self, key: &str) -> bool {
        self.0.get(key).and_then(Value::as_bool).unwrap_or(false)
    }

    fn list(&self, key: &str) -> Vec<u128> {
        match self.0.get(key) {
            Some(Value::Array(items)) => items.iter().map(|v| uint(Some(v))).collect(),
            _ => Vec::new(),
        }
    }

    fn lists(&self, key: &str) -> Vec<Vec<u128>> {
        match self.0.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::Array(inner) => inner.iter().map(|x| uint(Some(x))).collect(),
                    _ => Vec::new(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn sub(&self, key: &str) -> Fields<'a> {
        Fields(self.0.get(key).unwrap_or(&Value::Null))
    }

    fn is_null(&self, key: &str) -> bool {
        self.0.get(key).is_none_or(Value::is_null)
    }
}

fn uint(value: Option<&Value>) -> u128 {
    match value {
        Some(Value::String(text)) => text.parse().unwrap_or(0),
        Some(Value::Number(n)) => n.as_u64().map(u128::from).unwrap_or(0),
        _ => 0,
    }
}

fn lamports(value: u128) -> String {
    format!("{} SOL", format_units(value, 9))
}

/// A WAD fraction as a percentage.
fn percent(value: u128) -> String {
    format!("{}%", wad(value.saturating_mul(100)))
}

fn bps_of(f: &Fields, key: &str) -> String {
    bps(u16::try_from(f.u(key)).unwrap_or(u16::MAX))
}

/// SOL per LRT from a snapshot: value (WAD-lamports) / shares (9 decimals).
fn share_price(snapshot: &Fields) -> String {
    let supply = snapshot.u("share_supply");
    if supply == 0 || snapshot.is_null("active_value_wad") {
        return "?".into();
    }
    let units = snapshot.u("active_value_wad") / supply / 1_000_000_000;
    format!("{} SOL", format_units(units, 9))
}

/// A line's text after the event name: the key fields, in human units.
fn describe(program: Program, name: &str, data: &Value, labels: &mut Labels) -> String {
    let f = Fields(data);
    let vault = f.s("vault");
    match (program, name) {
        (Program::Vault, "ConfigInitialized") => format!(
            "admin {} pauser {} treasury {} epoch {} slots, fees at most {} deposit / {} \
             withdrawal",
            f.s("admin"),
            f.s("pauser"),
            f.s("treasury"),
            f.u("epoch_length"),
            bps_of(&f, "max_deposit_fee_bps"),
            bps_of(&f, "max_withdrawal_fee_bps")
        ),
        (_, "AdminTransferStarted") => format!(
            "admin {} offers the role to {}",
            f.s("admin"),
            f.s("pending_admin")
        ),
        (_, "AdminTransferred") => {
            format!("admin {} -> {}", f.s("previous_admin"), f.s("new_admin"))
        }
        (_, "PauserSet") => format!("pauser {} -> {}", f.s("previous_pauser"), f.s("new_pauser")),
        (_, "ProtocolPauseSet") => format!(
            "protocol {} by {}",
            if f.b("paused") { "PAUSED" } else { "unpaused" },
            f.s("by")
        ),
        (_, "VaultCreated") => {
            let proposed: String = [
                ("curator", "pending_curator"),
                ("fee admin", "pending_fee_admin"),
            ]
            .iter()
            .filter(|(_, key)| !f.is_null(key))
            .map(|(role, key)| format!(", {role} {} proposed", f.s(key)))
            .collect();
            format!(
                "vault {vault} {} {:?} curator {} seed {}{proposed}",
                f.s("symbol"),
                f.s("name"),
                f.s("curator"),
                labels.mint_amount(f.s("seed_asset_mint"), f.u("seed_amount"))
            )
        }
        (_, "AssetAdded") => format!(
            "vault {vault} asset #{} {} ({}) cap {}",
            f.u("asset_index"),
            f.s("mint"),
            pricing_text(&f.sub("pricing")),
            labels.cap(vault, f.u("asset_index"), f.u("deposit_cap"))
        ),
        (_, "PricesRefreshed") => format!(
            "vault {vault} Solana epoch {}: {} per {}",
            f.u("solana_epoch"),
            share_price(&f.sub("snapshot")),
            labels.lrt(vault)
        ),
        (_, "Deposited") => format!(
            "vault {vault} {} deposited {} for {} (fee {}); {} per {}",
            f.s("depositor"),
            labels.asset(vault, f.u("asset_index"), f.u("amount")),
            labels.shares(vault, f.u("shares_out")),
            labels.shares(vault, f.u("fee_shares")),
            share_price(&f.sub("snapshot")),
            labels.lrt(vault)
        ),
        (_, "WithdrawalRequested") => format!(
            "vault {vault} {} ticket #{}: {} (fee {}) for {}, claimable from epoch {}",
            f.s("owner"),
            f.u("ticket_id"),
            labels.shares(vault, f.u("shares_in")),
            labels.shares(vault, f.u("fee_shares")),
            labels.assets(vault, &f.list("amounts")),
            f.u("bucket_epoch").saturating_add(1)
        ),
        (_, "WithdrawalClaimed") => format!(
            "vault {vault} {} claimed {} (ticket {}, bucket epoch {}{})",
            f.s("owner"),
            labels.assets(vault, &f.list("amounts")),
            f.s("ticket"),
            f.u("bucket_epoch"),
            if f.b("bucket_closed") {
                ", bucket closed"
            } else {
                ""
            }
        ),
        (_, "FeesSet") => {
            let (now, next) = (fees_text(&f.sub("fees")), fees_text(&f.sub("next")));
            let later = if now == next {
                String::new()
            } else {
                format!("; announced from epoch {}: {next}", f.u("effective_epoch"))
            };
            format!(
                "vault {vault} fees {now} ({} of the reward fee to insurance){later}",
                bps_of(&f, "insurance_cut_bps")
            )
        }
        (_, "RoleProposed") => format!(
            "{} {} proposes {} (until it accepts)",
            role_text(&f),
            f.s("current"),
            f.s("proposed")
        ),
        (_, "RoleAccepted") => format!(
            "{} {} -> {} (accepted)",
            role_text(&f),
            f.s("previous"),
            f.s("new")
        ),
        (_, "RewardsVested") => format!(
            "vault {vault} {} vested into the pool; {} per {}",
            labels.assets(vault, &f.list("vested")),
            share_price(&f.sub("snapshot")),
            labels.lrt(vault)
        ),
        (_, "TreasuryFeesClaimed") => format!(
            "vault {vault} treasury {} claimed {} into {}",
            f.s("treasury"),
            labels.shares(vault, f.u("shares")),
            f.s("destination")
        ),
        (_, "CapsSet") => format!(
            "vault {vault} asset #{} cap {}",
            f.u("asset_index"),
            labels.cap(vault, f.u("asset_index"), f.u("deposit_cap"))
        ),
        (_, "VaultPauseSet") => {
            let state = |paused: bool| if paused { "PAUSED" } else { "open" };
            format!(
                "vault {vault} deposits {}, withdrawals {} (by {})",
                state(f.b("deposits_paused")),
                state(f.b("withdrawals_paused")),
                f.s("by")
            )
        }
        (_, "OperatorWhitelisted") => format!(
            "vault {vault} operator {} whitelisted, at most {} of the vault",
            f.s("operator"),
            bps_of(&f, "max_bps")
        ),
        (_, "DelegationChanged") => {
            let delta = f.i("delta_wad");
            let sign = if delta < 0 { "-" } else { "+" };
            let (allocation, vault_sums) = (f.sub("allocation"), f.sub("vault_allocations"));
            format!(
                "vault {vault} operator {} allocation {sign}{} during epoch {}: {} now, {} next \
                 epoch, {} after; vault allocated {} next epoch, {} after",
                f.s("operator"),
                percent(delta.unsigned_abs()),
                f.u("epoch"),
                percent(allocation.u("current")),
                percent(allocation.u("next")),
                percent(allocation.u("later")),
                percent(vault_sums.u("next")),
                percent(vault_sums.u("later"))
            )
        }
        (_, "ConcentrationLimitSet") => format!(
            "vault {vault} operator {} concentration limit {} -> {}",
            f.s("operator"),
            bps_of(&f, "previous_max_bps"),
            bps_of(&f, "max_bps")
        ),
        (_, "BondChanged") => format!(
            "vault {vault} operator {} bond {} ({} unbonding)",
            f.s("operator"),
            labels.shares(vault, f.u("shares")),
            labels.shares(vault, f.u("unbonding_shares"))
        ),
        (_, "InsuranceFunded") => format!(
            "vault {vault} {} added {} to insurance, fund now {}",
            f.s("funder"),
            labels.shares(vault, f.u("shares")),
            labels.shares(vault, f.u("insurance_shares"))
        ),
        (_, "SlashApplied") => {
            let window = match f.u("window_until_slot") {
                0 => String::new(),
                until => {
                    format!("; deposits and the touched buckets' claims wait until slot {until}")
                }
            };
            format!(
                "vault {vault} operator {} lost {} (request {}, capture epoch {}, allocation {} \
                 of {} slashable): bond -{}, insurance -{}, depositors -{}; escrowed {}{window}",
                f.s("operator"),
                lamports(f.u("loss_lamports")),
                f.s("request"),
                f.u("capture_epoch"),
                percent(f.u("allocation_wad")),
                lamports(f.u("slashable_value_wad") / 1_000_000_000_000_000_000),
                labels.shares(vault, f.u("bond_shares_burnt")),
                labels.shares(vault, f.u("insurance_shares_burnt")),
                percent(f.u("fraction_wad")),
                labels.assets(vault, &f.list("escrow"))
            )
        }
        (_, "EscrowSwept") => {
            let to = if f.b("burnt") {
                "burnt".to_string()
            } else if f.is_null("recipient_token_account") {
                "sent on".to_string()
            } else {
                format!("to {}", f.s("recipient_token_account"))
            };
            format!(
                "vault {vault} request {} swept {} {to}",
                f.s("request"),
                labels.mint_amount(f.s("mint"), f.u("amount"))
            )
        }
        (_, "RewardsDistributed") => {
            let asset = f.u("asset_index");
            format!(
                "vault {vault} operator {} reward {}: commission {} ({}), vault fee {}, {} \
                 vesting to depositors over epoch {}",
                f.s("operator"),
                labels.asset(vault, asset, f.u("amount")),
                labels.asset(vault, asset, f.u("operator_commission")),
                bps_of(&f, "commission_bps"),
                labels.asset(vault, asset, f.u("vault_fee")),
                labels.asset(vault, asset, f.u("to_pool")),
                f.u("vesting_epoch")
            )
        }
        (Program::Vault, "SlashCancelled") => {
            let buckets: String = f
                .list("bucket_epochs")
                .iter()
                .zip(f.lists("to_buckets"))
                .filter(|(epoch, _)| **epoch > 0)
                .map(|(epoch, amounts)| {
                    format!("bucket {epoch} +{}, ", labels.assets(vault, &amounts))
                })
                .collect();
            format!(
                "vault {vault} request {} cancelled: bond +{} (+{} unbonding), insurance +{}, \
                 {buckets}pool +{}",
                f.s("request"),
                labels.shares(vault, f.u("bond_shares_restored")),
                labels.shares(vault, f.u("bond_unbonding_shares_restored")),
                labels.shares(vault, f.u("insurance_shares_restored")),
                labels.assets(vault, &f.list("to_pool"))
            )
        }
        (_, "RegistryInitialized") => format!(
            "admin {} veto authority {} veto window {} slots, resolution delay {} slots, at \
             most {} of a vault per epoch, commissions up to {}",
            f.s("admin"),
            f.s("veto_authority"),
            f.u("veto_window_slots"),
            f.u("resolution_delay_slots"),
            bps_of(&f, "max_vault_slash_bps_per_epoch"),
            bps_of(&f, "max_commission_bps")
        ),
        (_, "RegistryParamsAnnounced") => format!(
            "admin {} announced during epoch {}: from epoch {} {} (until then {})",
            f.s("admin"),
            f.u("epoch"),
            f.u("effective_epoch"),
            registry_params_text(&f.sub("next_params")),
            registry_params_text(&f.sub("params"))
        ),
        (_, "VetoAuthoritySet") => format!(
            "veto authority {} -> {}",
            f.s("previous_veto_authority"),
            f.s("new_veto_authority")
        ),
        (_, "OperatorRegistered") => format!(
            "operator {} authority {} commission {}",
            f.s("operator"),
            f.s("authority"),
            bps_of(&f, "commission_bps")
        ),
        (_, "OperatorUpdated") => {
            let now = bps_of(&f, "commission_bps");
            let next = bps_of(&f, "next_commission_bps");
            let commission = if f.b("commission_announced") || now != next {
                format!(
                    "commission {now}, {next} from epoch {}",
                    f.u("commission_effective_epoch")
                )
            } else {
                format!("commission {now}")
            };
            let rotated = if f.s("previous_signing_key") != f.s("signing_key") {
                format!(
                    ", signing key rotated in epoch {}",
                    f.u("key_rotated_epoch")
                )
            } else {
                String::new()
            };
            format!("operator {} {commission}{rotated}", f.s("operator"))
        }
        (_, "AvsRegistered") => format!(
            "avs {} admin {} {}, at most {} per request, slashed tokens {}",
            f.s("avs"),
            f.s("admin"),
            avs_kind_text(&f.sub("kind")),
            percent(f.u("max_slash_wad")),
            destination_text(&f.sub("destination"))
        ),
        (_, "AvsChangesAnnounced") => format!(
            "avs {} announced during epoch {} (by {}): from epoch {} {}, at most {} per \
             request, slashed tokens {} (until then {}, {}, {})",
            f.s("avs"),
            f.u("epoch"),
            f.s("by"),
            f.u("effective_epoch"),
            avs_kind_text(&f.sub("next_kind")),
            percent(f.u("next_max_slash_wad")),
            destination_text(&f.sub("next_destination")),
            avs_kind_text(&f.sub("kind")),
            percent(f.u("max_slash_wad")),
            destination_text(&f.sub("destination"))
        ),
        (_, "AvsActiveSet") => format!(
            "avs {} {} by {}",
            f.s("avs"),
            if f.b("active") {
                "activated"
            } else {
                "DEACTIVATED"
            },
            f.s("by")
        ),
        (_, "OperatorOptedIn") => format!(
            "operator {} opted in to avs {} in epoch {} (slashable from epoch {})",
            f.s("operator"),
            f.s("avs"),
            f.u("activation_epoch"),
            f.u("activation_epoch").saturating_add(1)
        ),
        (_, "OperatorOptedOut") => format!(
            "operator {} opted out of avs {} in epoch {} (slashable through epoch {})",
            f.s("operator"),
            f.s("avs"),
            f.u("deactivation_epoch"),
            f.u("deactivation_epoch").saturating_add(1)
        ),
        (_, "VaultOptedIn") => format!(
            "vault {vault} opted in to avs {} in epoch {}, cap {} per operator and epoch",
            f.s("avs"),
            f.u("activation_epoch"),
            bps_of(&f, "cap_bps")
        ),
        (_, "VaultOptedOut") => format!(
            "vault {vault} opted out of avs {} in epoch {}",
            f.s("avs"),
            f.u("deactivation_epoch")
        ),
        (_, "SlashRequested") => {
            let capped = if f.u("max_slash_wad") < f.u("wad") {
                format!(" (the AVS's maximum: {})", percent(f.u("max_slash_wad")))
            } else {
                String::new()
            };
            format!(
                "avs {} operator {} {}{capped} capture epoch {} veto until slot {}, slashed \
                 tokens {} (request {})",
                f.s("avs"),
                f.s("operator"),
                percent(f.u("wad")),
                f.u("capture_epoch"),
                f.u("veto_deadline_slot"),
                destination_text(&f.sub("destination")),
                f.s("request")
            )
        }
        (_, "SlashVetoed") => format!(
            "request {} avs {} operator {} vetoed by {}",
            f.s("request"),
            f.s("avs"),
            f.s("operator"),
            f.s("veto_authority")
        ),
        (_, "SlashExecuted") => format!(
            "request {} vault {vault} operator {} loss {} of stake {} ({} requested, {} before \
             caps), slashed tokens {} after slot {}",
            f.s("request"),
            f.s("operator"),
            lamports(f.u("loss_lamports")),
            lamports(f.u("stake_lamports")),
            percent(f.u("effective_wad")),
            lamports(f.u("requested_loss_lamports")),
            destination_text(&f.sub("destination")),
            f.u("resolve_after_slot")
        ),
        (_, "SlashCancelled") => format!(
            "request {} vault {vault} cancelled, {} returned",
            f.s("request"),
            lamports(f.u("loss_lamports"))
        ),
        (_, "AvsInitialized") => format!(
            "avs {} admin {} slash {} per equivocation",
            f.s("avs"),
            f.s("admin"),
            percent(f.u("slash_wad"))
        ),
        (_, "SlashWadSet") => format!(
            "slash per equivocation {} -> {} (admin {})",
            percent(f.u("previous_slash_wad")),
            percent(f.u("slash_wad")),
            f.s("admin")
        ),
        (_, "EquivocationReported") => format!(
            "operator {} signed two values in round {} (a slot); reporter {}; slash request {} \
             ({})",
            f.s("operator"),
            f.u("round"),
            f.s("reporter"),
            f.s("slash_request"),
            percent(f.u("wad"))
        ),
        (_, "RewardPaid") => format!(
            "vault {vault} operator {} paid {}; treasury left {}",
            f.s("operator"),
            labels.mint_amount(f.s("asset_mint"), f.u("amount")),
            labels.mint_amount(f.s("asset_mint"), f.u("treasury_balance"))
        ),
        _ => data.to_string(),
    }
}

fn pricing_text(pricing: &Fields) -> String {
    match pricing.s("kind") {
        "spl_stake_pool" => format!("stake pool {}", pricing.s("pool")),
        "marinade" => format!("marinade {}", pricing.s("state")),
        other => other.to_string(),
    }
}

/// "deposit 0%, withdrawal 0.1%, rewards 10%" from a `Fees` object.
fn fees_text(fees: &Fields) -> String {
    format!(
        "deposit {}, withdrawal {}, rewards {}",
        bps_of(fees, "deposit_bps"),
        bps_of(fees, "withdrawal_bps"),
        bps_of(fees, "reward_bps")
    )
}

/// From a `RegistryParams` object.
fn registry_params_text(p: &Fields) -> String {
    format!(
        "veto window {} slots, resolution delay {} slots, at most {} of a vault per epoch, \
         commissions up to {}",
        p.u("veto_window_slots"),
        p.u("resolution_delay_slots"),
        bps_of(p, "max_vault_slash_bps_per_epoch"),
        bps_of(p, "max_commission_bps")
    )
}

/// "treasury" or "curator of vault V" from a `RoleProposed`/`RoleAccepted`.
fn role_text(f: &Fields) -> String {
    let role = match f.sub("role").s("kind") {
        "fee_admin" => "fee admin",
        other => other,
    }
    .to_string();
    if f.is_null("vault") {
        role
    } else {
        format!("{role} of vault {}", f.s("vault"))
    }
}

fn destination_text(destination: &Fields) -> String {
    match destination.s("kind") {
        "recipient" => format!("to {}", destination.s("owner")),
        _ => "burnt".into(),
    }
}

fn avs_kind_text(kind: &Fields) -> String {
    match kind.s("kind") {
        "remote" => format!(
            "remote (chain {}, emitter {})",
            kind.u("chain"),
            kind.s("emitter")
        ),
        _ => format!("local (slash authority {})", kind.s("slash_authority")),
    }
}

/// Symbols and decimals for display, read once per vault and mint; without them (no
/// network, account gone) amounts stay in raw units.
pub struct Labels<'a> {
    ctx: Option<&'a Ctx>,
    vaults: HashMap<String, Option<VaultLabel>>,
    mints: HashMap<String, Option<TokenLabel>>,
}

#[derive(Clone, Debug)]
pub struct VaultLabel {
    pub lrt: String,
    pub assets: Vec<TokenLabel>,
}

#[derive(Clone, Debug)]
pub struct TokenLabel {
    pub symbol: String,
    pub decimals: u8,
}

impl<'a> Labels<'a> {
    pub fn new(ctx: Option<&'a Ctx>) -> Self {
        Self {
            ctx,
            vaults: HashMap::new(),
            mints: HashMap::new(),
        }
    }

    /// Labels known up front (tests).
    #[cfg(test)]
    fn with_vault(mut self, vault: &str, label: VaultLabel) -> Self {
        self.vaults.insert(vault.to_string(), Some(label));
        self
    }

    fn forget(&mut self, vault: &str) {
        self.vaults.remove(vault);
    }

    fn token(&mut self, mint: &str) -> Option<TokenLabel> {
        if let Some(known) = self.mints.get(mint) {
            return known.clone();
        }
        let label = self.ctx.and_then(|ctx| {
            let key = parse_pubkey(mint, "mint").ok()?;
            let info = chain::mint_info(ctx, &key).ok()?;
            Some(TokenLabel {
                symbol: info.symbol,
                decimals: info.decimals,
            })
        });
        self.mints.insert(mint.to_string(), label.clone());
        label
    }

    fn vault(&mut self, vault: &str) -> Option<VaultLabel> {
        if let Some(known) = self.vaults.get(vault) {
            return known.clone();
        }
        let label = self.fetch_vault(vault);
        self.vaults.insert(vault.to_string(), label.clone());
        label
    }

    fn fetch_vault(&mut self, vault: &str) -> Option<VaultLabel> {
        let ctx = self.ctx?;
        let key = parse_pubkey(vault, "vault").ok()?;
        let state: Vault = chain::fetch_anchor(ctx, &key, &lrt_vault::ID, "vault").ok()?;
        let lrt = self
            .token(&state.lrt_mint.to_string())
            .map(|t| t.symbol)
            .unwrap_or_else(|| "LRT".into());
        let assets = state
            .assets()
            .iter()
            .map(|slot| {
                let symbol = self
                    .token(&slot.mint.to_string())
                    .map(|t| t.symbol)
                    .unwrap_or_else(|| chain::short(&slot.mint));
                TokenLabel {
                    symbol,
                    decimals: slot.decimals,
                }
            })
            .collect();
        Some(VaultLabel { lrt, assets })
    }

    /// The vault's LRT symbol ("LRT" when unknown).
    fn lrt(&mut self, vault: &str) -> String {
        self.vault(vault)
            .map(|v| v.lrt)
            .unwrap_or_else(|| "LRT".into())
    }

    /// LRT shares (always 9 decimals).
    fn shares(&mut self, vault: &str, units: u128) -> String {
        format!("{} {}", format_units(units, LRT_DECIMALS), self.lrt(vault))
    }

    fn asset(&mut self, vault: &str, index: u128, units: u128) -> String {
        let token = self
            .vault(vault)
            .and_then(|v| v.assets.get(usize::try_from(index).ok()?).cloned());
        match token {
            Some(t) => format!("{} {}", format_units(units, t.decimals), t.symbol),
            None => format!("{units} units of asset #{index}"),
        }
    }

    /// The non-zero entries of a per-asset array ("1.5 wSOL + 2 jitoSOL").
    fn assets(&mut self, vault: &str, amounts: &[u128]) -> String {
        let parts: Vec<String> = amounts
            .iter()
            .enumerate()
            .filter(|(_, units)| **units != 0)
            .map(|(i, units)| self.asset(vault, i as u128, *units))
            .collect();
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(" + ")
        }
    }

    fn cap(&mut self, vault: &str, index: u128, units: u128) -> String {
        if units == u128::from(u64::MAX) {
            "unlimited".into()
        } else {
            self.asset(vault, index, units)
        }
    }

    fn mint_amount(&mut self, mint: &str, units: u128) -> String {
        match self.token(mint) {
            Some(t) => format!("{} {}", format_units(units, t.decimals), t.symbol),
            None => format!("{units} units of {mint}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use anchor_lang::{event::EVENT_IX_TAG_LE, Event as _};
    use lrt_vault::constants::MAX_ASSETS;
    use serde_json::json;

    use super::*;

    fn key(n: u8) -> Pubkey {
        Pubkey::new_from_array([n; 32])
    }

    /// The data of the `emit_cpi!` inner instruction carrying `event`.
    fn emitted(event: &impl anchor_lang::Event) -> Vec<u8> {
        [EVENT_IX_TAG_LE, event.data().as_slice()].concat()
    }

    fn snapshot() -> VaultSnapshot {
        VaultSnapshot {
            share_supply: 2_000_000_000,
            active_value_wad: Some(2_100_000_000 * 1_000_000_000_000_000_000),
            asset_count: 1,
            active_amounts: [2_100_000_000, 0, 0, 0, 0, 0, 0, 0],
            queued_amounts: [0; MAX_ASSETS],
            escrowed_amounts: [0; MAX_ASSETS],
            unvested_amounts: [0; MAX_ASSETS],
            bonded_shares: 0,
            insurance_shares: 0,
            treasury_shares: 0,
            prices_wad: [1_000_000_000_000_000_000, 0, 0, 0, 0, 0, 0, 0],
            price_epochs: [3, 0, 0, 0, 0, 0, 0, 0],
        }
    }

    fn slash_requested() -> registry_ev::SlashRequested {
        registry_ev::SlashRequested {
            request: key(1),
            avs: key(2),
            operator: key(3),
            index: 0,
            wad: 50_000_000_000_000_000, // 5%
            max_slash_wad: 1_000_000_000_000_000_000,
            evidence_hash: [0xab; 32],
            capture_epoch: 7,
            requested_slot: 1_234,
            veto_deadline_slot: 1_300,
            destination: SlashDestination::Recipient { owner: key(4) },
        }
    }

    fn deposited(vault: Pubkey) -> vault_ev::Deposited {
        vault_ev::Deposited {
            vault,
            depositor: key(5),
            recipient_lrt_account: key(6),
            asset_index: 0,
            mint: key(7),
            amount: 1_500_000_000,
            price_wad: 1_000_000_000_000_000_000,
            value_wad: 1_500_000_000 * 1_000_000_000_000_000_000,
            shares_out: 1_428_571_428,
            fee_shares: 1_000_000,
            fee_bps: 7,
            snapshot: snapshot(),
        }
    }

    fn event(program: Program, data: &[u8]) -> Event {
        let (name, data) = decode_event(&program.id(), data).expect("decodes");
        Event {
            program,
            name,
            data,
        }
    }

    #[test]
    fn decodes_a_registry_event_with_every_field() {
        let (name, data) =
            decode_event(&slasher_registry::ID, &emitted(&slash_requested())).unwrap();
        assert_eq!(name, "SlashRequested");
        assert_eq!(
            data,
            json!({
                "request": key(1).to_string(),
                "avs": key(2).to_string(),
                "operator": key(3).to_string(),
                "index": "0",
                "wad": "50000000000000000",
                "max_slash_wad": "1000000000000000000",
                "evidence_hash": "ab".repeat(32),
                "capture_epoch": "7",
                "requested_slot": "1234",
                "veto_deadline_slot": "1300",
                "destination": {"kind": "recipient", "owner": key(4).to_string()},
            })
        );
    }

    #[test]
    fn decodes_the_governance_events() {
        use lrt_client::state::Fees;
        let fees = vault_ev::FeesSet {
            vault: key(4),
            fees: Fees {
                deposit_bps: 0,
                withdrawal_bps: 10,
                reward_bps: 1_000,
            },
            next: Fees {
                deposit_bps: 0,
                withdrawal_bps: 50,
                reward_bps: 1_000,
            },
            effective_epoch: 9,
            insurance_cut_bps: 2_000,
        };
        let fees = event(Program::Vault, &emitted(&fees));
        assert_eq!(fees.name, "FeesSet");
        assert_eq!(fees.data["next"]["withdrawal_bps"], json!(50));
        assert_eq!(fees.data["effective_epoch"], json!("9"));
        assert_eq!(category(fees.program, fees.name).name(), "fees");
        let mut labels = Labels::new(None);
        assert_eq!(
            describe(Program::Vault, fees.name, &fees.data, &mut labels),
            format!(
                "vault {} fees deposit 0%, withdrawal 0.1%, rewards 10% (20% of the reward fee \
                 to insurance); announced from epoch 9: deposit 0%, withdrawal 0.5%, rewards 10%",
                key(4)
            )
        );

        let proposed = vault_ev::RoleProposed {
            vault: None,
            role: Role::Treasury,
            current: key(5),
            proposed: key(6),
        };
        let proposed = event(Program::Vault, &emitted(&proposed));
        assert_eq!(proposed.data["vault"], Value::Null);
        assert_eq!(proposed.data["role"], json!({"kind": "treasury"}));
        assert!(category(proposed.program, proposed.name).by_default());
        assert_eq!(
            describe(Program::Vault, proposed.name, &proposed.data, &mut labels),
            format!("treasury {} proposes {} (until it accepts)", key(5), key(6))
        );
        let accepted = vault_ev::RoleAccepted {
            vault: Some(key(4)),
            role: Role::FeeAdmin,
            previous: key(5),
            new: key(6),
        };
        let accepted = event(Program::Vault, &emitted(&accepted));
        assert_eq!(
            describe(Program::Vault, accepted.name, &accepted.data, &mut labels),
            format!(
                "fee admin of vault {} {} -> {} (accepted)",
                key(4),
                key(5),
                key(6)
            )
        );

        let params = |veto_window_slots| RegistryParams {
            veto_window_slots,
            resolution_delay_slots: 40,
            max_vault_slash_bps_per_epoch: 10_000,
            max_commission_bps: 5_000,
        };
        let announced = registry_ev::RegistryParamsAnnounced {
            admin: key(7),
            epoch: 3,
            params: params(40),
            next_params: params(60),
            effective_epoch: 5,
        };
        let announced = event(Program::Registry, &emitted(&announced));
        assert_eq!(
            announced.data["next_params"]["veto_window_slots"],
            json!("60")
        );
        assert_eq!(announced.data["params"]["max_commission_bps"], json!(5_000));
        assert_eq!(
            category(announced.program, announced.name).name(),
            "governance"
        );

        let avs = registry_ev::AvsChangesAnnounced {
            avs: key(2),
            by: key(7),
            epoch: 3,
            kind: AvsKind::Local {
                slash_authority: key(8),
            },
            max_slash_wad: 1_000_000_000_000_000_000,
            destination: SlashDestination::Burn,
            next_kind: AvsKind::Local {
                slash_authority: key(9),
            },
            next_max_slash_wad: 500_000_000_000_000_000,
            next_destination: SlashDestination::Burn,
            effective_epoch: 5,
        };
        let avs = event(Program::Registry, &emitted(&avs));
        assert_eq!(
            avs.data["next_kind"],
            json!({"kind": "local", "slash_authority": key(9).to_string()})
        );
        assert_eq!(
            describe(Program::Registry, avs.name, &avs.data, &mut labels),
            format!(
                "avs {} announced during epoch 3 (by {}): from epoch 5 local (slash authority \
                 {}), at most 50% per request, slashed tokens burnt (until then local (slash \
                 authority {}), 100%, burnt)",
                key(2),
                key(7),
                key(9),
                key(8)
            )
        );
    }

    #[test]
    fn decodes_nested_snapshots_options_and_enums() {
        let (name, data) = decode_event(&lrt_vault::ID, &emitted(&deposited(key(4)))).unwrap();
        assert_eq!(name, "Deposited");
        assert_eq!(data["amount"], json!("1500000000"));
        assert_eq!(data["asset_index"], json!(0));
        assert_eq!(data["snapshot"]["share_supply"], json!("2000000000"));
        assert_eq!(
            data["snapshot"]["active_value_wad"],
            json!("2100000000000000000000000000")
        );
        assert_eq!(data["snapshot"]["active_amounts"][0], json!("2100000000"));
        assert_eq!(
            data["snapshot"]["active_amounts"].as_array().unwrap().len(),
            MAX_ASSETS
        );

        let added = vault_ev::AssetAdded {
            vault: key(4),
            asset_index: 1,
            mint: key(7),
            reserve: key(8),
            token_program: key(9),
            pricing: PricingSource::SplStakePool { pool: key(10) },
            price_wad: 1,
            deposit_cap: u64::MAX,
        };
        let (_, data) = decode_event(&lrt_vault::ID, &emitted(&added)).unwrap();
        assert_eq!(
            data["pricing"],
            json!({"kind": "spl_stake_pool", "pool": key(10).to_string()})
        );
        assert_eq!(data["deposit_cap"], json!(u64::MAX.to_string()));

        let swept = vault_ev::EscrowSwept {
            vault: key(4),
            request: key(1),
            asset_index: 0,
            mint: key(7),
            amount: 5,
            burnt: true,
            recipient_token_account: None,
        };
        let (_, data) = decode_event(&lrt_vault::ID, &emitted(&swept)).unwrap();
        assert_eq!(data["recipient_token_account"], Value::Null);
        assert_eq!(data["burnt"], json!(true));

        let registered = registry_ev::AvsRegistered {
            avs: key(2),
            id: key(11),
            admin: key(12),
            kind: AvsKind::Remote {
                chain: 2,
                emitter: [1; 32],
            },
            max_slash_wad: 10,
            destination: SlashDestination::Recipient { owner: key(13) },
            metadata_uri: "https://x".into(),
        };
        let (_, data) = decode_event(&slasher_registry::ID, &emitted(&registered)).unwrap();
        assert_eq!(
            data["kind"],
            json!({"kind": "remote", "chain": 2, "emitter": "01".repeat(32)})
        );
        assert_eq!(
            data["destination"],
            json!({"kind": "recipient", "owner": key(13).to_string()})
        );
        assert_eq!(data["metadata_uri"], json!("https://x"));
    }

    #[test]
    fn the_program_decides_between_events_of_the_same_name() {
        // Both programs have a `SlashCancelled`, with the same discriminator.
        let vault_cancel = vault_ev::SlashCancelled {
            vault: key(4),
            request: key(1),
            bond_shares_restored: 1,
            bond_unbonding_shares_restored: 0,
            insurance_shares_restored: 0,
            bucket_epochs: [8, 0, 0],
            bucket_scales_after: [restaking_math::WAD, 0, 0],
            to_buckets: [[2, 0, 0, 0, 0, 0, 0, 0], [0; 8], [0; 8]],
            to_pool: [1, 0, 0, 0, 0, 0, 0, 0],
            snapshot: snapshot(),
        };
        let registry_cancel = registry_ev::SlashCancelled {
            request: key(1),
            vault: key(4),
            loss_lamports: 9,
            cancelled_slot: 10,
        };
        let (name, data) = decode_event(&lrt_vault::ID, &emitted(&vault_cancel)).unwrap();
        assert_eq!(name, "SlashCancelled");
        assert!(data.get("snapshot").is_some());
        assert_eq!(data["to_buckets"][0][0], json!("2"));
        assert_eq!(data["bucket_epochs"], json!(["8", "0", "0"]));
        let line = describe(Program::Vault, name, &data, &mut Labels::new(None));
        assert!(
            line.contains("cancelled: bond +") && line.contains("bucket 8 +"),
            "{line}"
        );
        let (name, data) = decode_event(&slasher_registry::ID, &emitted(&registry_cancel)).unwrap();
        assert_eq!(name, "SlashCancelled");
        assert_eq!(data["loss_lamports"], json!("9"));
        // A registry event under the vault's id is not a vault event, and vice versa.
        assert_eq!(
            decode_event(&lrt_vault::ID, &emitted(&slash_requested())),
            None
        );
        assert_eq!(
            decode_event(&slasher_registry::ID, &emitted(&vault_cancel)),
            None
        );
    }

    #[test]
    fn refuses_what_is_not_an_event_of_ours() {
        let data = emitted(&slash_requested());
        // Another program emitting the same bytes.
        assert_eq!(decode_event(&key(99), &data), None);
        // Without the event-instruction tag (an ordinary instruction of the program).
        assert_eq!(
            decode_event(&slasher_registry::ID, &slash_requested().data()),
            None
        );
        // Truncated and padded bodies.
        assert_eq!(
            decode_event(&slasher_registry::ID, &data[..data.len() - 1]),
            None
        );
        assert_eq!(
            decode_event(&slasher_registry::ID, &[data.as_slice(), &[0]].concat()),
            None
        );
        assert_eq!(decode_event(&lrt_vault::ID, &[]), None);
    }

    #[test]
    fn decodes_example_avs_events() {
        let paid = avs_ev::RewardPaid {
            admin: key(12),
            vault: key(4),
            operator: key(3),
            asset_index: 0,
            asset_mint: key(7),
            amount: 100,
            reward_treasury: key(14),
            treasury_balance: 900,
            reward_payments: 1,
            slot: 55,
        };
        let (name, data) = decode_event(&example_avs::ID, &emitted(&paid)).unwrap();
        assert_eq!(name, "RewardPaid");
        assert_eq!(data["treasury_balance"], json!("900"));
        assert_eq!(category(Program::Avs, name), Category::Rewards);
    }

    /// Every `#[event]` struct in the three programs' sources has a decoder: a new event
    /// fails this test until it is added to the tables above.
    #[test]
    fn every_event_of_the_programs_is_decoded() {
        let sources = [
            (
                Program::Vault,
                include_str!("../../../programs/lrt_vault/src/events.rs"),
            ),
            (
                Program::Registry,
                include_str!("../../../programs/slasher_registry/src/events.rs"),
            ),
            (
                Program::Avs,
                include_str!("../../../programs/example_avs/src/events.rs"),
            ),
        ];
        for (program, source) in sources {
            let mut declared = Vec::new();
            let mut lines = source.lines();
            while let Some(line) = lines.next() {
                if line.trim() != "#[event]" {
                    continue;
                }
                let name = lines
                    .by_ref()
                    .find_map(|l| l.trim().strip_prefix("pub struct "))
                    .and_then(|rest| rest.split_whitespace().next())
                    .unwrap();
                declared.push(name.to_string());
            }
            let mut known: Vec<String> = program
                .event_names()
                .iter()
                .map(|s| s.to_string())
                .collect();
            declared.sort();
            known.sort();
            assert_eq!(declared, known, "{}", program.name());
        }
    }

    #[test]
    fn default_selection_is_risk_and_returns() {
        let mut filter = Filter::new(false, &[]).unwrap();
        let slash = event(Program::Registry, &emitted(&slash_requested()));
        let deposit = event(Program::Vault, &emitted(&deposited(key(4))));
        assert!(filter.shown(&slash));
        assert!(!filter.shown(&deposit));

        let mut all = Filter::new(true, &[]).unwrap();
        assert!(all.shown(&deposit));

        let mut named = Filter::new(false, &["deposited".to_string()]).unwrap();
        assert!(named.shown(&deposit));
        assert!(!named.shown(&slash));

        let err = Filter::new(false, &["Slashd".to_string()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown event \"Slashd\""), "{err}");
        assert!(err.contains("SlashRequested"), "{err}");
    }

    #[test]
    fn vault_filter_follows_the_vaults_operators_and_avss() {
        let ours = key(4);
        let mut filter = Filter::new(true, &[]).unwrap();
        filter.scope = Some(VaultScope {
            vault: ours.to_string(),
            operators: HashSet::from([key(3).to_string()]),
            avss: HashSet::from([key(2).to_string()]),
        });
        // Our vault's events, not another vault's.
        assert!(filter.shown(&event(Program::Vault, &emitted(&deposited(ours)))));
        assert!(!filter.shown(&event(Program::Vault, &emitted(&deposited(key(40))))));
        // A slash request against our operator through our AVS.
        assert!(filter.shown(&event(Program::Registry, &emitted(&slash_requested()))));
        // Against our operator through an AVS the vault is not in: cannot reach us.
        let mut elsewhere = slash_requested();
        elsewhere.avs = key(20);
        assert!(!filter.shown(&event(Program::Registry, &emitted(&elsewhere))));
        // Against another operator, until the vault delegates to it.
        let mut other = slash_requested();
        other.operator = key(30);
        let other = event(Program::Registry, &emitted(&other));
        assert!(!filter.shown(&other));
        let delegation = vault_ev::DelegationChanged {
            vault: ours,
            operator: key(30),
            delta_wad: 50_000_000_000_000_000,
            epoch: 3,
            allocation: AllocationHistory {
                epoch: 3,
                previous: 0,
                current: 0,
                next: 50_000_000_000_000_000,
                later: 50_000_000_000_000_000,
            },
            vault_allocations: AllocationHistory {
                epoch: 3,
                previous: 0,
                current: 0,
                next: 50_000_000_000_000_000,
                later: 50_000_000_000_000_000,
            },
        };
        let changed = event(Program::Vault, &emitted(&delegation));
        assert!(filter.shown(&changed));
        assert!(filter.shown(&other));
        assert_eq!(
            changed.data["allocation"]["next"],
            json!("50000000000000000")
        );
        let line = describe(
            Program::Vault,
            changed.name,
            &changed.data,
            &mut Labels::new(None),
        );
        assert!(
            line.ends_with(
                "allocation +5% during epoch 3: 0% now, 5% next epoch, 5% after; vault \
                 allocated 5% next epoch, 5% after"
            ),
            "{line}"
        );
        // Protocol-wide events reach every vault.
        let pause = vault_ev::ProtocolPauseSet {
            by: key(1),
            paused: true,
        };
        assert!(filter.shown(&event(Program::Vault, &emitted(&pause))));
    }

    #[test]
    fn display_lines_read_in_human_units() {
        let vault = key(4);
        let mut labels = Labels::new(None).with_vault(
            &vault.to_string(),
            VaultLabel {
                lrt: "xSOL".into(),
                assets: vec![TokenLabel {
                    symbol: "wSOL".into(),
                    decimals: 9,
                }],
            },
        );
        let slash = event(Program::Registry, &emitted(&slash_requested()));
        let line = Line {
            slot: 1234,
            block_time: None,
            signature: "sig",
            program: "slasher_registry",
            program_id: slasher_registry::ID.to_string(),
            event: slash.name,
            category: "slashing",
            data: &slash.data,
        };
        assert_eq!(
            display_line(&line, Program::Registry, &mut labels),
            format!(
                "slot 1234  SlashRequested        avs {} operator {} 5% capture epoch 7 veto \
                 until slot 1300, slashed tokens to {} (request {})",
                key(2),
                key(3),
                key(4),
                key(1)
            )
        );
        let deposit = event(Program::Vault, &emitted(&deposited(vault)));
        assert_eq!(
            describe(Program::Vault, deposit.name, &deposit.data, &mut labels),
            format!(
                "vault {vault} {} deposited 1.5 wSOL for 1.428571428 xSOL (fee 0.001 xSOL); \
                 1.05 SOL per xSOL",
                key(5)
            )
        );
        // Unknown vault, no network: raw units.
        let other = event(Program::Vault, &emitted(&deposited(key(40))));
        let text = describe(Program::Vault, other.name, &other.data, &mut labels);
        assert!(text.contains("1500000000 units of asset #0"), "{text}");
    }

    #[test]
    fn json_lines_carry_slot_signature_program_and_data() {
        let slash = event(Program::Registry, &emitted(&slash_requested()));
        let line = Line {
            slot: 1234,
            block_time: Some(1_700_000_000),
            signature: "5sig",
            program: Program::Registry.name(),
            program_id: slasher_registry::ID.to_string(),
            event: slash.name,
            category: category(Program::Registry, slash.name).name(),
            data: &slash.data,
        };
        let value = serde_json::to_value(&line).unwrap();
        assert_eq!(value["slot"], json!(1234));
        assert_eq!(value["block_time"], json!(1_700_000_000));
        assert_eq!(value["signature"], json!("5sig"));
        assert_eq!(value["program"], json!("slasher_registry"));
        assert_eq!(value["event"], json!("SlashRequested"));
        assert_eq!(value["category"], json!("slashing"));
        assert_eq!(value["data"]["capture_epoch"], json!("7"));
    }

    #[test]
    fn reads_events_from_a_get_transaction_response() {
        let slash = emitted(&slash_requested());
        let deposit = emitted(&deposited(key(4)));
        // As `getTransaction` (json, v0) returns it: the vault program's id comes from a
        // lookup table, so its index runs past the static keys.
        let response = json!({
            "slot": 77,
            "blockTime": 1_700_000_000,
            "transaction": {
                "signatures": ["5sig"],
                "message": {
                    "header": {
                        "numRequiredSignatures": 1,
                        "numReadonlySignedAccounts": 0,
                        "numReadonlyUnsignedAccounts": 1
                    },
                    "accountKeys": [key(1).to_string(), slasher_registry::ID.to_string()],
                    "recentBlockhash": key(9).to_string(),
                    "instructions": [
                        {"programIdIndex": 1, "accounts": [0], "data": "3", "stackHeight": null}
                    ],
                    "addressTableLookups": [
                        {"accountKey": key(8).to_string(), "writableIndexes": [0],
                         "readonlyIndexes": [1]}
                    ]
                }
            },
            "meta": {
                "err": null,
                "status": {"Ok": null},
                "fee": 5000,
                "preBalances": [], "postBalances": [],
                "innerInstructions": [{
                    "index": 0,
                    "instructions": [
                        {"programIdIndex": 1, "accounts": [], "stackHeight": 2,
                         "data": bs58::encode(&slash).into_string()},
                        {"programIdIndex": 0, "accounts": [], "stackHeight": 2,
                         "data": bs58::encode(&slash).into_string()},
                        {"programIdIndex": 3, "accounts": [], "stackHeight": 2,
                         "data": bs58::encode(&deposit).into_string()},
                        {"programId": example_avs::ID.to_string(), "accounts": [],
                         "stackHeight": 2, "data": bs58::encode(&slash).into_string()}
                    ]
                }],
                "logMessages": [],
                "preTokenBalances": [], "postTokenBalances": [],
                "rewards": [],
                "loadedAddresses": {
                    "writable": [key(10).to_string()],
                    "readonly": [lrt_vault::ID.to_string()]
                }
            },
            "version": 0
        });
        let transaction: EncodedConfirmedTransactionWithStatusMeta =
            serde_json::from_value(response.clone()).unwrap();
        let events = events_of(&transaction);
        let names: Vec<(Program, &str)> = events.iter().map(|e| (e.program, e.name)).collect();
        // The slash bytes under a non-program key and under example_avs are not events.
        assert_eq!(
            names,
            vec![
                (Program::Registry, "SlashRequested"),
                (Program::Vault, "Deposited")
            ]
        );

        let mut failed = response;
        failed["meta"]["err"] = json!({"InstructionError": [0, "InvalidArgument"]});
        let failed: EncodedConfirmedTransactionWithStatusMeta =
            serde_json::from_value(failed).unwrap();
        assert!(events_of(&failed).is_empty());
    }

    fn status(signature: &str, slot: u64) -> RpcConfirmedTransactionStatusWithSignature {
        RpcConfirmedTransactionStatusWithSignature {
            signature: signature.into(),
            slot,
            err: None,
            memo: None,
            block_time: None,
            confirmation_status: None,
        }
    }

    #[test]
    fn merges_program_lists_oldest_first_each_transaction_once() {
        // `b` touches both programs; `a` precedes it in slot 5 in the first list, `c` in
        // the second, so both come before it.
        let vault = vec![status("a", 5), status("b", 5), status("d", 7)];
        let registry = vec![status("c", 5), status("b", 5), status("e", 6)];
        let merged: Vec<String> = merge(vec![vault, registry])
            .into_iter()
            .map(|s| s.signature)
            .collect();
        assert_eq!(merged, ["a", "c", "b", "e", "d"]);
        assert!(merge(vec![vec![], vec![]]).is_empty());
    }

    #[test]
    fn polls_back_off_after_failures() {
        let interval = Duration::from_millis(400);
        assert_eq!(backoff(interval, 0), interval);
        assert_eq!(backoff(interval, 2), Duration::from_millis(1_600));
        assert_eq!(backoff(interval, 40), MAX_BACKOFF);
        let slow = Duration::from_secs(60);
        assert_eq!(backoff(slow, 3), slow);
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
    }
}
