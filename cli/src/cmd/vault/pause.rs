//! `lrt vault pause|unpause VAULT [--deposits] [--withdrawals]`: the curator, the pauser or
//! the config admin pauses or resumes deposits and/or withdrawals (both when neither flag
//! is given); the two commands share their arguments and this `run`.
use anyhow::{bail, Result};
use lrt_client::instructions as build;
use solana_signer::Signer;

use super::TxResult;
use crate::{chain, context::Ctx, errors::would_refuse, tx};

#[derive(clap::Args, Debug)]
pub struct Args {
    pub vault: String,
    #[arg(long)]
    pub deposits: bool,
    #[arg(long)]
    pub withdrawals: bool,
}

pub fn run(ctx: &Ctx, args: Args, pause: bool) -> Result<()> {
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, &args.vault)?;
    let config = chain::config(ctx)?;
    // The program's own rule: the curator, the protocol's pauser or the config admin.
    if let Err(error) = state.check_pauser(&signer.pubkey(), &config) {
        bail!(
            "{}\nthe signer {} may not pause or resume vault {vault}: its curator ({}), the \
             pauser ({}) or the config admin ({}) may; pass one of their keypairs with \
             -k/--keypair",
            would_refuse(&lrt_vault::ID, &error),
            signer.pubkey(),
            state.curator,
            config.pauser,
            config.admin
        );
    }
    let both = !args.deposits && !args.withdrawals;
    let deposits = if both || args.deposits {
        pause
    } else {
        state.deposits_paused
    };
    let withdrawals = if both || args.withdrawals {
        pause
    } else {
        state.withdrawals_paused
    };
    let ix = build::set_vault_pause(signer.pubkey(), vault, deposits, withdrawals);
    let what = if pause { "pause" } else { "unpause" };
    let sent = tx::send(ctx, what, &[ix], &signer, &[])?;
    let result = TxResult {
        sent,
        detail: serde_json::json!({
            "vault": vault.to_string(),
            "deposits_paused": deposits,
            "withdrawals_paused": withdrawals,
        }),
    };
    ctx.out.print(&result, |_| {
        format!(
            "vault {vault}: deposits {}, withdrawals {}",
            if deposits { "paused" } else { "open" },
            if withdrawals { "paused" } else { "open" }
        )
    });
    Ok(())
}
