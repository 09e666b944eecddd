//! An operator's bond in a vault (`OperatorBond`) during the current epoch, as `operator
//! show`, `vault show` and `operator bond|unbond|complete-unbond` print it. When the unbonding shares come back is the vault
//! program's rule (`OperatorBond::unbond_completes_from`, `check_unbond_complete`).
use std::fmt;

use lrt_client::lrt_vault::{constants::LRT_DECIMALS, state::OperatorBond};
use serde::Serialize;

use crate::amount::format_amount;

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct BondView {
    pub operator: String,
    /// Signs bond and unbond; receives the shares back.
    pub authority: String,
    pub vault: String,
    pub lrt_symbol: String,
    /// First-loss LRT, bonded.
    pub bonded: String,
    /// LRT on its way back: still first in line for slashes until it completes.
    pub unbonding: String,
    /// Epoch of the last unbond (null if nothing is unbonding).
    pub unbond_epoch: Option<u64>,
    /// Last capture epoch whose slashes still take the unbonding LRT first (null if
    /// nothing is unbonding).
    pub unbonding_slashable_through_epoch: Option<u64>,
    /// First epoch `lrt operator complete-unbond` is accepted (null if nothing unbonding).
    pub unbond_completes_from_epoch: Option<u64>,
    /// `lrt operator complete-unbond` is accepted now.
    pub completable_now: bool,
}

impl BondView {
    /// `bond`, in the LRT called `lrt_symbol`, during epoch `cur`.
    pub fn new(bond: &OperatorBond, lrt_symbol: &str, cur: u64) -> Self {
        let unbonding = bond.unbonding_shares > 0;
        Self {
            operator: bond.operator.to_string(),
            authority: bond.authority.to_string(),
            vault: bond.vault.to_string(),
            lrt_symbol: lrt_symbol.to_string(),
            bonded: format_amount(bond.shares, LRT_DECIMALS),
            unbonding: format_amount(bond.unbonding_shares, LRT_DECIMALS),
            unbond_epoch: unbonding.then_some(bond.unbond_epoch),
            unbonding_slashable_through_epoch: unbonding
                .then(|| bond.unbonding_slashable_through()),
            unbond_completes_from_epoch: unbonding.then(|| bond.unbond_completes_from()),
            completable_now: bond.check_unbond_complete(cur).is_ok(),
        }
    }

    /// Whitelisting opens an empty bond for every operator: listings skip those.
    pub fn is_empty(&self) -> bool {
        self.bonded == "0" && self.unbonding == "0"
    }
}

/// "1.5 LRT bonded, 0.5 unbonding (back from epoch 12)".
impl fmt::Display for BondView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} bonded", self.bonded, self.lrt_symbol)?;
        match self.unbond_completes_from_epoch {
            Some(_) if self.completable_now => {
                write!(f, ", {} unbonding (complete it now)", self.unbonding)
            }
            Some(from) => write!(f, ", {} unbonding (back from epoch {from})", self.unbonding),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use anchor_lang::prelude::Pubkey;
    use serde_json::json;

    use super::*;

    fn bond(shares: u64, unbonding_shares: u64, unbond_epoch: u64) -> OperatorBond {
        OperatorBond {
            vault: Pubkey::new_from_array([1; 32]),
            operator: Pubkey::new_from_array([2; 32]),
            authority: Pubkey::new_from_array([3; 32]),
            shares,
            unbonding_shares,
            unbond_epoch,
            bump: 0,
        }
    }

    #[test]
    fn a_bond_with_nothing_unbonding() {
        let view = BondView::new(&bond(1_500_000_000, 0, 0), "dLRT", 9);
        assert_eq!(
            serde_json::to_value(&view).unwrap(),
            json!({
                "operator": Pubkey::new_from_array([2; 32]).to_string(),
                "authority": Pubkey::new_from_array([3; 32]).to_string(),
                "vault": Pubkey::new_from_array([1; 32]).to_string(),
                "lrt_symbol": "dLRT",
                "bonded": "1.5",
                "unbonding": "0",
                "unbond_epoch": null,
                "unbonding_slashable_through_epoch": null,
                "unbond_completes_from_epoch": null,
                "completable_now": false,
            })
        );
        assert_eq!(view.to_string(), "1.5 dLRT bonded");
        assert!(!view.is_empty());
        assert!(BondView::new(&bond(0, 0, 0), "dLRT", 9).is_empty());
    }

    #[test]
    fn an_unbonding_completes_three_epochs_after_the_unbond() {
        // unbonded during epoch 7: captures through 8 execute by the end of 9
        let b = bond(1_000_000_000, 250_000_000, 7);
        let waiting = serde_json::to_value(BondView::new(&b, "dLRT", 9)).unwrap();
        assert_eq!(waiting["unbonding"], "0.25");
        assert_eq!(waiting["unbond_epoch"], 7);
        assert_eq!(waiting["unbonding_slashable_through_epoch"], 8);
        assert_eq!(waiting["unbond_completes_from_epoch"], 10);
        assert_eq!(waiting["completable_now"], false);
        assert_eq!(
            BondView::new(&b, "dLRT", 9).to_string(),
            "1 dLRT bonded, 0.25 unbonding (back from epoch 10)"
        );

        let done = BondView::new(&b, "dLRT", 10);
        assert!(done.completable_now);
        assert_eq!(
            done.to_string(),
            "1 dLRT bonded, 0.25 unbonding (complete it now)"
        );
        assert!(!BondView::new(&bond(0, 1, 7), "dLRT", 10).is_empty());
    }
}
