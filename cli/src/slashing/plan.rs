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
    lrt_vault::state::{Config, Delegation, SlashEscrow, Vault},
    pda,
    registry::pda as reg_pda,
};
use serde::Serialize;
use slasher_registry::{
    errors::RegistryError,
    state::{
        Avs, OperatorAvs, OptInWindow, RegistryConfig, RequestStatus as ProgramStatus,
        SlashRequest, VaultAvs, VaultAvsEpochSlash, VaultCapture, VaultEpochSlash,
    },
};

use crate::{
    amount::{percent, sol},
    chain,
    context::Ctx,
    opt_in::window_text,
    stake::VaultValue,
};

// ---------------------------------------------------------------------------------------
// Where a request stands
// ---------------------------------------------------------------------------------------

/// Where a slash request stands, as commands report it: the registry's
/// `SlashRequest::status`, with "executed" told apart from "expired" once the window is
/// over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// The veto authority may still veto; nobody can execute yet.
    VetoWindow,
    /// Executable (against vaults not executed yet) until the end of its last epoch.
    Executable,
    /// The execution window is over and it was executed in at least one vault.
    Executed,
    Vetoed,
    /// The execution window is over and it was executed nowhere.
    Expired,
}

/// Where `request` stands at `slot`, in restaking epoch `cur`.
pub fn request_status(request: &SlashRequest, slot: u64, cur: u64) -> RequestStatus {
    match request.status(slot, cur) {
        ProgramStatus::VetoWindow => RequestStatus::VetoWindow,
        ProgramStatus::Executable => RequestStatus::Executable,
        ProgramStatus::Vetoed => RequestStatus::Vetoed,
        ProgramStatus::Expired if request.executions > 0 => RequestStatus::Executed,
        ProgramStatus::Expired => RequestStatus::Expired,
    }
}

impl RequestStatus {
    pub fn describe(self, request: &SlashRequest, epoch_length: u64) -> String {
        let until = request.executable_until_slot(epoch_length);
        let vaults = |n: u32| if n == 1 { "vault" } else { "vaults" };
        match self {
            RequestStatus::VetoWindow => format!(
                "pending veto window (until slot {}; executable from slot {})",
                request.veto_deadline_slot,
                request.executable_from_slot()
            ),
            RequestStatus::Executable if request.executions == 0 => {
                format!("executable until slot {until}")
            }
            RequestStatus::Executable => format!(
                "executable until slot {until} (executed in {} {} so far)",
                request.executions,
                vaults(request.executions)
            ),
            RequestStatus::Executed => format!(
                "executed in {} {}",
                request.executions,
                vaults(request.executions)
            ),
            RequestStatus::Vetoed => "vetoed".into(),
            RequestStatus::Expired => format!("expired (not executed by slot {until})"),
        }
    }
}

/// Why a request cannot be executed against any vault right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    Vetoed,
    VetoWindowOpen {
        deadline: u64,
        executable_from_slot: u64,
        slot: u64,
    },
    Expired {
        capture_epoch: u64,
        last_epoch: u64,
        last_slot: u64,
    },
    AvsInactive,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocked::Vetoed => write!(f, "the request was vetoed: it can never be executed"),
            Blocked::VetoWindowOpen {
                deadline,
                executable_from_slot,
                slot,
            } => write!(
                f,
                "the veto window is still open until slot {deadline}: the request can be \
                 executed from slot {executable_from_slot} ({} slots from now, slot {slot})",
                executable_from_slot.saturating_sub(*slot)
            ),
            Blocked::Expired {
                capture_epoch,
                last_epoch,
                last_slot,
            } => write!(
                f,
                "too late: a request captured at epoch {capture_epoch} executes by the end of \
                 epoch {last_epoch} (slot {last_slot})"
            ),
            Blocked::AvsInactive => write!(
                f,
                "the AVS is inactive: executions need an active AVS (the registry admin can \
                 reactivate it)"
            ),
        }
    }
}

