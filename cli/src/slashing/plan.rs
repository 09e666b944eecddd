//! What executing a slash request would do, read from chain and decided by the programs'
//! own rules: where a request stands (`SlashRequest::status`), which vaults it reaches
//! (`SlashRequest::check_reaches`, `AllocationHistory::at`), the operator's stake there
//! (`Vault::allocated_stake` of the vault valued now) and the loss under both caps
//! (`restaking_math::execution_loss`, the function `execute_slash` charges), with the
//! rules the request keeps: the AVS's maximum it recorded (`SlashRequest.max_slash_wad`)
//! and the registry's cap in force at its capture epoch (`RegistryConfig::params_at`),
//! never the values announced since. `lrt avs
//! execute`, `lrt crank execute-slashes`, `lrt vault show` and the pending-slash guard of
//! `lrt deposit` all preview with this one code.
use std::fmt;

use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{
    listing,
    lrt_vault::state::{Config, Delegation, Vault},
    pda,
    registry::pda as reg_pda,
};
use slasher_registry::{
    errors::RegistryError,
    state::{
        Avs, OperatorAvs, OptInWindow, RegistryConfig, SlashRequest, VaultAvs, VaultAvsEpochSlash,
        VaultCapture, VaultEpochSlash,
    },
};

use super::status::{request_blocker, Blocked};
use crate::{chain, context::Ctx, opt_in::window_text, stake::VaultValue};

/// What the chain holds about executing one request against one vault.
pub struct VaultFacts {
    /// The operator's opt-in window to the request's AVS.
    pub operator_window: Option<OptInWindow>,
    /// The vault's opt-in window to the AVS and the curator's cap (bps).
    pub opt_in: Option<(OptInWindow, u16)>,
    /// The vault's delegation to the operator.
    pub delegation: Option<Delegation>,
    /// The request's `SlashExecution` for this vault exists.
    pub executed: bool,
    /// `VaultEpochSlash` of (vault, operator, capture): stake at capture and slashed total.
    pub epoch_ledger: Option<(u64, u64)>,
    /// `VaultCapture` of (vault, capture): the value before any slash of the epoch.
    pub capture: Option<VaultCapture>,
    /// `VaultAvsEpochSlash.slashed_lamports` of (vault, AVS, operator, capture).
    pub avs_slashed: u64,
    /// The vault valued now for the request's capture epoch.
    pub value: VaultValue,
}

/// What an execution would do to a vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    /// The operator's allocation at the capture epoch (WAD).
    pub allocation_wad: u64,
    /// The base of the fraction and the caps: the ledger's, or the stake now if this is
    /// the first slash of (vault, operator, capture).
    pub stake_at_capture: u64,
    /// The operator's stake now: allocation at capture x slashable value now.
    pub remaining: u64,
    /// min(fraction, AVS max) of the base, before the caps.
    pub requested: u64,
    /// What the vault would lose.
    pub loss: u64,
}

/// Why a request is not executed against a vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    AlreadyExecuted,
    VaultNotOptedIn,
    OperatorNotOptedIn,
    OperatorNotActiveAtCapture {
        capture_epoch: u64,
        window: OptInWindow,
    },
    VaultNotActiveAtCapture {
        capture_epoch: u64,
        window: OptInWindow,
    },
    NotWhitelisted,
    NoStakeAtCapture {
        capture_epoch: u64,
    },
    AvsCapUsed {
        capture_epoch: u64,
        cap_bps: u16,
    },
    VaultCapUsed {
        capture_epoch: u64,
        cap_bps: u16,
    },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::AlreadyExecuted => write!(f, "already executed against this vault"),
            Skip::VaultNotOptedIn => write!(f, "the vault is not opted in to the AVS"),
            Skip::OperatorNotOptedIn => {
                write!(
                    f,
                    "the operator never opted in to this AVS: nothing is slashable"
                )
            }
            Skip::OperatorNotActiveAtCapture {
                capture_epoch,
                window,
            } => write!(
                f,
                "the operator's opt-in was not active at the capture epoch {capture_epoch} ({})",
                window_text(window)
            ),
            Skip::VaultNotActiveAtCapture {
                capture_epoch,
                window,
            } => write!(
                f,
                "the vault's opt-in was not active at the capture epoch {capture_epoch} ({})",
                window_text(window)
            ),
            Skip::NotWhitelisted => write!(
                f,
                "the vault has no delegation to the operator (never whitelisted it)"
            ),
            Skip::NoStakeAtCapture { capture_epoch } => write!(
                f,
                "the vault allocated nothing to the operator at the capture epoch \
                 {capture_epoch} (or earlier slashes took its stake)"
            ),
            Skip::AvsCapUsed {
                capture_epoch,
                cap_bps,
            } => write!(
                f,
                "the curator's cap for this AVS ({} of the stake per epoch) is used up for \
                 epoch {capture_epoch}",
                crate::amount::bps(*cap_bps)
            ),
            Skip::VaultCapUsed {
                capture_epoch,
                cap_bps,
            } => write!(
                f,
                "the registry's per-vault cap ({} of the stake per epoch, across AVSs) is \
                 used up for epoch {capture_epoch}",
                crate::amount::bps(*cap_bps)
            ),
        }
    }
}

