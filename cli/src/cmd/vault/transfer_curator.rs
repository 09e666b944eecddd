//! `lrt vault transfer-curator VAULT NEW`: the curator proposes a successor, who takes the
//! role with `lrt vault accept-curator VAULT` (until then nothing changes).
use anyhow::Result;

use crate::{chain, context::Ctx, handover, views::roles::Role};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// The proposed curator's address
    pub new_curator: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault, _) = chain::vault(ctx, &args.vault)?;
    let new = chain::parse_pubkey(&args.new_curator, "new curator")?;
    handover::propose(ctx, Role::Curator, Some(vault), new)
}