/// What stops `request` from executing anywhere at `slot` (epoch `cur`), if anything: its
/// status (the registry's `check_executable` rule) and the AVS being active.
pub fn request_blocker(
    request: &SlashRequest,
    slot: u64,
    cur: u64,
    epoch_length: u64,
    avs_active: bool,
) -> Option<Blocked> {
    match request.status(slot, cur) {
        ProgramStatus::Vetoed => Some(Blocked::Vetoed),
        ProgramStatus::VetoWindow => Some(Blocked::VetoWindowOpen {
            deadline: request.veto_deadline_slot,
            executable_from_slot: request.executable_from_slot(),
            slot,
        }),
        ProgramStatus::Expired => Some(Blocked::Expired {
            capture_epoch: request.capture_epoch,
            last_epoch: request.last_execution_epoch(),
            last_slot: request.executable_until_slot(epoch_length),
        }),
        ProgramStatus::Executable if !avs_active => Some(Blocked::AvsInactive),
        ProgramStatus::Executable => None,
    }
}

// ---------------------------------------------------------------------------------------
// One request against one vault
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Requests pending against a vault
// ---------------------------------------------------------------------------------------

/// A slash request that can still take something from a vault: in its veto window or
/// executable, within reach of the vault (both opt-ins at its capture epoch), not yet
/// executed against it, with an allocation at capture.
#[derive(Serialize, Debug, Clone)]
pub struct PendingSlashView {
    pub request: String,
    pub avs: String,
    pub operator: String,
    /// Requested fraction of the operator's stake, e.g. "5%", and as WAD.
    pub fraction: String,
    pub wad: String,
    pub capture_epoch: u64,
    /// veto_window or executable.
    pub status: RequestStatus,
    /// Last slot the veto authority may veto; executable from the slot after.
    pub veto_deadline_slot: u64,
    pub executable_from_slot: u64,
    /// Executions are accepted through this epoch (its last slot below).
    pub executable_until_epoch: u64,
    pub executable_until_slot: u64,
    /// The operator's allocation at the capture epoch.
    pub allocation_at_capture: String,
    pub allocation_at_capture_wad: String,
    /// The operator's stake the loss is a fraction of (allocation at capture x the vault's
    /// slashable value now, or the base an earlier slash of the epoch fixed), in SOL.
    pub stake_sol: String,
    /// The most the vault loses if it executes now, after the AVS's maximum, the vault's
    /// cap for the AVS and the registry's per-epoch cap, in SOL.
    pub max_loss_sol: String,
    pub max_loss_lamports: u64,
    /// That loss over the vault's slashable value: about the share of every position (less
    /// if the operator's bond and the insurance fund cover part), e.g. "1.5%".
    pub max_loss_share: String,
    pub max_loss_share_wad: String,
    /// The same share, as a number for callers.
    #[serde(skip)]
    pub share_wad: u128,
}

/// The slash requests pending against `vault` (see [`PendingSlashView`]) at `slot`, epoch
/// `cur`, with what each would take if it executed now.
pub fn pending_slashes(
    ctx: &Ctx,
    vault: &Pubkey,
    state: &Vault,
    slot: u64,
    cur: u64,
    epoch_length: u64,
) -> Result<Vec<PendingSlashView>> {
    let registry = crate::registry_accounts::registry_config(ctx)?;
    let delegations = chain::list_anchor(
        ctx,
        &lrt_vault::ID,
        vec![listing::delegations_of_vault(vault)],
    )?;
    let mut pending = Vec::new();
    for (_, delegation) in &delegations {
        let mut requests = chain::list_anchor(
            ctx,
            &slasher_registry::ID,
            vec![listing::requests_of_operator(&delegation.operator)],
        )?;
        requests.sort_by_key(|(_, r)| (r.requested_slot, r.index));
        for (key, request) in requests {
            let status = request_status(&request, slot, cur);
            if !matches!(
                status,
                RequestStatus::VetoWindow | RequestStatus::Executable
            ) {
                continue;
            }
            let facts = vault_facts(ctx, &key, &request, vault, state, slot)?;
            let Ok(planned) =
                plan_execution(&request, registry_cap_bps(&registry, &request), &facts, cur)
            else {
                continue;
            };
            if planned.loss == 0 {
                continue;
            }
            let share = restaking_math::slash_fraction_ceil(
                u128::from(planned.loss) * restaking_math::WAD,
                facts.value.slashable_value_wad,
            )
            .unwrap_or(restaking_math::WAD);
            pending.push(PendingSlashView {
                request: key.to_string(),
                avs: request.avs.to_string(),
                operator: request.operator.to_string(),
                fraction: percent(request.wad),
                wad: request.wad.to_string(),
                capture_epoch: request.capture_epoch,
                status,
                veto_deadline_slot: request.veto_deadline_slot,
                executable_from_slot: request.executable_from_slot(),
                executable_until_epoch: request.last_execution_epoch(),
                executable_until_slot: request.executable_until_slot(epoch_length),
                allocation_at_capture: percent(u128::from(planned.allocation_wad)),
                allocation_at_capture_wad: planned.allocation_wad.to_string(),
                stake_sol: sol(planned.stake_at_capture),
                max_loss_sol: sol(planned.loss),
                max_loss_lamports: planned.loss,
                max_loss_share: percent(share),
                max_loss_share_wad: share.to_string(),
                share_wad: share,
            });
        }
    }
    Ok(pending)
}