/// The registry-wide cap an execution of `request` applies: the one in force at its
/// capture epoch, like the stake it caps (`execute_slash`).
pub fn registry_cap_bps(registry: &RegistryConfig, request: &SlashRequest) -> u16 {
    registry
        .params_at(request.capture_epoch)
        .max_vault_slash_bps_per_epoch
}

/// What `execute_slash` would take from a vault during epoch `cur`, or why it would not
/// run, in the registry's order (`instructions/crank/execute_slash.rs`), for a request
/// that `request_blocker` lets through. The request's own maximum applies
/// (`SlashRequest.max_slash_wad`, recorded when it was made); `registry_cap_bps` is the
/// registry's cap at its capture epoch ([`registry_cap_bps`]).
pub fn plan_execution(
    request: &SlashRequest,
    registry_cap_bps: u16,
    facts: &VaultFacts,
    cur: u64,
) -> std::result::Result<Planned, Skip> {
    let capture = request.capture_epoch;
    if facts.executed {
        return Err(Skip::AlreadyExecuted);
    }
    let (vault_window, cap_bps) = facts.opt_in.ok_or(Skip::VaultNotOptedIn)?;
    let operator_window = facts.operator_window.ok_or(Skip::OperatorNotOptedIn)?;
    if let Err(error) = request.check_reaches(&operator_window, &vault_window) {
        return Err(
            if error == RegistryError::OperatorNotActiveAtCapture.into() {
                Skip::OperatorNotActiveAtCapture {
                    capture_epoch: capture,
                    window: operator_window,
                }
            } else {
                Skip::VaultNotActiveAtCapture {
                    capture_epoch: capture,
                    window: vault_window,
                }
            },
        );
    }
    let delegation = facts.delegation.as_ref().ok_or(Skip::NotWhitelisted)?;
    let no_stake = Skip::NoStakeAtCapture {
        capture_epoch: capture,
    };
    let allocation_wad = delegation
        .allocation
        .at(capture, cur)
        .map_err(|_| no_stake.clone())?;
    let remaining = facts
        .value
        .stake(allocation_wad)
        .map_err(|_| no_stake.clone())?;
    // the registry's rules for the base: the ledger's, else the allocation of the value
    // before any slash of the epoch
    let (stake, slashed) = match facts.epoch_ledger {
        Some(ledger) => ledger,
        None => {
            let base_value = VaultCapture::base_value_wad(
                facts.capture.as_ref(),
                facts.value.slashable_value_wad,
            );
            let stake = VaultEpochSlash::stake_at_capture(None, allocation_wad, base_value)
                .map_err(|_| no_stake.clone())?;
            (stake, 0)
        }
    };
    // the registry's own function: the preview cannot disagree with the execution
    let outcome = restaking_math::execution_loss(&restaking_math::ExecutionInput {
        stake_at_capture: stake,
        remaining,
        request_wad: request.wad,
        max_slash_wad: request.max_slash_wad,
        avs_cap_bps: cap_bps,
        avs_slashed: facts.avs_slashed,
        registry_cap_bps,
        vault_slashed: slashed,
    });
    match outcome {
        Ok(restaking_math::ExecutionLoss::Take {
            requested, loss, ..
        }) => Ok(Planned {
            allocation_wad,
            stake_at_capture: stake,
            remaining,
            requested,
            loss,
        }),
        Ok(restaking_math::ExecutionLoss::AvsCapUsed) => Err(Skip::AvsCapUsed {
            capture_epoch: capture,
            cap_bps,
        }),
        Ok(restaking_math::ExecutionLoss::VaultCapUsed) => Err(Skip::VaultCapUsed {
            capture_epoch: capture,
            cap_bps: registry_cap_bps,
        }),
        Ok(restaking_math::ExecutionLoss::NoStake) | Err(_) => Err(no_stake),
    }
}

