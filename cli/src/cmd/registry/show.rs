//! `lrt registry show`: the registry's roles and its slashing parameters in force now
//! (`RegistryConfig::params_at`), with an announced change and the epoch it applies from.
use anyhow::Result;
use lrt_client::registry::pda as reg_pda;

use crate::{
    chain, context::Ctx, registry_accounts::registry_config, views::registry::RegistryView,
};

pub fn run(ctx: &Ctx) -> Result<()> {
    let config = registry_config(ctx)?;
    let (cur, _) = chain::epoch(ctx)?;
    let view = RegistryView::new(&reg_pda::registry_config(), &config, cur);
    ctx.out.print(&view, |v| v.to_string());
    Ok(())
}
