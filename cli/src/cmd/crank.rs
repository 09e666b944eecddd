//! `lrt crank`: the permissionless upkeep anyone may run (by hand or from a timer): cache
//! this Solana epoch's prices, credit vested rewards (`crank/vest_rewards.rs`), execute
//! every due slash request against every vault it can still reach, and sweep every
//! resolved slash escrow.
//!
//! Each item is its own transaction. What cannot be done yet or at all is listed with the
//! reason and not sent (the same checks as `lrt avs execute|sweep`); an item whose
//! transaction fails is reported and the crank goes on with the rest; the exit status is 1
//! if any failed. The keypair is read only when there is something to send.
use std::collections::{hash_map::Entry, HashMap};

use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use clap::Subcommand;
use lrt_client::{
    instructions as build,
    lrt_vault::state::{SlashEscrow, Vault},
};
use serde::Serialize;
use slasher_registry::state::SlashRequest;
use solana_keypair::Keypair;

use crate::{
    chain::{self, short},
    context::Ctx,
    output::fail_if_any,
    registry_accounts::registry_config,
    slashing::{
        escrow::{escrow_state, EscrowState},
        plan::{plan_all_vaults, situation, Planned, Skip},
        settle::{
            execute_one, execution_line, expected_loss_note, sweep_escrow_assets, sweep_line,
            ExecutionView, NotDone, SweepView,
        },
        status::{request_status, RequestStatus},
    },
    tx::{self, Sent},
};

mod vest_rewards;

#[derive(Subcommand, Debug)]
pub enum CrankCmd {
    /// Cache this Solana epoch's prices in one vault, or in every vault
    RefreshPrices {
        /// Vault address or LRT mint [default: every vault]
        vault: Option<String>,
        /// Also refresh vaults whose prices are already this Solana epoch's
        #[arg(long)]
        force: bool,
    },
    /// Credit the rewards vested so far to one vault's active pool, or every vault's
    /// (instructions that value a vault do it anyway; this keeps idle vaults' books current)
    VestRewards {
        /// Vault address or LRT mint [default: every vault]
        vault: Option<String>,
    },
    /// Execute every slash request past its veto window against every vault it can still
    /// reach and was not executed against
    ExecuteSlashes,
    /// Sweep every slash escrow past its resolution delay (burn, or pay the AVS's recipient)
    Sweep,
}

pub fn run(ctx: &Ctx, cmd: CrankCmd) -> Result<()> {
    match cmd {
        CrankCmd::RefreshPrices { vault, force } => refresh_prices(ctx, vault.as_deref(), force),
        CrankCmd::VestRewards { vault } => vest_rewards::run(ctx, vault.as_deref()),
        CrankCmd::ExecuteSlashes => execute_slashes(ctx),
        CrankCmd::Sweep => sweep(ctx),
    }
}

/// The signer, read once and only when the crank has something to send.
struct LazySigner<'a> {
    ctx: &'a Ctx,
    keypair: Option<Keypair>,
}

impl<'a> LazySigner<'a> {
    fn new(ctx: &'a Ctx) -> Self {
        Self { ctx, keypair: None }
    }

    fn get(&mut self) -> Result<&Keypair> {
        if self.keypair.is_none() {
            self.keypair = Some(self.ctx.signer()?);
        }
        Ok(self.keypair.as_ref().expect("just set"))
    }
}

#[derive(Serialize)]
struct Failed {
    vault: String,
    error: String,
}

fn list_failures(t: &mut String, failed: &[NotDone]) {
    for n in failed {
        t.push_str(&format!(
            "  FAILED request {} vault {}: {}\n",
            n.request,
            n.vault_text(),
            n.reason
        ));
    }
}

// ---------------------------------------------------------------------------------------
// refresh-prices
// ---------------------------------------------------------------------------------------

fn refresh_prices(ctx: &Ctx, vault: Option<&str>, force: bool) -> Result<()> {
    let vaults: Vec<(Pubkey, Vault)> = match vault {
        Some(text) => vec![chain::vault(ctx, text)?],
        None => chain::list_all::<Vault>(ctx, &lrt_vault::ID)?,
    };
    let solana_epoch = ctx.rpc.get_epoch_info()?.epoch;
    #[derive(Serialize)]
    struct Refreshed {
        #[serde(flatten)]
        sent: Sent,
        vault: String,
        lrt: String,
    }
    #[derive(Serialize)]
    struct Summary {
        solana_epoch: u64,
        refreshed: Vec<Refreshed>,
        /// Vaults whose prices were already this Solana epoch's (not sent; see --force).
        already_fresh: Vec<String>,
        failed: Vec<Failed>,
    }
    let mut summary = Summary {
        solana_epoch,
        refreshed: Vec::new(),
        already_fresh: Vec::new(),
        failed: Vec::new(),
    };
    let mut signer = LazySigner::new(ctx);
    let total = vaults.len();
    for (key, state) in vaults {
        // The program's own rule: every asset priced in this Solana epoch.
        if !force && state.require_fresh_prices(solana_epoch).is_ok() {
            summary.already_fresh.push(key.to_string());
            continue;
        }
        let result = signer.get().and_then(|signer| {
            tx::send(
                ctx,
                &format!("price refresh of vault {}", short(&key)),
                &[build::refresh_prices(&state)],
                signer,
                &[],
            )
        });
        match result {
            Ok(sent) => {
                let lrt = chain::mint_info(ctx, &state.lrt_mint)
                    .map(|m| m.symbol)
                    .unwrap_or_else(|_| short(&state.lrt_mint));
                summary.refreshed.push(Refreshed {
                    sent,
                    vault: key.to_string(),
                    lrt,
                });
            }
            Err(error) => summary.failed.push(Failed {
                vault: key.to_string(),
                error: format!("{error:#}"),
            }),
        }
    }
    ctx.out.print(&summary, |s| {
        let mut t = format!(
            "Solana epoch {}: {} refreshed, {} already fresh, {} failed\n",
            s.solana_epoch,
            s.refreshed.len(),
            s.already_fresh.len(),
            s.failed.len()
        );
        for r in &s.refreshed {
            t.push_str(&format!("  refreshed {} ({})\n", r.vault, r.lrt));
        }
        for v in &s.already_fresh {
            t.push_str(&format!("  fresh     {v}\n"));
        }
        for f in &s.failed {
            t.push_str(&format!("  FAILED    {}: {}\n", f.vault, f.error));
        }
        t
    });
    fail_if_any(summary.failed.len(), total, "price refreshes")
}

// ---------------------------------------------------------------------------------------
// execute-slashes
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct WaitingRequest {
    request: String,
    veto_deadline_slot: u64,
    executable_from_slot: u64,
}

fn execute_slashes(ctx: &Ctx) -> Result<()> {
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
    let mut executed: Vec<ExecutionView> = Vec::new();
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
        executed: Vec<ExecutionView>,
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
            t.push_str(&format!("  request {}: {}\n", e.request, execution_line(e)));
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

// ---------------------------------------------------------------------------------------
// sweep
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct WaitingEscrow {
    escrow: String,
    vault: String,
    request: String,
    resolve_after_slot: u64,
}

fn sweep(ctx: &Ctx) -> Result<()> {
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