/// One pending slash in words, for `vault show` and `deposit`.
pub fn pending_text(p: &PendingSlashView) -> String {
    let when = match p.status {
        RequestStatus::VetoWindow => format!(
            "in its veto window until slot {}, then executable until the end of epoch {} \
             (slot {})",
            p.veto_deadline_slot, p.executable_until_epoch, p.executable_until_slot
        ),
        _ => format!(
            "executable until the end of epoch {} (slot {})",
            p.executable_until_epoch, p.executable_until_slot
        ),
    };
    format!(
        "request {}\n    AVS {}, operator {}: {} of its stake at epoch {} ({} allocated, {} \
         SOL)\n    {when}\n    the vault can lose up to {} SOL to it, {} of its slashable value",
        p.request,
        p.avs,
        p.operator,
        p.fraction,
        p.capture_epoch,
        p.allocation_at_capture,
        p.stake_sol,
        p.max_loss_sol,
        p.max_loss_share
    )
}

// ---------------------------------------------------------------------------------------
// Escrows
// ---------------------------------------------------------------------------------------

/// Where a slash escrow stands at a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscrowState {
    /// The registry admin cancelled the slash: the tokens went back.
    Cancelled,
    /// Every asset with an amount is swept (or it took nothing).
    Done,
    /// The resolution delay runs until `resolve_after_slot`.
    Waiting { resolve_after_slot: u64 },
    /// These assets can be swept now.
    Ready(Vec<u8>),
}

/// Which assets of `escrow` the vault would sweep at `slot` (`SlashEscrow::sweep_due`: a
/// swept asset or a cancelled escrow has nothing to do, before the delay is too early).
pub fn escrow_state(escrow: &SlashEscrow, asset_count: u8, slot: u64) -> EscrowState {
    if escrow.cancelled {
        return EscrowState::Cancelled;
    }
    let with_amount: Vec<u8> = (0..asset_count.min(escrow.amounts.len() as u8))
        .filter(|&k| escrow.amounts[k as usize] > 0)
        .collect();
    let ready: Vec<u8> = with_amount
        .iter()
        .copied()
        .filter(|&k| matches!(escrow.sweep_due(k as usize, slot), Ok(true)))
        .collect();
    if !ready.is_empty() {
        EscrowState::Ready(ready)
    } else if with_amount.iter().any(|&k| !escrow.swept[k as usize]) {
        EscrowState::Waiting {
            resolve_after_slot: escrow.resolve_after_slot,
        }
    } else {
        EscrowState::Done
    }
}

#[cfg(test)]
mod tests {
    use lrt_client::lrt_vault::{
        constants::MAX_ASSETS,
        state::{AllocationHistory, EscrowBucket, SlashDestination, WithdrawalBucket},
    };
    use restaking_math::WAD;

    use super::*;
    use crate::stake::tests::vault_worth;

    const L: u64 = 100;

    fn request(capture: u64, requested_slot: u64, window: u64) -> SlashRequest {
        SlashRequest {
            avs: Pubkey::new_unique(),
            operator: Pubkey::new_unique(),
            index: 0,
            wad: WAD / 10,
            max_slash_wad: WAD,
            evidence_hash: [0; 32],
            capture_epoch: capture,
            requested_slot,
            veto_deadline_slot: requested_slot + window,
            destination: SlashDestination::Burn,
            vetoed: false,
            executions: 0,
            slashed_lamports: 0,
            bump: 0,
        }
    }

    fn status(r: &SlashRequest, slot: u64) -> RequestStatus {
        request_status(r, slot, slot / L)
    }

