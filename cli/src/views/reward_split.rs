//! A reward as it landed (the vault's `RewardsDistributed` event): the operator's
//! commission, the vault's fee and its shares, and what vests into the pool. Shown by
//! `lrt avs reward` and by `lrt xchain submit` of a remote reward notice.
use std::fmt;

use anchor_lang::prelude::Pubkey;
use lrt_vault::events::RewardsDistributed;
use serde::Serialize;

use crate::amount::{bps, format_amount, sol};

#[derive(Serialize, Debug, Clone)]
pub struct RewardSplitView {
    pub vault: String,
    pub operator: String,
    pub asset: String,
    pub amount: String,
    /// To the operator's authority, at the commission in force in the payment's epoch.
    pub operator_commission: String,
    pub operator_commission_rate: String,
    pub operator_commission_bps: u16,
    pub operator_token_account: String,
    /// The vault's fee, in the asset; it backs the fee shares below.
    pub vault_fee: String,
    /// Fee shares credited to the vault's treasury ledger (claimed by the treasury) and
    /// to its insurance fund, in LRT.
    pub treasury_fee_lrt: String,
    pub insurance_fee_lrt: String,
    /// Vests linearly into the active pool over epoch `vesting_epoch` (the next one).
    pub to_pool: String,
    pub vesting_epoch: u64,
    /// The LRT's symbol (for the text).
    #[serde(skip)]
    pub lrt_symbol: String,
}

impl RewardSplitView {
    /// `event` in tokens of the asset (`asset` symbol, `decimals`) and of the LRT.
    pub fn new(
        event: &RewardsDistributed,
        asset: &str,
        decimals: u8,
        lrt_symbol: &str,
        operator_token_account: &Pubkey,
    ) -> Self {
        let d = decimals;
        Self {
            vault: event.vault.to_string(),
            operator: event.operator.to_string(),
            asset: asset.to_string(),
            amount: format_amount(event.amount, d),
            operator_commission: format_amount(event.operator_commission, d),
            operator_commission_rate: bps(event.commission_bps),
            operator_commission_bps: event.commission_bps,
            operator_token_account: operator_token_account.to_string(),
            vault_fee: format_amount(event.vault_fee, d),
            treasury_fee_lrt: sol(event.treasury_shares),
            insurance_fee_lrt: sol(event.insurance_shares),
            to_pool: format_amount(event.to_pool, d),
            vesting_epoch: event.vesting_epoch,
            lrt_symbol: lrt_symbol.to_string(),
        }
    }
}

impl fmt::Display for RewardSplitView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (asset, lrt) = (&self.asset, &self.lrt_symbol);
        write!(
            f,
            "reward of {} {asset} paid into vault {} for operator {}\n  commission      {} \
             {asset} ({}) to {}\n  vault fee       {} {asset}: {} {lrt} to the treasury's \
             ledger, {} {lrt} to the insurance fund\n  vesting         {} {asset} into the \
             pool over epoch {}",
            self.amount,
            self.vault,
            self.operator,
            self.operator_commission,
            self.operator_commission_rate,
            self.operator_token_account,
            self.vault_fee,
            self.treasury_fee_lrt,
            self.insurance_fee_lrt,
            self.to_pool,
            self.vesting_epoch
        )
    }
}
