//! An opt-in to an AVS (an operator's `OperatorAvs`, a vault's `VaultAvs`) and its window
//! (`OptInWindow`) relative to the current epoch, as every command prints them
//! (`operator show|opt-in|opt-out`, `curator opt-in-avs|opt-out-avs`, `avs show`). Every
//! epoch comes from the window's own methods: the CLI never restates the registry's rule.
use std::fmt;

use anchor_lang::prelude::Pubkey;
use serde::Serialize;
use slasher_registry::state::{OperatorAvs, OptInWindow, VaultAvs};

use crate::amount::bps;

/// An opt-in window relative to the current epoch; flattened into every opt-in view.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct WindowView {
    /// Epoch of the (latest) opt-in.
    pub activation_epoch: u64,
    /// First capture epoch the opt-in counts for (activation + 1).
    pub counts_from_epoch: u64,
    /// Epoch of the opt-out; null while opted in.
    pub deactivation_epoch: Option<u64>,
    /// Last capture epoch still counted after the opt-out (deactivation + 1); null while
    /// opted in.
    pub slashable_through_epoch: Option<u64>,
    pub opted_in: bool,
    /// A slash captured in the current epoch would count this opt-in.
    pub active_now: bool,
    /// After an opt-out: first epoch in which opting in again is accepted.
    pub opt_in_again_from_epoch: Option<u64>,
}

impl WindowView {
    /// `window` during epoch `cur`.
    pub fn new(window: &OptInWindow, cur: u64) -> Self {
        Self {
            activation_epoch: window.activation_epoch,
            counts_from_epoch: window.counts_from_epoch(),
            deactivation_epoch: (!window.is_opted_in()).then_some(window.deactivation_epoch),
            slashable_through_epoch: window.slashable_through_epoch(),
            opted_in: window.is_opted_in(),
            active_now: window.is_active_at(cur),
            opt_in_again_from_epoch: window.opt_in_again_from_epoch(),
        }
    }

    /// The window in a listing line (`operator show`, `avs show`), with whether a slash
    /// captured now counts it.
    pub fn short(&self) -> String {
        let window = match (self.deactivation_epoch, self.slashable_through_epoch) {
            (Some(out), Some(through)) => format!(
                "opted out at epoch {out}, slashable for captures {} to {through}, opt in again \
                 from epoch {}",
                self.counts_from_epoch,
                self.opt_in_again_from_epoch.unwrap_or_default()
            ),
            _ => format!(
                "opted in at epoch {}, slashable from epoch {}",
                self.activation_epoch, self.counts_from_epoch
            ),
        };
        let now = if self.active_now {
            "slashable now"
        } else {
            "not slashable now"
        };
        format!("{window} ({now})")
    }
}

/// The window in words, for messages that explain why it does or does not count (it does
/// not depend on the current epoch).
impl fmt::Display for WindowView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.deactivation_epoch, self.slashable_through_epoch) {
            (Some(out), Some(through)) => write!(
                f,
                "opted in during epoch {}, opted out during epoch {out}: slashable for captures \
                 {} to {through}",
                self.activation_epoch, self.counts_from_epoch
            ),
            _ => write!(
                f,
                "opted in during epoch {}, slashable from epoch {}",
                self.activation_epoch, self.counts_from_epoch
            ),
        }
    }
}

/// An operator's opt-in to an AVS (`OperatorAvs`) during epoch `cur`.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct OperatorAvsView {
    pub operator: String,
    pub avs: String,
    /// The `OperatorAvs` account.
    pub operator_avs: String,
    #[serde(flatten)]
    pub window: WindowView,
}

impl OperatorAvsView {
    pub fn new(key: &Pubkey, opt_in: &OperatorAvs, cur: u64) -> Self {
        Self {
            operator: opt_in.operator.to_string(),
            avs: opt_in.avs.to_string(),
            operator_avs: key.to_string(),
            window: WindowView::new(&opt_in.window, cur),
        }
    }
}

/// A vault's opt-in to an AVS (`VaultAvs`) during epoch `cur`, with the curator's cap.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct VaultAvsView {
    pub vault: String,
    pub avs: String,
    /// The `VaultAvs` account.
    pub vault_avs: String,
    /// Most the AVS may slash per operator and capture epoch, of the stake at capture.
    pub cap: String,
    pub cap_bps: u16,
    #[serde(flatten)]
    pub window: WindowView,
}

