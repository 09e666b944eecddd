//! `lrt xchain guardians show [--index N]`: the cross-chain settings and every guardian set
//! (or set N), each current, verifying until its expiration time, or expired, at the
//! clock's time.
use anyhow::{bail, Result};
use lrt_client::registry::pda as reg_pda;
use serde::Serialize;
use slasher_registry::state::GuardianSetAccount;

use super::{clock_unix_time, guardian_set, require_xchain_config};
use crate::{
    chain,
    context::Ctx,
    views::xchain::{GuardianSetView, XchainConfigView},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this guardian set [default: every set]
    #[arg(long)]
    pub index: Option<u32>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let config = require_xchain_config(ctx)?;
    let now = clock_unix_time(ctx)?;
    let sets: Vec<GuardianSetView> = match args.index {
        Some(index) => match guardian_set(ctx, index)? {
            Some(set) => vec![GuardianSetView::new(
                &reg_pda::guardian_set(index),
                &set,
                now,
            )],
            None => bail!(
                "no guardian set {index} on {} (the current one is {})",
                ctx.url,
                config.current_guardian_set
            ),
        },
        None => {
            let mut sets = chain::list_all::<GuardianSetAccount>(ctx, &slasher_registry::ID)?;
            sets.sort_by_key(|(_, set)| set.index);
            sets.iter()
                .map(|(key, set)| GuardianSetView::new(key, set, now))
                .collect()
        }
    };
    #[derive(Serialize)]
    struct Shown {
        settings: XchainConfigView,
        /// Unix time of the clock the statuses are at.
        now: i64,
        guardian_sets: Vec<GuardianSetView>,
    }
    let result = Shown {
        settings: XchainConfigView::new(&reg_pda::xchain_config(), &config),
        now,
        guardian_sets: sets,
    };
    ctx.out.print(&result, |r| {
        let mut text = r.settings.to_string();
        for set in &r.guardian_sets {
            text.push_str(&format!("\n{set}"));
        }
        text
    });
    Ok(())
}
