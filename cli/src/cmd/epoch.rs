//! `lrt epoch show|advance`: restaking epochs are `slot / epoch_length` (vault Config).
//! `advance` moves a local surfpool network's clock with its `surfnet_timeTravel` RPC;
//! real clusters refuse it (there is no way to move their time).
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use clap::Subcommand;
use serde::Serialize;
use solana_rpc_client_api::request::RpcRequest;

use crate::{chain, context::Ctx};

#[derive(Subcommand, Debug)]
pub enum EpochCmd {
    /// Current slot, restaking epoch, and slots left in it
    Show,
    /// Local network only: jump to the first slot of a later restaking epoch, or forward
    /// by a number of slots (veto windows and resolution delays are counted in slots)
    Advance {
        /// How many epochs to move forward
        #[arg(long, default_value_t = 1, conflicts_with_all = ["to", "slots"])]
        epochs: u64,
        /// Jump to the start of this epoch instead
        #[arg(long, conflicts_with = "slots")]
        to: Option<u64>,
        /// Move forward by this many slots instead
        #[arg(long)]
        slots: Option<u64>,
    },
}

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
        EpochCmd::Show => {
            let view = current(ctx)?;
            ctx.out.print(&view, render);
            Ok(())
        }
        EpochCmd::Advance { epochs, to, slots } => {
            let before = current(ctx)?;
            if let Some(slots) = slots {
                if slots == 0 {
                    bail!("--slots must be at least 1");
                }
                time_travel(ctx, before.slot.saturating_add(slots))?;
                let after = current(ctx)?;
                ctx.out.print(&after, |v| {
                    format!(
                        "advanced {slots} slots from slot {}\n{}",
                        before.slot,
                        render(v)
                    )
                });
                return Ok(());
            }
            let target = match to {
                Some(target) if target <= before.epoch => bail!(
                    "epoch {target} is not after the current epoch {}",
                    before.epoch
                ),
                Some(target) => target,
                None if epochs == 0 => bail!("--epochs must be at least 1"),
                None => before.epoch.saturating_add(epochs),
            };
            let slot = target
                .checked_mul(before.epoch_length)
                .context("target epoch too large")?;
            time_travel(ctx, slot)?;
            let after = current(ctx)?;
            ctx.out.print(&after, |v| {
                format!(
                    "advanced from epoch {} to epoch {}\n{}",
                    before.epoch,
                    v.epoch,
                    render(v)
                )
            });
            Ok(())
        }
    }
}

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

fn render(v: &EpochView) -> String {
    format!(
        "slot {}, restaking epoch {} ({} slots each, {} left), Solana epoch {}",
        v.slot, v.epoch, v.epoch_length, v.slots_left, v.solana_epoch
    )
}

/// `surfnet_timeTravel` to `slot`, then waits for a block after it: until then surfpool's
/// Clock sysvar holds the slot within the Solana epoch, not the absolute slot.
pub fn time_travel(ctx: &Ctx, slot: u64) -> Result<()> {
    let response: Result<serde_json::Value, _> = ctx.rpc.send(
        RpcRequest::Custom {
            method: "surfnet_timeTravel",
        },
        serde_json::json!([{ "absoluteSlot": slot }]),
    );
    if let Err(e) = response {
        bail!(
            "{} cannot move time ({e}); epochs can only be advanced on a local network started \
             with lrt-localnet",
            ctx.url
        );
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if chain::slot(ctx)? > slot {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the network did not reach slot {slot} within 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
