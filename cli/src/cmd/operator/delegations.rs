//! `lrt operator delegations [OPERATOR]`: the vaults' allocations to an operator and the
//! stake each puts behind it now (anyone).

use anyhow::Result;
use serde::Serialize;

use crate::{
    amount::lamports_text,
    chain,
    context::Ctx,
    operator_stake::{delegations_of, render_stakes, StakeTotals, Vaults},
    registry_accounts::operator_or_signers,
    stake::DelegationView,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Operator account or its authority [default: the signer's operator]
    pub operator: Option<String>,
}

#[derive(Serialize)]
struct DelegationsView {
    operator: String,
    current_epoch: u64,
    total: StakeTotals,
    delegations: Vec<DelegationView>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let text = args.operator.as_deref();
    let (key, _) = operator_or_signers(ctx, text)?;
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let list = delegations_of(ctx, &key)?;
    let (delegations, now) = Vaults::new(ctx, slot, epoch).views(&list)?;
    let view = DelegationsView {
        operator: key.to_string(),
        current_epoch: epoch,
        total: StakeTotals {
            stake_current_sol: lamports_text(now),
        },
        delegations,
    };
    ctx.out.print(&view, |v| {
        format!(
            "vaults allocating to operator {} (epoch {}): stake now {} SOL\n{}",
            v.operator,
            v.current_epoch,
            v.total.stake_current_sol,
            render_stakes(&v.delegations)
        )
    });
    Ok(())
}
