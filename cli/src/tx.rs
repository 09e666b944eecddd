//! Sending a transaction as a careful user would: simulate first (so a refusal costs
//! nothing and names the program error), send, show a spinner until the requested
//! commitment, then print the signature and an explorer link. What a transaction did is
//! read from the events it emitted, typed ([`ProgramEvent`]): [`send_and_read`] for what
//! landed, [`simulate_events`] for a preview before signing.
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context as _, Result};
use indicatif::{ProgressBar, ProgressStyle};
use lrt_client::{
    program_events::{
        event_cpis, AccountKeys, EventCpi, InnerInstruction, ProgramEvent, ProgramRef,
    },
    Instruction,
};
use serde::Serialize;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_keypair::Signature;
use solana_rpc_client_api::{
    config::{RpcSendTransactionConfig, RpcSimulateTransactionConfig, RpcTransactionConfig},
    response::RpcSimulateTransactionResult,
};
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_status_client_types::{
    option_serializer::OptionSerializer, EncodedConfirmedTransactionWithStatusMeta,
    EncodedTransaction, UiInnerInstructions, UiInstruction, UiMessage, UiParsedInstruction,
    UiTransactionEncoding,
};

use crate::{context::Ctx, errors::explain};

/// How long to wait for a sent transaction before giving up (a blockhash lives ~60-90 s).
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(90);

/// How long to wait for a confirmed transaction to be readable (`getTransaction`).
const READ_BACK_TIMEOUT: Duration = Duration::from_secs(20);

/// A landed transaction, as commands report it.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub signature: String,
    pub explorer: String,
}

/// A landed transaction, the slot it landed in and the events of the three programs it
/// emitted, in order.
#[derive(Debug)]
pub struct Landed {
    pub sent: Sent,
    pub slot: u64,
    pub events: Vec<ProgramEvent>,
}

impl Landed {
    /// The first event `pick` accepts; an error naming `event` if none did (the
    /// transaction landed, so the error says where to look).
    pub fn event<'a, T>(
        &'a self,
        what: &str,
        event: &str,
        pick: impl FnMut(&'a ProgramEvent) -> Option<T>,
    ) -> Result<T> {
        self.events.iter().find_map(pick).with_context(|| {
            format!(
                "the {what} landed ({}) but emitted no {event} event",
                self.sent.explorer
            )
        })
    }
}

/// [`send`], then reads the confirmed transaction back and returns the events it emitted:
/// what landed, not a quote. Fails (after the transaction landed, which the error says)
/// if the RPC cannot return the transaction.
pub fn send_and_read(
    ctx: &Ctx,
    what: &str,
    instructions: &[Instruction],
    payer: &Keypair,
    others: &[&Keypair],
) -> Result<Landed> {
    let sent = send(ctx, what, instructions, payer, others)?;
    let started = Instant::now();
    let (slot, events) = loop {
        match landed_events(ctx, &sent.signature) {
            Some(landed) => break landed,
            None if started.elapsed() > READ_BACK_TIMEOUT => bail!(
                "the {what} landed ({}) but {} did not return the transaction to read what it \
                 did; look it up in the explorer",
                sent.explorer,
                ctx.url
            ),
            None => std::thread::sleep(Duration::from_millis(200)),
        }
    };
    Ok(Landed { sent, slot, events })
}

/// The first event `pick` accepts in `events`, or an error naming the `event` the `what`
/// was expected to emit.
pub fn find_event<'a, T>(
    events: &'a [ProgramEvent],
    what: &str,
    event: &str,
    pick: impl FnMut(&'a ProgramEvent) -> Option<T>,
) -> Result<T> {
    events
        .iter()
        .find_map(pick)
        .with_context(|| format!("the {what} emitted no {event} event"))
}

