//! `lrt curator opt-in-avs VAULT AVS [--cap BPS]`: opt the vault in to an AVS with a
//! per-epoch cap; its stake is slashable by the AVS from the next epoch.
use anyhow::Result;
use lrt_client::registry;
use slasher_registry::state::VaultAvs;
use solana_signer::Signer;

use crate::{
    context::Ctx,
    curation::{curator_and_vault, parse_positive_bps},
    opt_in::{precheck_opt_in, vault_avs_result},
    registry_accounts::resolve_avs,
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// AVS account address or AVS id
    pub avs: String,
    /// Most the AVS may slash per operator and epoch, of its stake: 1000, 1000bps or 10%
    #[arg(long, default_value = "100%")]
    pub cap: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, avs_text, cap) = (args.vault.as_str(), args.avs.as_str(), args.cap.as_str());
    let cap_bps = parse_positive_bps(cap, "--cap")?;
    let (signer, vault, _) = curator_and_vault(ctx, vault_text)?;
    let (avs_key, avs) = resolve_avs(ctx, avs_text)?;
    let key = registry::pda::vault_avs(&vault, &avs_key);
    precheck_opt_in::<VaultAvs>(
        ctx,
        &format!("vault {vault}"),
        &avs_key,
        &avs,
        &key,
        &signer.pubkey(),
    )?;
    let ix = registry::vault_opt_in_avs(signer.pubkey(), vault, avs_key, cap_bps);
    let sent = tx::send(ctx, "vault AVS opt-in", &[ix], &signer, &[])?;
    let result = vault_avs_result(ctx, sent, &key)?;
    ctx.out.print(&result, |r| {
        format!(
            "vault {} opted in to AVS {} during epoch {} with a cap of {} per operator and \
             epoch: its delegations are slashable by the AVS from epoch {}",
            r.opt_in.vault,
            r.opt_in.avs,
            r.opt_in.window.activation_epoch,
            r.opt_in.cap,
            r.opt_in.window.counts_from_epoch
        )
    });
    Ok(())
}
