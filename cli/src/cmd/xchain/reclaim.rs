//! `lrt xchain reclaim`: the signer gets back the rent of the replay records it paid when
//! relaying messages (`lrt xchain submit`). Its records are listed by payer
//! (`listing::replay_records_of_payer`); those the registry would close now
//! (`ReplayRecord::check_closable` at the clock's time, the program's own rule) are closed,
//! as many per transaction as fit (`close_replay_record`); the others are listed with the
//! time they become closable (`ReplayRecord::closable_from`).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{listing, registry, Instruction};
use serde::Serialize;
use slasher_registry::state::ReplayRecord;
use solana_signer::Signer;

use super::{clock_unix_time, require_xchain_config};
use crate::{
    chain,
    context::Ctx,
    output::utc,
    relay::plan::{tx_len, PACKET_DATA_SIZE},
    tx,
};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
A replay record proves a relayed message was consumed. Once the clock is past the \
message's timestamp + twice the registry's max message age, the message is refused as \
stale anyway and anyone may close the record: its rent goes back to the relayer who paid \
it (never to anyone else). Only the fees of the closing transactions are paid.

Example:
  lrt xchain reclaim")]
pub struct Args {}

/// A replay record not closable yet.
#[derive(Serialize)]
struct PendingView {
    replay_record: String,
    lamports: u64,
    /// The message's body timestamp (UTC).
    message_time: String,
    /// When it becomes closable (UTC), and as Unix time.
    closable_from: String,
    closable_from_unix: i64,
}

/// A closing transaction.
#[derive(Serialize)]
struct CloseTx {
    signature: String,
    explorer: String,
    records: usize,
    bytes: usize,
}

#[derive(Serialize)]
struct Reclaimed {
    payer: String,
    /// Records closed in this run, and the lamports they held (back to the payer).
    closed: usize,
    lamports_returned: u64,
    closed_records: Vec<String>,
    transactions: Vec<CloseTx>,
    /// Records not closable yet, soonest first.
    pending: Vec<PendingView>,
}

pub fn run(ctx: &Ctx, _args: Args) -> Result<()> {
    let config = require_xchain_config(ctx)?;
    let now = clock_unix_time(ctx)?;
    let payer = ctx.signer()?;
    let records = chain::list_anchor::<ReplayRecord>(
        ctx,
        &slasher_registry::ID,
        vec![listing::replay_records_of_payer(&payer.pubkey())],
    )?;
    let mut closable: Vec<(Pubkey, u64)> = Vec::new();
    let mut pending: Vec<PendingView> = Vec::new();
    for (key, record) in &records {
        let lamports = chain::fetch(ctx, key)?.map_or(0, |a| a.lamports);
        if record.check_closable(config.max_message_age, now).is_ok() {
            closable.push((*key, lamports));
        } else {
            let from = record.closable_from(config.max_message_age);
            pending.push(PendingView {
                replay_record: key.to_string(),
                lamports,
                message_time: utc(i64::from(record.timestamp)),
                closable_from: utc(from),
                closable_from_unix: from,
            });
        }
    }
    pending.sort_by_key(|p| p.closable_from_unix);

    let mut transactions = Vec::new();
    let mut closed_records = Vec::new();
    let mut lamports_returned = 0u64;
    for batch in batches(&payer.pubkey(), &closable) {
        let ixs: Vec<Instruction> = batch
            .iter()
            .map(|(key, _)| registry::close_replay_record(payer.pubkey(), *key, payer.pubkey()))
            .collect();
        let what = format!("closing {} replay records", batch.len());
        let sent = tx::send(ctx, &what, &ixs, &payer, &[])?;
        transactions.push(CloseTx {
            signature: sent.signature,
            explorer: sent.explorer,
            records: batch.len(),
            bytes: tx_len(&ixs, &payer.pubkey()),
        });
        for (key, lamports) in batch {
            closed_records.push(key.to_string());
            lamports_returned = lamports_returned.saturating_add(*lamports);
        }
    }
    let result = Reclaimed {
        payer: payer.pubkey().to_string(),
        closed: closed_records.len(),
        lamports_returned,
        closed_records,
        transactions,
        pending,
    };
    ctx.out.print(&result, |r| r.to_string());
    Ok(())
}

/// `records` in order, as many per transaction (paid and signed by `payer`) as fit.
fn batches<'a>(payer: &Pubkey, records: &'a [(Pubkey, u64)]) -> Vec<&'a [(Pubkey, u64)]> {
    let fits = |batch: &[(Pubkey, u64)]| {
        let ixs: Vec<Instruction> = batch
            .iter()
            .map(|(key, _)| registry::close_replay_record(*payer, *key, *payer))
            .collect();
        tx_len(&ixs, payer) <= PACKET_DATA_SIZE
    };
    let mut out = Vec::new();
    let mut rest = records;
    while !rest.is_empty() {
        let n = (1..=rest.len())
            .rev()
            .find(|&n| fits(&rest[..n]))
            .unwrap_or(1);
        let (batch, tail) = rest.split_at(n);
        out.push(batch);
        rest = tail;
    }
    out
}

impl std::fmt::Display for Reclaimed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.closed == 0 {
            write!(f, "no replay record of {} is closable now", self.payer)?;
        } else {
            write!(
                f,
                "closed {} replay records of {} in {} transactions: {} lamports came back",
                self.closed,
                self.payer,
                self.transactions.len(),
                self.lamports_returned
            )?;
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        write!(f, "\nnot closable yet ({}):", self.pending.len())?;
        for p in &self.pending {
            write!(
                f,
                "\n  {}  {} lamports, closable from {} (message of {})",
                p.replay_record, p.lamports, p.closable_from, p.message_time
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_closed_as_many_per_transaction_as_fit() {
        let payer = Pubkey::new_unique();
        let records: Vec<(Pubkey, u64)> = (0..45).map(|_| (Pubkey::new_unique(), 1)).collect();
        let split = batches(&payer, &records);
        let sizes: Vec<usize> = split.iter().map(|b| b.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 45);
        assert!(sizes.len() >= 2 && sizes[0] >= sizes[sizes.len() - 1]);
        for b in &split {
            let ixs: Vec<Instruction> = b
                .iter()
                .map(|(key, _)| registry::close_replay_record(payer, *key, payer))
                .collect();
            assert!(tx_len(&ixs, &payer) <= PACKET_DATA_SIZE);
        }
        assert!(batches(&payer, &[]).is_empty());
    }
}