/// Signs with `payer` (also the fee payer) and `others`, simulates, sends and confirms.
/// `what` names the action in messages ("deposit"). Commands that report what the
/// transaction did use [`send_and_read`].
pub fn send(
    ctx: &Ctx,
    what: &str,
    instructions: &[Instruction],
    payer: &Keypair,
    others: &[&Keypair],
) -> Result<Sent> {
    let tx = signed(ctx, what, instructions, payer, others)?;
    simulate(ctx, what, &tx)?;

    let spinner = spinner(ctx, what);
    let signature = ctx
        .rpc
        .send_transaction_with_config(
            &tx,
            RpcSendTransactionConfig {
                skip_preflight: true,
                ..RpcSendTransactionConfig::default()
            },
        )
        .with_context(|| format!("cannot send the {what} to {}", ctx.url))?;
    let started = Instant::now();
    loop {
        let status = ctx
            .rpc
            .get_signature_status_with_commitment(&signature, ctx.commitment)
            .with_context(|| format!("cannot read the status of {signature}"))?;
        match status {
            Some(Ok(())) => break,
            Some(Err(err)) => {
                spinner.finish_and_clear();
                return Err(explain(what, &err, &[], &programs_of(&tx)));
            }
            None if started.elapsed() > CONFIRM_TIMEOUT => {
                spinner.finish_and_clear();
                bail!(
                    "{what} {signature} was sent but not confirmed after {}s; check it with the \
                     explorer before retrying: {}",
                    CONFIRM_TIMEOUT.as_secs(),
                    ctx.explorer_tx(&signature.to_string())
                );
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    spinner.finish_and_clear();
    let sent = Sent {
        signature: signature.to_string(),
        explorer: ctx.explorer_tx(&signature.to_string()),
    };
    if !ctx.out.is_json() {
        println!("{what}: confirmed");
        println!("  signature  {}", sent.signature);
        println!("  explorer   {}", sent.explorer);
    }
    Ok(sent)
}

/// Builds and signs a transaction with a fresh blockhash.
fn signed(
    ctx: &Ctx,
    what: &str,
    instructions: &[Instruction],
    payer: &Keypair,
    others: &[&Keypair],
) -> Result<Transaction> {
    let blockhash = ctx
        .rpc
        .get_latest_blockhash()
        .with_context(|| format!("cannot reach {} to send the {what}", ctx.url))?;
    let mut signers: Vec<&Keypair> = vec![payer];
    signers.extend(
        others
            .iter()
            .copied()
            .filter(|k| k.pubkey() != payer.pubkey()),
    );
    Ok(Transaction::new_signed_with_payer(
        instructions,
        Some(&payer.pubkey()),
        &signers,
        blockhash,
    ))
}

/// Simulates `tx`; a refusal becomes an explained error (nothing is sent).
fn simulate(ctx: &Ctx, what: &str, tx: &Transaction) -> Result<RpcSimulateTransactionResult> {
    let simulation = ctx
        .rpc
        .simulate_transaction_with_config(
            tx,
            RpcSimulateTransactionConfig {
                sig_verify: false,
                commitment: Some(CommitmentConfig::processed()),
                inner_instructions: true,
                ..RpcSimulateTransactionConfig::default()
            },
        )
        .with_context(|| format!("cannot simulate the {what} on {}", ctx.url))?
        .value;
    if let Some(err) = simulation.err.clone() {
        let logs = simulation.logs.clone().unwrap_or_default();
        if std::env::var_os("LRT_SHOW_LOGS").is_some() {
            for line in &logs {
                eprintln!("  {line}");
            }
        }
        return Err(explain(what, &err.into(), &logs, &programs_of(tx)).context_note());
    }
    Ok(simulation)
}

/// Simulates the instructions and returns the `emit_cpi!` events of the three programs
/// (inner instructions), in order: a preview of the outcome before signing for real.
pub fn simulate_events(
    ctx: &Ctx,
    what: &str,
    instructions: &[Instruction],
    payer: &Keypair,
    others: &[&Keypair],
) -> Result<Vec<ProgramEvent>> {
    let tx = signed(ctx, what, instructions, payer, others)?;
    let simulation = simulate(ctx, what, &tx)?;
    let (writable, readonly) = match &simulation.loaded_addresses {
        Some(loaded) => (keys(&loaded.writable), keys(&loaded.readonly)),
        None => (Vec::new(), Vec::new()),
    };
    let keys = AccountKeys::new(&tx.message.account_keys, &writable, &readonly);
    let inner = simulation.inner_instructions.unwrap_or_default();
    Ok(decoded(ui_event_cpis(&keys, &inner)))
}

/// The slot of a landed transaction and the `emit_cpi!` events of the three programs in it,
/// in order, or
/// `None` if the transaction cannot be read back (not yet, or some RPCs do not keep it).
pub fn landed_events(ctx: &Ctx, signature: &str) -> Option<(u64, Vec<ProgramEvent>)> {
    let signature: Signature = signature.parse().ok()?;
    let commitment = if ctx.commitment.is_at_least_confirmed() {
        ctx.commitment
    } else {
        CommitmentConfig::confirmed()
    };
    let landed = ctx
        .rpc
        .get_transaction_with_config(
            &signature,
            RpcTransactionConfig {
                encoding: Some(UiTransactionEncoding::Json),
                commitment: Some(commitment),
                max_supported_transaction_version: Some(0),
            },
        )
        .ok()?;
    Some((landed.slot, decoded(landed_event_cpis(&landed))))
}

/// The events that decode (an event-CPI the client does not know is skipped).
fn decoded(cpis: Vec<EventCpi<Vec<u8>>>) -> Vec<ProgramEvent> {
    cpis.iter().filter_map(EventCpi::decode).collect()
}

/// The event-CPIs of the three programs in a transaction as `getTransaction` returns it
/// (any encoding, legacy or v0: program indexes run through the addresses loaded from
/// lookup tables), in order. None if the transaction failed: its events did not happen.
pub fn landed_event_cpis(
    transaction: &EncodedConfirmedTransactionWithStatusMeta,
) -> Vec<EventCpi<Vec<u8>>> {
    let Some(meta) = &transaction.transaction.meta else {
        return Vec::new();
    };
    if meta.err.is_some() {
        return Vec::new();
    }
    let static_keys: Vec<Pubkey> = match &transaction.transaction.transaction {
        EncodedTransaction::Json(ui) => match &ui.message {
            UiMessage::Raw(raw) => keys(&raw.account_keys),
            UiMessage::Parsed(parsed) => parsed
                .account_keys
                .iter()
                .filter_map(|a| a.pubkey.parse().ok())
                .collect(),
        },
        other => other
            .decode()
            .map(|tx| tx.message.static_account_keys().to_vec())
            .unwrap_or_default(),
    };
    let (writable, readonly) = match &meta.loaded_addresses {
        OptionSerializer::Some(loaded) => (keys(&loaded.writable), keys(&loaded.readonly)),
        _ => (Vec::new(), Vec::new()),
    };
    let OptionSerializer::Some(inner) = &meta.inner_instructions else {
        return Vec::new();
    };
    ui_event_cpis(&AccountKeys::new(&static_keys, &writable, &readonly), inner)
}

/// Base58 keys as the RPC lists them. A key that does not parse (never from a real node)
/// would shift every index after it, so the whole list is dropped.
fn keys(list: &[String]) -> Vec<Pubkey> {
    list.iter()
        .map(|k| k.parse())
        .collect::<Result<_, _>>()
        .unwrap_or_default()
}

/// The RPC's inner instructions as the extractor takes them, then the extractor
/// (`lrt_client::program_events::event_cpis`).
fn ui_event_cpis(keys: &AccountKeys, inner: &[UiInnerInstructions]) -> Vec<EventCpi<Vec<u8>>> {
    let instructions = inner
        .iter()
        .flat_map(|group| &group.instructions)
        .filter_map(|instruction| {
            let (program, data) = match instruction {
                UiInstruction::Compiled(c) => (ProgramRef::Index(c.program_id_index), &c.data),
                // Unknown programs come back "partially decoded" when parsed.
                UiInstruction::Parsed(UiParsedInstruction::PartiallyDecoded(p)) => {
                    (ProgramRef::Id(p.program_id.parse().ok()?), &p.data)
                }
                // Fully parsed instructions belong to programs the node knows (System,
                // SPL Token): never ours.
                UiInstruction::Parsed(UiParsedInstruction::Parsed(_)) => return None,
            };
            let data = bs58::decode(data).into_vec().ok()?;
            Some(InnerInstruction { program, data })
        });
    event_cpis(keys, instructions)
}

fn spinner(ctx: &Ctx, what: &str) -> ProgressBar {
    // indicatif draws on stderr only when it is a terminal; JSON output stays clean.
    let bar = if ctx.out.is_json() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(format!(
        "waiting for the {what} to be {:?}",
        ctx.commitment.commitment
    ));
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

trait ContextNote {
    fn context_note(self) -> anyhow::Error;
}

impl ContextNote for anyhow::Error {
    /// Simulation refusals are caught before sending: say so, the user lost nothing.
    fn context_note(self) -> anyhow::Error {
        anyhow::anyhow!("{self}\n(nothing was sent: the simulation failed)")
    }
}

/// The program id of each top-level instruction of `tx`.
fn programs_of(tx: &Transaction) -> Vec<Pubkey> {
    tx.message
        .instructions
        .iter()
        .filter_map(|ix| {
            tx.message
                .account_keys
                .get(ix.program_id_index as usize)
                .copied()
        })
        .collect()
}
