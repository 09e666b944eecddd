//! `lrt curator delegate VAULT OPERATOR AMOUNT`: allocate more of the vault to a
//! whitelisted operator (a fraction, or SOL turned into the fraction it is worth now); it
//! counts from the next epoch. Checked with the program's own limits first.
use anyhow::Result;
use lrt_client::{instructions as build, lrt_vault::state::AllocationHistory};
use solana_signer::Signer;

use crate::{
    context::Ctx,
    curation::{self, allocation_change, allocation_result, allocation_wad, check_increase},
    stake::{delegation_text, parse_allocation},
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// Operator account or its authority
    pub operator: String,
    /// A fraction of the vault with its unit, 5% or 500bps; or an amount of SOL, 10 or
    /// 10SOL, allocated as the fraction of the vault's slashable value it is worth now
    /// (rounded down). A number without % or bps is SOL: 0.05 is 0.05 SOL, not 5%.
    pub amount: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, operator_text, amount) = (
        args.vault.as_str(),
        args.operator.as_str(),
        args.amount.as_str(),
    );
    let input = parse_allocation(amount)?;
    let c = allocation_change(ctx, vault_text, operator_text)?;
    let wad = allocation_wad(ctx, amount, input, &c.value)?;
    check_increase(&c.delegation, &c.state, wad, c.cur)?;
    // An allocation is a fraction: the program reads no price.
    let ix = build::delegate(c.signer.pubkey(), c.vault, c.operator, wad);
    let landed = tx::send_and_read(ctx, "delegation", &[ix], &c.signer, &[])?;
    let landed = curation::Landed::allocation(ctx, landed, "delegation", &c.delegation)?;
    let result = allocation_result(ctx, landed, &c.delegation, &c.value)?;
    ctx.out.print(&result, |r| {
        let d = &r.delegation;
        format!(
            "allocated {} more of vault {} ({} SOL at today's slashable value of {} SOL) to \
             operator {}: it counts from epoch {} (slashes captured this epoch {} do not reach \
             it)\nfrom epoch {}: {} of the vault, {} SOL at today's value\nallocation: {}\n\
             vault allocated in all: {}",
            r.change.as_deref().unwrap_or("?").trim_start_matches('+'),
            d.vault,
            r.change_value_sol.as_deref().unwrap_or("?"),
            r.slashable_value_sol,
            d.operator,
            r.effective_from_epoch
                .map_or_else(|| "?".into(), |e| e.to_string()),
            r.current_epoch,
            AllocationHistory::increase_counts_from(r.current_epoch),
            d.allocation_next,
            r.stake_next_at_current_value_sol,
            delegation_text(d),
            r.vault_allocated
        )
    });
    Ok(())
}
