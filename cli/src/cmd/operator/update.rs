//! `lrt operator update [--commission BPS] [--signing-key KEY|FILE] [--metadata-uri URI]`:
//! change the signer's operator. A new commission is announced (it applies from the epoch
//! after next); a rotated signing key leaves the previous one valid through the next epoch.

use anyhow::{bail, Result};
use lrt_client::registry;
use serde::Serialize;
use slasher_registry::{
    instructions::{OperatorArgs, UpdateOperatorArgs},
    state::Operator,
};
use solana_signer::Signer;

use super::{parse_commission, parse_signing_key};
use crate::{
    chain,
    context::Ctx,
    registry_accounts::{check_commission_cap, check_metadata_uri, signers_operator},
    tx::{self, Sent},
    views::{
        commission::CommissionView,
        operator::{key_text, metadata_text, OperatorSettings},
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// New commission: 1000, 1000bps or 10% (at most the registry's cap). It is announced
    /// and applies from the epoch after next: rewards paid until then use the one in force
    #[arg(long)]
    pub commission: Option<String>,
    /// New signing key (a base58 public key or a keypair file); the previous key stays
    /// valid for AVS reports through the next epoch
    #[arg(long, value_name = "PUBKEY_OR_KEYPAIR")]
    pub signing_key: Option<String>,
    /// New metadata URI ("" clears it)
    #[arg(long)]
    pub metadata_uri: Option<String>,
}

#[derive(Serialize)]
struct Updated {
    #[serde(flatten)]
    sent: Sent,
    #[serde(flatten)]
    settings: OperatorSettings,
    /// This update announced a new commission (it applies from `next_commission_from_epoch`).
    commission_announced: bool,
    key_rotated: bool,
    /// The key before the latest rotation, valid for AVS reports through
    /// `previous_key_valid_through` (null if the key never changed).
    previous_signing_key: Option<String>,
    previous_key_valid_through: Option<u64>,
    /// First epoch a further key rotation is accepted.
    next_rotation_from_epoch: Option<u64>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if args.commission.is_none() && args.signing_key.is_none() && args.metadata_uri.is_none() {
        bail!("nothing to update: give --commission, --signing-key and/or --metadata-uri");
    }
    let commission = args
        .commission
        .as_deref()
        .map(parse_commission)
        .transpose()?;
    let signing_key = args
        .signing_key
        .as_deref()
        .map(parse_signing_key)
        .transpose()?;
    if let Some(uri) = &args.metadata_uri {
        check_metadata_uri(uri)?;
    }
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let (operator_key, current) = signers_operator(ctx, &authority)?;
    // The commission announced last (in force from its epoch on): unchanged unless given.
    let announced_commission = current.commission_at(u64::MAX);
    let new = OperatorArgs {
        commission_bps: commission.unwrap_or(announced_commission),
        signing_key: signing_key.unwrap_or(current.signing_key),
        metadata_uri: args
            .metadata_uri
            .clone()
            .unwrap_or_else(|| current.metadata_uri.clone()),
    };
    if new.commission_bps == announced_commission
        && new.signing_key == current.signing_key
        && new.metadata_uri == current.metadata_uri
    {
        bail!("nothing would change: the operator {operator_key} already has these settings");
    }
    let (epoch, _) = chain::epoch(ctx)?;
    let announces = new.commission_bps != announced_commission;
    if announces {
        check_commission_cap(ctx, new.commission_bps, epoch)?;
    }
    let rotates = new.signing_key != current.signing_key;
    if rotates {
        // the registry's own rule decides; the message explains it
        if let (Err(_), Some(last), Some(from)) = (
            current.clone().set_signing_key(new.signing_key, epoch),
            current.previous_key_valid_through(),
            current.next_rotation_from_epoch(),
        ) {
            bail!(
                "the signing key was rotated during epoch {}; the key before it counts for AVS \
                 reports through epoch {last}, so the next rotation is possible from epoch \
                 {from} (now {epoch}); commission and metadata can change now without \
                 --signing-key",
                current.key_rotated_epoch
            );
        }
    }
    // only what the user gave: the program keeps every field left out
    let update = UpdateOperatorArgs {
        commission_bps: commission,
        signing_key,
        metadata_uri: args.metadata_uri.clone(),
    };
    let ix = registry::update_operator(authority, update);
    let sent = tx::send(ctx, "operator update", &[ix], &signer, &[])?;
    let after: Operator = chain::fetch_anchor(
        ctx,
        &operator_key,
        &slasher_registry::ID,
        "registry operator",
    )?;
    let valid_through = after.previous_key_valid_through();
    let (epoch, _) = chain::epoch(ctx)?;
    let result = Updated {
        sent,
        settings: OperatorSettings {
            operator: operator_key.to_string(),
            authority: authority.to_string(),
            commission: CommissionView::new(&after, epoch),
            signing_key: key_text(&after.signing_key),
            metadata_uri: after.metadata_uri.clone(),
        },
        commission_announced: announces,
        key_rotated: rotates,
        previous_signing_key: valid_through.map(|_| key_text(&after.previous_signing_key)),
        previous_key_valid_through: valid_through,
        next_rotation_from_epoch: after.next_rotation_from_epoch(),
    };
    ctx.out.print(&result, |r| {
        let s = &r.settings;
        let mut t = format!(
            "operator {} updated\n  commission   {}\n  signing key  {}\n  metadata     {}\n",
            s.operator,
            s.commission,
            s.signing_key,
            metadata_text(&s.metadata_uri)
        );
        if r.commission_announced {
            let c = &s.commission;
            match (&c.next_commission, c.next_commission_from_epoch) {
                (Some(next), Some(from)) => t.push_str(&format!(
                    "commission announced: {next} from epoch {from} (a full epoch of notice); \
                     rewards paid until then use {} (in force now, epoch {epoch})\n",
                    c.commission
                )),
                _ => t.push_str(&format!(
                    "commission announced: back to {}, the one in force (the change announced \
                     before is withdrawn)\n",
                    c.commission
                )),
            }
        }
        if r.key_rotated {
            t.push_str(&format!(
                "key rotated: the previous key {} stays valid for AVS reports through epoch {} \
                 (a rotation cannot hide what it signed); the next rotation is possible from \
                 epoch {}\n",
                r.previous_signing_key.as_deref().unwrap_or("?"),
                r.previous_key_valid_through
                    .map_or("?".into(), |e| e.to_string()),
                r.next_rotation_from_epoch
                    .map_or("?".into(), |e| e.to_string())
            ));
        }
        t
    });
    Ok(())
}
