//! `lrt registry announce-params [--veto-window SLOTS] [--resolution-delay SLOTS]
//! [--vault-cap BPS] [--commission-cap BPS]`: the registry admin announces new slashing
//! parameters. They apply from the epoch after next (`RegistryConfig::announce_params`),
//! so everyone who committed stake has a full epoch of notice; a request keeps its veto
//! deadline, an execution uses the cap in force at its capture epoch. Checked before
//! sending with the program's own bounds (`RegistryParams::validate`).
use anyhow::{bail, Context as _, Result};
use lrt_client::registry::{self, pda as reg_pda};
use serde::Serialize;
use slasher_registry::{errors::RegistryError, instructions::AnnounceRegistryParamsArgs};
use solana_signer::Signer;

use crate::{
    amount::parse_bps,
    chain,
    context::{require_signer, Ctx},
    errors::would_refuse,
    registry_accounts::registry_config,
    tx::{self, Sent},
    views::registry::RegistryView,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Slots between a slash request and its veto deadline (below the epoch length)
    #[arg(long, value_name = "SLOTS")]
    pub veto_window: Option<u64>,
    /// Slots between an execution and its sweep, while the registry admin may cancel it (at
    /// most the epoch length)
    #[arg(long, value_name = "SLOTS")]
    pub resolution_delay: Option<u64>,
    /// Most a vault may lose per capture epoch across every AVS, of the slashed stake:
    /// 5000, 5000bps or 50%
    #[arg(long, value_name = "BPS")]
    pub vault_cap: Option<String>,
    /// Largest commission an operator may register or announce: 5000, 5000bps or 50%
    #[arg(long, value_name = "BPS")]
    pub commission_cap: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if args.veto_window.is_none()
        && args.resolution_delay.is_none()
        && args.vault_cap.is_none()
        && args.commission_cap.is_none()
    {
        bail!(
            "nothing to announce: give --veto-window, --resolution-delay, --vault-cap and/or \
             --commission-cap (`lrt registry show` shows the parameters)"
        );
    }
    let signer = ctx.signer()?;
    let config = registry_config(ctx)?;
    require_signer(&signer, &config.admin, "registry admin")?;
    let (cur, vault_config) = chain::epoch(ctx)?;
    // Unspecified parameters keep the values announced last (in force from the last
    // announcement's epoch on).
    let latest = config.params_at(u64::MAX);
    let announce = AnnounceRegistryParamsArgs {
        veto_window_slots: args.veto_window,
        resolution_delay_slots: args.resolution_delay,
        max_vault_slash_bps_per_epoch: args
            .vault_cap
            .as_deref()
            .map(parse_bps)
            .transpose()
            .context("--vault-cap")?,
        max_commission_bps: args
            .commission_cap
            .as_deref()
            .map(parse_bps)
            .transpose()
            .context("--commission-cap")?,
    };
    // what the program announces: the given parameters over those announced last
    let params = announce.over(config.next_params);
    if params == latest {
        bail!(
            "{}\nthese are the parameters announced last (`lrt registry show`)",
            would_refuse(
                &slasher_registry::ID,
                &RegistryError::NothingToAnnounce.into()
            )
        );
    }
    if let Err(error) = params.validate(vault_config.epoch_length) {
        bail!(
            "{}\n(the veto window must be 1..{} slots and the resolution delay at most {} \
             slots, the restaking epoch's length; the caps at most 100%, the vault cap above 0)",
            would_refuse(&slasher_registry::ID, &error),
            vault_config.epoch_length.saturating_sub(1),
            vault_config.epoch_length
        );
    }
    let ix = registry::announce_registry_params(signer.pubkey(), announce);
    let sent = tx::send(ctx, "registry parameters announcement", &[ix], &signer, &[])?;
    let (cur_after, _) = chain::epoch(ctx)?;
    let after = registry_config(ctx)?;
    #[derive(Serialize)]
    struct Announced {
        #[serde(flatten)]
        sent: Sent,
        /// The epoch of the announcement.
        announced_in_epoch: u64,
        #[serde(flatten)]
        registry: RegistryView,
    }
    let result = Announced {
        sent,
        announced_in_epoch: cur,
        registry: RegistryView::new(&reg_pda::registry_config(), &after, cur_after),
    };
    ctx.out.print(&result, |r| {
        let what = match r.registry.next_params_from_epoch {
            Some(from) => format!("they apply from epoch {from} (a full epoch of notice)"),
            // the parameters in force were announced again: the pending change is gone
            None => "they are the ones in force: the change announced before is withdrawn".into(),
        };
        format!(
            "announced during epoch {}: {what}\n{}",
            r.announced_in_epoch, r.registry
        )
    });
    Ok(())
}
