//! Placeholder until written (issue 4).
use anyhow::{bail, Result};
use clap::Subcommand;

use crate::context::Ctx;

#[derive(Subcommand, Debug)]
pub enum CuratorCmd {
    /// Not written yet
    Todo,
}

pub fn run(_ctx: &Ctx, _cmd: CuratorCmd) -> Result<()> {
    bail!("not written yet")
}
