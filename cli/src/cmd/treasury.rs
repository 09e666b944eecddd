//! `lrt treasury`: the protocol treasury collects the fees the vaults keep for it (one
//! command per file under `treasury/`).
use anyhow::Result;
use clap::Subcommand;

use crate::context::Ctx;

mod claim;

#[derive(Subcommand, Debug)]
pub enum TreasuryCmd {
    /// Turn a vault's treasury ledger (the fees it kept) into LRT (the treasury signs)
    Claim(claim::Args),
}

pub fn run(ctx: &Ctx, cmd: TreasuryCmd) -> Result<()> {
    match cmd {
        TreasuryCmd::Claim(args) => claim::run(ctx, args),
    }
}
