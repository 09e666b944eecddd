//! `lrt xchain reclaim [--buffers]`: the signer gets back the rent it left in the registry's
//! cross-chain accounts:
//! - the replay records it paid relaying messages (`lrt xchain submit`), closed once the
//!   registry would close them (`ReplayRecord::check_closable` at the clock's time);
//! - the stake attestations it published (`lrt xchain attest`), closed from the restaking
//!   epoch the registry allows (`Attestation::check_closable`);
//! - with `--buffers`, its VAA buffers that were never consumed (a relay started and
//!   abandoned). Without it they are only listed: `lrt xchain submit` with the same VAA
//!   resumes them, and closing one throws away the chunks already paid for.
//!
//! Accounts are listed by payer (`listing::*_of_payer`), closed as many per transaction as
//! fit, and the others are listed with the time or epoch from which they are closable,
//! as the programs' own methods compute it.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{listing, registry, Instruction};
use serde::Serialize;
use slasher_registry::state::{Attestation, ReplayRecord, VaaBuffer};
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
it (never to anyone else).

A stake attestation is kept for relayers until two restaking epochs after the one it \
attests; from then on its payer closes it.

A VAA buffer that was never consumed belongs to a relay that stopped half way. `lrt xchain \
submit` with the same VAA resumes it; --buffers closes it instead (its rent comes back, the \
fees of the chunks posted do not).

Only the fees of the closing transactions are paid.

Examples:
  lrt xchain reclaim
  lrt xchain reclaim --buffers")]
pub struct Args {
    /// Also close the signer's VAA buffers that were never consumed
    #[arg(long)]
    pub buffers: bool,
}

/// The kinds of account this command closes.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
enum Kind {
    ReplayRecord,
    Attestation,
    VaaBuffer,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::ReplayRecord => "replay record",
            Kind::Attestation => "attestation",
            Kind::VaaBuffer => "VAA buffer",
        })
    }
}

/// An account closable now, and the instruction that closes it.
struct Closing {
    kind: Kind,
    account: Pubkey,
    lamports: u64,
    ix: Instruction,
}

/// An account of the signer not closed in this run, and from when it can be.
#[derive(Serialize)]
struct PendingView {
    kind: Kind,
    account: String,
    lamports: u64,
    /// When it becomes closable, in words (UTC time, restaking epoch, or how).
    closable_from: String,
    /// A replay record's: the Unix time it becomes closable, and its message's time (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    closable_from_unix: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_time: Option<String>,
    /// An attestation's: the restaking epoch from which its payer may close it.
    #[serde(skip_serializing_if = "Option::is_none")]
    closable_from_epoch: Option<u64>,
}

impl PendingView {
    /// The fields every kind has; each kind adds its own.
    fn new(kind: Kind, account: &Pubkey, lamports: u64, closable_from: String) -> Self {
        Self {
            kind,
            account: account.to_string(),
            lamports,
            closable_from,
            closable_from_unix: None,
            message_time: None,
            closable_from_epoch: None,
        }
    }
}

/// An account closed in this run.
#[derive(Serialize)]
struct ClosedView {
    kind: Kind,
    account: String,
    lamports: u64,
}

/// A closing transaction.
#[derive(Serialize)]
struct CloseTx {
    signature: String,
    explorer: String,
    accounts: usize,
    bytes: usize,
}

#[derive(Serialize)]
struct Reclaimed {
    payer: String,
    /// Accounts closed in this run, and the lamports they held (back to the payer).
    closed: usize,
    lamports_returned: u64,
    closed_accounts: Vec<ClosedView>,
    transactions: Vec<CloseTx>,
    /// Accounts not closable yet (or buffers kept without --buffers), soonest first.
    pending: Vec<PendingView>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let config = require_xchain_config(ctx)?;
    let now = clock_unix_time(ctx)?;
    let (epoch, _) = chain::epoch(ctx)?;
    let payer = ctx.signer()?;
    let me = payer.pubkey();
    let lamports_of =
        |key: &Pubkey| -> Result<u64> { Ok(chain::fetch(ctx, key)?.map_or(0, |a| a.lamports)) };
    let mut closable: Vec<Closing> = Vec::new();
    let mut pending: Vec<PendingView> = Vec::new();

    let records = chain::list_anchor::<ReplayRecord>(
        ctx,
        &slasher_registry::ID,
        vec![listing::replay_records_of_payer(&me)],
    )?;
    for (key, record) in &records {
        let lamports = lamports_of(key)?;
        if record.check_closable(config.max_message_age, now).is_ok() {
            closable.push(Closing {
                kind: Kind::ReplayRecord,
                account: *key,
                lamports,
                ix: registry::close_replay_record(me, *key, me),
            });
        } else {
            let from = record.closable_from(config.max_message_age);
            pending.push(PendingView {
                closable_from_unix: Some(from),
                message_time: Some(utc(i64::from(record.timestamp))),
                ..PendingView::new(Kind::ReplayRecord, key, lamports, utc(from))
            });
        }
    }

