//! A slash escrow's state: cancelled, swept, waiting out its resolution delay, or ready to
//! sweep these assets.

use lrt_client::lrt_vault::state::SlashEscrow;

/// Where a slash escrow stands at a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscrowState {
    /// The registry admin cancelled the slash: the tokens went back.
    Cancelled,
    /// Every asset with an amount is swept (or it took nothing).
    Done,
    /// The resolution delay runs until `resolve_after_slot`.
    Waiting { resolve_after_slot: u64 },
    /// These assets can be swept now.
    Ready(Vec<u8>),
}

/// Which assets of `escrow` the vault would sweep at `slot` (`SlashEscrow::sweep_due`: a
/// swept asset or a cancelled escrow has nothing to do, before the delay is too early).
pub fn escrow_state(escrow: &SlashEscrow, asset_count: u8, slot: u64) -> EscrowState {
    if escrow.cancelled {
        return EscrowState::Cancelled;
    }
    let with_amount: Vec<u8> = (0..asset_count.min(escrow.amounts.len() as u8))
        .filter(|&k| escrow.amounts[k as usize] > 0)
        .collect();
    let ready: Vec<u8> = with_amount
        .iter()
        .copied()
        .filter(|&k| matches!(escrow.sweep_due(k as usize, slot), Ok(true)))
        .collect();
    if !ready.is_empty() {
        EscrowState::Ready(ready)
    } else if with_amount.iter().any(|&k| !escrow.swept[k as usize]) {
        EscrowState::Waiting {
            resolve_after_slot: escrow.resolve_after_slot,
        }
    } else {
        EscrowState::Done
    }
}
