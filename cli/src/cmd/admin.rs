//! `lrt admin`: the config admin's protocol roles (one command per file under `admin/`).
use anyhow::Result;
use clap::Subcommand;

use crate::context::Ctx;

mod accept_treasury;
mod set_treasury;

#[derive(Subcommand, Debug)]
pub enum AdminCmd {
    /// Propose a new treasury (config admin); it takes over with `admin accept-treasury`
    SetTreasury(set_treasury::Args),
    /// Take the treasury role you were proposed for (the proposed key signs)
    AcceptTreasury,
}

pub fn run(ctx: &Ctx, cmd: AdminCmd) -> Result<()> {
    match cmd {
        AdminCmd::SetTreasury(args) => set_treasury::run(ctx, args),
        AdminCmd::AcceptTreasury => accept_treasury::run(ctx),
    }
}
