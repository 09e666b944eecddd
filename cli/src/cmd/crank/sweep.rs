//! `lrt crank sweep`: sweeps every slash escrow past its resolution delay (burns it, or
//! pays the AVS's recipient); escrows still in their delay are listed as waiting (the same
//! checks as `lrt avs sweep`, `slashing::escrow`).
use std::collections::{hash_map::Entry, HashMap};

use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::lrt_vault::state::{SlashEscrow, Vault};
use serde::Serialize;

use super::{list_failures, LazySigner};
use crate::{
    chain,
    context::Ctx,
    output::fail_if_any,
    slashing::{
        escrow::{escrow_state, EscrowState},
        settle::{sweep_escrow_assets, sweep_line, NotDone, SweepView},
    },
};

#[derive(Serialize)]
struct WaitingEscrow {
    escrow: String,
    vault: String,
    request: String,
    resolve_after_slot: u64,
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let slot = chain::slot(ctx)?;
    let escrows = chain::list_all::<SlashEscrow>(ctx, &lrt_vault::ID)?;
    let mut vaults: HashMap<Pubkey, Vault> = HashMap::new();
    let mut ready = Vec::new();
    let mut waiting = Vec::new();
    for (key, escrow) in escrows {
        let asset_count = match vaults.entry(escrow.vault) {
            Entry::Occupied(entry) => entry.get().asset_count,
            Entry::Vacant(entry) => {
                let state: Vault =
                    chain::fetch_anchor(ctx, &escrow.vault, &lrt_vault::ID, "vault")?;
                entry.insert(state).asset_count
            }
        };
        match escrow_state(&escrow, asset_count, slot) {
            EscrowState::Ready(assets) => ready.push((escrow, assets)),
            EscrowState::Waiting { resolve_after_slot } => waiting.push(WaitingEscrow {
                escrow: key.to_string(),
                vault: escrow.vault.to_string(),
                request: escrow.request.to_string(),
                resolve_after_slot,
            }),
            EscrowState::Cancelled | EscrowState::Done => {}
        }
    }
    let mut signer = LazySigner::new(ctx);
    let mut swept: Vec<SweepView> = Vec::new();
    let mut failed = Vec::new();
    let total = ready.len();
    for (escrow, assets) in &ready {
        let state = &vaults[&escrow.vault];
        let result = signer
            .get()
            .and_then(|signer| sweep_escrow_assets(ctx, signer, escrow, state, assets));
        match result {
            Ok(views) => swept.extend(views),
            Err(error) => failed.push(NotDone::at(
                &escrow.request,
                &escrow.vault,
                format!("{error:#}"),
            )),
        }
    }
    #[derive(Serialize)]
    struct Summary {
        slot: u64,
        swept: Vec<SweepView>,
        /// Escrows still in their resolution delay.
        waiting: Vec<WaitingEscrow>,
        failed: Vec<NotDone>,
    }
    let summary = Summary {
        slot,
        swept,
        waiting,
        failed,
    };
    ctx.out.print(&summary, |s| {
        let mut t = format!(
            "slot {}: {} escrow sweep transactions, {} escrows in their resolution delay, {} \
             failed\n",
            s.slot,
            s.swept.len(),
            s.waiting.len(),
            s.failed.len()
        );
        for v in &s.swept {
            t.push_str(&format!("  {}\n", sweep_line(v)));
        }
        for w in &s.waiting {
            t.push_str(&format!(
                "  waiting vault {} request {}: sweepable from slot {}\n",
                w.vault, w.request, w.resolve_after_slot
            ));
        }
        list_failures(&mut t, &s.failed);
        t
    });
    fail_if_any(summary.failed.len(), total, "escrow sweeps")
}
