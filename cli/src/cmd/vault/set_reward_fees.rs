//! `lrt vault set-reward-fees VAULT --reward BPS [--insurance-cut BPS]`: the fee admin sets
//! the vault's fee on rewards (a decrease applies at once, an increase after a full epoch
//! of notice, like every fee) and the insurance fund's part of it (at once: it only
//! divides the fee between the insurance fund and the treasury).
use anyhow::{bail, Context as _, Result};
use lrt_client::{instructions as build, lrt_vault::constants::MAX_REWARD_FEE_BPS};
use solana_signer::Signer;

use crate::{
    amount::{bps, parse_bps},
    chain,
    context::{require_signer, Ctx},
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// Fee on rewards, after the operator's commission: 1000, 1000bps or 10%
    #[arg(long)]
    pub reward: String,
    /// The insurance fund's part of that fee [default: unchanged]
    #[arg(long)]
    pub insurance_cut: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, &args.vault)?;
    require_signer(&signer, &state.fee_admin, "vault's fee admin")?;
    let reward = parse_bps(&args.reward).context("--reward")?;
    if reward > MAX_REWARD_FEE_BPS {
        bail!(
            "--reward {} is above the most a vault may take of rewards ({})",
            bps(reward),
            bps(MAX_REWARD_FEE_BPS)
        );
    }
    let cut = match &args.insurance_cut {
        Some(text) => parse_bps(text).context("--insurance-cut")?,
        None => state.insurance_cut_bps,
    };
    let ix = build::set_reward_fees(signer.pubkey(), vault, reward, cut);
    let sent = tx::send(ctx, "set-reward-fees", &[ix], &signer, &[])?;
    super::fees_result(ctx, sent, vault, "reward fees set")
}
