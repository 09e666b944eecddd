//! A slash request's execution against one vault (the registry's `SlashExecution`), as
//! `operator show` lists it and `avs execute` / `crank execute-slashes` report it.
use std::fmt;

use anchor_lang::prelude::Pubkey;
use serde::Serialize;
use slasher_registry::{events::SlashExecuted, state::SlashExecution};

use crate::amount::sol;

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct SlashExecutionView {
    /// The `SlashExecution` account.
    pub execution: String,
    pub request: String,
    pub vault: String,
    pub lrt_symbol: String,
    /// The operator's stake in the vault at the capture epoch, before any slash of it.
    pub stake_at_capture_sol: String,
    /// min(fraction, AVS max) of that stake, before the caps.
    pub requested_loss_sol: String,
    /// What the vault took, after the caps.
    pub loss_sol: String,
    pub executed_slot: u64,
    /// First slot at which the escrow may be swept (the registry admin may cancel before).
    pub resolve_after_slot: u64,
    /// Cancelled by the registry admin: the vault got its tokens back.
    pub cancelled: bool,
}

impl SlashExecutionView {
    /// The execution at `key`, against a vault whose LRT is called `lrt_symbol`.
    pub fn new(key: &Pubkey, execution: &SlashExecution, lrt_symbol: &str) -> Self {
        Self {
            execution: key.to_string(),
            request: execution.request.to_string(),
            vault: execution.vault.to_string(),
            lrt_symbol: lrt_symbol.to_string(),
            stake_at_capture_sol: sol(execution.stake_lamports),
            requested_loss_sol: sol(execution.requested_loss_lamports),
            loss_sol: sol(execution.loss_lamports),
            executed_slot: execution.executed_slot,
            resolve_after_slot: execution.resolve_after_slot,
            cancelled: execution.cancelled,
        }
    }
}

impl SlashExecutionView {
    /// The execution a transaction that landed in `slot` just made, from its
    /// `SlashExecuted` event (what landed, not the account read afterwards).
    pub fn landed(event: &SlashExecuted, slot: u64, lrt_symbol: &str) -> Self {
        Self {
            execution: event.execution.to_string(),
            request: event.request.to_string(),
            vault: event.vault.to_string(),
            lrt_symbol: lrt_symbol.to_string(),
            stake_at_capture_sol: sol(event.stake_lamports),
            requested_loss_sol: sol(event.requested_loss_lamports),
            loss_sol: sol(event.loss_lamports),
            executed_slot: slot,
            resolve_after_slot: event.resolve_after_slot,
            cancelled: false,
        }
    }
}

/// "vault V (dLRT): took 0.5 SOL of 10 SOL staked at capture (requested 0.5 SOL)".
impl fmt::Display for SlashExecutionView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "vault {} ({}): took {} SOL of {} SOL staked at capture (requested {} SOL)",
            self.vault,
            self.lrt_symbol,
            self.loss_sol,
            self.stake_at_capture_sol,
            self.requested_loss_sol
        )?;
        if self.cancelled {
            write!(f, ", cancelled")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn key(byte: u8) -> Pubkey {
        Pubkey::new_from_array([byte; 32])
    }

    fn execution(cancelled: bool) -> SlashExecution {
        SlashExecution {
            request: key(1),
            vault: key(2),
            avs: key(3),
            operator: key(4),
            capture_epoch: 5,
            stake_lamports: 10_000_000_000,
            requested_loss_lamports: 500_000_000,
            loss_lamports: 250_000_001,
            executor: key(6),
            executed_slot: 640,
            resolve_after_slot: 700,
            cancelled,
            bump: 0,
        }
    }

    #[test]
    fn an_execution_in_sol_with_its_accounts() {
        let view = SlashExecutionView::new(&key(9), &execution(false), "dLRT");
        assert_eq!(
            serde_json::to_value(&view).unwrap(),
            json!({
                "execution": key(9).to_string(),
                "request": key(1).to_string(),
                "vault": key(2).to_string(),
                "lrt_symbol": "dLRT",
                "stake_at_capture_sol": "10",
                "requested_loss_sol": "0.5",
                "loss_sol": "0.250000001",
                "executed_slot": 640,
                "resolve_after_slot": 700,
                "cancelled": false,
            })
        );
        assert_eq!(
            view.to_string(),
            format!(
                "vault {} (dLRT): took 0.250000001 SOL of 10 SOL staked at capture (requested \
                 0.5 SOL)",
                key(2)
            )
        );
    }

    #[test]
    fn a_cancelled_execution_says_so() {
        let view = SlashExecutionView::new(&key(9), &execution(true), "dLRT");
        assert_eq!(serde_json::to_value(&view).unwrap()["cancelled"], true);
        assert!(view.to_string().ends_with(", cancelled"), "{view}");
    }

    #[test]
    fn a_landed_execution_reads_as_the_account_it_wrote() {
        let account = execution(false);
        let event = SlashExecuted {
            request: account.request,
            execution: key(9),
            avs: account.avs,
            operator: account.operator,
            vault: account.vault,
            executor: account.executor,
            capture_epoch: account.capture_epoch,
            stake_lamports: account.stake_lamports,
            effective_wad: 50_000_000_000_000_000,
            requested_loss_lamports: account.requested_loss_lamports,
            avs_cap_room_lamports: u64::MAX,
            vault_cap_room_lamports: u64::MAX,
            loss_lamports: account.loss_lamports,
            avs_epoch_total_lamports: account.loss_lamports,
            vault_epoch_total_lamports: account.loss_lamports,
            destination: slasher_registry::state::SlashDestination::Burn,
            resolve_after_slot: account.resolve_after_slot,
        };
        assert_eq!(
            SlashExecutionView::landed(&event, account.executed_slot, "dLRT"),
            SlashExecutionView::new(&key(9), &account, "dLRT")
        );
    }
}
