//! `lrt vault list`: every vault with its LRT, value, share price and assets (anyone).
use anyhow::Result;
use lrt_client::lrt_vault::state::Vault;

use crate::{chain, context::Ctx, views::vault::summary};

pub fn run(ctx: &Ctx) -> Result<()> {
    let slot = chain::slot(ctx)?;
    let vaults = chain::list_all::<Vault>(ctx, &lrt_vault::ID)?;
    let mut summaries = Vec::new();
    for (key, state) in vaults {
        summaries.push(summary(ctx, key, state, slot)?.0);
    }
    ctx.out.print(&summaries, |list| {
        if list.is_empty() {
            return format!("no vaults on {}", ctx.url);
        }
        let mut text = format!(
            "{:<44}  {:<8}  {:>16}  {:>12}  assets\n",
            "vault", "LRT", "value (SOL)", "SOL per LRT"
        );
        for v in list {
            let assets: Vec<&str> = v.assets.iter().map(|a| a.symbol.as_str()).collect();
            text.push_str(&format!(
                "{:<44}  {:<8}  {:>16}  {:>12}  {}\n",
                v.address,
                v.symbol,
                v.total_value_sol,
                v.share_price_sol,
                assets.join(", ")
            ));
        }
        text
    });
    Ok(())
}
