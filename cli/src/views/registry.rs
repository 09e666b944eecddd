//! The slasher registry's configuration (`RegistryConfig`): its roles and its slashing
//! parameters, in force now (`RegistryConfig::params_at`) and as announced.
use std::fmt;

use anchor_lang::prelude::Pubkey;
use serde::Serialize;
use slasher_registry::state::{RegistryConfig, RegistryParams};

use crate::{amount::bps, views::announced};

/// One set of registry parameters.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct RegistryParamsView {
    /// Slots between a slash request and its veto deadline.
    pub veto_window_slots: u64,
    /// Slots between an execution and its sweep (while the registry admin may cancel it).
    pub resolution_delay_slots: u64,
    /// Most a vault loses per capture epoch across every AVS, of the slashed stake.
    pub max_vault_slash_per_epoch: String,
    pub max_vault_slash_bps_per_epoch: u16,
    /// Largest commission an operator may register or announce.
    pub max_commission: String,
    pub max_commission_bps: u16,
}

impl From<RegistryParams> for RegistryParamsView {
    fn from(p: RegistryParams) -> Self {
        Self {
            veto_window_slots: p.veto_window_slots,
            resolution_delay_slots: p.resolution_delay_slots,
            max_vault_slash_per_epoch: bps(p.max_vault_slash_bps_per_epoch),
            max_vault_slash_bps_per_epoch: p.max_vault_slash_bps_per_epoch,
            max_commission: bps(p.max_commission_bps),
            max_commission_bps: p.max_commission_bps,
        }
    }
}

impl fmt::Display for RegistryParamsView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "veto window {} slots, resolution delay {} slots, at most {} of a vault's \
             stake per epoch, commissions up to {}",
            self.veto_window_slots,
            self.resolution_delay_slots,
            self.max_vault_slash_per_epoch,
            self.max_commission
        )
    }
}

/// The registry at the current epoch (`registry show`, `registry announce-params`).
#[derive(Serialize, Debug, Clone)]
pub struct RegistryView {
    pub address: String,
    pub admin: String,
    /// Proposed admin waiting to accept (null if none).
    pub pending_admin: Option<String>,
    pub veto_authority: String,
    pub current_epoch: u64,
    /// In force now.
    pub params: RegistryParamsView,
    /// Announced, null when no change is pending.
    pub next_params: Option<RegistryParamsView>,
    /// First epoch of `next_params`.
    pub next_params_from_epoch: Option<u64>,
}

impl RegistryView {
    pub fn new(address: &Pubkey, config: &RegistryConfig, cur: u64) -> Self {
        let params = announced(|e| config.params_at(e), config.params_effective_epoch, cur)
            .map(RegistryParamsView::from);
        Self {
            address: address.to_string(),
            admin: config.admin.to_string(),
            pending_admin: config.pending_admin.map(|k| k.to_string()),
            veto_authority: config.veto_authority.to_string(),
            current_epoch: cur,
            next_params_from_epoch: params.next_from_epoch(),
            params: params.in_force,
            next_params: params.next.map(|(next, _)| next),
        }
    }
}

impl fmt::Display for RegistryView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Slasher registry {}", self.address)?;
        writeln!(f, "  admin            {}", self.admin)?;
        if let Some(pending) = &self.pending_admin {
            writeln!(f, "  proposed admin   {pending} (not accepted yet)")?;
        }
        writeln!(f, "  veto authority   {}", self.veto_authority)?;
        writeln!(f, "  epoch            {}", self.current_epoch)?;
        writeln!(f, "  in force         {}", self.params)?;
        match (&self.next_params, self.next_params_from_epoch) {
            (Some(next), Some(from)) => writeln!(f, "  from epoch {from:<5} {next}"),
            _ => writeln!(f, "  announced        nothing"),
        }
    }
}
