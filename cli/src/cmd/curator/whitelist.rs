//! `lrt curator whitelist VAULT OPERATOR [--max BPS]`: the curator admits an operator to the
//! vault, with a concentration limit (its delegation and bond accounts are created).
use anyhow::{bail, Result};
use lrt_client::{
    instructions as build,
    lrt_vault::state::{Delegation, OperatorBond},
    pda,
};
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    amount::bps,
    chain,
    context::Ctx,
    curation::{curator_and_vault, parse_positive_bps},
    registry_accounts::resolve_operator,
    tx::{self, Sent},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// Operator account or its authority
    pub operator: String,
    /// Most of the vault the operator may be allocated: 5000, 5000bps or 50%
    #[arg(long, default_value = "100%")]
    pub max: String,
}

#[derive(Serialize)]
struct Whitelisted {
    #[serde(flatten)]
    sent: Sent,
    vault: String,
    operator: String,
    operator_authority: String,
    delegation: String,
    bond: String,
    max_share: String,
    max_bps: u16,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault_text, operator_text, max) = (
        args.vault.as_str(),
        args.operator.as_str(),
        args.max.as_str(),
    );
    let max_bps = parse_positive_bps(max, "--max")?;
    let (signer, vault, _) = curator_and_vault(ctx, vault_text)?;
    let (operator, operator_state) = resolve_operator(ctx, operator_text)?;
    let config = chain::config(ctx)?;
    if config.registry_program != slasher_registry::ID {
        bail!(
            "the vault program's Config trusts registry program {}, not {}, so it would refuse \
             this operator",
            config.registry_program,
            slasher_registry::ID
        );
    }
    let delegation_key = pda::delegation(&vault, &operator);
    if let Some(existing) =
        chain::fetch_opt::<Delegation>(ctx, &delegation_key, &lrt_vault::ID, "delegation")?
    {
        bail!(
            "operator {operator} is already whitelisted in vault {vault} (max {}); allocate to \
             it with `lrt curator delegate {vault} {operator} <FRACTION|SOL>`",
            bps(existing.max_bps)
        );
    }
    let bond_key = pda::bond(&vault, &operator);
    chain::require_rent(
        ctx,
        &signer.pubkey(),
        &[
            (
                delegation_key,
                8 + <Delegation as anchor_lang::Space>::INIT_SPACE,
            ),
            (
                bond_key,
                8 + <OperatorBond as anchor_lang::Space>::INIT_SPACE,
            ),
        ],
        "whitelisting",
    )?;
    let ix = build::whitelist_operator(signer.pubkey(), vault, operator, max_bps);
    let sent = tx::send(ctx, "whitelisting", &[ix], &signer, &[])?;
    let result = Whitelisted {
        sent,
        vault: vault.to_string(),
        operator: operator.to_string(),
        operator_authority: operator_state.authority.to_string(),
        delegation: delegation_key.to_string(),
        bond: bond_key.to_string(),
        max_share: bps(max_bps),
        max_bps,
    };
    ctx.out.print(&result, |r| {
        format!(
            "operator {} whitelisted in vault {} (at most {} of the vault)\nallocate to it with \
             `lrt curator delegate {} {} <FRACTION|SOL>`",
            r.operator, r.vault, r.max_share, r.vault, r.operator
        )
    });
    Ok(())
}