/// The chain's facts about executing `request` (at `request_key`) against the vault
/// `state` at `vault`, valued at `slot`.
pub fn vault_facts(
    ctx: &Ctx,
    request_key: &Pubkey,
    request: &SlashRequest,
    vault: &Pubkey,
    state: &Vault,
    slot: u64,
) -> Result<VaultFacts> {
    let registry = slasher_registry::ID;
    let capture = request.capture_epoch;
    let operator_window = chain::fetch_opt::<OperatorAvs>(
        ctx,
        &reg_pda::operator_avs(&request.operator, &request.avs),
        &registry,
        "operator opt-in",
    )?
    .map(|o| o.window);
    let vault_avs_key = reg_pda::vault_avs(vault, &request.avs);
    let opt_in = chain::fetch_opt::<VaultAvs>(ctx, &vault_avs_key, &registry, "vault opt-in")?
        .map(|v| (v.window, v.cap_bps));
    let delegation = chain::fetch_opt::<Delegation>(
        ctx,
        &pda::delegation(vault, &request.operator),
        &lrt_vault::ID,
        "delegation",
    )?;
    let executed = chain::fetch(ctx, &reg_pda::slash_execution(request_key, vault))?.is_some();
    let epoch_ledger = chain::fetch_opt::<VaultEpochSlash>(
        ctx,
        &reg_pda::vault_epoch_slash(vault, &request.operator, capture),
        &registry,
        "vault epoch slash ledger",
    )?
    .map(|l| (l.stake_at_capture_lamports, l.slashed_lamports));
    let capture_record = chain::fetch_opt::<VaultCapture>(
        ctx,
        &reg_pda::vault_capture(vault, capture),
        &registry,
        "vault capture record",
    )?;
    let avs_slashed = chain::fetch_opt::<VaultAvsEpochSlash>(
        ctx,
        &reg_pda::vault_avs_epoch_slash(&vault_avs_key, &request.operator, capture),
        &registry,
        "vault AVS epoch slash ledger",
    )?
    .map_or(0, |l| l.slashed_lamports);
    let value = VaultValue::read(ctx, *vault, state.clone(), capture, slot)?;
    Ok(VaultFacts {
        operator_window,
        opt_in,
        delegation,
        executed,
        epoch_ledger,
        capture: capture_record,
        avs_slashed,
        value,
    })
}

/// Everything about a request that decides whether it can execute now.
pub struct RequestSituation {
    pub key: Pubkey,
    pub request: SlashRequest,
    pub registry: RegistryConfig,
    pub slot: u64,
    pub cur: u64,
    pub blocker: Option<Blocked>,
}

pub fn situation(
    ctx: &Ctx,
    key: Pubkey,
    request: SlashRequest,
    registry: RegistryConfig,
    config: &Config,
    slot: u64,
) -> Result<RequestSituation> {
    let avs: Avs = chain::fetch_anchor(ctx, &request.avs, &slasher_registry::ID, "AVS")?;
    let cur = config.epoch_at(slot);
    let blocker = request_blocker(&request, slot, cur, config.epoch_length, avs.active);
    Ok(RequestSituation {
        key,
        request,
        registry,
        slot,
        cur,
        blocker,
    })
}

/// Every vault opted in to the request's AVS, each with what an execution would take or
/// why it would not run.
pub fn plan_all_vaults(
    ctx: &Ctx,
    s: &RequestSituation,
) -> Result<Vec<(Pubkey, std::result::Result<Planned, Skip>)>> {
    let opted_in = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::vault_avs_of_avs(&s.request.avs)],
    )?;
    let mut plans = Vec::new();
    for (_, vault_avs) in opted_in {
        let plan = plan_vault(ctx, s, &vault_avs.vault)?;
        plans.push((vault_avs.vault, plan));
    }
    Ok(plans)
}

pub fn plan_vault(
    ctx: &Ctx,
    s: &RequestSituation,
    vault: &Pubkey,
) -> Result<std::result::Result<Planned, Skip>> {
    let state: Vault = chain::fetch_anchor(ctx, vault, &lrt_vault::ID, "vault")?;
    let facts = vault_facts(ctx, &s.key, &s.request, vault, &state, s.slot)?;
    Ok(plan_execution(
        &s.request,
        registry_cap_bps(&s.registry, &s.request),
        &facts,
        s.cur,
    ))
}
