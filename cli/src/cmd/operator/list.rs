//! `lrt operator list`: every registered operator with its commission and its stake now
//! (allocations x vault values), most stake first (anyone).

use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::lrt_vault::state::Delegation;
use serde::Serialize;
use slasher_registry::state::{Operator, OperatorAvs};

use crate::{
    amount::lamports_text, chain, context::Ctx, operator_stake::Vaults,
    views::commission::CommissionView,
};

#[derive(Serialize)]
struct OperatorSummary {
    address: String,
    authority: String,
    #[serde(flatten)]
    commission: CommissionView,
    metadata_uri: String,
    /// Vaults that whitelisted the operator.
    vaults: usize,
    /// AVSs it is opted in to (not opted out).
    avss_opted_in: usize,
    /// Sum over the vaults of allocation now x slashable value now, in SOL.
    stake_current_sol: String,
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let operators = chain::list_all::<Operator>(ctx, &slasher_registry::ID)?;
    let delegations = chain::list_all::<Delegation>(ctx, &lrt_vault::ID)?;
    let opt_ins = chain::list_all::<OperatorAvs>(ctx, &slasher_registry::ID)?;
    let mut vaults = Vaults::new(ctx, slot, epoch);
    let mut rows: Vec<(u128, OperatorSummary)> = Vec::new();
    for (key, operator) in operators {
        let mine: Vec<(Pubkey, Delegation)> = delegations
            .iter()
            .filter(|(_, d)| d.operator == key)
            .cloned()
            .collect();
        let (_, now) = vaults.views(&mine)?;
        let summary = OperatorSummary {
            address: key.to_string(),
            authority: operator.authority.to_string(),
            commission: CommissionView::new(&operator, epoch),
            metadata_uri: operator.metadata_uri,
            vaults: mine.len(),
            avss_opted_in: opt_ins
                .iter()
                .filter(|(_, o)| o.operator == key && o.window.is_opted_in())
                .count(),
            stake_current_sol: lamports_text(now),
        };
        rows.push((now, summary));
    }
    // Most stake first; ties by address (list_anchor's order).
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let summaries: Vec<OperatorSummary> = rows.into_iter().map(|(_, s)| s).collect();
    ctx.out.print(&summaries, |list| {
        if list.is_empty() {
            return format!("no operators registered on {}", ctx.url);
        }
        let mut t = format!(
            "{:<44}  {:>10}  {:>16}  {:>6}  {:>4}\n",
            "operator", "commission", "stake now (SOL)", "vaults", "AVSs"
        );
        for o in list {
            let next = match (
                &o.commission.next_commission,
                o.commission.next_commission_from_epoch,
            ) {
                (Some(next), Some(from)) => format!("  ({next} from epoch {from})"),
                _ => String::new(),
            };
            t.push_str(&format!(
                "{:<44}  {:>10}  {:>16}  {:>6}  {:>4}{next}\n",
                o.address, o.commission.commission, o.stake_current_sol, o.vaults, o.avss_opted_in
            ));
        }
        t
    });
    Ok(())
}
