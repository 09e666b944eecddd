//! `lrt operator complete-unbond VAULT`: take back LRT whose unbonding wait is over.

use anyhow::{bail, Result};
use lrt_client::{instructions as build, pda, token_programs::TOKEN_2022, VaultError};
use solana_signer::Signer;

use crate::{
    amount::format_amount,
    bond::{bond_context, bond_result},
    chain,
    context::Ctx,
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let vault_text = args.vault.as_str();
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let b = bond_context(ctx, vault_text, &authority)?;
    let (epoch, _) = chain::epoch(ctx)?;
    // the vault program's own rule decides; the messages explain it
    if let Err(error) = b.bond.check_unbond_complete(epoch) {
        if error == VaultError::NothingPending.into() {
            bail!(
                "operator {} has nothing unbonding in vault {}; start with `lrt operator unbond`",
                b.operator,
                b.vault
            );
        }
        let from = b.bond.unbond_completes_from();
        bail!(
            "the {} {} unbonding since epoch {} stay slashable through epoch {}: take them back \
             from epoch {from} (now {epoch}; `lrt epoch show`)",
            format_amount(b.bond.unbonding_shares, b.lrt.decimals),
            b.lrt.symbol,
            b.bond.unbond_epoch,
            b.bond.unbonding_slashable_through()
        );
    }
    let lrt_account = pda::lrt_account(&authority, &b.state.lrt_mint);
    let ixs = [
        anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
            &authority,
            &authority,
            &b.state.lrt_mint,
            &TOKEN_2022,
        ),
        build::complete_unbond(&b.state, b.operator, authority),
    ];
    let landed = tx::send_and_read(ctx, "complete-unbond", &ixs, &signer, &[])?;
    let result = bond_result(
        &b,
        landed,
        b.bond.unbonding_shares,
        None,
        lrt_account,
        epoch,
    )?;
    ctx.out.print(&result, |r| {
        format!(
            "took back {} {} into {}; still bonded in vault {}: {} {}",
            r.amount,
            r.bond.lrt_symbol,
            r.lrt_account,
            r.bond.vault,
            r.bond.bonded,
            r.bond.lrt_symbol
        )
    });
    Ok(())
}
