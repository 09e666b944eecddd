//! `lrt epoch advance [--epochs N | --to EPOCH | --slots N]`: local network only; jumps to
//! the first slot of a later restaking epoch, or forward by a number of slots, with
//! surfpool's `surfnet_timeTravel` RPC.
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use solana_rpc_client_api::request::RpcRequest;

use super::{current, render};
use crate::{chain, context::Ctx};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many epochs to move forward
    #[arg(long, default_value_t = 1, conflicts_with_all = ["to", "slots"])]
    pub epochs: u64,
    /// Jump to the start of this epoch instead
    #[arg(long, conflicts_with = "slots")]
    pub to: Option<u64>,
    /// Move forward by this many slots instead
    #[arg(long)]
    pub slots: Option<u64>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let Args { epochs, to, slots } = args;
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

/// `surfnet_timeTravel` to `slot`, then waits for a block after it: until then surfpool's
/// Clock sysvar holds the slot within the Solana epoch, not the absolute slot.
fn time_travel(ctx: &Ctx, slot: u64) -> Result<()> {
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
