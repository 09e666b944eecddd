//! `lrt epoch show`: the current slot, restaking epoch and slots left in it, and the
//! Solana epoch (whose prices the vaults cache).
use anyhow::Result;

use super::{current, render};
use crate::context::Ctx;

pub fn run(ctx: &Ctx) -> Result<()> {
    let view = current(ctx)?;
    ctx.out.print(&view, render);
    Ok(())
}
