//! `lrt crank`: the permissionless upkeep anyone may run (by hand or from a timer), one
//! command per file: cache this Solana epoch's prices (`refresh_prices.rs`), credit vested
//! rewards (`vest_rewards.rs`), execute every due slash request against every vault it can
//! still reach (`execute_slashes.rs`), and sweep every resolved slash escrow (`sweep.rs`).
//!
//! Each item is its own transaction. What cannot be done yet or at all is listed with the
//! reason and not sent (the same checks as `lrt avs execute|sweep`); an item whose
//! transaction fails is reported and the crank goes on with the rest; the exit status is 1
//! if any failed. The keypair is read only when there is something to send. This module
//! holds what the four share.
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;
use solana_keypair::Keypair;

use crate::{context::Ctx, slashing::settle::NotDone};

mod execute_slashes;
mod refresh_prices;
mod sweep;
mod vest_rewards;

#[derive(Subcommand, Debug)]
pub enum CrankCmd {
    /// Cache this Solana epoch's prices in one vault, or in every vault
    RefreshPrices(refresh_prices::Args),
    /// Credit the rewards vested so far to one vault's active pool, or every vault's
    /// (instructions that value a vault do it anyway; this keeps idle vaults' books current)
    VestRewards(vest_rewards::Args),
    /// Execute every slash request past its veto window against every vault it can still
    /// reach and was not executed against
    ExecuteSlashes,
    /// Sweep every slash escrow past its resolution delay (burn, or pay the AVS's recipient)
    Sweep,
}

pub fn run(ctx: &Ctx, cmd: CrankCmd) -> Result<()> {
    match cmd {
        CrankCmd::RefreshPrices(args) => refresh_prices::run(ctx, args),
        CrankCmd::VestRewards(args) => vest_rewards::run(ctx, args),
        CrankCmd::ExecuteSlashes => execute_slashes::run(ctx),
        CrankCmd::Sweep => sweep::run(ctx),
    }
}

/// The signer, read once and only when the crank has something to send.
pub(super) struct LazySigner<'a> {
    ctx: &'a Ctx,
    keypair: Option<Keypair>,
}

impl<'a> LazySigner<'a> {
    pub(super) fn new(ctx: &'a Ctx) -> Self {
        Self { ctx, keypair: None }
    }

    pub(super) fn get(&mut self) -> Result<&Keypair> {
        if self.keypair.is_none() {
            self.keypair = Some(self.ctx.signer()?);
        }
        Ok(self.keypair.as_ref().expect("just set"))
    }
}

/// A vault whose transaction failed, and why.
#[derive(Serialize)]
pub(super) struct Failed {
    pub(super) vault: String,
    pub(super) error: String,
}

/// The failed items, one line each, for the text output.
pub(super) fn list_failures(t: &mut String, failed: &[NotDone]) {
    for n in failed {
        t.push_str(&format!(
            "  FAILED request {} vault {}: {}\n",
            n.request,
            n.vault_text(),
            n.reason
        ));
    }
}
