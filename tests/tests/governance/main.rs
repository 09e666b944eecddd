//! Issue 10 on the real programs: rewards, fees and roles nobody can game, and the
//! governance that changes them (DESIGN.md sections 5 and 8, invariant 10).
//!
//! - `fees`: a raise waits a full epoch of notice, even made in the last slot of an epoch;
//!   the client's `max_fee_bps` refuses a higher fee with nothing changed; a decrease
//!   applies at once; the reward fee follows the same rule.
//! - `treasury`: fees accrue in the vault's treasury ledger, so a treasury whose LRT
//!   account requires memos blocks nothing; the treasury claims its ledger; it changes
//!   hands in two steps.
//! - `roles`: curator and fee-admin handovers in two steps, a vault created for another
//!   curator, the config admin pausing one vault, what a protocol pause stops.
//! - `vesting`: a payment never delays an earlier one; what arrives in epoch `e` vests over
//!   `e + 1`.
//! - `marinade`: a deposit racing an `msol_price` update takes nothing from the mSOL
//!   holders (up to the documented bound for a larger jump).
//! - `cranks`: a crank with nothing to do succeeds and changes no byte.
//! - `commission`: an operator cannot raise its commission in front of a reward.
//!
//! Every expected number is computed here from the rules; every refusal asserts the exact
//! error and that nothing changed; the invariants of DESIGN section 7 are checked after
//! each step of the scenarios. The world (`lrt_integration_tests::governance_world`) is
//! shared with the attack suite.
#![allow(deprecated)] // see tests/src/lib.rs
mod commission;
mod cranks;
mod fees;
mod marinade;
mod roles;
mod treasury;
mod vesting;

use anchor_lang::prelude::Pubkey;
use lrt_client::state::Vault;
pub use lrt_integration_tests::governance_world::*;
use lrt_vault::instructions::*;
use solana_account::Account;
