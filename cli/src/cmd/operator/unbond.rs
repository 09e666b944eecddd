//! `lrt operator unbond VAULT LRT|all`: start taking bonded LRT back; it stays slashable
//! and returns after two more epochs.

use anyhow::{bail, Result};
use lrt_client::{
    instructions as build, lrt_vault::state::OperatorBond, pda, token_programs::TOKEN_2022,
};
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
    /// Bonded LRT to unbond, or "all"
    pub amount: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, amount) = (args.vault.as_str(), args.amount.as_str());
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let b = bond_context(ctx, vault_text, &authority)?;
    let d = b.lrt.decimals;
    let shares = if amount == "all" {
        if b.bond.shares == 0 {
            bail!(
                "operator {} has nothing bonded in vault {}",
                b.operator,
                b.vault
            );
        }
        b.bond.shares
    } else {
        parse_amount(amount, d, &b.lrt.symbol)?
    };
    if shares > b.bond.shares {
        bail!(
            "operator {} has {} {} bonded in vault {} (plus {} already unbonding), less than {}",
            b.operator,
            format_amount(b.bond.shares, d),
            b.lrt.symbol,
            b.vault,
            format_amount(b.bond.unbonding_shares, d),
            format_amount(shares, d)
        );
    }
    let (epoch, _) = chain::epoch(ctx)?;
    let lrt_account = pda::lrt_account(&authority, &b.state.lrt_mint);
    let mut ixs = Vec::new();
    let mut completed_first = None;
    if b.bond.unbonding_shares > 0 {
        if b.bond.check_unbond_complete(epoch).is_ok() {
            // A new unbond restarts the wait of everything unbonding: take the shares
            // whose wait is over back first, in the same transaction.
            ixs.push(
                anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
                    &authority,
                    &authority,
                    &b.state.lrt_mint,
                    &TOKEN_2022,
                ),
            );
            ixs.push(build::complete_unbond(&b.state, b.operator, authority));
            completed_first = Some(b.bond.unbonding_shares);
            ctx.out.note(format!(
                "{} {} finished unbonding: taking them back first, in the same transaction",
                format_amount(b.bond.unbonding_shares, d),
                b.lrt.symbol
            ));
        } else {
            ctx.out.note(format!(
                "note: the {} {} already unbonding (back from epoch {}) wait again with this \
                 unbond: everything unbonding returns from epoch {}",
                format_amount(b.bond.unbonding_shares, d),
                b.lrt.symbol,
                b.bond.unbond_completes_from(),
                OperatorBond {
                    unbond_epoch: epoch,
                    ..b.bond.clone()
                }
                .unbond_completes_from()
            ));
        }
    }
    ixs.push(build::unbond(b.vault, b.operator, authority, shares));
    let landed = tx::send_and_read(ctx, "unbond", &ixs, &signer, &[])?;
    let result = bond_result(&b, landed, shares, completed_first, lrt_account, epoch)?;
    ctx.out.print(&result, |r| {
        let mut t = String::new();
        if let Some(back) = &r.completed_first {
            t.push_str(&format!(
                "took back {back} {} whose unbonding was complete\n",
                r.bond.lrt_symbol
            ));
        }
        t.push_str(&format!(
            "unbonding {} {} from vault {} (epoch {}): it stays first in line for slashes \
             captured through epoch {}; take it back from epoch {} with `lrt operator \
             complete-unbond {}`\nbond now {} {} bonded, {} unbonding",
            r.amount,
            r.bond.lrt_symbol,
            r.bond.vault,
            r.bond.unbond_epoch.unwrap_or_default(),
            r.bond.unbonding_slashable_through_epoch.unwrap_or_default(),
            r.bond.unbond_completes_from_epoch.unwrap_or_default(),
            r.bond.vault,
            r.bond.bonded,
            r.bond.lrt_symbol,
            r.bond.unbonding
        ));
        t
    });
    Ok(())
}
