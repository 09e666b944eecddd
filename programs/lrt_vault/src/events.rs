//! Events, emitted with `emit_cpi!` so they reach indexers as inner instructions.
//! Each carries the numbers a UI needs to explain and chart what happened (share supply,
//! value, prices) without re-reading accounts.
use anchor_lang::prelude::*;

use crate::{
    constants::MAX_ASSETS,
    state::{AllocationHistory, Fees, PricingSource},
};

/// The vault's books right after the event. Share price = active_value_wad / share_supply.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct VaultSnapshot {
    pub share_supply: u64,
    /// Active pool value at the cached prices, WAD-lamports (None if it overflows).
    pub active_value_wad: Option<u128>,
    pub asset_count: u8,
    pub active_amounts: [u64; MAX_ASSETS],
    pub queued_amounts: [u64; MAX_ASSETS],
    /// Taken by slashes, waiting to be swept.
    pub escrowed_amounts: [u64; MAX_ASSETS],
    /// Rewards still vesting into the active pool.
    pub unvested_amounts: [u64; MAX_ASSETS],
    /// Of `share_supply`: operators' bonds and the insurance fund.
    pub bonded_shares: u64,
    pub insurance_shares: u64,
    pub treasury_shares: u64,
    pub prices_wad: [u128; MAX_ASSETS],
    /// Solana epoch each price was read in.
    pub price_epochs: [u64; MAX_ASSETS],
}

#[event]
pub struct ConfigInitialized {
    pub admin: Pubkey,
    pub pauser: Pubkey,
    pub treasury: Pubkey,
    pub registry_program: Pubkey,
    pub epoch_length: u64,
    pub max_deposit_fee_bps: u16,
    pub max_withdrawal_fee_bps: u16,
}

#[event]
pub struct AdminTransferStarted {
    pub admin: Pubkey,
    pub pending_admin: Pubkey,
}

#[event]
pub struct AdminTransferred {
    pub previous_admin: Pubkey,
    pub new_admin: Pubkey,
}

#[event]
pub struct PauserSet {
    pub previous_pauser: Pubkey,
    pub new_pauser: Pubkey,
}

#[event]
pub struct ProtocolPauseSet {
    pub by: Pubkey,
    pub paused: bool,
}

#[event]
pub struct VaultCreated {
    pub vault: Pubkey,
    pub lrt_mint: Pubkey,
    /// The creator, until the proposed keys (if any) accept their roles.
    pub curator: Pubkey,
    pub fee_admin: Pubkey,
    pub pending_curator: Option<Pubkey>,
    pub pending_fee_admin: Option<Pubkey>,
    pub name: String,
    pub symbol: String,
    pub uri: String,
    pub seed_asset_mint: Pubkey,
    pub seed_amount: u64,
    pub dead_shares: u64,
    pub snapshot: VaultSnapshot,
}

#[event]
pub struct AssetAdded {
    pub vault: Pubkey,
    pub asset_index: u8,
    pub mint: Pubkey,
    pub reserve: Pubkey,
    pub token_program: Pubkey,
    pub pricing: PricingSource,
    pub price_wad: u128,
    pub deposit_cap: u64,
}

#[event]
pub struct PricesRefreshed {
    pub vault: Pubkey,
    pub solana_epoch: u64,
    pub snapshot: VaultSnapshot,
}

#[event]
pub struct Deposited {
    pub vault: Pubkey,
    pub depositor: Pubkey,
    pub recipient_lrt_account: Pubkey,
    pub asset_index: u8,
    pub mint: Pubkey,
    pub amount: u64,
    pub price_wad: u128,
    /// Value of the deposit, WAD-lamports.
    pub value_wad: u128,
    /// Shares to the recipient.
    pub shares_out: u64,
    /// Shares to the treasury.
    pub fee_shares: u64,
    /// The deposit fee charged (in force in this epoch), in bps.
    pub fee_bps: u16,
    pub snapshot: VaultSnapshot,
}

