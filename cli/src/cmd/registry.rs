//! `lrt registry`: the slasher registry's parameters, in force and announced (anyone), and
//! their announcement (registry admin); one command per file under `registry/`.
use anyhow::Result;
use clap::Subcommand;

use crate::context::Ctx;

mod announce_params;
mod show;

#[derive(Subcommand, Debug)]
pub enum RegistryCmd {
    /// The registry's roles and slashing parameters: in force now, announced, and from when
    Show,
    /// Announce new slashing parameters (registry admin): they apply from the epoch after
    /// next (a full epoch of notice); unspecified ones keep the latest announced values
    AnnounceParams(announce_params::Args),
}

pub fn run(ctx: &Ctx, cmd: RegistryCmd) -> Result<()> {
    match cmd {
        RegistryCmd::Show => show::run(ctx),
        RegistryCmd::AnnounceParams(args) => announce_params::run(ctx, args),
    }
}
