//! Where a slash request stands (`SlashRequest::status`, the registry's own rule) and what
//! blocks its execution now, in words.
use std::fmt;

use serde::Serialize;
use slasher_registry::state::{RequestStatus as ProgramStatus, SlashRequest};

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