    let attestations = chain::list_anchor::<Attestation>(
        ctx,
        &slasher_registry::ID,
        vec![listing::attestations_of_payer(&me)],
    )?;
    for (key, attestation) in &attestations {
        let lamports = lamports_of(key)?;
        if attestation.check_closable(epoch).is_ok() {
            closable.push(Closing {
                kind: Kind::Attestation,
                account: *key,
                lamports,
                ix: registry::close_attestation(me, attestation.sequence),
            });
        } else {
            let from = attestation.closable_from_epoch().ok();
            let when = from.map_or_else(
                || "never: its payload does not decode".to_string(),
                |e| format!("restaking epoch {e} (now {epoch})"),
            );
            pending.push(PendingView {
                closable_from_epoch: from,
                ..PendingView::new(Kind::Attestation, key, lamports, when)
            });
        }
    }

    let buffers = chain::list_anchor::<VaaBuffer>(
        ctx,
        &slasher_registry::ID,
        vec![listing::vaa_buffers_of_payer(&me)],
    )?;
    for (key, buffer) in &buffers {
        let lamports = lamports_of(key)?;
        if args.buffers {
            closable.push(Closing {
                kind: Kind::VaaBuffer,
                account: *key,
                lamports,
                ix: registry::close_vaa_buffer(me, buffer.nonce),
            });
        } else {
            let state = if buffer.verified {
                "verified"
            } else {
                "not verified"
            };
            let when = format!(
                "now, with --buffers (nonce {}, {} bytes, {state}; `lrt xchain submit` with \
                 its VAA resumes it instead)",
                buffer.nonce,
                buffer.data.len()
            );
            pending.push(PendingView::new(Kind::VaaBuffer, key, lamports, when));
        }
    }
    // buffers first (closable now), then by time, then by epoch
    pending.sort_by_key(|p| {
        (
            p.kind != Kind::VaaBuffer,
            p.closable_from_unix.unwrap_or(i64::MAX),
            p.closable_from_epoch.unwrap_or(u64::MAX),
        )
    });

    let mut transactions = Vec::new();
    let mut closed_accounts = Vec::new();
    let mut lamports_returned = 0u64;
    for batch in batches(&me, &closable) {
        let ixs: Vec<Instruction> = batch.iter().map(|c| c.ix.clone()).collect();
        let what = format!("closing {} accounts", batch.len());
        let sent = tx::send(ctx, &what, &ixs, &payer, &[])?;
        transactions.push(CloseTx {
            signature: sent.signature,
            explorer: sent.explorer,
            accounts: batch.len(),
            bytes: tx_len(&ixs, &me),
        });
        for c in batch {
            closed_accounts.push(ClosedView {
                kind: c.kind,
                account: c.account.to_string(),
                lamports: c.lamports,
            });
            lamports_returned = lamports_returned.saturating_add(c.lamports);
        }
    }
    let result = Reclaimed {
        payer: me.to_string(),
        closed: closed_accounts.len(),
        lamports_returned,
        closed_accounts,
        transactions,
        pending,
    };
    ctx.out.print(&result, |r| r.to_string());
    Ok(())
}

/// `closings` in order, as many per transaction (paid and signed by `payer`) as fit.
fn batches<'a>(payer: &Pubkey, closings: &'a [Closing]) -> Vec<&'a [Closing]> {
    let fits = |batch: &[Closing]| {
        let ixs: Vec<Instruction> = batch.iter().map(|c| c.ix.clone()).collect();
        tx_len(&ixs, payer) <= PACKET_DATA_SIZE
    };
    let mut out = Vec::new();
    let mut rest = closings;
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
            write!(f, "nothing of {} is closable now", self.payer)?;
        } else {
            write!(
                f,
                "closed {} accounts of {} in {} transactions: {} lamports came back",
                self.closed,
                self.payer,
                self.transactions.len(),
                self.lamports_returned
            )?;
            for c in &self.closed_accounts {
                write!(f, "\n  {}  {}, {} lamports", c.account, c.kind, c.lamports)?;
            }
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        write!(f, "\nnot closed ({}):", self.pending.len())?;
        for p in &self.pending {
            write!(
                f,
                "\n  {}  {}, {} lamports, closable from {}",
                p.account, p.kind, p.lamports, p.closable_from
            )?;
            if let Some(time) = &p.message_time {
                write!(f, " (message of {time})")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closing(payer: Pubkey, n: u64) -> Closing {
        let (kind, ix) = match n % 3 {
            0 => (
                Kind::ReplayRecord,
                registry::close_replay_record(payer, Pubkey::new_unique(), payer),
            ),
            1 => (Kind::Attestation, registry::close_attestation(payer, n)),
            _ => (
                Kind::VaaBuffer,
                registry::close_vaa_buffer(payer, u32::try_from(n).unwrap()),
            ),
        };
        Closing {
            kind,
            account: Pubkey::new_unique(),
            lamports: 1,
            ix,
        }
    }

    #[test]
    fn accounts_are_closed_as_many_per_transaction_as_fit() {
        let payer = Pubkey::new_unique();
        let closings: Vec<Closing> = (0..45).map(|n| closing(payer, n)).collect();
        let split = batches(&payer, &closings);
        let sizes: Vec<usize> = split.iter().map(|b| b.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 45);
        assert!(sizes.len() >= 2 && sizes[0] >= sizes[sizes.len() - 1]);
        for b in &split {
            let ixs: Vec<Instruction> = b.iter().map(|c| c.ix.clone()).collect();
            assert!(tx_len(&ixs, &payer) <= PACKET_DATA_SIZE);
        }
        assert!(batches(&payer, &[]).is_empty());
    }
}
