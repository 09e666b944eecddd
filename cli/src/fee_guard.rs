//! The fee guard (DESIGN.md section 8) of `lrt deposit` and `lrt withdraw request`.
//!
//! The fee guard (DESIGN.md section 8): a deposit and a withdrawal request name the most
//! fee they accept (`max_fee_bps`). `lrt` fills it with the fee in force now, which it
//! prints (`--max-fee` states it explicitly), so a fee raised after the user looked can
//! never be charged: the program refuses with `FeeAboveMaximum` and nothing changes.
use anyhow::{bail, Context as _, Result};
use lrt_client::lrt_vault::state::{check_fee_accepted, Fees, Vault};
use serde::Serialize;

use crate::{
    amount::{bps, parse_bps},
    errors::would_refuse,
    views::announced,
};

/// The fee a deposit or withdrawal request signs for: the fee in force now and the most it
/// accepts (`max_fee_bps`).
#[derive(Serialize, Debug, Clone)]
pub struct FeeGuard {
    /// In force at the epoch the transaction was signed in (`FeeSchedule::at`).
    pub fee: String,
    pub fee_bps: u16,
    /// `max_fee_bps` of the instruction: `--max-fee`, or the fee in force.
    pub max_fee: String,
    pub max_fee_bps: u16,
    /// An announced change of this fee and the first epoch it applies in (null if none).
    pub next_fee: Option<String>,
    pub next_fee_from_epoch: Option<u64>,
}

/// The fee guard of `what` ("deposit", "withdrawal") at restaking epoch `epoch`: the fee
/// `pick` chooses of the vault's fees in force, and `--max-fee` (default: that fee).
/// Refuses before signing, with the program's own rule (`check_fee_accepted`), a maximum
/// below the fee in force, saying what the fee is and how to accept it.
pub fn fee_guard(
    what: &str,
    state: &Vault,
    epoch: u64,
    pick: fn(Fees) -> u16,
    max_fee: Option<&str>,
) -> Result<FeeGuard> {
    let fee = announced(
        |e| pick(state.fees.at(e)),
        state.fees.effective_epoch,
        epoch,
    );
    let max_fee_bps = match max_fee {
        Some(text) => parse_bps(text).context("--max-fee")?,
        None => fee.in_force,
    };
    if let Err(error) = check_fee_accepted(fee.in_force, max_fee_bps) {
        bail!(
            "{what} refused (nothing was sent): {}\nthe vault's {what} fee in force (epoch \
             {epoch}) is {} ({} bps), above --max-fee {} ({max_fee_bps} bps). To accept it, \
             pass --max-fee {} (or leave --max-fee out: `lrt` then accepts the fee in force, \
             which it prints); `lrt vault show` shows the fees and announced changes",
            would_refuse(&lrt_vault::ID, &error),
            bps(fee.in_force),
            fee.in_force,
            bps(max_fee_bps),
            bps(fee.in_force)
        );
    }
    Ok(FeeGuard {
        fee: bps(fee.in_force),
        fee_bps: fee.in_force,
        max_fee: bps(max_fee_bps),
        max_fee_bps,
        next_fee: fee.next.map(|(next, _)| bps(next)),
        next_fee_from_epoch: fee.next_from_epoch(),
    })
}

impl FeeGuard {
    /// "the deposit fee in force is 0.1%; this deposit accepts at most 0.1%", with an
    /// announced change.
    pub fn text(&self, what: &str) -> String {
        let mut text = format!(
            "the {what} fee in force is {}; this {what} accepts at most {}",
            self.fee, self.max_fee
        );
        if let (Some(next), Some(from)) = (&self.next_fee, self.next_fee_from_epoch) {
            text.push_str(&format!(" (announced: {next} from epoch {from})"));
        }
        text
    }
}
