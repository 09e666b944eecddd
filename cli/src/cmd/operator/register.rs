//! `lrt operator register --commission BPS --signing-key KEY|FILE [--metadata-uri URI]`:
//! register the signer as an operator in the slasher registry (a commission within the
//! registry's cap, in force at once).

use anyhow::{bail, Result};
use lrt_client::registry;
use serde::Serialize;
use slasher_registry::{instructions::OperatorArgs, state::Operator};
use solana_signer::Signer;

use super::{parse_commission, parse_signing_key};
use crate::{
    chain,
    context::Ctx,
    registry_accounts::{check_commission_cap, check_metadata_uri, operator_of},
    tx::{self, Sent},
    views::{
        commission::CommissionView,
        operator::{key_text, metadata_text, OperatorSettings},
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Commission on rewards: 1000, 1000bps or 10% (at most the registry's cap); in force
    /// at once
    #[arg(long)]
    pub commission: String,
    /// Ed25519 key AVSs verify attestations with: a base58 public key or a keypair file
    #[arg(long, value_name = "PUBKEY_OR_KEYPAIR")]
    pub signing_key: String,
    /// Metadata URI (at most 200 bytes)
    #[arg(long, default_value = "")]
    pub metadata_uri: String,
}

#[derive(Serialize)]
struct Registered {
    #[serde(flatten)]
    sent: Sent,
    #[serde(flatten)]
    settings: OperatorSettings,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let commission_bps = parse_commission(&args.commission)?;
    let signing_key = parse_signing_key(&args.signing_key)?;
    check_metadata_uri(&args.metadata_uri)?;
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let operator = registry::pda::operator(&authority);
    if let Some((_, existing)) = operator_of(ctx, &authority)? {
        let (cur, _) = chain::epoch(ctx)?;
        bail!(
            "the signer {authority} already registered operator {operator} (commission {}); \
             change it with `lrt operator update`",
            CommissionView::new(&existing, cur)
        );
    }
    let (cur, _) = chain::epoch(ctx)?;
    check_commission_cap(ctx, commission_bps, cur)?;
    chain::require_rent(
        ctx,
        &authority,
        &[(operator, 8 + <Operator as anchor_lang::Space>::INIT_SPACE)],
        "the registration",
    )?;
    let ix = registry::register_operator(
        authority,
        OperatorArgs {
            commission_bps,
            signing_key,
            metadata_uri: args.metadata_uri.clone(),
        },
    );
    let sent = tx::send(ctx, "operator registration", &[ix], &signer, &[])?;
    let registered: Operator =
        chain::fetch_anchor(ctx, &operator, &slasher_registry::ID, "registry operator")?;
    let result = Registered {
        sent,
        settings: OperatorSettings {
            operator: operator.to_string(),
            authority: authority.to_string(),
            commission: CommissionView::new(&registered, cur),
            signing_key: key_text(&signing_key),
            metadata_uri: args.metadata_uri,
        },
    };
    ctx.out.print(&result, |r| {
        let s = &r.settings;
        format!(
            "operator     {}\nauthority    {}\ncommission   {}\nsigning key  {}\nmetadata     \
             {}\nnext: opt in to AVSs with `lrt operator opt-in <AVS>`; curators whitelist it \
             with `lrt curator whitelist <VAULT> {}`",
            s.operator,
            s.authority,
            s.commission,
            s.signing_key,
            metadata_text(&s.metadata_uri),
            s.operator
        )
    });
    Ok(())
}
