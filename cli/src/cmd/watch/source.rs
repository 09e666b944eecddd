//! Finding the programs' transactions: `getSignaturesForAddress` per program, merged
//! oldest first, each transaction once, then `getTransaction` for each.
use std::{
    collections::{HashMap, HashSet},
    time::Duration,
};

use anyhow::{anyhow, Context as _, Result};
use lrt_client::program_events::Program;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::GetConfirmedSignaturesForAddress2Config;
use solana_rpc_client_api::{
    config::RpcTransactionConfig, response::RpcConfirmedTransactionStatusWithSignature,
};
use solana_transaction::Signature;
use solana_transaction_status_client_types::{
    EncodedConfirmedTransactionWithStatusMeta, TransactionConfirmationStatus, UiTransactionEncoding,
};

use crate::{context::Ctx, errors::program_name};

/// Signatures per `getSignaturesForAddress` page (the RPC maximum).
const PAGE: usize = 1000;
/// How often to retry at once a transaction that is listed but not yet readable.
const FETCH_RETRIES: u32 = 8;
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

pub struct Watcher<'a> {
    ctx: &'a Ctx,
    /// `getSignaturesForAddress` refuses `processed`: confirmed, or finalized if asked.
    commitment: CommitmentConfig,
    cursors: Vec<Cursor>,
    seen: HashMap<String, u64>,
    block_times: HashMap<u64, Option<i64>>,
}

impl<'a> Watcher<'a> {
    pub fn new(ctx: &'a Ctx) -> Self {
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
    pub fn block_time(
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
    pub fn start_now(&mut self) -> Result<()> {
        for i in 0..self.cursors.len() {
            let program = self.cursors[i].program;
            let (newest, _) = self.list(program, None, Some(u64::MAX))?;
            self.cursors[i].last = newest;
        }
        Ok(())
    }

    /// Starts at `slot` (after `after` when it is given, a transaction in that slot) and
    /// returns the transactions to replay, oldest first.
    pub fn start_at(
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
    pub fn poll(&mut self) -> Result<Vec<RpcConfirmedTransactionStatusWithSignature>> {
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

    pub fn fetch_status(
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
    pub fn fetch(
        &self,
        signature: &Signature,
    ) -> Result<EncodedConfirmedTransactionWithStatusMeta> {
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
pub fn merge(
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
