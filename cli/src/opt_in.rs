//! Opt-ins to AVSs (an operator's `OperatorAvs`, a vault's `VaultAvs`) as a client reads
//! them: the window relative to the current epoch, and the registry's rules for opting in
//! and out, checked before sending.
use anchor_lang::{prelude::Pubkey, AccountDeserialize, Space};
use anyhow::{bail, Context as _, Result};
use serde::Serialize;
use slasher_registry::state::{Avs, OperatorAvs, OptInWindow, VaultAvs};

use crate::{amount::bps, chain, context::Ctx, tx::Sent};

/// A registry account that records an opt-in to an AVS.
pub trait OptInAccount: AccountDeserialize + Space {
    /// What messages call it.
    const WHAT: &'static str;
    fn window(&self) -> &OptInWindow;
}

impl OptInAccount for OperatorAvs {
    const WHAT: &'static str = "operator opt-in";
    fn window(&self) -> &OptInWindow {
        &self.window
    }
}

impl OptInAccount for VaultAvs {
    const WHAT: &'static str = "vault opt-in";
    fn window(&self) -> &OptInWindow {
        &self.window
    }
}

/// An opt-in window as commands report it, relative to the current epoch.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct WindowView {
    /// Epoch of the (latest) opt-in.
    pub activation_epoch: u64,
    /// First capture epoch the opt-in counts for (activation + 1).
    pub counts_from_epoch: u64,
    /// Epoch of the opt-out; null while opted in.
    pub deactivation_epoch: Option<u64>,
    /// Last capture epoch still counted after the opt-out (deactivation + 1).
    pub slashable_through_epoch: Option<u64>,
    pub opted_in: bool,
    /// A slash captured in the current epoch would count this opt-in.
    pub active_now: bool,
    /// After an opt-out: first epoch in which opting in again is accepted.
    pub opt_in_again_from_epoch: Option<u64>,
}

pub fn window_view(window: &OptInWindow, cur: u64) -> WindowView {
    let deactivated = (!window.is_opted_in()).then_some(window.deactivation_epoch);
    WindowView {
        activation_epoch: window.activation_epoch,
        counts_from_epoch: window.counts_from_epoch(),
        deactivation_epoch: deactivated,
        slashable_through_epoch: window.slashable_through_epoch(),
        opted_in: window.is_opted_in(),
        active_now: window.is_active_at(cur),
        opt_in_again_from_epoch: window.opt_in_again_from_epoch(),
    }
}

/// An opt-in window in words, for messages that explain why it does not count.
pub fn window_text(window: &OptInWindow) -> String {
    if window.is_opted_in() {
        format!(
            "opted in during epoch {}, slashable from epoch {}",
            window.activation_epoch,
            window.counts_from_epoch()
        )
    } else {
        format!(
            "opted in during epoch {}, opted out during epoch {}: slashable for captures {} \
             to {}",
            window.activation_epoch,
            window.deactivation_epoch,
            window.counts_from_epoch(),
            window.slashable_through_epoch().unwrap_or_default()
        )
    }
}

/// The registry's rule for (re-)opting in during epoch `cur`, as a message to act on:
/// not while opted in, and after an opt-out during `d` only from `d + 3`.
pub fn check_can_opt_in(existing: Option<&OptInWindow>, cur: u64) -> Result<()> {
    let Some(window) = existing else {
        return Ok(());
    };
    if window.is_opted_in() {
        bail!(
            "already opted in (since epoch {}, counting from epoch {})",
            window.activation_epoch,
            window.counts_from_epoch()
        );
    }
    let d = window.deactivation_epoch;
    // the registry's own rule decides; the message explains it
    if window.clone().opt_in_again(cur).is_err() {
        bail!(
            "opted out during epoch {d}: that opt-in stays slashable through epoch {} and its \
             requests execute until the end of epoch {}, so opting in again is possible from \
             epoch {} (now {cur})",
            window.slashable_through_epoch().unwrap_or_default(),
            d.saturating_add(2),
            window.opt_in_again_from_epoch().unwrap_or_default()
        );
    }
    Ok(())
}

/// The registry's rule for opting out: only while opted in.
pub fn check_can_opt_out(existing: Option<&OptInWindow>) -> Result<()> {
    match existing {
        None => bail!("not opted in"),
        Some(w) if w.clone().opt_out(0).is_err() => bail!(
            "already opted out (during epoch {}; slashable through epoch {})",
            w.deactivation_epoch,
            w.slashable_through_epoch().unwrap_or_default()
        ),
        Some(_) => Ok(()),
    }
}

/// Refuses before sending an opt-in of `who` ("operator X", "vault X") to the AVS at
/// `avs_key`, recorded at `key`, that the registry would refuse; a first opt-in also needs
/// `payer` to cover the account's rent.
pub fn precheck_opt_in<T: OptInAccount>(
    ctx: &Ctx,
    who: &str,
    avs_key: &Pubkey,
    avs: &Avs,
    key: &Pubkey,
    payer: &Pubkey,
) -> Result<()> {
    if !avs.active {
        bail!("the AVS {avs_key} is not active: the registry refuses opt-ins to it");
    }
    let (epoch, _) = chain::epoch(ctx)?;
    let existing = chain::fetch_opt::<T>(ctx, key, &slasher_registry::ID, T::WHAT)?;
    check_can_opt_in(existing.as_ref().map(T::window), epoch)
        .with_context(|| format!("{who} cannot opt in to AVS {avs_key}"))?;
    if existing.is_none() {
        chain::require_rent(ctx, payer, &[(*key, 8 + T::INIT_SPACE)], "the opt-in")?;
    }
    Ok(())
}

