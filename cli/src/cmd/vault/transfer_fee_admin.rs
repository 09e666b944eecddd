//! `lrt vault transfer-fee-admin VAULT NEW`: the fee admin proposes a successor, who takes
//! the role with `lrt vault accept-fee-admin VAULT` (until then nothing changes).
use anyhow::Result;

use crate::{chain, context::Ctx, handover, views::roles::Role};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// The proposed fee admin's address
    pub new_fee_admin: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault, _) = chain::vault(ctx, &args.vault)?;
    let new = chain::parse_pubkey(&args.new_fee_admin, "new fee admin")?;
    handover::propose(ctx, Role::FeeAdmin, Some(vault), new)
}
