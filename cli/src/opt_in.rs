//! Opting in to AVSs (an operator's `OperatorAvs`, a vault's `VaultAvs`) as a client does
//! it: the registry's rules for opting in and out, checked before sending, and what an
//! opt-in or opt-out left (printed through `views::opt_in`).
use anchor_lang::{prelude::Pubkey, AccountDeserialize, Space};
use anyhow::{bail, Context as _, Result};
use serde::Serialize;
use slasher_registry::state::{Avs, OperatorAvs, OptInWindow, SlashRequest, VaultAvs};

use crate::{
    chain,
    context::Ctx,
    tx::Sent,
    views::opt_in::{OperatorAvsView, VaultAvsView, WindowView},
};

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

/// An opt-in window in words, for messages that explain why it does not count (the
/// window's `Display`, which does not depend on the current epoch).
pub fn window_text(window: &OptInWindow) -> String {
    WindowView::new(window, window.activation_epoch).to_string()
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
            SlashRequest::last_execution_epoch_of(
                window.slashable_through_epoch().unwrap_or_default()
            ),
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

/// The opt-in at `key` as the registry now holds it, and the current epoch.
fn read_opt_in<T: OptInAccount>(ctx: &Ctx, key: &Pubkey) -> Result<(T, u64)> {
    let account: T = chain::fetch_anchor(ctx, key, &slasher_registry::ID, T::WHAT)?;
    let (epoch, _) = chain::epoch(ctx)?;
    Ok((account, epoch))
}

#[derive(Serialize)]
pub struct OptInResult {
    #[serde(flatten)]
    pub sent: Sent,
    #[serde(flatten)]
    pub opt_in: OperatorAvsView,
}

/// What an operator's opt-in or opt-out, recorded at `key`, left in the registry.
pub fn opt_in_result(ctx: &Ctx, sent: Sent, key: &Pubkey) -> Result<OptInResult> {
    let (after, epoch) = read_opt_in::<OperatorAvs>(ctx, key)?;
    Ok(OptInResult {
        sent,
        opt_in: OperatorAvsView::new(key, &after, epoch),
    })
}

#[derive(Serialize)]
pub struct VaultAvsResult {
    #[serde(flatten)]
    pub sent: Sent,
    #[serde(flatten)]
    pub opt_in: VaultAvsView,
}

/// What a vault's opt-in or opt-out, recorded at `key`, left in the registry.
pub fn vault_avs_result(ctx: &Ctx, sent: Sent, key: &Pubkey) -> Result<VaultAvsResult> {
    let (after, epoch) = read_opt_in::<VaultAvs>(ctx, key)?;
    Ok(VaultAvsResult {
        sent,
        opt_in: VaultAvsView::new(key, &after, epoch),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