#[event]
pub struct WithdrawalRequested {
    pub vault: Pubkey,
    pub owner: Pubkey,
    pub ticket: Pubkey,
    pub ticket_id: u64,
    pub bucket_epoch: u64,
    /// Shares given up, fee included.
    pub shares_in: u64,
    pub shares_burned: u64,
    pub fee_shares: u64,
    /// The withdrawal fee charged (in force in this epoch), in bps.
    pub fee_bps: u16,
    /// Amounts per asset slot moved from the active pool into the bucket.
    pub amounts: [u64; MAX_ASSETS],
    pub snapshot: VaultSnapshot,
}

#[event]
pub struct WithdrawalClaimed {
    pub vault: Pubkey,
    pub owner: Pubkey,
    pub ticket: Pubkey,
    pub bucket_epoch: u64,
    pub bucket_scale_wad: u128,
    /// This claim was the bucket's last: the bucket closed and its rent went back.
    pub bucket_closed: bool,
    /// Rounding residue of a closed bucket, returned to the active pool.
    pub residue_to_pool: [u64; MAX_ASSETS],
    /// Amounts per asset slot paid to the owner.
    pub amounts: [u64; MAX_ASSETS],
    pub snapshot: VaultSnapshot,
}

#[event]
pub struct FeesSet {
    pub vault: Pubkey,
    /// In force now (decreases applied at once).
    pub fees: Fees,
    /// From `effective_epoch` on (increases after a full epoch of notice).
    pub next: Fees,
    pub effective_epoch: u64,
    pub insurance_cut_bps: u16,
}

#[event]
pub struct CapsSet {
    pub vault: Pubkey,
    pub asset_index: u8,
    pub deposit_cap: u64,
}

#[event]
pub struct VaultPauseSet {
    pub vault: Pubkey,
    pub by: Pubkey,
    pub deposits_paused: bool,
    pub withdrawals_paused: bool,
}

#[event]
pub struct OperatorWhitelisted {
    pub vault: Pubkey,
    pub operator: Pubkey,
    pub operator_authority: Pubkey,
    pub max_bps: u16,
}

/// An allocation changed (`delegate` adds, `undelegate` takes back), in WAD fractions of
/// the vault's slashable value.
#[event]
pub struct DelegationChanged {
    pub vault: Pubkey,
    pub operator: Pubkey,
    /// Positive for an increase (counts from `epoch + 1`), negative for a decrease (stops
    /// counting from `epoch + 2`).
    pub delta_wad: i128,
    pub epoch: u64,
    pub allocation: AllocationHistory,
    /// The vault's sums over every operator.
    pub vault_allocations: AllocationHistory,
}

/// The curator changed an operator's concentration limit.
#[event]
pub struct ConcentrationLimitSet {
    pub vault: Pubkey,
    pub operator: Pubkey,
    pub previous_max_bps: u16,
    pub max_bps: u16,
}

/// An operator's bond changed (`bond`, `unbond` or `complete_unbond`).
#[event]
pub struct BondChanged {
    pub vault: Pubkey,
    pub operator: Pubkey,
    pub authority: Pubkey,
    pub shares: u64,
    pub unbonding_shares: u64,
    pub unbond_epoch: u64,
    pub vault_bonded_shares: u64,
    pub snapshot: VaultSnapshot,
}

#[event]
pub struct InsuranceFunded {
    pub vault: Pubkey,
    pub funder: Pubkey,
    pub shares: u64,
    pub insurance_shares: u64,
    pub snapshot: VaultSnapshot,
}

/// A slash was applied to a vault: what each tier paid and what the escrow now holds.
#[event]
pub struct SlashApplied {
    pub vault: Pubkey,
    pub request: Pubkey,
    pub operator: Pubkey,
    pub capture_epoch: u64,
    /// The operator's allocation at the capture epoch (WAD) and the vault's slashable
    /// value it applied to (WAD-lamports): the operator's stake now is their product.
    pub allocation_wad: u64,
    pub slashable_value_wad: u128,
    pub loss_lamports: u64,
    pub bond_shares_burnt: u64,
    pub insurance_shares_burnt: u64,
    /// Value covered by the bond and insurance tiers (WAD-lamports).
    pub value_covered_wad: u128,
    /// Fraction everyone else lost (WAD; 0 when tiers a and b covered the loss).
    pub fraction_wad: u128,
    pub escrow: [u64; MAX_ASSETS],
    pub bucket_epochs: [u64; 2],
    pub bucket_scales_after: [u128; 2],
    /// Until this slot the slash may be cancelled: deposits wait and the touched
    /// buckets' claims wait (0 when the bond and the insurance fund covered the loss).
    pub window_until_slot: u64,
    pub snapshot: VaultSnapshot,
}

