//! `lrt avs announce AVS [--slash-authority KEY] [--destination burn|recipient:OWNER]
//! [--max-slash F]`: the AVS's admin (or the registry admin) announces a new slash
//! authority, destination or maximum slash. They apply from the epoch after next
//! (`Avs::announce_changes`, all of them together), to requests made from then on: a
//! request keeps the maximum and destination in force when it was made. Checked before
//! sending with the program's own rules (`AvsKind::validate`, `validate_max_slash_wad`,
//! `validate_destination`, and the announcement itself on a copy of the AVS).
use anyhow::{bail, Context as _, Result};
use lrt_client::registry;
use serde::Serialize;
use slasher_registry::{
    errors::RegistryError,
    instructions::AnnounceAvsChangeArgs,
    state::{validate_destination, validate_max_slash_wad, AvsKind},
};
use solana_signer::Signer;

use super::{parse_destination, parse_slash_fraction};
use crate::{
    chain::{self, parse_pubkey},
    context::Ctx,
    errors::would_refuse,
    registry_accounts::{registry_config, resolve_avs},
    tx::{self, Sent},
    views::avs::AvsView,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// AVS account address or AVS id
    pub avs: String,
    /// The key that will sign slash requests: a keypair's address or a PDA of the AVS
    /// program
    #[arg(long, value_name = "KEY")]
    pub slash_authority: Option<String>,
    /// Where slashed tokens of later requests go: burn, or recipient:<OWNER>
    #[arg(long)]
    pub destination: Option<String>,
    /// Largest fraction one later request may take of an operator's stake: 50%, 5000bps or
    /// 0.5
    #[arg(long, value_name = "F")]
    pub max_slash: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if args.slash_authority.is_none() && args.destination.is_none() && args.max_slash.is_none() {
        bail!(
            "nothing to announce: give --slash-authority, --destination and/or --max-slash \
             (`lrt avs show` shows the AVS's settings)"
        );
    }
    let (key, avs) = resolve_avs(ctx, &args.avs)?;
    let signer = ctx.signer()?;
    let registry_admin = registry_config(ctx)?.admin;
    if signer.pubkey() != avs.admin && signer.pubkey() != registry_admin {
        bail!(
            "{}\nthe AVS's admin ({}) or the registry admin ({registry_admin}) announces its \
             changes; pass one of their keypairs with -k/--keypair",
            would_refuse(&slasher_registry::ID, &RegistryError::NotAvsAdmin.into()),
            avs.admin
        );
    }
    let refused = |error| would_refuse(&slasher_registry::ID, &error);
    let kind = match &args.slash_authority {
        Some(text) => {
            let kind = AvsKind::Local {
                slash_authority: parse_pubkey(text, "--slash-authority")?,
            };
            kind.validate()
                .map_err(|e| anyhow::anyhow!("{}", refused(e)))?;
            avs.check_kind_announcer(&kind, signer.pubkey() == registry_admin)
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{}\nAVS {key} is a remote AVS: whether it takes a local slash \
                         authority instead of guardian-signed messages is the registry \
                         admin's decision ({registry_admin})",
                        refused(e)
                    )
                })?;
            Some(kind)
        }
        None => None,
    };
    let max_slash_wad = match &args.max_slash {
        Some(text) => {
            let wad = parse_slash_fraction(text).context("--max-slash")?;
            validate_max_slash_wad(wad).map_err(|e| anyhow::anyhow!("{}", refused(e)))?;
            Some(wad)
        }
        None => None,
    };
    let destination = match &args.destination {
        Some(text) => {
            let destination = parse_destination(text).context("--destination")?;
            validate_destination(&destination).map_err(|e| anyhow::anyhow!("{}", refused(e)))?;
            Some(destination)
        }
        None => None,
    };
    let (cur, _) = chain::epoch(ctx)?;
    // The program's own announcement, on a copy: refuses what is already announced.
    if let Err(error) = avs
        .clone()
        .announce_changes(kind, max_slash_wad, destination, cur)
    {
        bail!(
            "{}\n(`lrt avs show {key}` shows the values in force and announced)",
            refused(error)
        );
    }
    let ix = registry::announce_avs_change(
        signer.pubkey(),
        key,
        AnnounceAvsChangeArgs {
            kind,
            max_slash_wad,
            destination,
        },
    );
    let sent = tx::send(ctx, "AVS change announcement", &[ix], &signer, &[])?;
    let (cur_after, _) = chain::epoch(ctx)?;
    let (_, after) = resolve_avs(ctx, &key.to_string())?;
    #[derive(Serialize)]
    struct Announced {
        #[serde(flatten)]
        sent: Sent,
        /// The epoch of the announcement.
        announced_in_epoch: u64,
        current_epoch: u64,
        #[serde(flatten)]
        avs: AvsView,
    }
    let result = Announced {
        sent,
        announced_in_epoch: cur,
        current_epoch: cur_after,
        avs: AvsView::new(&key, &after, cur_after),
    };
    ctx.out.print(&result, |r| {
        let what = match r.avs.next_from_epoch {
            Some(from) => format!(
                "the changes apply from epoch {from} (a full epoch of notice) to requests made \
                 from then on; earlier requests keep their maximum and destination"
            ),
            None => {
                "these are the values in force: the change announced before is withdrawn".into()
            }
        };
        format!(
            "announced during epoch {}: {what}\n{}",
            r.announced_in_epoch, r.avs
        )
    });
    Ok(())
}
