//! A slash request of an AVS against an operator.
//!
//! Must hold: `0 < wad <= 1e18`; `veto_deadline_slot = requested_slot + veto_window_slots`
//! (the window in force at the capture epoch, recorded: a later change never moves it);
//! `max_slash_wad` and `destination` are the AVS's in force at the capture epoch, and the
//! request executes with them whatever the AVS announces later (a pending request keeps
//! its rules); the veto authority may veto while `slot <= veto_deadline_slot`; it may be
//! executed (once per vault) while `slot > veto_deadline_slot`, the restaking epoch
//! `cur <= capture_epoch + 1`, and it is not vetoed.
use anchor_lang::prelude::*;

use crate::{
    errors::RegistryError,
    state::{OptInWindow, SlashDestination},
};

#[account]
#[derive(InitSpace, Debug)]
pub struct SlashRequest {
    /// The registry's `Avs` account that asked.
    pub avs: Pubkey,
    /// The registry's `Operator` account to slash.
    pub operator: Pubkey,
    /// Position in the AVS's requests (`Avs.request_count` when it was made).
    pub index: u64,
    /// Fraction (WAD) of the operator's stake to take, before the AVS's maximum and caps.
    pub wad: u128,
    /// The AVS's `max_slash_wad` in force at the capture epoch: the most this request
    /// takes, whatever the AVS announces after it.
    pub max_slash_wad: u128,
    /// Hash of the AVS's evidence, for whoever reviews the request before the deadline.
    pub evidence_hash: [u8; 32],
    /// Restaking epoch at the request: stake active at this epoch is what gets slashed.
    pub capture_epoch: u64,
    pub requested_slot: u64,
    /// Last slot at which the veto authority may veto.
    pub veto_deadline_slot: u64,
    /// The AVS's destination in force at the capture epoch: where this request's slashed
    /// tokens go, whatever the AVS announces after it.
    pub destination: SlashDestination,
    pub vetoed: bool,
    /// Vaults the request was executed against.
    pub executions: u32,
    /// Lamports of stake slashed across those vaults.
    pub slashed_lamports: u64,
    pub bump: u8,
}

/// The one vault a request may execute against (`["request_target", request]`): a remote
/// message may name a vault; without this account a request reaches every vault.
#[account]
#[derive(InitSpace, Debug)]
pub struct RequestTarget {
    pub request: Pubkey,
    pub vault: Pubkey,
    pub bump: u8,
}

impl RequestTarget {
    /// The request may execute against `vault` (`VaultNotTargeted`).
    pub fn check_vault(&self, vault: &Pubkey) -> Result<()> {
        require_keys_eq!(self.vault, *vault, RegistryError::VaultNotTargeted);
        Ok(())
    }
}

/// Where a request stands at a slot (restaking epoch `cur`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestStatus {
    /// The veto authority may still veto; executable after `veto_deadline_slot`.
    VetoWindow,
    /// Anyone may execute it against each vault it reaches.
    Executable,
    Vetoed,
    /// Its execution window (through epoch `capture_epoch + 1`) is over.
    Expired,
}

impl SlashRequest {
    /// The veto authority may still veto at `slot`.
    pub fn vetoable_at(&self, slot: u64) -> bool {
        slot <= self.veto_deadline_slot
    }

    /// The last restaking epoch in which the request may execute: the vaults know the
    /// stake at the capture epoch only through the next one.
    pub fn last_execution_epoch(&self) -> u64 {
        Self::last_execution_epoch_of(self.capture_epoch)
    }

    /// The last restaking epoch in which a request captured at `capture_epoch` may
    /// execute (for clients reasoning about captures that have no request yet).
    pub fn last_execution_epoch_of(capture_epoch: u64) -> u64 {
        capture_epoch.saturating_add(1)
    }

    /// The first slot at which it may be executed: right after its veto deadline.
    pub fn executable_from_slot(&self) -> u64 {
        self.veto_deadline_slot.saturating_add(1)
    }

    /// The last slot at which it may be executed: the end of its last execution epoch,
    /// with epochs of `epoch_length` slots.
    pub fn executable_until_slot(&self, epoch_length: u64) -> u64 {
        self.last_execution_epoch()
            .saturating_add(1)
            .saturating_mul(epoch_length)
            .saturating_sub(1)
    }

    /// Whether the veto authority may veto it now (at `slot`): not vetoed already
    /// (`SlashVetoed`), and its veto window is open (`VetoWindowClosed`).
    pub fn check_vetoable(&self, slot: u64) -> Result<()> {
        require!(!self.vetoed, RegistryError::SlashVetoed);
        require!(self.vetoable_at(slot), RegistryError::VetoWindowClosed);
        Ok(())
    }

    /// Where the request stands at `slot`, in restaking epoch `cur`.
    pub fn status(&self, slot: u64, cur: u64) -> RequestStatus {
        if self.vetoed {
            RequestStatus::Vetoed
        } else if cur > self.last_execution_epoch() {
            RequestStatus::Expired
        } else if self.vetoable_at(slot) {
            RequestStatus::VetoWindow
        } else {
            RequestStatus::Executable
        }
    }

