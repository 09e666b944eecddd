//! `lrt avs sweep REQUEST [--vault VAULT]`: settle an executed slash after its resolution
//! delay, burning the escrowed tokens or paying the AVS's recipient (anyone).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use lrt_client::{
    listing,
    lrt_vault::state::{SlashEscrow, Vault},
    pda,
};
use serde::Serialize;

use crate::{
    chain,
    context::Ctx,
    output::fail_if_any,
    registry_accounts::resolve_request,
    slashing::{
        escrow::{escrow_state, EscrowState},
        settle::{push_vault_lines, reasons, sweep_escrow_assets, sweep_line, NotDone, SweepView},
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Slash request address (see `lrt avs show`)
    pub request: String,
    /// Only this vault's escrow (address or LRT mint) [default: every escrow of the
    /// request]
    #[arg(long)]
    pub vault: Option<String>,
}

fn escrow_not_ready(state: &EscrowState, slot: u64) -> String {
    match state {
        EscrowState::Cancelled => {
            "the registry admin cancelled this slash: the tokens went back to the vault".into()
        }
        EscrowState::Done => "already swept (nothing left)".into(),
        EscrowState::Waiting { resolve_after_slot } => format!(
            "the resolution delay runs until slot {resolve_after_slot} ({} slots from now): \
             sweep from then",
            resolve_after_slot.saturating_sub(slot)
        ),
        EscrowState::Ready(_) => "ready".into(),
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (key, _) = resolve_request(ctx, &args.request)?;
    let vault_text = args.vault.as_deref();
    let slot = chain::slot(ctx)?;
    let escrows: Vec<(Pubkey, SlashEscrow)> = match vault_text {
        Some(vault_text) => {
            let (vault, _) = chain::vault(ctx, vault_text)?;
            let escrow_key = pda::escrow(&vault, &key);
            match chain::fetch_opt::<SlashEscrow>(ctx, &escrow_key, &lrt_vault::ID, "slash escrow")?
            {
                Some(e) => vec![(escrow_key, e)],
                None => bail!(
                    "slash request {key} was not executed against vault {vault}: there is no \
                     escrow to sweep (`lrt avs execute {key} --vault {vault}` executes it)"
                ),
            }
        }
        None => chain::list_anchor(ctx, &lrt_vault::ID, vec![listing::escrows_of_request(&key)])?,
    };
    if escrows.is_empty() {
        bail!("slash request {key} was not executed against any vault yet: nothing to sweep");
    }
    let mut ready = Vec::new();
    let mut not_ready = Vec::new();
    for (_, escrow) in escrows {
        let state: Vault = chain::fetch_anchor(ctx, &escrow.vault, &lrt_vault::ID, "vault")?;
        match escrow_state(&escrow, state.asset_count, slot) {
            EscrowState::Ready(assets) => ready.push((escrow, state, assets)),
            other => not_ready.push(NotDone::at(
                &key,
                &escrow.vault,
                escrow_not_ready(&other, slot),
            )),
        }
    }
    if ready.is_empty() {
        bail!("nothing to sweep for {key}:{}", reasons(&not_ready));
    }
    let signer = ctx.signer()?;
    let mut swept = Vec::new();
    let mut failed = Vec::new();
    for (escrow, state, assets) in &ready {
        match sweep_escrow_assets(ctx, &signer, escrow, state, assets) {
            Ok(views) => swept.extend(views),
            Err(error) => failed.push(NotDone::at(&key, &escrow.vault, format!("{error:#}"))),
        }
    }
    #[derive(Serialize)]
    struct Swept {
        request: String,
        swept: Vec<SweepView>,
        not_ready: Vec<NotDone>,
        failed: Vec<NotDone>,
    }
    let result = Swept {
        request: key.to_string(),
        swept,
        not_ready,
        failed,
    };
    ctx.out.print(&result, |r| {
        let mut t = format!("slash request {}\n", r.request);
        for v in &r.swept {
            t.push_str(&format!("  {}\n", sweep_line(v)));
        }
        push_vault_lines(&mut t, "not swept,", &r.not_ready);
        push_vault_lines(&mut t, "FAILED", &r.failed);
        t
    });
    fail_if_any(result.failed.len(), ready.len(), "escrow sweeps")
}
