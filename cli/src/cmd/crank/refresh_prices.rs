//! `lrt crank refresh-prices [VAULT] [--force]`: caches this Solana epoch's prices in one
//! vault or in every vault; a vault whose prices are already this epoch's (the program's own
//! `Vault::require_fresh_prices`) is listed and not sent unless `--force`.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{instructions as build, lrt_vault::state::Vault};
use serde::Serialize;

use super::{Failed, LazySigner};
use crate::{
    chain::{self, short},
    context::Ctx,
    output::fail_if_any,
    tx::{self, Sent},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint [default: every vault]
    pub vault: Option<String>,
    /// Also refresh vaults whose prices are already this Solana epoch's
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let force = args.force;
    let vaults: Vec<(Pubkey, Vault)> = match args.vault.as_deref() {
        Some(text) => vec![chain::vault(ctx, text)?],
        None => chain::list_all::<Vault>(ctx, &lrt_vault::ID)?,
    };
    let solana_epoch = ctx.rpc.get_epoch_info()?.epoch;
    #[derive(Serialize)]
    struct Refreshed {
        #[serde(flatten)]
        sent: Sent,
        vault: String,
        lrt: String,
    }
    #[derive(Serialize)]
    struct Summary {
        solana_epoch: u64,
        refreshed: Vec<Refreshed>,
        /// Vaults whose prices were already this Solana epoch's (not sent; see --force).
        already_fresh: Vec<String>,
        failed: Vec<Failed>,
    }
    let mut summary = Summary {
        solana_epoch,
        refreshed: Vec::new(),
        already_fresh: Vec::new(),
        failed: Vec::new(),
    };
    let mut signer = LazySigner::new(ctx);
    let total = vaults.len();
    for (key, state) in vaults {
        // The program's own rule: every asset priced in this Solana epoch.
        if !force && state.require_fresh_prices(solana_epoch).is_ok() {
            summary.already_fresh.push(key.to_string());
            continue;
        }
        let result = signer.get().and_then(|signer| {
            tx::send(
                ctx,
                &format!("price refresh of vault {}", short(&key)),
                &[build::refresh_prices(&state)],
                signer,
                &[],
            )
        });
        match result {
            Ok(sent) => {
                let lrt = chain::mint_info(ctx, &state.lrt_mint)
                    .map(|m| m.symbol)
                    .unwrap_or_else(|_| short(&state.lrt_mint));
                summary.refreshed.push(Refreshed {
                    sent,
                    vault: key.to_string(),
                    lrt,
                });
            }
            Err(error) => summary.failed.push(Failed {
                vault: key.to_string(),
                error: format!("{error:#}"),
            }),
        }
    }
    ctx.out.print(&summary, |s| {
        let mut t = format!(
            "Solana epoch {}: {} refreshed, {} already fresh, {} failed\n",
            s.solana_epoch,
            s.refreshed.len(),
            s.already_fresh.len(),
            s.failed.len()
        );
        for r in &s.refreshed {
            t.push_str(&format!("  refreshed {} ({})\n", r.vault, r.lrt));
        }
        for v in &s.already_fresh {
            t.push_str(&format!("  fresh     {v}\n"));
        }
        for f in &s.failed {
            t.push_str(&format!("  FAILED    {}: {}\n", f.vault, f.error));
        }
        t
    });
    fail_if_any(summary.failed.len(), total, "price refreshes")
}
