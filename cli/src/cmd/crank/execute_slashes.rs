//! `lrt crank execute-slashes`: executes every slash request past its veto window against
//! every vault it can still reach and was not executed against; requests still in their
//! veto window are listed as waiting, and those that cannot reach a vault as skipped, with
//! the reason (`slashing::plan`, the same checks as `lrt avs execute`).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use serde::Serialize;
use slasher_registry::state::SlashRequest;

use super::{list_failures, LazySigner};
use crate::{
    chain,
    context::Ctx,
    output::fail_if_any,
    registry_accounts::registry_config,
    slashing::{
        plan::{plan_all_vaults, situation, Planned, Skip},
        settle::{execute_one, execution_line, expected_loss_note, Executed, NotDone},
        status::{request_status, RequestStatus},
    },
};

#[derive(Serialize)]
struct WaitingRequest {
    request: String,
    veto_deadline_slot: u64,
    executable_from_slot: u64,
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let config = chain::config(ctx)?;
    let registry = registry_config(ctx)?;
    let slot = chain::slot(ctx)?;
    let cur = config.epoch_at(slot);
    let mut requests = chain::list_all::<SlashRequest>(ctx, &slasher_registry::ID)?;
    requests.sort_by_key(|(_, r)| (r.avs.to_string(), r.index));

    let mut waiting = Vec::new();
    let mut skipped = Vec::new();
    let mut targets: Vec<(Pubkey, SlashRequest, Pubkey, Planned)> = Vec::new();
    for (key, request) in requests {
        match request_status(&request, slot, cur) {
            RequestStatus::Executable => {}
            RequestStatus::VetoWindow => {
                waiting.push(WaitingRequest {
                    request: key.to_string(),
                    veto_deadline_slot: request.veto_deadline_slot,
                    executable_from_slot: request.executable_from_slot(),
                });
                continue;
            }
            // vetoed, or its window is over: nothing will ever happen to it
            _ => continue,
        }
        let s = situation(ctx, key, request, registry.clone(), &config, slot)?;
        if let Some(blocker) = &s.blocker {
            skipped.push(NotDone {
                request: key.to_string(),
                vault: None,
                reason: blocker.to_string(),
            });
            continue;
        }
        for (vault, plan) in plan_all_vaults(ctx, &s)? {
            match plan {
                Ok(loss) => targets.push((key, s.request.clone(), vault, loss)),
                Err(Skip::AlreadyExecuted) => {}
                Err(reason) => skipped.push(NotDone::at(&key, &vault, reason)),
            }
        }
    }

    let mut signer = LazySigner::new(ctx);
    let mut executed: Vec<Executed> = Vec::new();
    let mut failed = Vec::new();
    let total = targets.len();
    for (key, request, vault, expected) in targets {
        ctx.out.note(expected_loss_note(&key, &vault, &expected));
        let result = signer
            .get()
            .and_then(|signer| execute_one(ctx, signer, &key, &request, &vault));
        match result {
            Ok(view) => executed.push(view),
            Err(error) => failed.push(NotDone::at(&key, &vault, format!("{error:#}"))),
        }
    }
    #[derive(Serialize)]
    struct Summary {
        slot: u64,
        epoch: u64,
        executed: Vec<Executed>,
        /// Requests still in their veto window.
        waiting: Vec<WaitingRequest>,
        /// Executable requests that cannot reach a vault (or any vault), and why.
        skipped: Vec<NotDone>,
        failed: Vec<NotDone>,
    }
    let summary = Summary {
        slot,
        epoch: cur,
        executed,
        waiting,
        skipped,
        failed,
    };
    ctx.out.print(&summary, |s| {
        let mut t = format!(
            "epoch {}, slot {}: {} executed, {} waiting for their veto window, {} skipped, {} \
             failed\n",
            s.epoch,
            s.slot,
            s.executed.len(),
            s.waiting.len(),
            s.skipped.len(),
            s.failed.len()
        );
        for e in &s.executed {
            t.push_str(&format!(
                "  request {}: {}\n",
                e.recorded.request,
                execution_line(e)
            ));
        }
        for w in &s.waiting {
            t.push_str(&format!(
                "  waiting request {}: executable from slot {}\n",
                w.request, w.executable_from_slot
            ));
        }
        for n in &s.skipped {
            t.push_str(&format!(
                "  skipped request {}{}: {}\n",
                n.request,
                n.vault
                    .as_deref()
                    .map(|v| format!(" vault {v}"))
                    .unwrap_or_default(),
                n.reason
            ));
        }
        list_failures(&mut t, &s.failed);
        t
    });
    fail_if_any(summary.failed.len(), total, "slash executions")
}
