//! Depositors: `lrt deposit`, `lrt withdraw request|list|claim`, `lrt balance`; one command
//! per file under `depositor/`.
//!
//! Everything that can be checked before sending is checked here first (amount syntax,
//! balances, pauses, caps, the vault's slash window, ticket maturity), so a mistake costs
//! no fee and says what to fix.
use anyhow::Result;
use clap::Subcommand;

use crate::context::Ctx;

pub mod balance;
pub mod deposit;
mod withdraw_claim;
mod withdraw_list;
mod withdraw_request;
#[derive(Subcommand, Debug)]
pub enum WithdrawCmd {
    /// Burn LRT for a ticket on next epoch's bucket (claimable one epoch later)
    Request(withdraw_request::Args),
    /// The signer's (or --owner's) tickets, with what each pays and when
    List(withdraw_list::Args),
    /// Claim matured tickets into the owner's associated token accounts
    Claim(withdraw_claim::Args),
}

pub fn withdraw(ctx: &Ctx, cmd: WithdrawCmd) -> Result<()> {
    match cmd {
        WithdrawCmd::Request(args) => withdraw_request::run(ctx, args),
        WithdrawCmd::List(args) => withdraw_list::run(ctx, args),
        WithdrawCmd::Claim(args) => withdraw_claim::run(ctx, args),
    }
}
