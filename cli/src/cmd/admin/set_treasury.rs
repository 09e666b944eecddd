//! `lrt admin set-treasury NEW`: the config admin proposes a new treasury, which takes over
//! with `lrt admin accept-treasury` (signed by itself). Fees already in the vaults'
//! treasury ledgers belong to whoever is the treasury when they are claimed.
use anyhow::Result;

use crate::{chain, context::Ctx, handover, views::roles::Role};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The proposed treasury's address
    pub new_treasury: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let new = chain::parse_pubkey(&args.new_treasury, "new treasury")?;
    handover::propose(ctx, Role::Treasury, None, new)
}
