//! Placeholder until written (issue 4).
use anyhow::{bail, Result};
use clap::Args;

use crate::context::Ctx;

#[derive(Args, Debug)]
pub struct WatchArgs {}

pub fn run(_ctx: &Ctx, _args: WatchArgs) -> Result<()> {
    bail!("not written yet")
}