    /// Whether the request may be executed now (at `slot`, epoch `cur`): not vetoed, past
    /// its veto deadline, within its execution window.
    pub fn check_executable(&self, slot: u64, cur: u64) -> Result<()> {
        match self.status(slot, cur) {
            RequestStatus::Executable => Ok(()),
            RequestStatus::Vetoed => err!(RegistryError::SlashVetoed),
            RequestStatus::VetoWindow => err!(RegistryError::VetoWindowOpen),
            RequestStatus::Expired => err!(RegistryError::ExecutionWindowClosed),
        }
    }

    /// Whether a vault's stake with the operator is within the request's reach: the
    /// operator and the vault were both opted in to the AVS, and active, at the capture
    /// epoch (the delegation's own window is the vault's to check).
    pub fn check_reaches(&self, operator_avs: &OptInWindow, vault_avs: &OptInWindow) -> Result<()> {
        require!(
            operator_avs.is_active_at(self.capture_epoch),
            RegistryError::OperatorNotActiveAtCapture
        );
        require!(
            vault_avs.is_active_at(self.capture_epoch),
            RegistryError::VaultNotActiveAtCapture
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(capture_epoch: u64, requested_slot: u64, veto_deadline_slot: u64) -> SlashRequest {
        SlashRequest {
            avs: Pubkey::default(),
            operator: Pubkey::default(),
            index: 0,
            wad: 1,
            max_slash_wad: 1,
            evidence_hash: [0; 32],
            capture_epoch,
            requested_slot,
            veto_deadline_slot,
            destination: SlashDestination::Burn,
            vetoed: false,
            executions: 0,
            slashed_lamports: 0,
            bump: 0,
        }
    }

    #[test]
    fn a_request_is_vetoable_through_its_deadline_then_executable_through_the_next_epoch() {
        // epochs of 100 slots; requested at slot 420 (epoch 4), deadline 450
        let mut r = request(4, 420, 450);
        r.check_vetoable(450).unwrap();
        assert_eq!(
            r.check_vetoable(451).unwrap_err(),
            RegistryError::VetoWindowClosed.into()
        );
        assert_eq!(
            r.check_executable(450, 4).unwrap_err(),
            RegistryError::VetoWindowOpen.into()
        );
        assert_eq!(r.executable_from_slot(), 451);
        r.check_executable(451, 4).unwrap();
        assert_eq!(r.last_execution_epoch(), 5);
        assert_eq!(SlashRequest::last_execution_epoch_of(4), 5);
        assert_eq!(r.executable_until_slot(100), 599);
        r.check_executable(599, 5).unwrap();
        assert_eq!(
            r.check_executable(600, 6).unwrap_err(),
            RegistryError::ExecutionWindowClosed.into()
        );
        assert_eq!(r.status(600, 6), RequestStatus::Expired);
        r.vetoed = true;
        assert_eq!(
            r.check_vetoable(430).unwrap_err(),
            RegistryError::SlashVetoed.into()
        );
        assert_eq!(
            r.check_executable(451, 4).unwrap_err(),
            RegistryError::SlashVetoed.into()
        );
    }

    #[test]
    fn a_request_reaches_stake_opted_in_at_its_capture_epoch() {
        let r = request(4, 420, 450);
        let since_3 = OptInWindow::opted_in_at(3);
        let since_4 = OptInWindow::opted_in_at(4);
        r.check_reaches(&since_3, &since_3).unwrap();
        assert_eq!(
            r.check_reaches(&since_4, &since_3).unwrap_err(),
            RegistryError::OperatorNotActiveAtCapture.into()
        );
        assert_eq!(
            r.check_reaches(&since_3, &since_4).unwrap_err(),
            RegistryError::VaultNotActiveAtCapture.into()
        );
    }

    #[test]
    fn a_targeted_request_executes_against_its_vault_only() {
        let vault = Pubkey::new_unique();
        let target = RequestTarget {
            request: Pubkey::new_unique(),
            vault,
            bump: 0,
        };
        target.check_vault(&vault).unwrap();
        assert_eq!(
            target.check_vault(&Pubkey::new_unique()).unwrap_err(),
            RegistryError::VaultNotTargeted.into()
        );
        assert_eq!(
            crate::state::test_util::serialized_len(&target),
            8 + RequestTarget::INIT_SPACE
        );
    }

    #[test]
    fn declared_space_matches_serialized_size() {
        let request = SlashRequest {
            avs: Pubkey::default(),
            operator: Pubkey::default(),
            index: 0,
            wad: 0,
            max_slash_wad: 0,
            evidence_hash: [0; 32],
            capture_epoch: 0,
            requested_slot: 0,
            veto_deadline_slot: 0,
            destination: SlashDestination::Recipient {
                owner: Pubkey::default(),
            },
            vetoed: false,
            executions: 0,
            slashed_lamports: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&request),
            8 + SlashRequest::INIT_SPACE
        );
    }
}
