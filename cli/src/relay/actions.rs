//! What consuming a message takes, after checking it as its instruction would: a slash
//! request (`submit_remote_slash`) or a reward notice (`submit_remote_reward`).
use anchor_lang::{prelude::Pubkey, Space};
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{anyhow, bail, Context as _, Result};
use lrt_client::{
    instructions as build, pda,
    registry::{self, pda as reg_pda, RemoteRewardKeys},
};
use lrt_vault::state::{Delegation, Vault};
use slasher_registry::{
    errors::RegistryError,
    state::{Avs, Operator, OperatorAvs, RequestTarget, SlashRequest, VaultAvs},
};

use super::{id_text, Action, Relay};
use crate::{chain, context::Ctx, errors::would_refuse};

/// Bytes of an SPL token account without extensions (the operator's commission account).
const TOKEN_ACCOUNT_LEN: usize = 165;

/// `submit_remote_slash`, after what it checks of the request.
pub fn slash_action(ctx: &Ctx, relay: &Relay, request: &xchain::SlashRequest) -> Result<Action> {
    let avs_key = relay.avs;
    if request.fraction_wad == 0 {
        bail!(
            "{}\nthe message asks to slash 0%",
            would_refuse(
                &slasher_registry::ID,
                &RegistryError::InvalidSlashWad.into()
            )
        );
    }
    let operator = Pubkey::new_from_array(request.operator);
    let opt_in = chain::fetch_opt::<OperatorAvs>(
        ctx,
        &reg_pda::operator_avs(&operator, &avs_key),
        &slasher_registry::ID,
        "operator opt-in",
    )?
    .ok_or_else(|| {
        anyhow!(
            "operator {operator} is not opted in to AVS {avs_key}: the registry cannot take a \
             request against it"
        )
    })?;
    if let Err(error) = opt_in.check_slashable_at(relay.cur) {
        bail!(
            "{}\noperator {operator}'s opt-in to AVS {avs_key} does not count in the current \
             epoch {}",
            would_refuse(&slasher_registry::ID, &error),
            relay.cur
        );
    }
    let target_vault = match request.target {
        xchain::SlashTarget::AllVaults => None,
        xchain::SlashTarget::Vault(vault) => {
            let vault = Pubkey::new_from_array(vault);
            let opted_in = chain::fetch_opt::<VaultAvs>(
                ctx,
                &reg_pda::vault_avs(&vault, &avs_key),
                &slasher_registry::ID,
                "vault opt-in",
            )?
            .is_some();
            if !opted_in {
                bail!(
                    "{}\nvault {vault} is not opted in to AVS {avs_key}",
                    would_refuse(&slasher_registry::ID, &RegistryError::UnknownVault.into())
                );
            }
            Some(vault)
        }
    };
    // The request's index is the AVS's count now.
    let avs: Avs = chain::fetch_anchor(ctx, &avs_key, &slasher_registry::ID, "AVS")?;
    let request_key = reg_pda::slash_request(&avs_key, avs.request_count);
    let mut new_accounts = vec![(request_key, 8 + SlashRequest::INIT_SPACE)];
    if target_vault.is_some() {
        new_accounts.push((
            reg_pda::request_target(&request_key),
            8 + RequestTarget::INIT_SPACE,
        ));
    }
    Ok(Action {
        what: "remote slash submission",
        ixs: vec![registry::submit_remote_slash(
            relay.payer,
            relay.nonce,
            avs_key,
            avs.request_count,
            operator,
            relay.message,
            target_vault,
        )],
        new_accounts,
        target_vault,
        operator_token_account: None,
    })
}

/// The operator's commission account (created if missing), fresh prices and
/// `submit_remote_reward`, after what it checks of the notice.
pub fn reward_action(ctx: &Ctx, relay: &Relay, notice: &xchain::RewardNotice) -> Result<Action> {
    let avs_key = relay.avs;
    let refuse = |error: RegistryError, why: String| -> anyhow::Error {
        anyhow!(
            "{}\n{why}",
            would_refuse(&slasher_registry::ID, &error.into())
        )
    };
    if notice.amount == 0 {
        return Err(refuse(
            RegistryError::ZeroRewardAmount,
            "the notice pays nothing".into(),
        ));
    }
    let vault_key = Pubkey::new_from_array(notice.vault);
    let vault: Vault = chain::fetch_anchor(ctx, &vault_key, &lrt_vault::ID, "vault")
        .with_context(|| format!("the notice names vault {vault_key}"))?;
    let operator_key = Pubkey::new_from_array(notice.operator);
    let operator: Operator = chain::fetch_anchor(
        ctx,
        &operator_key,
        &slasher_registry::ID,
        "registry operator",
    )
    .with_context(|| format!("the notice names operator {operator_key}"))?;
    let opted_in = chain::fetch_opt::<OperatorAvs>(
        ctx,
        &reg_pda::operator_avs(&operator_key, &avs_key),
        &slasher_registry::ID,
        "operator opt-in",
    )?
    .is_some_and(|o| o.window.is_active_at(relay.cur));
    if !opted_in {
        return Err(refuse(
            RegistryError::OperatorNotOptedIn,
            format!(
                "operator {operator_key}'s opt-in to AVS {avs_key} does not count in epoch {}",
                relay.cur
            ),
        ));
    }
    let mint = Pubkey::new_from_array(notice.mint);
    let Some(index) = vault.assets().iter().position(|a| a.mint == mint) else {
        return Err(refuse(
            RegistryError::RewardMintNotVaultAsset,
            format!("vault {vault_key} holds no asset of mint {mint}"),
        ));
    };
    let slot = vault.assets()[index];
    if chain::fetch_opt::<Delegation>(
        ctx,
        &pda::delegation(&vault_key, &operator_key),
        &lrt_vault::ID,
        "delegation",
    )?
    .is_none()
    {
        bail!(
            "vault {vault_key} has no delegation to operator {operator_key}: the vault's \
             reward path refuses a reward for it"
        );
    }
    let inbox = reg_pda::reward_inbox_token_account(&avs_key, &mint, &slot.token_program);
    let held = chain::token_balance(ctx, &inbox)?;
    if held < notice.amount {
        return Err(refuse(
            RegistryError::RewardNotBridged,
            format!(
                "the AVS's reward inbox {inbox} holds {held} base units of {mint}, the notice \
                 pays {}: redeem its token transfer ({}) to the inbox first, then submit again",
                notice.amount,
                id_text(&notice.transfer)
            ),
        ));
    }
    let operator_token_account =
        pda::associated_token_account(&operator.authority, &mint, &slot.token_program);
    let asset_index = u8::try_from(index).context("asset index")?;
    // The commission goes to the operator authority's token account: created first when
    // missing (the relayer pays its rent).
    let mut ixs = Vec::new();
    let mut new_accounts = Vec::new();
    if chain::fetch(ctx, &operator_token_account)?.is_none() {
        ixs.push(create_associated_token_account_idempotent(
            &relay.payer,
            &operator.authority,
            &mint,
            &slot.token_program,
        ));
        new_accounts.push((operator_token_account, TOKEN_ACCOUNT_LEN));
    }
    ixs.push(build::refresh_prices(&vault));
    ixs.push(registry::submit_remote_reward(
        relay.payer,
        relay.nonce,
        &vault,
        RemoteRewardKeys {
            avs: avs_key,
            operator: operator_key,
            operator_token_account,
            asset_index,
        },
        relay.message,
    ));
    Ok(Action {
        what: "remote reward submission",
        ixs,
        new_accounts,
        target_vault: None,
        operator_token_account: Some(operator_token_account),
    })
}
