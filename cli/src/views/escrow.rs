//! A vault's slash escrow (`SlashEscrow`): the tokens a slash took, held until swept or
//! cancelled, as `vault show` lists it; its amounts are also what `avs execute` and `crank
//! execute-slashes` report an execution left in escrow.
use anchor_lang::prelude::Pubkey;
use lrt_client::lrt_vault::state::{AssetSlot, SlashEscrow};
use serde::Serialize;

use crate::amount::{format_amount, sol};

/// An amount of one of a vault's assets.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct AssetAmountView {
    /// The asset's symbol.
    pub asset: String,
    pub mint: String,
    /// In tokens of the asset.
    pub amount: String,
}

/// The non-zero `amounts` of a vault's `assets` (in the vault's order, called `symbols`).
pub fn asset_amounts(
    assets: &[AssetSlot],
    symbols: &[String],
    amounts: &[u64],
) -> Vec<AssetAmountView> {
    assets
        .iter()
        .zip(symbols)
        .zip(amounts)
        .filter(|(_, amount)| **amount > 0)
        .map(|((slot, symbol), amount)| AssetAmountView {
            asset: symbol.clone(),
            mint: slot.mint.to_string(),
            amount: format_amount(*amount, slot.decimals),
        })
        .collect()
}

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct EscrowView {
    /// The `SlashEscrow` account.
    pub address: String,
    pub request: String,
    pub operator: String,
    /// What the slash took, in SOL.
    pub loss_sol: String,
    /// The tokens held, per asset (the assets it took nothing of are left out).
    pub amounts: Vec<AssetAmountView>,
    /// First slot at which it may be swept (the registry admin may cancel before).
    pub resolve_after_slot: u64,
    pub cancelled: bool,
}

impl EscrowView {
    /// The escrow at `key` of a vault with these `assets`, called `symbols`.
    pub fn new(
        key: &Pubkey,
        escrow: &SlashEscrow,
        assets: &[AssetSlot],
        symbols: &[String],
    ) -> Self {
        Self {
            address: key.to_string(),
            request: escrow.request.to_string(),
            operator: escrow.operator.to_string(),
            loss_sol: sol(escrow.loss_lamports),
            amounts: asset_amounts(assets, symbols, &escrow.amounts),
            resolve_after_slot: escrow.resolve_after_slot,
            cancelled: escrow.cancelled,
        }
    }

    /// "0.5 wSOL, 1.25 jitoSOL" ("nothing" when it took no tokens).
    pub fn amounts_text(&self) -> String {
        if self.amounts.is_empty() {
            return "nothing".into();
        }
        self.amounts
            .iter()
            .map(|a| format!("{} {}", a.amount, a.asset))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use lrt_client::lrt_vault::{
        constants::MAX_ASSETS,
        state::{EscrowBucket, SlashDestination},
    };
    use serde_json::json;

    use super::*;

    fn key(byte: u8) -> Pubkey {
        Pubkey::new_from_array([byte; 32])
    }

    fn asset(mint: u8, decimals: u8) -> AssetSlot {
        AssetSlot {
            mint: key(mint),
            decimals,
            ..AssetSlot::default()
        }
    }

    #[test]
    fn an_escrow_lists_the_assets_it_holds() {
        let mut amounts = [0; MAX_ASSETS];
        amounts[0] = 1_500_000_000;
        amounts[2] = 2_500_000;
        let escrow = SlashEscrow {
            vault: key(1),
            request: key(2),
            operator: key(3),
            capture_epoch: 5,
            loss_lamports: 4_000_000_000,
            amounts,
            bond_shares_burnt: 0,
            bond_unbonding_shares_burnt: 0,
            insurance_shares_burnt: 0,
            pool_taken: amounts,
            fraction_wad: 0,
            buckets: [EscrowBucket::default(); 2],
            wiped_pool: false,
            destination: SlashDestination::Burn,
            resolve_after_slot: 900,
            swept: [false; MAX_ASSETS],
            cancelled: false,
            bump: 0,
        };
        let assets = [asset(10, 9), asset(11, 9), asset(12, 6)];
        let symbols = ["wSOL", "jitoSOL", "USDC"].map(String::from);
        let view = EscrowView::new(&key(4), &escrow, &assets, &symbols);
        assert_eq!(
            serde_json::to_value(&view).unwrap(),
            json!({
                "address": key(4).to_string(),
                "request": key(2).to_string(),
                "operator": key(3).to_string(),
                "loss_sol": "4",
                "amounts": [
                    {"asset": "wSOL", "mint": key(10).to_string(), "amount": "1.5"},
                    {"asset": "USDC", "mint": key(12).to_string(), "amount": "2.5"},
                ],
                "resolve_after_slot": 900,
                "cancelled": false,
            })
        );
        assert_eq!(view.amounts_text(), "1.5 wSOL, 2.5 USDC");
        assert!(asset_amounts(&assets, &symbols, &[0; MAX_ASSETS]).is_empty());
    }
}
