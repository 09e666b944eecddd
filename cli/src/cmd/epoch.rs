//! `lrt epoch show|advance` (one command per file): restaking epochs are
//! `slot / epoch_length` (vault Config). `advance` moves a local surfpool network's clock
//! with its `surfnet_timeTravel` RPC; real clusters refuse it (there is no way to move
//! their time). This module holds what both share: the epoch as they report it.
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

use crate::{chain, context::Ctx};

mod advance;
mod show;

#[derive(Subcommand, Debug)]
pub enum EpochCmd {
    /// Current slot, restaking epoch, and slots left in it
    Show,
    /// Local network only: jump to the first slot of a later restaking epoch, or forward
    /// by a number of slots (veto windows and resolution delays are counted in slots)
    Advance(advance::Args),
}

/// Where the chain is in restaking and Solana epochs.
#[derive(Serialize)]
struct EpochView {
    slot: u64,
    epoch: u64,
    epoch_length: u64,
    slots_left: u64,
    solana_epoch: u64,
}

pub fn run(ctx: &Ctx, cmd: EpochCmd) -> Result<()> {
    match cmd {
        EpochCmd::Show => show::run(ctx),
        EpochCmd::Advance(args) => advance::run(ctx, args),
    }
}

/// The epoch now.
fn current(ctx: &Ctx) -> Result<EpochView> {
    let (epoch, config) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let solana_epoch = ctx.rpc.get_epoch_info()?.epoch;
    Ok(EpochView {
        slot,
        epoch,
        epoch_length: config.epoch_length,
        slots_left: (epoch + 1) * config.epoch_length - slot,
        solana_epoch,
    })
}

/// The epoch in words.
fn render(v: &EpochView) -> String {
    format!(
        "slot {}, restaking epoch {} ({} slots each, {} left), Solana epoch {}",
        v.slot, v.epoch, v.epoch_length, v.slots_left, v.solana_epoch
    )
}
