//! `lrt avs execute REQUEST [--vault VAULT]...`: execute a slash request against vaults once
//! its veto window is over (anyone); the plan of each execution comes from
//! `crate::slashing::plan`, shared with `lrt crank`.
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use serde::Serialize;

use crate::{
    chain,
    context::Ctx,
    output::fail_if_any,
    registry_accounts::{registry_config, resolve_request},
    slashing::{
        plan::{plan_all_vaults, plan_vault, situation, Planned, Skip},
        settle::{
            execute_one, execution_line, expected_loss_note, push_vault_lines, reasons, Executed,
            NotDone,
        },
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Slash request address (see `lrt avs show`)
    pub request: String,
    /// Vault (address or LRT mint), repeatable [default: every vault the request can
    /// still reach]
    #[arg(long = "vault", value_name = "VAULT")]
    pub vaults: Vec<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (key, request) = resolve_request(ctx, &args.request)?;
    let vault_texts = &args.vaults;
    let config = chain::config(ctx)?;
    let registry = registry_config(ctx)?;
    let slot = chain::slot(ctx)?;
    let s = situation(ctx, key, request, registry, &config, slot)?;
    if let Some(blocker) = &s.blocker {
        bail!("slash request {key} cannot be executed now: {blocker}");
    }
    let mut skipped = Vec::new();
    let targets: Vec<(Pubkey, Planned)> = if vault_texts.is_empty() {
        let plans = plan_all_vaults(ctx, &s)?;
        if plans.is_empty() {
            bail!(
                "no vault is opted in to AVS {}: there is no stake to slash",
                s.request.avs
            );
        }
        let mut targets = Vec::new();
        for (vault, plan) in plans {
            match plan {
                Ok(loss) => targets.push((vault, loss)),
                Err(Skip::AlreadyExecuted) => {}
                Err(reason) => skipped.push(NotDone::at(&key, &vault, reason)),
            }
        }
        if targets.is_empty() {
            if skipped.is_empty() {
                bail!(
                    "nothing to execute for {key}: it was executed against every vault it can \
                     reach"
                );
            }
            bail!("nothing to execute for {key} now:{}", reasons(&skipped));
        }
        targets
    } else {
        let mut targets = Vec::new();
        for text in vault_texts {
            let (vault, _) = chain::vault(ctx, text)?;
            if targets.iter().any(|(v, _)| *v == vault) {
                continue;
            }
            match plan_vault(ctx, &s, &vault)? {
                Ok(loss) => targets.push((vault, loss)),
                Err(reason) => {
                    bail!("slash request {key} cannot be executed against vault {vault}: {reason}")
                }
            }
        }
        targets
    };
    let signer = ctx.signer()?;
    let mut executed = Vec::new();
    let mut failed = Vec::new();
    for (vault, expected) in &targets {
        ctx.out.note(expected_loss_note(&key, vault, expected));
        match execute_one(ctx, &signer, &key, &s.request, vault) {
            Ok(view) => executed.push(view),
            Err(error) => failed.push(NotDone::at(&key, vault, format!("{error:#}"))),
        }
    }
    #[derive(Serialize)]
    struct Summary {
        request: String,
        executed: Vec<Executed>,
        skipped: Vec<NotDone>,
        failed: Vec<NotDone>,
    }
    let result = Summary {
        request: key.to_string(),
        executed,
        skipped,
        failed,
    };
    ctx.out.print(&result, |r| {
        let mut t = format!("slash request {}\n", r.request);
        for e in &r.executed {
            t.push_str(&format!("  {}\n", execution_line(e)));
        }
        push_vault_lines(&mut t, "skipped", &r.skipped);
        push_vault_lines(&mut t, "FAILED", &r.failed);
        t
    });
    fail_if_any(result.failed.len(), targets.len(), "executions")
}
