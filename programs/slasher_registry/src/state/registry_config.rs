//! The registry's configuration: roles, and the slashing parameters with notice.
//!
//! Must hold: `params` and `next_params` each pass [`RegistryParams::validate`] against the
//! vault program's epoch length: `0 < veto_window_slots < epoch_length` (so a request
//! captured at epoch c can always be executed by the end of c + 1),
//! `resolution_delay_slots <= epoch_length` (a slash stays cancellable for at most an
//! epoch), `0 < max_vault_slash_bps_per_epoch <= 10_000`, `max_commission_bps <= 10_000`;
//! `vault_program == lrt_vault::ID`.
//!
//! # Parameters with notice (DESIGN.md section 7, invariant 10)
//! The parameters apply to stake already committed, so a change announced during epoch
//! `e` applies from `e + 2` (`restaking_math::notice`): `params` until
//! `params_effective_epoch`, `next_params` from it, read only through
//! [`RegistryConfig::params_at`]. Which epoch each use reads:
//! - the veto window: the request's epoch (`request_slash`; the deadline is recorded in
//!   the request, so a later change never moves it);
//! - the registry-wide cap: the capture epoch (`execute_slash`), like the stake it caps;
//! - the resolution delay: the execution's epoch (`execute_slash`; the escrow records the
//!   slot it resolves at);
//! - the commission cap: now (`register_operator`, `update_operator`).
//!
//! The veto authority changes at once (`set_veto_authority`): it can only stop slashes.
use anchor_lang::prelude::*;

use crate::{constants::MAX_BPS, errors::RegistryError};

#[account]
#[derive(InitSpace, Debug)]
pub struct RegistryConfig {
    /// Registers AVSs, names the veto authority, announces parameters; moves only through
    /// `transfer_admin` + `accept_admin`.
    pub admin: Pubkey,
    /// Proposed admin waiting to accept; `None` when no transfer is under way.
    pub pending_admin: Option<Pubkey>,
    /// May veto a slash request until its deadline.
    pub veto_authority: Pubkey,
    /// The parameters until `params_effective_epoch`.
    pub params: RegistryParams,
    /// The parameters announced last, in force from `params_effective_epoch`.
    pub next_params: RegistryParams,
    /// First restaking epoch of `next_params` (announcement epoch + 2; 0 at creation).
    pub params_effective_epoch: u64,
    /// The vault program whose `Config` gives the restaking epoch and which applies slashes.
    pub vault_program: Pubkey,
    pub bump: u8,
    pub reserved: [u8; 64],
}

/// The registry's slashing parameters: each changes only with notice (module docs).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct RegistryParams {
    /// Slots between a request and its veto deadline.
    pub veto_window_slots: u64,
    /// Slots between an execution and the moment its escrow may be swept (and until which
    /// the registry admin may cancel it).
    pub resolution_delay_slots: u64,
    /// Most a vault may lose per capture epoch across every AVS, in bps of the slashed
    /// delegation's stake at the capture epoch.
    pub max_vault_slash_bps_per_epoch: u16,
    /// Largest commission an operator may register or announce, in bps.
    pub max_commission_bps: u16,
}

impl RegistryParams {
    /// The bounds every set of parameters meets, at initialisation and at each
    /// announcement alike; `epoch_length` is the vault program's restaking epoch length.
    pub fn validate(&self, epoch_length: u64) -> Result<()> {
        require!(
            self.veto_window_slots > 0 && self.veto_window_slots < epoch_length,
            RegistryError::InvalidVetoWindow
        );
        require_gte!(
            epoch_length,
            self.resolution_delay_slots,
            RegistryError::InvalidResolutionDelay
        );
        require!(
            (1..=MAX_BPS).contains(&self.max_vault_slash_bps_per_epoch),
            RegistryError::InvalidVaultSlashCap
        );
        require_gte!(
            MAX_BPS,
            self.max_commission_bps,
            RegistryError::InvalidCommissionCap
        );
        Ok(())
    }
}

impl RegistryConfig {
    /// The parameters in force during restaking epoch `epoch` (module docs): the only way
    /// to read them.
    pub fn params_at(&self, epoch: u64) -> RegistryParams {
        restaking_math::in_force(
            self.params,
            self.next_params,
            self.params_effective_epoch,
            epoch,
        )
    }

