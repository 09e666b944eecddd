//! This AVS's configuration: which registry AVS it acts as, how much one proven
//! equivocation asks the registry to slash, and who pays rewards.
//!
//! Must hold: `avs` is the registry `Avs` account whose kind is
//! `Local { slash_authority: this config's address }` (checked at initialisation); `0 < slash_wad <= 1e18`; `equivocations` and `reward_payments` only
//! grow.
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct AvsConfig {
    /// Sets `slash_wad` and pays rewards (`pay_reward`); the registry AVS's admin at
    /// initialisation.
    pub admin: Pubkey,
    /// The registry's `Avs` account this program acts as (`["avs", avs_id]` of the registry).
    pub avs: Pubkey,
    /// The id the registry AVS was registered under.
    pub avs_id: Pubkey,
    /// Fraction (WAD, 1e18 = 100%) of an operator's stake requested per equivocation; the
    /// registry applies the AVS's `max_slash_wad` and its caps at execution.
    pub slash_wad: u128,
    /// Equivocations reported (and slash requests made) so far.
    pub equivocations: u64,
    /// Rewards paid through `pay_reward` so far.
    pub reward_payments: u64,
    pub bump: u8,
    pub reserved: [u8; 57],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let config = AvsConfig {
            admin: Pubkey::default(),
            avs: Pubkey::default(),
            avs_id: Pubkey::default(),
            slash_wad: 0,
            equivocations: 0,
            reward_payments: 0,
            bump: 0,
            reserved: [0; 57],
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&config),
            8 + AvsConfig::INIT_SPACE
        );
    }
}
