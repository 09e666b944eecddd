//! `lrt vault set-caps VAULT --asset A --cap C`: the curator sets an asset's deposit cap.
use anyhow::Result;
use lrt_client::instructions as build;
use solana_signer::Signer;

use super::{parse_cap, TxResult};
use crate::{
    chain,
    context::{require_signer, Ctx},
    tx,
    views::vault::cap_text,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    pub vault: String,
    /// Asset symbol, mint or index
    #[arg(long)]
    pub asset: String,
    /// Most the active pool may hold of it, in tokens, or "unlimited"
    #[arg(long)]
    pub cap: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault, asset, cap) = (args.vault.as_str(), args.asset.as_str(), args.cap.as_str());
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, vault)?;
    require_signer(&signer, &state.curator, "vault's curator")?;
    let index = chain::asset_index(ctx, &state, asset)?;
    let info = chain::mint_info(ctx, &state.assets[index as usize].mint)?;
    let cap = parse_cap(cap, info.decimals, &info.symbol)?;
    let ix = build::set_caps(signer.pubkey(), vault, index, cap);
    let sent = tx::send(ctx, "set-caps", &[ix], &signer, &[])?;
    let result = TxResult {
        sent,
        detail: serde_json::json!({
            "vault": vault.to_string(),
            "asset": info.symbol,
            "deposit_cap": cap_text(cap, info.decimals),
        }),
    };
    ctx.out.print(&result, |_| {
        format!(
            "deposit cap of {} set to {}",
            info.symbol,
            cap_text(cap, info.decimals)
        )
    });
    Ok(())
}
