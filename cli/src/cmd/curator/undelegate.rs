//! `lrt curator undelegate VAULT OPERATOR AMOUNT|all`: take part of an operator's allocation
//! back; it still counts for slashes captured this epoch and the next.
use anyhow::{bail, Result};
use lrt_client::{instructions as build, lrt_vault::state::AllocationHistory, VaultError};
use solana_signer::Signer;

use crate::{
    amount::percent,
    context::Ctx,
    curation::{self, allocation_change, allocation_result, allocation_wad},
    errors::would_refuse,
    stake::{delegation_text, parse_allocation, rolled},
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// Operator account or its authority
    pub operator: String,
    /// A fraction of the vault (5%, 500bps), an amount of SOL at today's value (10,
    /// 10SOL), or "all"
    pub amount: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, operator_text, amount) = (
        args.vault.as_str(),
        args.operator.as_str(),
        args.amount.as_str(),
    );
    let input = (amount != "all")
        .then(|| parse_allocation(amount))
        .transpose()?;
    let c = allocation_change(ctx, vault_text, operator_text)?;
    let later = rolled(&c.delegation.allocation, c.cur).later;
    // the first epoch a decrease made now no longer counts in
    let stops = AllocationHistory::decrease_stops_from(c.cur);
    let wad = match input {
        None if later == 0 => bail!(
            "vault {} allocates nothing to operator {} from epoch {stops} on: nothing to take \
             back",
            c.vault,
            c.operator,
        ),
        None => later,
        Some(input) => allocation_wad(ctx, amount, input, &c.value)?,
    };
    // the vault program's own rule decides; the messages explain it
    if let Err(error) = c.delegation.check_decrease(wad, c.cur) {
        let refusal = would_refuse(&lrt_vault::ID, &error);
        if error == VaultError::ZeroAmount.into() {
            bail!("{refusal}\n{amount} is no allocation: nothing to take back");
        }
        bail!(
            "{refusal}\nvault {} allocates {} to operator {} from epoch {stops} on (after the \
             decreases already made), less than {}",
            c.vault,
            percent(u128::from(later)),
            c.operator,
            percent(u128::from(wad))
        );
    }
    let ix = build::undelegate(c.signer.pubkey(), c.vault, c.operator, wad);
    let landed = tx::send_and_read(ctx, "undelegation", &[ix], &c.signer, &[])?;
    let landed = curation::Landed::allocation(ctx, landed, "undelegation", &c.delegation)?;
    let result = allocation_result(ctx, landed, &c.delegation, &c.value)?;
    ctx.out.print(&result, |r| {
        let d = &r.delegation;
        let stops = d
            .decrease_stops_from_epoch
            .or(r.effective_from_epoch)
            .unwrap_or(AllocationHistory::decrease_stops_from(r.current_epoch));
        format!(
            "took back {} of vault {}'s allocation to operator {} during epoch {}: it still \
             counts for slashes captured through epoch {} and stops from epoch {}\nallocation: \
             {}\nfrom epoch {}: {} of the vault; vault allocated in all: {}",
            r.change.as_deref().unwrap_or("?").trim_start_matches('-'),
            d.vault,
            d.operator,
            r.current_epoch,
            stops.saturating_sub(1),
            stops,
            delegation_text(d),
            stops,
            d.allocation_later,
            r.vault_allocated
        )
    });
    Ok(())
}
