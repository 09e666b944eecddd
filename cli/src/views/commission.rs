//! An operator's commission (`Operator::commission_at`): in force now, and an announced
//! change with the epoch it applies from (a change made during `e` applies from `e + 2`).
use std::fmt;

use serde::Serialize;
use slasher_registry::state::Operator;

use crate::{amount::bps, views::announced};

/// Flattened into every operator view, under these names.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct CommissionView {
    /// In force now: what a reward paid now gives the operator.
    pub commission: String,
    pub commission_bps: u16,
    /// Announced, null when no change is pending.
    pub next_commission: Option<String>,
    pub next_commission_bps: Option<u16>,
    /// First epoch of the announced commission.
    pub next_commission_from_epoch: Option<u64>,
}

impl CommissionView {
    pub fn new(operator: &Operator, cur: u64) -> Self {
        let commission = announced(
            |e| operator.commission_at(e),
            operator.commission_effective_epoch,
            cur,
        );
        Self {
            commission: bps(commission.in_force),
            commission_bps: commission.in_force,
            next_commission: commission.next.map(|(next, _)| bps(next)),
            next_commission_bps: commission.next.map(|(next, _)| next),
            next_commission_from_epoch: commission.next_from_epoch(),
        }
    }
}

impl fmt::Display for CommissionView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.commission)?;
        if let (Some(next), Some(from)) = (&self.next_commission, self.next_commission_from_epoch) {
            write!(f, " ({next} from epoch {from})")?;
        }
        Ok(())
    }
}
