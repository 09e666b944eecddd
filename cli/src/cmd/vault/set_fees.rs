//! `lrt vault set-fees VAULT --deposit BPS --withdrawal BPS`: the fee admin sets the
//! deposit and withdrawal fees; a decrease applies now, an increase after a full epoch of
//! notice.
use anyhow::{Context as _, Result};
use lrt_client::instructions as build;
use solana_signer::Signer;

use super::fees_result;
use crate::{
    amount::parse_bps,
    chain,
    context::{require_signer, Ctx},
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    pub vault: String,
    /// Deposit fee: 10, 10bps or 0.1%
    #[arg(long)]
    pub deposit: String,
    /// Withdrawal fee: 10, 10bps or 0.1%
    #[arg(long)]
    pub withdrawal: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault, deposit, withdrawal) = (
        args.vault.as_str(),
        args.deposit.as_str(),
        args.withdrawal.as_str(),
    );
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, vault)?;
    require_signer(&signer, &state.fee_admin, "vault's fee admin")?;
    let deposit = parse_bps(deposit).context("--deposit")?;
    let withdrawal = parse_bps(withdrawal).context("--withdrawal")?;
    let ix = build::set_fees(signer.pubkey(), vault, deposit, withdrawal);
    let sent = tx::send(ctx, "set-fees", &[ix], &signer, &[])?;
    fees_result(ctx, sent, vault, "fees set")
}
