//! `lrt operator bond VAULT LRT|all`: lock LRT in a vault as first-loss capital (the vault
//! must have whitelisted the operator).

use anyhow::{bail, Result};
use lrt_client::{instructions as build, pda};
use solana_signer::Signer;

use crate::{
    amount::{format_amount, parse_amount},
    bond::{bond_context, bond_result},
    chain,
    context::Ctx,
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// LRT to bond, e.g. 1.5, or "all"
    pub amount: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, amount) = (args.vault.as_str(), args.amount.as_str());
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let b = bond_context(ctx, vault_text, &authority)?;
    let lrt_account = pda::lrt_account(&authority, &b.state.lrt_mint);
    let balance = chain::token_balance(ctx, &lrt_account)?;
    let shares = if amount == "all" {
        if balance == 0 {
            bail!(
                "{authority} holds no {} to bond (deposit into the vault first: `lrt deposit`)",
                b.lrt.symbol
            );
        }
        balance
    } else {
        parse_amount(amount, b.lrt.decimals, &b.lrt.symbol)?
    };
    if shares > balance {
        bail!(
            "insufficient balance: {authority} holds {} {} (in {lrt_account}), the bond needs \
             {}; deposit into the vault first (`lrt deposit`)",
            format_amount(balance, b.lrt.decimals),
            b.lrt.symbol,
            format_amount(shares, b.lrt.decimals)
        );
    }
    let ix = build::bond(&b.state, b.operator, authority, shares);
    let landed = tx::send_and_read(ctx, "bond", &[ix], &signer, &[])?;
    let (cur, _) = chain::epoch(ctx)?;
    let result = bond_result(&b, landed, shares, None, lrt_account, cur)?;
    ctx.out.print(&result, |r| {
        format!(
            "bonded {} {} in vault {}: operator {} now has {} {} bonded as first-loss capital",
            r.amount,
            r.bond.lrt_symbol,
            r.bond.vault,
            r.bond.operator,
            r.bond.bonded,
            r.bond.lrt_symbol
        )
    });
    Ok(())
}
