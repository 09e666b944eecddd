//! Curators: `lrt curator whitelist|delegate|undelegate|set-limit <VAULT> <OPERATOR>` and
//! `opt-in-avs|opt-out-avs <VAULT> <AVS>`.
//!
//! The vault's curator signs (`-k`). OPERATOR is the registry's operator account or its
//! authority; AVS is the registry's AVS account or the AVS id.
//!
//! One command per file under `curator/`; what they share (the curator check, allocation
//! changes and their limits) is in `crate::curation`.
use anyhow::Result;
use clap::Subcommand;

use crate::context::Ctx;
mod delegate;
mod opt_in_avs;
mod opt_out_avs;
mod set_limit;
mod undelegate;
mod whitelist;

#[derive(Subcommand, Debug)]
pub enum CuratorCmd {
    /// Admit an operator to the vault, with a concentration limit
    Whitelist(whitelist::Args),
    /// Allocate more of the vault to a whitelisted operator (counts from the next epoch)
    ///
    /// The operator's stake is its allocation times the vault's slashable value (active
    /// pool plus pending withdrawals a slash still reaches), so it follows the vault.
    Delegate(delegate::Args),
    /// Take part of an operator's allocation back (it still counts for slashes captured
    /// this epoch and the next, and stops from the epoch after)
    Undelegate(undelegate::Args),
    /// Change an operator's concentration limit (refused below its allocation from the
    /// next epoch on: take allocation back first)
    SetLimit(set_limit::Args),
    /// Opt the vault in to an AVS with a per-epoch cap (slashable from the next epoch)
    OptInAvs(opt_in_avs::Args),
    /// Opt the vault out of an AVS (still slashable through the next epoch)
    OptOutAvs(opt_out_avs::Args),
}

pub fn run(ctx: &Ctx, cmd: CuratorCmd) -> Result<()> {
    match cmd {
        CuratorCmd::Whitelist(args) => whitelist::run(ctx, args),
        CuratorCmd::Delegate(args) => delegate::run(ctx, args),
        CuratorCmd::Undelegate(args) => undelegate::run(ctx, args),
        CuratorCmd::SetLimit(args) => set_limit::run(ctx, args),
        CuratorCmd::OptInAvs(args) => opt_in_avs::run(ctx, args),
        CuratorCmd::OptOutAvs(args) => opt_out_avs::run(ctx, args),
    }
}