    #[test]
    fn status_follows_the_veto_and_execution_windows() {
        // captured at epoch 5 (slot 510), veto window 20 slots: deadline 530
        let mut r = request(5, 510, 20);
        assert_eq!(status(&r, 510), RequestStatus::VetoWindow);
        assert_eq!(status(&r, 530), RequestStatus::VetoWindow);
        assert_eq!(status(&r, 531), RequestStatus::Executable);
        assert_eq!(r.executable_from_slot(), 531);
        // executable through the end of epoch 6
        assert_eq!(r.executable_until_slot(L), 699);
        assert_eq!(status(&r, 699), RequestStatus::Executable);
        assert_eq!(status(&r, 700), RequestStatus::Expired);
        r.executions = 2;
        assert_eq!(status(&r, 650), RequestStatus::Executable);
        assert_eq!(status(&r, 700), RequestStatus::Executed);
        assert!(RequestStatus::Executed
            .describe(&r, L)
            .contains("executed in 2 vaults"));
        assert!(RequestStatus::Executable
            .describe(&r, L)
            .contains("2 vaults so far"));
        r.vetoed = true;
        assert_eq!(status(&r, 515), RequestStatus::Vetoed);
        assert_eq!(status(&r, 900), RequestStatus::Vetoed);
    }

    #[test]
    fn a_request_near_the_end_of_its_epoch_can_still_execute_in_the_next() {
        // requested at the last slot of epoch 5 with a 99-slot window (< epoch length)
        let r = request(5, 599, 99);
        assert_eq!(r.executable_from_slot(), 699);
        assert_eq!(status(&r, 698), RequestStatus::VetoWindow);
        assert_eq!(status(&r, 699), RequestStatus::Executable);
        assert!(r.executable_from_slot() <= r.executable_until_slot(L));
    }

    #[test]
    fn blockers_follow_the_registrys_status() {
        let r = request(5, 510, 20);
        assert_eq!(
            request_blocker(&r, 520, 5, L, true),
            Some(Blocked::VetoWindowOpen {
                deadline: 530,
                executable_from_slot: 531,
                slot: 520
            })
        );
        let text = request_blocker(&r, 520, 5, L, true).unwrap().to_string();
        assert!(text.contains("from slot 531 (11 slots from now"), "{text}");
        assert_eq!(request_blocker(&r, 531, 5, L, true), None);
        assert_eq!(
            request_blocker(&r, 700, 7, L, true),
            Some(Blocked::Expired {
                capture_epoch: 5,
                last_epoch: 6,
                last_slot: 699
            })
        );
        assert_eq!(
            request_blocker(&r, 600, 6, L, false),
            Some(Blocked::AvsInactive)
        );
        let mut vetoed = r.clone();
        vetoed.vetoed = true;
        assert_eq!(
            request_blocker(&vetoed, 515, 5, L, true),
            Some(Blocked::Vetoed)
        );
    }

    /// A vault worth 1_000 lamports allocating `allocation` (WAD) to the operator from
    /// before epoch 5.
    fn facts(allocation: u64) -> VaultFacts {
        VaultFacts {
            operator_window: Some(OptInWindow::opted_in_at(1)),
            opt_in: Some((OptInWindow::opted_in_at(1), 10_000)),
            delegation: Some(Delegation {
                vault: Pubkey::default(),
                operator: Pubkey::default(),
                max_bps: 10_000,
                allocation: AllocationHistory {
                    epoch: 5,
                    previous: allocation,
                    current: allocation,
                    next: allocation,
                    later: allocation,
                },
                decrease_epoch: 0,
                slashed_total: 0,
                bump: 0,
            }),
            executed: false,
            epoch_ledger: None,
            capture: None,
            avs_slashed: 0,
            value: VaultValue::new(Pubkey::default(), vault_worth(1_000), [None, None]).unwrap(),
        }
    }

    const ALL: u64 = WAD as u64;

    fn loss(plan: std::result::Result<Planned, Skip>) -> std::result::Result<u64, Skip> {
        plan.map(|p| p.loss)
    }