impl VaultAvsView {
    pub fn new(key: &Pubkey, opt_in: &VaultAvs, cur: u64) -> Self {
        Self {
            vault: opt_in.vault.to_string(),
            avs: opt_in.avs.to_string(),
            vault_avs: key.to_string(),
            cap: bps(opt_in.cap_bps),
            cap_bps: opt_in.cap_bps,
            window: WindowView::new(&opt_in.window, cur),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use slasher_registry::state::EpochSlashed;

    use super::*;

    fn key(byte: u8) -> Pubkey {
        Pubkey::new_from_array([byte; 32])
    }

    #[test]
    fn an_opt_in_counts_from_the_next_epoch() {
        let w = OptInWindow::opted_in_at(5);
        assert_eq!(
            serde_json::to_value(WindowView::new(&w, 5)).unwrap(),
            json!({
                "activation_epoch": 5,
                "counts_from_epoch": 6,
                "deactivation_epoch": null,
                "slashable_through_epoch": null,
                "opted_in": true,
                "active_now": false,
                "opt_in_again_from_epoch": null,
            })
        );
        let now = WindowView::new(&w, 6);
        assert!(now.active_now);
        assert_eq!(
            now.to_string(),
            "opted in during epoch 5, slashable from epoch 6"
        );
        assert_eq!(
            now.short(),
            "opted in at epoch 5, slashable from epoch 6 (slashable now)"
        );
    }

    #[test]
    fn an_opt_out_stays_slashable_one_more_epoch_and_blocks_opting_in_for_two() {
        let mut w = OptInWindow::opted_in_at(5);
        w.opt_out(9).unwrap();
        let view = WindowView::new(&w, 10);
        assert_eq!(
            serde_json::to_value(&view).unwrap(),
            json!({
                "activation_epoch": 5,
                "counts_from_epoch": 6,
                "deactivation_epoch": 9,
                "slashable_through_epoch": 10,
                "opted_in": false,
                "active_now": true,
                "opt_in_again_from_epoch": 12,
            })
        );
        assert!(!WindowView::new(&w, 11).active_now);
        assert_eq!(
            view.to_string(),
            "opted in during epoch 5, opted out during epoch 9: slashable for captures 6 to 10"
        );
        assert_eq!(
            WindowView::new(&w, 11).short(),
            "opted out at epoch 9, slashable for captures 6 to 10, opt in again from epoch 12 \
             (not slashable now)"
        );
    }

    #[test]
    fn opt_in_views_flatten_their_window() {
        let operator = OperatorAvs {
            operator: key(1),
            avs: key(2),
            window: OptInWindow::opted_in_at(3),
            bump: 0,
        };
        let view = serde_json::to_value(OperatorAvsView::new(&key(3), &operator, 4)).unwrap();
        assert_eq!(view["operator"], key(1).to_string());
        assert_eq!(view["avs"], key(2).to_string());
        assert_eq!(view["operator_avs"], key(3).to_string());
        assert_eq!(view["counts_from_epoch"], 4);
        assert_eq!(view["active_now"], true);
        assert_eq!(view.as_object().unwrap().len(), 3 + 7);

        let mut window = OptInWindow::opted_in_at(3);
        window.opt_out(4).unwrap();
        let vault = VaultAvs {
            vault: key(4),
            avs: key(2),
            cap_bps: 250,
            window,
            slashed: [EpochSlashed::default(); 2],
            bump: 0,
        };
        let view = serde_json::to_value(VaultAvsView::new(&key(5), &vault, 6)).unwrap();
        assert_eq!(
            view,
            json!({
                "vault": key(4).to_string(),
                "avs": key(2).to_string(),
                "vault_avs": key(5).to_string(),
                "cap": "2.5%",
                "cap_bps": 250,
                "activation_epoch": 3,
                "counts_from_epoch": 4,
                "deactivation_epoch": 4,
                "slashable_through_epoch": 5,
                "opted_in": false,
                "active_now": false,
                "opt_in_again_from_epoch": 7,
            })
        );
    }
}
