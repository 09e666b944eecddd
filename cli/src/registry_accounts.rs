//! The slasher registry's accounts from what users type: its config, an operator (its
//! account or its authority), an AVS (its account or its id) and a slash request, with
//! errors that say what to give instead.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context as _, Result};
use lrt_client::{decode, registry::pda as reg_pda};
use slasher_registry::{
    constants::MAX_METADATA_URI_LEN,
    state::{Avs, Operator, RegistryConfig, SlashRequest},
};

use crate::{
    amount::bps,
    chain::{self, parse_pubkey},
    context::Ctx,
    errors::would_refuse,
};

/// The registry's config (admin, veto authority, and the slashing parameters with notice,
/// read through `RegistryConfig::params_at`).
pub fn registry_config(ctx: &Ctx) -> Result<RegistryConfig> {
    chain::fetch_anchor(
        ctx,
        &reg_pda::registry_config(),
        &slasher_registry::ID,
        "registry config",
    )
    .with_context(|| {
        format!(
            "the slasher registry is not initialized on {} (is this the right cluster?)",
            ctx.url
        )
    })
}

/// An operator from its account address or from its authority's address.
pub fn resolve_operator(ctx: &Ctx, text: &str) -> Result<(Pubkey, Operator)> {
    let key = parse_pubkey(text, "operator")?;
    if let Some(account) = chain::fetch(ctx, &key)? {
        if account.owner == slasher_registry::ID {
            let operator = decode::account::<Operator>(&account.data).map_err(|_| {
                anyhow!(
                    "{key} is a registry account but not an operator; give an operator account \
                     or its authority (`lrt operator list` shows them)"
                )
            })?;
            return Ok((key, operator));
        }
    }
    operator_of(ctx, &key)?.ok_or_else(|| {
        anyhow!(
            "no operator at {key}, nor one registered by authority {key}, on {}; `lrt operator \
             list` shows the operators",
            ctx.url
        )
    })
}

/// The operator registered by `authority`, if any.
pub fn operator_of(ctx: &Ctx, authority: &Pubkey) -> Result<Option<(Pubkey, Operator)>> {
    let key = reg_pda::operator(authority);
    let operator = chain::fetch_opt::<Operator>(
        ctx,
        &key,
        &slasher_registry::ID,
        "registry operator account",
    )?;
    Ok(operator.map(|operator| (key, operator)))
}

/// An AVS from its registry account address or from its id (`["avs", id]`).
pub fn resolve_avs(ctx: &Ctx, text: &str) -> Result<(Pubkey, Avs)> {
    let key = parse_pubkey(text, "AVS")?;
    if let Some(account) = chain::fetch(ctx, &key)? {
        if account.owner == slasher_registry::ID {
            let avs = decode::account::<Avs>(&account.data).map_err(|_| {
                anyhow!("{key} is a registry account but not an AVS; give an AVS account or id")
            })?;
            return Ok((key, avs));
        }
    }
    let derived = reg_pda::avs(&key);
    match chain::fetch_opt::<Avs>(ctx, &derived, &slasher_registry::ID, "registry AVS account")? {
        Some(avs) => Ok((derived, avs)),
        None => bail!(
            "no AVS with address or id {key} on {}; `lrt avs list` shows the registered AVSs",
            ctx.url
        ),
    }
}

/// Refuses a metadata URI longer than the registry keeps.
pub fn check_metadata_uri(uri: &str) -> Result<()> {
    if uri.len() > MAX_METADATA_URI_LEN {
        bail!(
            "--metadata-uri is {} bytes; the registry keeps at most {MAX_METADATA_URI_LEN}",
            uri.len()
        );
    }
    Ok(())
}

/// A slash request from its address.
pub fn resolve_request(ctx: &Ctx, text: &str) -> Result<(Pubkey, SlashRequest)> {
    let key = parse_pubkey(text, "slash request")?;
    match chain::fetch_opt::<SlashRequest>(ctx, &key, &slasher_registry::ID, "slash request")? {
        Some(request) => Ok((key, request)),
        None => bail!(
            "no slash request at {key} on {}; `lrt avs show <AVS>` lists an AVS's requests",
            ctx.url
        ),
    }
}

/// The operator that `OPERATOR` names, or the signer's.
pub fn operator_or_signers(ctx: &Ctx, text: Option<&str>) -> Result<(Pubkey, Operator)> {
    match text {
        Some(text) => resolve_operator(ctx, text),
        None => {
            let authority = ctx
                .signer_pubkey()
                .context("no OPERATOR given, so the signer's operator is shown")?;
            signers_operator(ctx, &authority)
        }
    }
}

/// The operator of the signing authority, or an error that says how to get one.
pub fn signers_operator(ctx: &Ctx, authority: &Pubkey) -> Result<(Pubkey, Operator)> {
    operator_of(ctx, authority)?.ok_or_else(|| {
        anyhow!(
            "the signer {authority} has no operator on {}; register one with `lrt operator \
             register`, or pass the operator authority's keypair with -k/--keypair",
            ctx.url
        )
    })
}

/// Refuses before signing a commission above the registry's cap in force now, with the
/// program's own check (`RegistryConfig::check_commission`).
pub fn check_commission_cap(ctx: &Ctx, commission_bps: u16, cur: u64) -> Result<()> {
    let config = registry_config(ctx)?;
    if let Err(error) = config.check_commission(commission_bps, cur) {
        bail!(
            "{}\n--commission {} is above the registry's cap of {} (`lrt registry show`)",
            would_refuse(&slasher_registry::ID, &error),
            bps(commission_bps),
            bps(config.params_at(cur).max_commission_bps)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_uri_is_at_most_200_bytes() {
        assert!(check_metadata_uri(&"x".repeat(200)).is_ok());
        let err = check_metadata_uri(&"x".repeat(201))
            .unwrap_err()
            .to_string();
        assert!(err.contains("201 bytes"), "{err}");
    }
}
