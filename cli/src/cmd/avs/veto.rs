//! `lrt avs veto REQUEST`: the registry's veto authority vetoes a slash request before its
//! veto deadline (`SlashRequest::check_vetoable` decides).
use anyhow::{bail, Result};
use lrt_client::registry;
use serde::Serialize;
use slasher_registry::state::SlashRequest;
use solana_signer::Signer;

use crate::{
    chain,
    context::{require_signer, Ctx},
    registry_accounts::{registry_config, resolve_request},
    tx::{self, Sent},
    views::request::{request_view, RequestView},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Slash request address (see `lrt avs show`)
    pub request: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (key, request) = resolve_request(ctx, &args.request)?;
    let config = registry_config(ctx)?;
    let signer = ctx.signer()?;
    require_signer(&signer, &config.veto_authority, "registry's veto authority")?;
    let slot = chain::slot(ctx)?;
    // the registry's own rule decides; the messages explain it
    if let Err(error) = request.check_vetoable(slot) {
        if error == registry::RegistryError::SlashVetoed.into() {
            bail!("slash request {key} is already vetoed");
        }
        bail!(
            "the veto window of {key} closed at slot {} (now {slot}); once executed, only the \
             registry admin can cancel a slash, during its resolution delay",
            request.veto_deadline_slot
        );
    }
    let ix = registry::veto_slash(signer.pubkey(), key);
    let sent = tx::send(ctx, "veto", &[ix], &signer, &[])?;
    let (_, vault_config) = chain::epoch(ctx)?;
    let request: SlashRequest =
        chain::fetch_anchor(ctx, &key, &slasher_registry::ID, "slash request")?;
    #[derive(Serialize)]
    struct Vetoed {
        #[serde(flatten)]
        sent: Sent,
        #[serde(flatten)]
        request: RequestView,
    }
    let result = Vetoed {
        sent,
        request: request_view(
            &key,
            &request,
            slot,
            vault_config.epoch_at(slot),
            vault_config.epoch_length,
        ),
    };
    ctx.out.print(&result, |r| {
        format!(
            "slash request {} vetoed: {} of operator {} will never be taken",
            r.request.address, r.request.fraction, r.request.operator
        )
    });
    Ok(())
}