    #[test]
    fn plans_the_loss_of_the_allocated_stake() {
        let r = request(5, 510, 20); // 10%
                                     // all of a 1_000-lamport vault, executed during 5 and during 6
        let f = facts(ALL);
        assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(100));
        assert_eq!(loss(plan_execution(&r, 10_000, &f, 6)), Ok(100));
        // the AVS's max slash the request recorded binds: 5%
        let capped = SlashRequest {
            max_slash_wad: WAD / 20,
            ..r.clone()
        };
        assert_eq!(loss(plan_execution(&capped, 10_000, &f, 5)), Ok(50));
        // 30% of the vault: 300 lamports of stake, 30 lost
        let plan = plan_execution(&r, 10_000, &facts(ALL / 10 * 3), 5).unwrap();
        assert_eq!(
            (plan.allocation_wad, plan.stake_at_capture, plan.loss),
            (ALL / 10 * 3, 300, 30)
        );
        // rounds up: 10% of 1_001 = 100.1 -> 101
        let mut f = facts(ALL);
        f.value = VaultValue::new(Pubkey::default(), vault_worth(1_001), [None, None]).unwrap();
        assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(101));
    }

    #[test]
    fn the_slashable_value_counts_the_buckets_after_the_capture() {
        let r = request(5, 510, 20); // 10%
        let mut amounts = [0u128; MAX_ASSETS];
        amounts[0] = 500;
        let bucket = WithdrawalBucket {
            vault: Pubkey::default(),
            epoch: 6,
            scale_wad: WAD,
            unscaled_amounts: amounts,
            queued_amounts: [0; MAX_ASSETS],
            open_tickets: 1,
            rent_payer: Pubkey::default(),
            hold_until_slot: 0,
            bump: 0,
        };
        let mut f = facts(ALL);
        f.value =
            VaultValue::new(Pubkey::default(), vault_worth(1_000), [Some(bucket), None]).unwrap();
        assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(150));
    }

    #[test]
    fn caps_are_rooms_of_the_stake_at_capture() {
        let r = request(5, 510, 20); // 10%
        let mut f = facts(ALL / 10 * 9); // 900 now
                                         // an earlier slash of epoch 5 took 100 of 1_000: the base stays 1_000
        f.epoch_ledger = Some((1_000, 100));
        f.avs_slashed = 100;
        f.opt_in = Some((OptInWindow::opted_in_at(1), 1_500)); // 15% = 150, 50 left
        assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(50));
        // registry cap 20% = 200, 100 used: 100 left, AVS cap no longer binds
        f.opt_in = Some((OptInWindow::opted_in_at(1), 10_000));
        assert_eq!(loss(plan_execution(&r, 2_000, &f, 5)), Ok(100));
        assert_eq!(
            loss(plan_execution(&r, 1_000, &f, 5)),
            Err(Skip::VaultCapUsed {
                capture_epoch: 5,
                cap_bps: 1_000
            })
        );
        f.opt_in = Some((OptInWindow::opted_in_at(1), 1_000));
        assert_eq!(
            loss(plan_execution(&r, 10_000, &f, 5)),
            Err(Skip::AvsCapUsed {
                capture_epoch: 5,
                cap_bps: 1_000
            })
        );
        // the stake left binds last
        let mut f = facts(ALL / 100 * 3); // 30 now
        f.epoch_ledger = Some((1_000, 970));
        assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(30));
    }

    #[test]
    fn vaults_out_of_reach_are_skipped_with_the_reason() {
        let r = request(5, 510, 20);
        let mut f = facts(ALL);
        f.executed = true;
        assert_eq!(
            loss(plan_execution(&r, 10_000, &f, 5)),
            Err(Skip::AlreadyExecuted)
        );
        let mut f = facts(ALL);
        f.opt_in = None;
        assert_eq!(
            loss(plan_execution(&r, 10_000, &f, 5)),
            Err(Skip::VaultNotOptedIn)
        );
        // opted in during epoch 5: not active at capture 5
        f.opt_in = Some((OptInWindow::opted_in_at(5), 10_000));
        assert!(matches!(
            plan_execution(&r, 10_000, &f, 5),
            Err(Skip::VaultNotActiveAtCapture { .. })
        ));
        let mut f = facts(ALL);
        f.operator_window = Some(OptInWindow::opted_in_at(5));
        assert!(matches!(
            plan_execution(&r, 10_000, &f, 5),
            Err(Skip::OperatorNotActiveAtCapture { .. })
        ));
        f.operator_window = None;
        assert_eq!(
            loss(plan_execution(&r, 10_000, &f, 5)),
            Err(Skip::OperatorNotOptedIn)
        );
        let mut f = facts(ALL);
        f.delegation = None;
        assert_eq!(
            loss(plan_execution(&r, 10_000, &f, 5)),
            Err(Skip::NotWhitelisted)
        );
        // allocated during epoch 5: counts from 6, nothing at capture 5
        let mut f = facts(0);
        if let Some(d) = f.delegation.as_mut() {
            d.allocation.increase(ALL, 5).unwrap();
        }
        assert_eq!(
            loss(plan_execution(&r, 10_000, &f, 5)),
            Err(Skip::NoStakeAtCapture { capture_epoch: 5 })
        );
        // outside the window the history cannot answer: no stake either
        assert_eq!(
            loss(plan_execution(&r, 10_000, &facts(ALL), 7)),
            Err(Skip::NoStakeAtCapture { capture_epoch: 5 })
        );
        assert!(Skip::NoStakeAtCapture { capture_epoch: 5 }
            .to_string()
            .contains("allocated nothing"));
    }

    fn escrow(amounts: [u64; 3], swept: [bool; 3], resolve: u64) -> SlashEscrow {
        let mut a = [0; MAX_ASSETS];
        a[..3].copy_from_slice(&amounts);
        let mut s = [false; MAX_ASSETS];
        s[..3].copy_from_slice(&swept);
        SlashEscrow {
            vault: Pubkey::default(),
            request: Pubkey::default(),
            operator: Pubkey::default(),
            capture_epoch: 5,
            loss_lamports: 1,
            amounts: a,
            bond_shares_burnt: 0,
            bond_unbonding_shares_burnt: 0,
            insurance_shares_burnt: 0,
            pool_taken: a,
            fraction_wad: 0,
            buckets: [EscrowBucket::default(); 2],
            wiped_pool: false,
            destination: SlashDestination::Burn,
            resolve_after_slot: resolve,
            swept: s,
            cancelled: false,
            bump: 0,
        }
    }

    #[test]
    fn escrows_sweep_assets_with_an_unswept_amount_after_the_delay() {
        let e = escrow([10, 0, 5], [false, false, false], 800);
        assert_eq!(
            escrow_state(&e, 3, 799),
            EscrowState::Waiting {
                resolve_after_slot: 800
            }
        );
        assert_eq!(escrow_state(&e, 3, 800), EscrowState::Ready(vec![0, 2]));
        // an asset added after the slash has nothing in the escrow
        assert_eq!(escrow_state(&e, 2, 800), EscrowState::Ready(vec![0]));
        let e = escrow([10, 0, 5], [true, false, false], 800);
        assert_eq!(escrow_state(&e, 3, 900), EscrowState::Ready(vec![2]));
        let e = escrow([10, 0, 5], [true, false, true], 800);
        assert_eq!(escrow_state(&e, 3, 900), EscrowState::Done);
        assert_eq!(escrow_state(&e, 3, 10), EscrowState::Done);
        let mut e = escrow([10, 0, 5], [false; 3], 800);
        e.cancelled = true;
        assert_eq!(escrow_state(&e, 3, 900), EscrowState::Cancelled);
    }

    #[test]
    fn pending_slashes_read_in_words() {
        let view = PendingSlashView {
            request: "R".into(),
            avs: "A".into(),
            operator: "O".into(),
            fraction: "5%".into(),
            wad: (WAD / 20).to_string(),
            capture_epoch: 7,
            status: RequestStatus::VetoWindow,
            veto_deadline_slot: 1_440,
            executable_from_slot: 1_441,
            executable_until_epoch: 8,
            executable_until_slot: 1_799,
            allocation_at_capture: "30%".into(),
            allocation_at_capture_wad: (WAD / 10 * 3).to_string(),
            stake_sol: "90".into(),
            max_loss_sol: "4.5".into(),
            max_loss_lamports: 4_500_000_000,
            max_loss_share: "1.5%".into(),
            max_loss_share_wad: (WAD / 1000 * 15).to_string(),
            share_wad: WAD / 1000 * 15,
        };
        let text = pending_text(&view);
        assert!(text.contains("veto window until slot 1440"), "{text}");
        assert!(text.contains("end of epoch 8 (slot 1799)"), "{text}");
        assert!(text.contains("up to 4.5 SOL to it, 1.5% of"), "{text}");
    }
}
