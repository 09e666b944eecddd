//! `lrt withdraw claim VAULT [--ticket ID]`: claim matured tickets into the owner's
//! associated token accounts; prints what each claim paid (its `WithdrawalClaimed` event).
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{bail, Result};
use lrt_client::{
    instructions as build,
    lrt_vault::state::WithdrawalBucket,
    pda,
    program_events::{ProgramEvent, VaultEvent},
    Instruction,
};
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    amount::format_amount,
    chain,
    context::Ctx,
    tickets::{
        claimable, not_claimable_text, payout_text, ticket_view, tickets_of, Claimable, PayoutView,
        TicketView,
    },
    tx::{self, Sent},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// Ticket id (see `withdraw list`); default: every matured ticket
    #[arg(long)]
    pub ticket: Option<u64>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, ticket_id) = (args.vault.as_str(), args.ticket);
    let (vault, state) = chain::vault(ctx, vault_text)?;
    let signer = ctx.signer()?;
    let owner = signer.pubkey();
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let mut tickets = tickets_of(ctx, &owner, Some(&vault))?;
    if let Some(id) = ticket_id {
        tickets.retain(|(_, t)| t.id == id);
        if tickets.is_empty() {
            bail!(
                "{owner} has no ticket {id} in vault {vault}; `lrt withdraw list` shows the \
                 tickets"
            );
        }
    }
    // Each ticket's bucket decides, with the vault's own rule.
    let mut chosen = Vec::new();
    let mut waiting = Vec::new();
    for (key, ticket) in tickets {
        let bucket = chain::fetch_opt::<WithdrawalBucket>(
            ctx,
            &pda::bucket(&vault, ticket.bucket_epoch),
            &lrt_vault::ID,
            "withdrawal bucket",
        )?;
        match (claimable(&ticket, bucket.as_ref(), epoch, slot), bucket) {
            (Claimable::Now, Some(bucket)) => chosen.push((key, ticket, bucket)),
            (when, _) => waiting.push(not_claimable_text(
                ticket.id,
                ticket.bucket_epoch,
                when,
                epoch,
                slot,
            )),
        }
    }
    if chosen.is_empty() {
        match (ticket_id, waiting.as_slice()) {
            (Some(_), [reason]) => bail!("{reason}"),
            _ => bail!(
                "{owner} has no claimable ticket in vault {vault} (epoch {epoch}, slot {slot}); \
                 `lrt withdraw list` shows when each can be claimed:\n  {}",
                waiting.join("\n  ")
            ),
        }
    }
    for reason in &waiting {
        ctx.out.note(format!("note: {reason}"));
    }
    #[derive(Serialize)]
    struct Claimed {
        #[serde(flatten)]
        sent: Sent,
        ticket: TicketView,
    }
    let mut results = Vec::new();
    for (key, ticket, bucket) in chosen {
        let mut view = ticket_view(ctx, key, &ticket, &state, Some(&bucket), epoch, slot)?;
        // The owner's token accounts may not exist yet: create them in the same transaction.
        let mut ixs: Vec<Instruction> = state
            .assets()
            .iter()
            .zip(ticket.unscaled_amounts)
            .filter(|(_, unscaled)| *unscaled > 0)
            .map(|(slot, _)| {
                create_associated_token_account_idempotent(
                    &owner,
                    &owner,
                    &slot.mint,
                    &slot.token_program,
                )
            })
            .collect();
        ixs.push(build::claim(&state, &bucket, &ticket));
        let what = format!("claim of ticket {}", ticket.id);
        let landed = tx::send_and_read(ctx, &what, &ixs, &signer, &[])?;
        let claimed = landed.event(&what, "WithdrawalClaimed", |e| match e {
            ProgramEvent::Vault(VaultEvent::WithdrawalClaimed(e)) if e.ticket == key => Some(e),
            _ => None,
        })?;
        // What landed replaces the preview (same assets: those the ticket holds).
        let mut payout = Vec::new();
        for ((slot, unscaled), paid) in state
            .assets()
            .iter()
            .zip(ticket.unscaled_amounts)
            .zip(claimed.amounts)
        {
            if unscaled == 0 {
                continue;
            }
            let info = chain::mint_info(ctx, &slot.mint)?;
            payout.push(PayoutView {
                asset: info.symbol,
                amount: format_amount(paid, info.decimals),
            });
        }
        view.payout = payout;
        results.push(Claimed {
            sent: landed.sent.clone(),
            ticket: view,
        });
    }
    ctx.out.print(&results, |results| {
        results
            .iter()
            .map(|r| {
                format!(
                    "ticket {} paid {}",
                    r.ticket.id,
                    payout_text(&r.ticket.payout)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}
