//! `lrt crank vest-rewards [VAULT]`: credits the rewards vested so far to the active pool
//! of one vault or of every vault (`vest_rewards`). What each would credit is computed
//! first with the vault's own `Vault::accrue_vesting`; a vault with nothing to credit is
//! listed and not sent (the program would succeed without effect). What each credited is
//! read from the transaction's `RewardsVested` event.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{
    instructions as build,
    program_events::{ProgramEvent, VaultEvent},
    state::Vault,
};
use serde::Serialize;

use super::{Failed, LazySigner};
use crate::{
    amount::format_amount,
    chain::{self, short},
    context::Ctx,
    output::fail_if_any,
    tx::{self, Sent},
};

#[derive(Serialize)]
struct Credited {
    asset: String,
    amount: String,
}

#[derive(Serialize)]
struct Vested {
    #[serde(flatten)]
    sent: Sent,
    vault: String,
    /// What the transaction credited to the active pool, per asset (its `RewardsVested`).
    credited: Vec<Credited>,
}

#[derive(Serialize)]
struct Summary {
    slot: u64,
    vested: Vec<Vested>,
    /// Vaults with nothing vested since their last accrual (not sent).
    nothing_to_vest: Vec<String>,
    failed: Vec<Failed>,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint [default: every vault]
    pub vault: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let vaults: Vec<(Pubkey, Vault)> = match args.vault.as_deref() {
        Some(text) => vec![chain::vault(ctx, text)?],
        None => chain::list_all::<Vault>(ctx, &lrt_vault::ID)?,
    };
    let config = chain::config(ctx)?;
    let slot = chain::slot(ctx)?;
    let mut summary = Summary {
        slot,
        vested: Vec::new(),
        nothing_to_vest: Vec::new(),
        failed: Vec::new(),
    };
    let mut signer = LazySigner::new(ctx);
    let total = vaults.len();
    for (key, state) in vaults {
        // The vault's own accrual, on a copy: what the crank would credit now.
        let mut after = state.clone();
        if let Err(error) = after.accrue_vesting(slot, config.epoch_length) {
            summary.failed.push(Failed {
                vault: key.to_string(),
                error: error.to_string(),
            });
            continue;
        }
        // Sent only if the accrual credits something now.
        let credits = state
            .assets()
            .iter()
            .zip(after.assets())
            .any(|(before, after)| after.active_amount > before.active_amount);
        if !credits {
            summary.nothing_to_vest.push(key.to_string());
            continue;
        }
        let result = signer.get().and_then(|signer| {
            let what = format!("reward vesting of vault {}", short(&key));
            let landed = tx::send_and_read(ctx, &what, &[build::vest_rewards(key)], signer, &[])?;
            let vested = landed.event(&what, "RewardsVested", |e| match e {
                ProgramEvent::Vault(VaultEvent::RewardsVested(e)) => Some(e.vested),
                _ => None,
            })?;
            let mut credited = Vec::new();
            for (slot, amount) in state.assets().iter().zip(vested) {
                if amount > 0 {
                    let info = chain::mint_info(ctx, &slot.mint)?;
                    credited.push(Credited {
                        asset: info.symbol,
                        amount: format_amount(amount, info.decimals),
                    });
                }
            }
            Ok(Vested {
                sent: landed.sent,
                vault: key.to_string(),
                credited,
            })
        });
        match result {
            Ok(vested) => summary.vested.push(vested),
            Err(error) => summary.failed.push(Failed {
                vault: key.to_string(),
                error: format!("{error:#}"),
            }),
        }
    }
    ctx.out.print(&summary, |s| {
        let mut t = format!(
            "slot {}: {} vested, {} with nothing to vest, {} failed\n",
            s.slot,
            s.vested.len(),
            s.nothing_to_vest.len(),
            s.failed.len()
        );
        for v in &s.vested {
            let amounts: Vec<String> = v
                .credited
                .iter()
                .map(|c| format!("{} {}", c.amount, c.asset))
                .collect();
            t.push_str(&format!("  vested  {}: {}\n", v.vault, amounts.join(" + ")));
        }
        for v in &s.nothing_to_vest {
            t.push_str(&format!("  nothing {v}\n"));
        }
        for f in &s.failed {
            t.push_str(&format!("  FAILED  {}: {}\n", f.vault, f.error));
        }
        t
    });
    fail_if_any(summary.failed.len(), total, "reward vestings")
}
