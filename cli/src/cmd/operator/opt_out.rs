//! `lrt operator opt-out AVS`: the signer's operator opts out of an AVS; its stake stays
//! slashable by the AVS until the end of the next epoch.

use anyhow::Result;
use lrt_client::registry;
use slasher_registry::state::OperatorAvs;
use solana_signer::Signer;

use crate::{
    context::Ctx,
    opt_in::{opt_in_result, precheck_opt_out},
    registry_accounts::{resolve_avs, signers_operator},
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// AVS account address or AVS id
    pub avs: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let avs_text = args.avs.as_str();
    let (avs_key, _) = resolve_avs(ctx, avs_text)?;
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let (operator, _) = signers_operator(ctx, &authority)?;
    let opt_in_key = registry::pda::operator_avs(&operator, &avs_key);
    precheck_opt_out::<OperatorAvs>(ctx, &format!("operator {operator}"), &avs_key, &opt_in_key)?;
    let ix = registry::opt_out_avs(authority, avs_key);
    let sent = tx::send(ctx, "AVS opt-out", &[ix], &signer, &[])?;
    let result = opt_in_result(ctx, sent, &opt_in_key)?;
    ctx.out.print(&result, |r| {
        format!(
            "operator {} opted out of AVS {} during epoch {}: its stake stays slashable by the \
             AVS through epoch {}; opting in again is possible from epoch {}",
            r.opt_in.operator,
            r.opt_in.avs,
            r.opt_in.window.deactivation_epoch.unwrap_or_default(),
            r.opt_in.window.slashable_through_epoch.unwrap_or_default(),
            r.opt_in.window.opt_in_again_from_epoch.unwrap_or_default()
        )
    });
    Ok(())
}