    /// Announces `params` during restaking epoch `cur`: they apply from `cur + 2`. A change
    /// already in force is folded into `params` first, so only one still pending is
    /// replaced. The parameters announced last announce nothing (`NothingToAnnounce`).
    /// (The caller validates them.)
    pub fn announce_params(&mut self, params: RegistryParams, cur: u64) -> Result<()> {
        require!(params != self.next_params, RegistryError::NothingToAnnounce);
        self.params = self.params_at(cur);
        self.next_params = params;
        self.params_effective_epoch = restaking_math::effective_epoch(cur);
        Ok(())
    }

    /// Checks a commission set during restaking epoch `cur` against the cap in force then.
    pub fn check_commission(&self, commission_bps: u16, cur: u64) -> Result<()> {
        require_gte!(
            self.params_at(cur).max_commission_bps,
            commission_bps,
            RegistryError::CommissionAboveCap
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(veto_window_slots: u64) -> RegistryParams {
        RegistryParams {
            veto_window_slots,
            resolution_delay_slots: 50,
            max_vault_slash_bps_per_epoch: 5_000,
            max_commission_bps: 2_000,
        }
    }

    fn config() -> RegistryConfig {
        RegistryConfig {
            admin: Pubkey::default(),
            pending_admin: Some(Pubkey::default()),
            veto_authority: Pubkey::default(),
            params: params(10),
            next_params: params(10),
            params_effective_epoch: 0,
            vault_program: Pubkey::default(),
            bump: 0,
            reserved: [0; 64],
        }
    }

    #[test]
    fn declared_space_matches_serialized_size() {
        assert_eq!(
            crate::state::test_util::serialized_len(&config()),
            8 + RegistryConfig::INIT_SPACE
        );
    }

    #[test]
    fn parameters_announced_during_e_apply_from_e_plus_2() {
        let mut config = config();
        assert_eq!(
            config.announce_params(params(10), 3).unwrap_err(),
            RegistryError::NothingToAnnounce.into()
        );
        config.announce_params(params(20), 3).unwrap();
        assert_eq!(
            [3, 4, 5].map(|e| config.params_at(e).veto_window_slots),
            [10, 10, 20]
        );
        // replaced while pending: 5 keeps 10
        config.announce_params(params(30), 4).unwrap();
        assert_eq!(
            [5, 6].map(|e| config.params_at(e).veto_window_slots),
            [10, 30]
        );
        // after it applied, the next announcement keeps it until its own epoch
        config.announce_params(params(40), 9).unwrap();
        assert_eq!(config.params.veto_window_slots, 30);
        assert_eq!(
            [9, 10, 11].map(|e| config.params_at(e).veto_window_slots),
            [30, 30, 40]
        );
    }

    #[test]
    fn every_bound_is_checked() {
        let ok = params(10);
        assert!(ok.validate(100).is_ok());
        let with = |f: &dyn Fn(&mut RegistryParams)| {
            let mut p = ok;
            f(&mut p);
            p.validate(100).unwrap_err()
        };
        for window in [0, 100, 101] {
            assert_eq!(
                with(&|p| p.veto_window_slots = window),
                RegistryError::InvalidVetoWindow.into()
            );
        }
        assert_eq!(
            with(&|p| p.resolution_delay_slots = 101),
            RegistryError::InvalidResolutionDelay.into()
        );
        for bps in [0, 10_001] {
            assert_eq!(
                with(&|p| p.max_vault_slash_bps_per_epoch = bps),
                RegistryError::InvalidVaultSlashCap.into()
            );
        }
        assert_eq!(
            with(&|p| p.max_commission_bps = 10_001),
            RegistryError::InvalidCommissionCap.into()
        );
        let edge = RegistryParams {
            veto_window_slots: 99,
            resolution_delay_slots: 100,
            max_vault_slash_bps_per_epoch: 10_000,
            max_commission_bps: 10_000,
        };
        assert!(edge.validate(100).is_ok());
        let low = RegistryParams {
            veto_window_slots: 1,
            resolution_delay_slots: 0,
            max_vault_slash_bps_per_epoch: 1,
            max_commission_bps: 0,
        };
        assert!(low.validate(100).is_ok());
    }
}
