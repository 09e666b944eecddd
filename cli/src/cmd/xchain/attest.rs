//! `lrt xchain attest --vault V --operator O`: anyone publishes the stake the vault
//! allocates to the operator now as a sequenced outbound message (`publish_stake_attestation`,
//! `["attestation", sequence]`) for relayers to carry to the AVSs' chains; the signer pays
//! its rent and gets it back two restaking epochs later (`lrt xchain reclaim`). The vault's prices are refreshed
//! in the same transaction (permissionless), since the registry values the stake with them.
//! Checked first: the cross-chain settings exist, the vault delegates to the operator.
use anyhow::{bail, Result};
use lrt_client::{
    instructions as build, pda,
    program_events::{ProgramEvent, RegistryEvent},
    registry::{self, pda as reg_pda},
};
use lrt_vault::state::Delegation;
use serde::Serialize;
use slasher_registry::{errors::RegistryError, state::Attestation};
use solana_signer::Signer;

use super::require_xchain_config;
use crate::{
    chain,
    context::Ctx,
    errors::would_refuse,
    registry_accounts::resolve_operator,
    tx::{self, Sent},
    views::xchain::AttestationView,
};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
The attestation says: this vault allocates this much stake (lamports) to this operator in \
this restaking epoch, as the vault program values it (the stake a slash captured now would \
start from). `lrt xchain attestations` lists them for relayers. The signer pays the rent \
and gets it back with `lrt xchain reclaim` from two restaking epochs after the attested one.")]
pub struct Args {
    /// Vault address or LRT mint
    #[arg(long)]
    pub vault: String,
    /// Operator account address or the operator's authority
    #[arg(long)]
    pub operator: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let config = require_xchain_config(ctx)?;
    let (vault_key, vault) = chain::vault(ctx, &args.vault)?;
    let (operator_key, _) = resolve_operator(ctx, &args.operator)?;
    let delegation = chain::fetch_opt::<Delegation>(
        ctx,
        &pda::delegation(&vault_key, &operator_key),
        &lrt_vault::ID,
        "delegation",
    )?;
    if delegation.is_none() {
        bail!(
            "{}\nvault {vault_key} has no delegation to operator {operator_key}: there is no \
             stake to attest",
            would_refuse(&slasher_registry::ID, &RegistryError::NotDelegated.into())
        );
    }
    let (cur, _) = chain::epoch(ctx)?;
    let signer = ctx.signer()?;
    let sequence = config.next_sequence;
    let ixs = [
        build::refresh_prices(&vault),
        registry::publish_stake_attestation(
            signer.pubkey(),
            sequence,
            vault_key,
            operator_key,
            cur,
        ),
    ];
    let what = format!("stake attestation #{sequence}");
    let landed = tx::send_and_read(ctx, &what, &ixs, &signer, &[])?;
    let key = landed.event(&what, "StakeAttested", |e| match e {
        ProgramEvent::Registry(RegistryEvent::StakeAttested(e)) => Some(e.attestation),
        _ => None,
    })?;
    let attestation: Attestation =
        chain::fetch_anchor(ctx, &key, &slasher_registry::ID, "stake attestation")?;
    #[derive(Serialize)]
    struct Attested {
        #[serde(flatten)]
        sent: Sent,
        #[serde(flatten)]
        attestation: AttestationView,
        /// Its rent, back to the payer when it closes it (two epochs later).
        rent_lamports: u64,
    }
    let result = Attested {
        sent: landed.sent,
        attestation: AttestationView::new(&key, &attestation),
        rent_lamports: chain::fetch(ctx, &key)?.map_or(0, |a| a.lamports),
    };
    debug_assert_eq!(key, reg_pda::attestation(sequence));
    ctx.out.print(&result, |r| {
        format!(
            "{}\n  account  {}\n  emitter  chain {} {}\n  payload  {}",
            r.attestation,
            r.attestation.address,
            r.attestation.emitter_chain,
            r.attestation.emitter,
            r.attestation.payload
        )
    });
    Ok(())
}
