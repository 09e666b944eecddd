//! `lrt vault add-asset VAULT --mint MINT --pricing P [--cap C]`: the curator adds an LST
//! the vault accepts.
use anyhow::Result;
use lrt_client::{instructions as build, lrt_vault::instructions::AddAssetArgs};
use solana_signer::Signer;

use super::{parse_cap, parse_pricing, TxResult};
use crate::{
    chain::{self, parse_pubkey},
    context::{require_signer, Ctx},
    tx,
    views::vault::{cap_text, pricing_text},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    pub vault: String,
    /// The LST's mint
    #[arg(long)]
    pub mint: String,
    /// Pricing: wsol, stake-pool:<POOL> or marinade:<STATE>
    #[arg(long)]
    pub pricing: String,
    /// Deposit cap in tokens, or "unlimited"
    #[arg(long, default_value = "unlimited")]
    pub cap: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, &args.vault)?;
    require_signer(&signer, &state.curator, "vault's curator")?;
    let mint = parse_pubkey(&args.mint, "mint")?;
    let info = chain::mint_info(ctx, &mint)?;
    let pricing = parse_pricing(&args.pricing)?;
    let cap = parse_cap(&args.cap, info.decimals, &info.symbol)?;
    let ix = build::add_asset(
        signer.pubkey(),
        vault,
        mint,
        info.token_program,
        AddAssetArgs {
            pricing,
            deposit_cap: cap,
        },
    );
    let sent = tx::send(ctx, "add-asset", &[ix], &signer, &[])?;
    let result = TxResult {
        sent,
        detail: serde_json::json!({
            "vault": vault.to_string(),
            "asset_index": state.asset_count,
            "asset": info.symbol,
            "mint": mint.to_string(),
            "pricing": pricing_text(&pricing),
            "deposit_cap": cap_text(cap, info.decimals),
        }),
    };
    ctx.out.print(&result, |_| {
        format!("{} added to vault {vault}", info.symbol)
    });
    Ok(())
}
