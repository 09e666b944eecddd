//! `lrt operator opt-in AVS`: the signer's operator opts in to an AVS; the stake allocated
//! to it becomes slashable by the AVS from the next epoch.

use anyhow::Result;
use lrt_client::registry;
use slasher_registry::state::OperatorAvs;
use solana_signer::Signer;

use crate::{
    context::Ctx,
    opt_in::{opt_in_result, precheck_opt_in},
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
    let (avs_key, avs) = resolve_avs(ctx, avs_text)?;
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let (operator, _) = signers_operator(ctx, &authority)?;
    let opt_in_key = registry::pda::operator_avs(&operator, &avs_key);
    precheck_opt_in::<OperatorAvs>(
        ctx,
        &format!("operator {operator}"),
        &avs_key,
        &avs,
        &opt_in_key,
        &authority,
    )?;
    let ix = registry::opt_in_avs(authority, avs_key);
    let sent = tx::send(ctx, "AVS opt-in", &[ix], &signer, &[])?;
    let result = opt_in_result(ctx, sent, &opt_in_key)?;
    ctx.out.print(&result, |r| {
        format!(
            "operator {} opted in to AVS {} during epoch {}: its stake is slashable by the AVS \
             from epoch {}",
            r.opt_in.operator,
            r.opt_in.avs,
            r.opt_in.window.activation_epoch,
            r.opt_in.window.counts_from_epoch
        )
    });
    Ok(())
}
