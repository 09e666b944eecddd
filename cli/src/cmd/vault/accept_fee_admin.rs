//! `lrt vault accept-fee-admin VAULT`: the proposed fee admin (the signer) takes the role.
use anyhow::Result;

use crate::{chain, context::Ctx, handover, views::roles::Role};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault, _) = chain::vault(ctx, &args.vault)?;
    handover::accept(ctx, Role::FeeAdmin, Some(vault))
}