#[event]
pub struct EscrowSwept {
    pub vault: Pubkey,
    pub request: Pubkey,
    pub asset_index: u8,
    pub mint: Pubkey,
    pub amount: u64,
    /// The AVS chose to burn (wSOL goes to the incinerator's token account instead).
    pub burnt: bool,
    /// Where the tokens were sent, if they were not burnt by the token program.
    pub recipient_token_account: Option<Pubkey>,
}

/// A role handed over in two steps: who may take a vault's role, or the protocol's
/// treasury (`vault` is `None`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Treasury,
    Curator,
    FeeAdmin,
}

/// The holder of a role proposed a successor, who takes it only by accepting.
#[event]
pub struct RoleProposed {
    pub vault: Option<Pubkey>,
    pub role: Role,
    pub current: Pubkey,
    pub proposed: Pubkey,
}

/// The proposed successor accepted the role.
#[event]
pub struct RoleAccepted {
    pub vault: Option<Pubkey>,
    pub role: Role,
    pub previous: Pubkey,
    pub new: Pubkey,
}

/// Rewards vested into the active pool (the `vest_rewards` crank), per asset.
#[event]
pub struct RewardsVested {
    pub vault: Pubkey,
    pub vested: [u64; MAX_ASSETS],
    pub snapshot: VaultSnapshot,
}

/// The treasury turned its ledger shares of a vault into LRT.
#[event]
pub struct TreasuryFeesClaimed {
    pub vault: Pubkey,
    pub treasury: Pubkey,
    pub destination: Pubkey,
    pub shares: u64,
    pub snapshot: VaultSnapshot,
}

/// A reward arrived: who got what, and until when the pool's part vests.
#[event]
pub struct RewardsDistributed {
    pub vault: Pubkey,
    pub operator: Pubkey,
    pub payer: Pubkey,
    pub asset_index: u8,
    pub amount: u64,
    pub operator_commission: u64,
    /// The operator's commission in force in the payment's epoch (announced changes wait
    /// a full epoch, so nobody can raise it in front of a reward).
    pub commission_bps: u16,
    /// Tokens of the vault fee (they back the fee shares below, kept in the vault's
    /// treasury and insurance ledgers).
    pub vault_fee: u64,
    pub treasury_shares: u64,
    pub insurance_shares: u64,
    /// Tokens that vest into the active pool over epoch `vesting_epoch` (the one after the
    /// payment's).
    pub to_pool: u64,
    pub vesting_epoch: u64,
    pub snapshot: VaultSnapshot,
}

/// The registry cancelled an executed slash: every position got its part back.
#[event]
pub struct SlashCancelled {
    pub vault: Pubkey,
    pub request: Pubkey,
    /// Shares minted back into the operator's bond (bonded, unbonding) and the insurance
    /// fund.
    pub bond_shares_restored: u64,
    pub bond_unbonding_shares_restored: u64,
    pub insurance_shares_restored: u64,
    /// Epochs of the buckets raised back (c+1, c+2, c+3; 0 when absent), their scales
    /// after, and the tokens each received per asset.
    pub bucket_epochs: [u64; 3],
    pub bucket_scales_after: [u128; 3],
    pub to_buckets: [[u64; MAX_ASSETS]; 3],
    /// Tokens back in the active pool, per asset: the rest of the escrow, net of what the
    /// pool paid into the buckets where the escrow lacked the asset (0 then).
    pub to_pool: [u64; MAX_ASSETS],
    pub snapshot: VaultSnapshot,
}
