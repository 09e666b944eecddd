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
//! numbers; `i64`, `u64`, `u128` and `i128` as decimal strings (amounts, WAD values, slots and
//! epochs alike: JSON readers that use doubles lose precision above 2^53, and WAD values
//! are far above it); `bool` as `true`/`false`; 32-byte arrays (hashes, signing keys) as
//! lowercase hex; 20-byte guardian keys as `0x` addresses; per-asset arrays and lists as arrays; `Option` as the value or `null`; nested
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
//!
//! # Layout
//!
//! Events come typed from `lrt_client::program_events` (one enum over the three
//! programs, one extractor): [`filter`] picks them (category, name, vault), [`json`]
//! writes their `data`, [`describe`] their text (both by exhaustive matches: a new event
//! does not compile until it has both), [`line`] prints one, [`source`] finds the
//! transactions and [`labels`] reads symbols and decimals.
use std::{
    collections::VecDeque,
    time::{Duration, Instant},
};

use anyhow::{anyhow, Result};
use clap::Args;
use lrt_client::program_events::{Program, ProgramEvent, VaultEvent};
use solana_rpc_client_api::response::RpcConfirmedTransactionStatusWithSignature;
use solana_transaction::Signature;
use solana_transaction_status_client_types::EncodedConfirmedTransactionWithStatusMeta;

use crate::{
    context::Ctx,
    output::{Output, OutputFormat},
    tx,
};

mod describe;
mod filter;
mod json;
mod labels;
mod line;
mod source;
#[cfg(test)]
mod tests;

use filter::{Filter, VaultScope};
use labels::Labels;
pub use line::utc;
use line::Line;
use source::Watcher;

/// A transaction still unreadable after this long is skipped with a warning.
const GIVE_UP_AFTER: Duration = Duration::from_secs(120);
/// The longest pause between polls after repeated RPC failures.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

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
                if let ProgramEvent::Vault(VaultEvent::AssetAdded(added)) = &event {
                    labels.forget(&added.vault);
                }
                let line = Line::new(transaction.slot, block_time, &status.signature, &event);
                out.print_line(&line, |line| line.display(&mut labels));
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

/// Every event of the three programs in a transaction, in order (none if it failed).
pub fn events_of(transaction: &EncodedConfirmedTransactionWithStatusMeta) -> Vec<ProgramEvent> {
    tx::landed_event_cpis(transaction)
        .iter()
        .filter_map(|cpi| cpi.decode())
        .collect()
}
