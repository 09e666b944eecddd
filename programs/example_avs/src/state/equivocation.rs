//! A proven equivocation: an operator signed two different values for one round.
//!
//! Must hold: at most one per (operator, round) — the account is
//! `["equivocation", operator, round_le]` and its existence refuses a second report;
//! `value_a != value_b`; `slash_request` is the registry request made in the same
//! instruction, with `evidence_hash`.
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct Equivocation {
    /// The registry's `Operator` account that signed both values.
    pub operator: Pubkey,
    /// The operator's ed25519 key that verified the signature of `value_a`: its
    /// registered key, or its previous one within the window after a rotation.
    pub signing_key_a: [u8; 32],
    /// The same for `value_b` (the same key unless the operator rotated in between).
    pub signing_key_b: [u8; 32],
    pub round: u64,
    pub value_a: [u8; 32],
    pub value_b: [u8; 32],
    /// `sha256(EVIDENCE_DOMAIN || message_a || signature_a || message_b || signature_b)`,
    /// also recorded in the registry's `SlashRequest`.
    pub evidence_hash: [u8; 32],
    /// Who submitted the proof and paid for this account and the request.
    pub reporter: Pubkey,
    /// The registry's `SlashRequest` made for it.
    pub slash_request: Pubkey,
    /// That request's index among the registry AVS's requests.
    pub request_index: u64,
    pub reported_slot: u64,
    pub bump: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let equivocation = Equivocation {
            operator: Pubkey::default(),
            signing_key_a: [0; 32],
            signing_key_b: [0; 32],
            round: 0,
            value_a: [0; 32],
            value_b: [0; 32],
            evidence_hash: [0; 32],
            reporter: Pubkey::default(),
            slash_request: Pubkey::default(),
            request_index: 0,
            reported_slot: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&equivocation),
            8 + Equivocation::INIT_SPACE
        );
    }
}
