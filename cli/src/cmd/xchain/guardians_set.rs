//! `lrt xchain guardians set --keys KEYS [--index N] [--expiration SECS] [--max-age SECS]`:
//! the registry admin installs the first guardian set with the cross-chain settings
//! (`set_guardian_set`), or, once there is one, rotates to the next (`rotate_guardian_set`:
//! set `current + 1` becomes current, the old one verifies for the expiration period
//! more). Checked first: the signer, the keys (`GuardianSetAccount::validate_keys`), the
//! settings (`XchainConfig::validate_params`), the index.
use anyhow::{bail, Context as _, Result};
use lrt_client::registry::{self, pda as reg_pda};
use serde::Serialize;
use slasher_registry::{
    instructions::SetGuardianSetArgs,
    state::{GuardianSetAccount, XchainConfig},
};
use solana_signer::Signer;

use super::{clock_unix_time, guardian_set, parse_guardian_keys, xchain_config};
use crate::{
    chain,
    context::{require_signer, Ctx},
    errors::would_refuse,
    registry_accounts::registry_config,
    tx::{self, Sent},
    views::xchain::{GuardianSetView, XchainConfigView},
};

/// Wormhole's grace period for a replaced guardian set.
const DEFAULT_EXPIRATION_SECS: u32 = xchain::WORMHOLE_GUARDIAN_SET_EXPIRATION;
/// An hour: a message older (or newer) than that is refused.
const DEFAULT_MAX_AGE_SECS: u32 = 3_600;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  lrt xchain guardians set --keys guardians.txt --index 4
      installs set 4 (the first one) with the keys in guardians.txt (one per line or comma-separated)
  lrt xchain guardians set --keys 0x58cc3ae5c097b213ce3c81979e1b9f9570746aa5,0x...
      rotates: the next set becomes current; the old one verifies for the expiration period more")]
pub struct Args {
    /// The guardians' Ethereum addresses (0x and 40 hex digits), comma-separated, or a
    /// file holding them (commas, spaces or newlines between them); 1 to 19, distinct
    #[arg(long)]
    pub keys: String,
    /// Index of the set. First install: any (Wormhole mainnet's is 4) [default: 0];
    /// rotation: only the current index + 1, which is the default
    #[arg(long)]
    pub index: Option<u32>,
    /// Seconds a replaced set still verifies messages (first install only) [default: 86400,
    /// Wormhole's]
    #[arg(long, value_name = "SECS")]
    pub expiration: Option<u32>,
    /// Seconds a message may be older (or newer) than the clock before it is refused (first
    /// install only) [default: 3600]
    #[arg(long, value_name = "SECS")]
    pub max_age: Option<u32>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let keys = parse_guardian_keys(&args.keys).context("--keys")?;
    let signer = ctx.signer()?;
    let registry = registry_config(ctx)?;
    require_signer(&signer, &registry.admin, "registry admin")
        .context("guardian sets are installed by the registry admin")?;
    let (ix, index, previous) = match xchain_config(ctx)? {
        None => {
            let index = args.index.unwrap_or(0);
            let guardian_set_expiration = args.expiration.unwrap_or(DEFAULT_EXPIRATION_SECS);
            let max_message_age = args.max_age.unwrap_or(DEFAULT_MAX_AGE_SECS);
            if let Err(error) =
                XchainConfig::validate_params(guardian_set_expiration, max_message_age)
            {
                bail!(
                    "{}\n(--expiration and --max-age must be above 0 seconds)",
                    would_refuse(&slasher_registry::ID, &error)
                );
            }
            let ix = registry::set_guardian_set(
                signer.pubkey(),
                SetGuardianSetArgs {
                    index,
                    keys,
                    guardian_set_expiration,
                    max_message_age,
                },
            );
            (ix, index, None)
        }
        Some(config) => {
            let current = config.current_guardian_set;
            let next = current
                .checked_add(1)
                .context("guardian set index overflow")?;
            if args.index.is_some_and(|i| i != next) {
                bail!(
                    "guardian set {current} is current: a rotation installs set {next}, not {} \
                     (omit --index)",
                    args.index.unwrap_or_default()
                );
            }
            if args.expiration.is_some() || args.max_age.is_some() {
                bail!(
                    "--expiration and --max-age are set with the first guardian set (now {} s \
                     and {} s); a rotation keeps them",
                    config.guardian_set_expiration,
                    config.max_message_age
                );
            }
            let old = guardian_set(ctx, current)?
                .with_context(|| format!("guardian set {current} (current) is missing"))?;
            if old.keys == keys {
                ctx.out.note(format!(
                    "note: these are the keys of set {current}: the new set {next} changes \
                     only the index"
                ));
            }
            let ix = registry::rotate_guardian_set(signer.pubkey(), current, keys);
            (ix, next, Some(current))
        }
    };
    let what = match previous {
        None => format!("guardian set {index} installation"),
        Some(old) => format!("guardian set rotation {old} -> {index}"),
    };
    let sent = tx::send(ctx, &what, &[ix], &signer, &[])?;
    let now = clock_unix_time(ctx)?;
    let config: XchainConfig = chain::fetch_anchor(
        ctx,
        &reg_pda::xchain_config(),
        &slasher_registry::ID,
        "cross-chain settings account",
    )?;
    let set_key = reg_pda::guardian_set(index);
    let set: GuardianSetAccount =
        chain::fetch_anchor(ctx, &set_key, &slasher_registry::ID, "guardian set")?;
    let replaced = match previous {
        Some(old) => {
            let key = reg_pda::guardian_set(old);
            let set: GuardianSetAccount =
                chain::fetch_anchor(ctx, &key, &slasher_registry::ID, "guardian set")?;
            Some(GuardianSetView::new(&key, &set, now))
        }
        None => None,
    };
    #[derive(Serialize)]
    struct Installed {
        #[serde(flatten)]
        sent: Sent,
        settings: XchainConfigView,
        guardian_set: GuardianSetView,
        /// The set it replaced (a rotation), with the time it stops verifying.
        replaced: Option<GuardianSetView>,
    }
    let result = Installed {
        sent,
        settings: XchainConfigView::new(&reg_pda::xchain_config(), &config),
        guardian_set: GuardianSetView::new(&set_key, &set, now),
        replaced,
    };
    ctx.out.print(&result, |r| {
        let replaced = r.replaced.as_ref().map_or(String::new(), |old| {
            format!(
                "\nguardian set {} was replaced: {}",
                old.index, old.status_text
            )
        });
        format!("{}{replaced}\n{}", r.guardian_set, r.settings)
    });
    Ok(())
}