/// Refuses before sending an opt-out of `who` from the AVS at `avs_key`, recorded at `key`,
/// that the registry would refuse.
pub fn precheck_opt_out<T: OptInAccount>(
    ctx: &Ctx,
    who: &str,
    avs_key: &Pubkey,
    key: &Pubkey,
) -> Result<()> {
    let existing = chain::fetch_opt::<T>(ctx, key, &slasher_registry::ID, T::WHAT)?;
    check_can_opt_out(existing.as_ref().map(T::window))
        .with_context(|| format!("{who} cannot opt out of AVS {avs_key}"))
}

/// The opt-in at `key` as the registry now holds it, with its window at the current epoch.
pub fn read_opt_in<T: OptInAccount>(ctx: &Ctx, key: &Pubkey) -> Result<(T, WindowView)> {
    let account: T = chain::fetch_anchor(ctx, key, &slasher_registry::ID, T::WHAT)?;
    let (epoch, _) = chain::epoch(ctx)?;
    let window = window_view(account.window(), epoch);
    Ok((account, window))
}

#[derive(Serialize)]
pub struct OptInResult {
    #[serde(flatten)]
    pub sent: Sent,
    pub operator: String,
    pub avs: String,
    pub operator_avs: String,
    #[serde(flatten)]
    pub window: WindowView,
}

/// What an opt-in or opt-out left in the registry.
pub fn opt_in_result(
    ctx: &Ctx,
    sent: Sent,
    operator: &Pubkey,
    avs: &Pubkey,
    key: &Pubkey,
) -> Result<OptInResult> {
    let (_, window) = read_opt_in::<OperatorAvs>(ctx, key)?;
    Ok(OptInResult {
        sent,
        operator: operator.to_string(),
        avs: avs.to_string(),
        operator_avs: key.to_string(),
        window,
    })
}

#[derive(Serialize)]
pub struct VaultAvsResult {
    #[serde(flatten)]
    pub sent: Sent,
    pub vault: String,
    pub avs: String,
    pub vault_avs: String,
    /// Most the AVS may slash per operator and capture epoch, of the stake at capture.
    pub cap: String,
    pub cap_bps: u16,
    #[serde(flatten)]
    pub window: WindowView,
}

pub fn vault_avs_result(
    ctx: &Ctx,
    sent: Sent,
    vault: &Pubkey,
    avs: &Pubkey,
    key: &Pubkey,
) -> Result<VaultAvsResult> {
    let (after, window) = read_opt_in::<VaultAvs>(ctx, key)?;
    Ok(VaultAvsResult {
        sent,
        vault: vault.to_string(),
        avs: avs.to_string(),
        vault_avs: key.to_string(),
        cap: bps(after.cap_bps),
        cap_bps: after.cap_bps,
        window,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_say_when_they_count() {
        let w = OptInWindow::opted_in_at(5);
        let v = window_view(&w, 5);
        assert_eq!(
            v,
            WindowView {
                activation_epoch: 5,
                counts_from_epoch: 6,
                deactivation_epoch: None,
                slashable_through_epoch: None,
                opted_in: true,
                active_now: false,
                opt_in_again_from_epoch: None,
            }
        );
        assert!(window_view(&w, 6).active_now);

        let mut w = OptInWindow::opted_in_at(5);
        w.opt_out(9).unwrap();
        let v = window_view(&w, 10);
        assert_eq!(v.deactivation_epoch, Some(9));
        assert_eq!(v.slashable_through_epoch, Some(10));
        assert_eq!(v.opt_in_again_from_epoch, Some(12));
        assert!(v.active_now);
        assert!(!window_view(&w, 11).active_now);
    }

    #[test]
    fn opt_in_checks_follow_the_registry() {
        assert!(check_can_opt_in(None, 0).is_ok());
        let w = OptInWindow::opted_in_at(3);
        let err = check_can_opt_in(Some(&w), 4).unwrap_err().to_string();
        assert!(err.contains("already opted in"), "{err}");
        assert!(check_can_opt_out(Some(&w)).is_ok());

        let mut out = w;
        out.opt_out(4).unwrap();
        for cur in [4, 5, 6] {
            let err = check_can_opt_in(Some(&out), cur).unwrap_err().to_string();
            assert!(err.contains("from epoch 7"), "{cur}: {err}");
            // the registry agrees
            assert!(out.clone().opt_in_again(cur).is_err());
        }
        assert!(check_can_opt_in(Some(&out), 7).is_ok());
        assert!(out.clone().opt_in_again(7).is_ok());
        let err = check_can_opt_out(Some(&out)).unwrap_err().to_string();
        assert!(err.contains("already opted out"), "{err}");
        assert!(check_can_opt_out(None).is_err());
    }
}
