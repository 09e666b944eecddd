//! `lrt curator opt-out-avs VAULT AVS`: opt the vault out of an AVS; it stays slashable by
//! the AVS through the next epoch.
use anyhow::Result;
use lrt_client::registry;
use slasher_registry::state::VaultAvs;
use solana_signer::Signer;

use crate::{
    context::Ctx,
    curation::curator_and_vault,
    opt_in::{precheck_opt_out, vault_avs_result},
    registry_accounts::resolve_avs,
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// AVS account address or AVS id
    pub avs: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, avs_text) = (args.vault.as_str(), args.avs.as_str());
    let (signer, vault, _) = curator_and_vault(ctx, vault_text)?;
    let (avs_key, _) = resolve_avs(ctx, avs_text)?;
    let key = registry::pda::vault_avs(&vault, &avs_key);
    precheck_opt_out::<VaultAvs>(ctx, &format!("vault {vault}"), &avs_key, &key)?;
    let ix = registry::vault_opt_out_avs(signer.pubkey(), vault, avs_key);
    let sent = tx::send(ctx, "vault AVS opt-out", &[ix], &signer, &[])?;
    let result = vault_avs_result(ctx, sent, &key)?;
    ctx.out.print(&result, |r| {
        format!(
            "vault {} opted out of AVS {} during epoch {}: its delegations stay slashable by the \
             AVS through epoch {}; opting in again is possible from epoch {}",
            r.opt_in.vault,
            r.opt_in.avs,
            r.opt_in.window.deactivation_epoch.unwrap_or_default(),
            r.opt_in.window.slashable_through_epoch.unwrap_or_default(),
            r.opt_in.window.opt_in_again_from_epoch.unwrap_or_default()
        )
    });
    Ok(())
}
