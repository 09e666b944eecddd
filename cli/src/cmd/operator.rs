//! Placeholder until written (issue 4).
use anyhow::{bail, Result};
use clap::Subcommand;

use crate::context::Ctx;

#[derive(Subcommand, Debug)]
pub enum OperatorCmd {
    /// Not written yet
    Todo,
}

pub fn run(_ctx: &Ctx, _cmd: OperatorCmd) -> Result<()> {
    bail!("not written yet")
}
