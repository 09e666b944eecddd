//! Placeholder until written (issue 4).
use anyhow::{bail, Result};
use clap::Subcommand;

use crate::context::Ctx;

#[derive(Subcommand, Debug)]
pub enum AvsCmd {
    /// Not written yet
    Todo,
}

pub fn run(_ctx: &Ctx, _cmd: AvsCmd) -> Result<()> {
    bail!("not written yet")
}
