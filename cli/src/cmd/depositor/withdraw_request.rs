//! `lrt withdraw request VAULT LRT|all [--max-fee BPS]`: burn LRT for a ticket on next
//! epoch's bucket, claimable one epoch later; the fee guard names the most fee it accepts.
use anyhow::{bail, Result};
use lrt_client::{
    instructions as build,
    lrt_vault::{
        errors::VaultError,
        instructions::RequestWithdrawalArgs,
        state::{WithdrawalBucket, WithdrawalTicket},
    },
    pda,
    program_events::{ProgramEvent, VaultEvent},
};
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    amount::{format_amount, parse_amount, sol},
    chain,
    context::Ctx,
    fee_guard::{fee_guard, FeeGuard},
    tickets::{payout_text, ticket_view, tickets_of, TicketView},
    tx::{self, Sent},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// LRT to give up, fee included, or "all"
    pub amount: String,
    /// The most withdrawal fee you accept: 10, 10bps or 0.1% [default: the fee in force
    /// now, which is printed]. If the vault's fee is higher when the request executes,
    /// the vault refuses it (FeeAboveMaximum) and nothing changes
    #[arg(long, value_name = "BPS|%")]
    pub max_fee: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, amount, max_fee) = (
        args.vault.as_str(),
        args.amount.as_str(),
        args.max_fee.as_deref(),
    );
    let (vault, state) = chain::vault(ctx, vault_text)?;
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    let signer = ctx.signer()?;
    let owner = signer.pubkey();
    let lrt_account = pda::lrt_account(&owner, &state.lrt_mint);
    let balance = chain::token_balance(ctx, &lrt_account)?;
    let shares = if amount == "all" {
        if balance == 0 {
            bail!("{owner} holds no {} to withdraw", lrt.symbol);
        }
        balance
    } else {
        parse_amount(amount, lrt.decimals, &lrt.symbol)?
    };
    if shares > balance {
        bail!(
            "insufficient balance: {owner} holds {} {}, the request needs {amount}",
            format_amount(balance, lrt.decimals),
            lrt.symbol
        );
    }
    let (epoch, config) = chain::epoch(ctx)?;
    if let Err(error) = state.check_withdrawals_unpaused(&config) {
        let who = if error == VaultError::ProtocolPaused.into() {
            "the protocol is paused: withdrawal requests are refused until the admin unpauses it"
        } else {
            "withdrawal requests from this vault are paused by its curator"
        };
        bail!("{who} (claims of matured tickets still work)");
    }
    let fee = fee_guard("withdrawal", &state, epoch, |f| f.withdrawal_bps, max_fee)?;
    ctx.out.note(fee.text("withdrawal"));
    let next_id = tickets_of(ctx, &owner, Some(&vault))?
        .iter()
        .map(|(_, t)| t.id + 1)
        .max()
        .unwrap_or(0);
    let ix = build::request_withdrawal(
        &state,
        owner,
        epoch,
        RequestWithdrawalArgs {
            shares,
            ticket_id: next_id,
            max_fee_bps: fee.max_fee_bps,
        },
    );
    let landed = tx::send_and_read(ctx, "withdrawal request", &[ix], &signer, &[])?;
    let requested = landed.event("withdrawal request", "WithdrawalRequested", |e| match e {
        ProgramEvent::Vault(VaultEvent::WithdrawalRequested(e)) => Some(e),
        _ => None,
    })?;
    let ticket_key = requested.ticket;
    let ticket: WithdrawalTicket =
        chain::fetch_anchor(ctx, &ticket_key, &lrt_vault::ID, "withdrawal ticket")?;
    let bucket = chain::fetch_anchor::<WithdrawalBucket>(
        ctx,
        &pda::bucket(&vault, ticket.bucket_epoch),
        &lrt_vault::ID,
        "withdrawal bucket",
    )
    .ok();
    let (epoch, _) = chain::epoch(ctx)?;
    #[derive(Serialize)]
    struct Requested {
        #[serde(flatten)]
        sent: Sent,
        fee_lrt: String,
        #[serde(flatten)]
        fee: FeeGuard,
        ticket: TicketView,
    }
    let result = Requested {
        sent: landed.sent.clone(),
        fee_lrt: sol(requested.fee_shares),
        fee,
        ticket: ticket_view(
            ctx,
            ticket_key,
            &ticket,
            &state,
            bucket.as_ref(),
            epoch,
            chain::slot(ctx)?,
        )?,
    };
    ctx.out.print(&result, |r| {
        format!(
            "ticket {} (id {}): {} {} burnt, pays {} from epoch {} (now {epoch})\nfee {} {}: \
             {}\nclaim it then with: lrt withdraw claim {vault} --ticket {}",
            r.ticket.address,
            r.ticket.id,
            r.ticket.lrt_burned,
            lrt.symbol,
            payout_text(&r.ticket.payout),
            r.ticket.claimable_from_epoch,
            r.fee_lrt,
            lrt.symbol,
            r.fee.text("withdrawal"),
            r.ticket.id
        )
    });
    Ok(())
}
