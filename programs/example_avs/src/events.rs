//! Events, emitted with `emit_cpi!` so they reach indexers as inner instructions. Each is
//! a past-tense fact carrying what an indexer needs without re-reading accounts.
use anchor_lang::prelude::*;

#[event]
pub struct AvsInitialized {
    pub config: Pubkey,
    pub admin: Pubkey,
    /// The registry `Avs` account this program acts as.
    pub avs: Pubkey,
    pub avs_id: Pubkey,
    /// The slash authority the registry AVS names: the config itself.
    pub slash_authority: Pubkey,
    pub slash_wad: u128,
}

#[event]
pub struct SlashWadSet {
    pub admin: Pubkey,
    pub previous_slash_wad: u128,
    pub slash_wad: u128,
}

#[event]
pub struct EquivocationReported {
    /// The new `["equivocation", operator, round_le]` record.
    pub equivocation: Pubkey,
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    /// The operator's keys that signed `value_a` and `value_b` (see `Equivocation`).
    pub signing_key_a: [u8; 32],
    pub signing_key_b: [u8; 32],
    pub round: u64,
    pub value_a: [u8; 32],
    pub value_b: [u8; 32],
    pub evidence_hash: [u8; 32],
    pub reporter: Pubkey,
    /// The registry `Avs` account and the `SlashRequest` made through it.
    pub avs: Pubkey,
    pub slash_request: Pubkey,
    pub request_index: u64,
    /// Fraction (WAD) requested, before the registry's maximum and caps.
    pub wad: u128,
    /// Equivocations reported to this AVS so far, this one included.
    pub equivocations: u64,
    pub slot: u64,
}

#[event]
pub struct RewardPaid {
    pub admin: Pubkey,
    /// The `lrt_vault` vault and the registry `Operator` whose stake in it is rewarded.
    pub vault: Pubkey,
    pub operator: Pubkey,
    pub asset_index: u8,
    pub asset_mint: Pubkey,
    /// The reward, before the operator's commission and the vault's fee (split and
    /// vesting in the vault's `RewardsDistributed`, emitted in the same instruction).
    pub amount: u64,
    /// The treasury token account it came from, and what that account holds after.
    pub reward_treasury: Pubkey,
    pub treasury_balance: u64,
    /// Rewards paid by this AVS so far, this one included.
    pub reward_payments: u64,
    pub slot: u64,
}
