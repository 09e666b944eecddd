//! The slash requests pending against a vault (in their veto window or executable) and
//! the most each can take: `lrt vault show` and the pending-slash guard of `lrt deposit`.

use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{listing, lrt_vault::state::Vault};
use serde::Serialize;

use super::{
    plan::{plan_execution, registry_cap_bps, vault_facts},
    status::{request_status, RequestStatus},
};
use crate::{
    amount::{percent, sol},
    chain,
    context::Ctx,
};

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
