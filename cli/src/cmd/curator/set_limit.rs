//! `lrt curator set-limit VAULT OPERATOR --max BPS`: change an operator's concentration limit
//! (refused below its allocation from the next epoch on).
use anyhow::{bail, Result};
use lrt_client::{instructions as build, lrt_vault::state::AllocationHistory};
use solana_signer::Signer;

use crate::{
    amount::percent,
    context::Ctx,
    curation::{self, allocation_change, allocation_result, parse_positive_bps},
    errors::would_refuse,
    stake::delegation_text,
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// Operator account or its authority
    pub operator: String,
    /// Most of the vault the operator may be allocated: 2000, 2000bps or 20%
    #[arg(long)]
    pub max: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, operator_text, max) = (
        args.vault.as_str(),
        args.operator.as_str(),
        args.max.as_str(),
    );
    let max_bps = parse_positive_bps(max, "--max")?;
    let c = allocation_change(ctx, vault_text, operator_text)?;
    let mut after = c.delegation.clone();
    after.allocation.roll(c.cur);
    if let Err(error) = after.set_limit(max_bps) {
        bail!(
            "{}\noperator {} is allocated {} of vault {} from epoch {} on; take allocation back \
             first (`lrt curator undelegate {} {} <FRACTION|SOL>`)",
            would_refuse(&lrt_vault::ID, &error),
            c.operator,
            percent(u128::from(after.allocation.committed())),
            c.vault,
            AllocationHistory::increase_counts_from(c.cur),
            c.vault,
            c.operator
        );
    }
    let ix = build::set_concentration_limit(c.signer.pubkey(), c.vault, c.operator, max_bps);
    let landed = tx::send_and_read(ctx, "concentration limit", &[ix], &c.signer, &[])?;
    let landed = curation::Landed::limit(
        landed,
        "concentration limit",
        &c.delegation,
        &c.state,
        c.cur,
    )?;
    let result = allocation_result(ctx, landed, &c.delegation, &c.value)?;
    ctx.out.print(&result, |r| {
        let d = &r.delegation;
        format!(
            "operator {}'s concentration limit in vault {}: {} (was {})\nallocation: {}",
            d.operator,
            d.vault,
            d.max_share,
            r.previous_max_share.as_deref().unwrap_or("?"),
            delegation_text(d)
        )
    });
    Ok(())
}
