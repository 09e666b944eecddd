//! A slash request of an AVS against an operator.
//!
//! Must hold: `0 < wad <= 1e18`; `veto_deadline_slot = requested_slot + veto_window_slots`;
//! the veto authority may veto while `slot <= veto_deadline_slot`; it may be executed
//! (once per vault) while `slot > veto_deadline_slot`, the restaking epoch
//! `cur <= capture_epoch + 1`, and it is not vetoed.
use anchor_lang::prelude::*;

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
    /// Hash of the AVS's evidence, for whoever reviews the request before the deadline.
    pub evidence_hash: [u8; 32],
    /// Restaking epoch at the request: stake active at this epoch is what gets slashed.
    pub capture_epoch: u64,
    pub requested_slot: u64,
    /// Last slot at which the veto authority may veto.
    pub veto_deadline_slot: u64,
    pub vetoed: bool,
    /// Vaults the request was executed against.
    pub executions: u32,
    /// Lamports of stake slashed across those vaults.
    pub slashed_lamports: u64,
    pub bump: u8,
}

impl SlashRequest {
    /// The veto authority may still veto at `slot`.
    pub fn vetoable_at(&self, slot: u64) -> bool {
        slot <= self.veto_deadline_slot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let request = SlashRequest {
            avs: Pubkey::default(),
            operator: Pubkey::default(),
            index: 0,
            wad: 0,
            evidence_hash: [0; 32],
            capture_epoch: 0,
            requested_slot: 0,
            veto_deadline_slot: 0,
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
