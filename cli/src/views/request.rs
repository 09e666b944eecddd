//! A slash request as every command shows it (`lrt avs show`, `request-slash`, `veto`).
use anchor_lang::prelude::Pubkey;
use serde::Serialize;
use slasher_registry::state::SlashRequest;

use crate::{
    amount::{percent, sol},
    output::hex,
    slashing::status::{request_status, RequestStatus},
};
#[derive(Serialize)]
pub struct RequestView {
    pub address: String,
    pub avs: String,
    pub index: u64,
    pub operator: String,
    /// Requested fraction of the operator's stake at capture, e.g. "5%".
    pub fraction: String,
    pub wad: String,
    /// The AVS's maximum in force when the request was made: it executes with it,
    /// whatever the AVS announced since.
    pub max_slash: String,
    pub max_slash_wad: String,
    /// Where its slashed tokens go (the AVS's destination when it was made): "burn" or
    /// "recipient:<OWNER>".
    pub destination: String,
    /// sha256 of the evidence (hex).
    pub evidence_hash: String,
    pub capture_epoch: u64,
    pub requested_slot: u64,
    /// Last slot at which the veto authority may veto.
    pub veto_deadline_slot: u64,
    pub executable_from_slot: u64,
    /// Its last execution epoch (capture + 1) and that epoch's last slot.
    pub executable_until_epoch: u64,
    pub executable_until_slot: u64,
    pub status: RequestStatus,
    pub status_text: String,
    /// Vaults it was executed against.
    pub executions: u32,
    /// Lamports of stake slashed across them, in SOL.
    pub slashed_sol: String,
}

pub fn request_view(
    key: &Pubkey,
    r: &SlashRequest,
    slot: u64,
    cur: u64,
    epoch_length: u64,
) -> RequestView {
    let status = request_status(r, slot, cur);
    RequestView {
        address: key.to_string(),
        avs: r.avs.to_string(),
        index: r.index,
        operator: r.operator.to_string(),
        fraction: percent(r.wad),
        wad: r.wad.to_string(),
        max_slash: percent(r.max_slash_wad),
        max_slash_wad: r.max_slash_wad.to_string(),
        destination: crate::views::avs::destination_text(&r.destination),
        evidence_hash: hex(&r.evidence_hash),
        capture_epoch: r.capture_epoch,
        requested_slot: r.requested_slot,
        veto_deadline_slot: r.veto_deadline_slot,
        executable_from_slot: r.executable_from_slot(),
        executable_until_epoch: r.last_execution_epoch(),
        executable_until_slot: r.executable_until_slot(epoch_length),
        status,
        status_text: status.describe(r, epoch_length),
        executions: r.executions,
        slashed_sol: sol(r.slashed_lamports),
    }
}

/// The request's lines, as the commands that make one (`avs request-slash`,
/// `xchain submit`) print it.
impl std::fmt::Display for RequestView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "slash request {} (#{} of AVS {})\n  operator        {}\n  fraction        {} of \
             its stake at epoch {}\n  evidence hash   {}\n  veto deadline   slot {}\n  \
             executable      from slot {} to slot {} (end of epoch {})",
            self.address,
            self.index,
            self.avs,
            self.operator,
            self.fraction,
            self.capture_epoch,
            self.evidence_hash,
            self.veto_deadline_slot,
            self.executable_from_slot,
            self.executable_until_slot,
            self.executable_until_epoch
        )
    }
}
