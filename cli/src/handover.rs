//! Two-step role handovers as `lrt` runs them (DESIGN.md section 8): the treasury (the
//! config admin proposes, `lrt admin set-treasury`), a vault's curator and fee admin (the
//! holder proposes, `lrt vault transfer-curator|transfer-fee-admin`); the proposed key
//! takes the role only by signing `accept-*` itself. Both steps are checked before
//! sending with the program's own rule (`lrt_vault::state::accept_role` for acceptances),
//! and print the role as the program then holds it ([`RoleView`]).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use lrt_client::{
    instructions as build,
    lrt_vault::{errors::VaultError, state::accept_role},
    state::Vault,
};
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    chain,
    context::{require_signer, Ctx},
    errors::would_refuse,
    tx::{self, Sent},
    views::roles::{Role, RoleView},
};

/// The role on chain now: its view, holder, pending key and who may propose.
struct Holding {
    view: RoleView,
    holder: Pubkey,
    pending: Option<Pubkey>,
    /// Who signs the proposal, and as what.
    proposer: (Pubkey, &'static str),
}

fn read(ctx: &Ctx, role: Role, vault: Option<Pubkey>) -> Result<Holding> {
    Ok(match (role, vault) {
        (Role::Treasury, _) => {
            let config = chain::config(ctx)?;
            Holding {
                view: RoleView::treasury(&config),
                holder: config.treasury,
                pending: config.pending_treasury,
                proposer: (config.admin, "config admin"),
            }
        }
        (Role::Curator, Some(vault)) => {
            let state: Vault = chain::fetch_anchor(ctx, &vault, &lrt_vault::ID, "vault")?;
            Holding {
                view: RoleView::curator(&vault, &state),
                holder: state.curator,
                pending: state.pending_curator,
                proposer: (state.curator, "vault's curator"),
            }
        }
        (Role::FeeAdmin, Some(vault)) => {
            let state: Vault = chain::fetch_anchor(ctx, &vault, &lrt_vault::ID, "vault")?;
            Holding {
                view: RoleView::fee_admin(&vault, &state),
                holder: state.fee_admin,
                pending: state.pending_fee_admin,
                proposer: (state.fee_admin, "vault's fee admin"),
            }
        }
        (_, None) => unreachable!("a vault role names its vault"),
    })
}

/// What a handover step prints: the role after it.
#[derive(Serialize)]
struct Stepped {
    #[serde(flatten)]
    sent: Sent,
    #[serde(flatten)]
    role: RoleView,
    /// Acceptances: who held the role before.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
}

/// The holder (for the treasury: the config admin) proposes `new` for `role`.
pub fn propose(ctx: &Ctx, role: Role, vault: Option<Pubkey>, new: Pubkey) -> Result<()> {
    let signer = ctx.signer()?;
    let before = read(ctx, role, vault)?;
    let (proposer, as_what) = before.proposer;
    require_signer(&signer, &proposer, as_what)?;
    if new == before.holder {
        bail!("{new} already is the {} ({})", role.name(), before.view);
    }
    if before.pending == Some(new) {
        bail!("{new} is already proposed: {}", before.view);
    }
    let ix = match (role, vault) {
        (Role::Treasury, _) => build::set_treasury(signer.pubkey(), new),
        (Role::Curator, Some(v)) => build::transfer_curator(signer.pubkey(), v, new),
        (Role::FeeAdmin, Some(v)) => build::transfer_fee_admin(signer.pubkey(), v, new),
        (_, None) => unreachable!("a vault role names its vault"),
    };
    if let Some(replaced) = before.pending {
        ctx.out.note(format!(
            "note: this replaces the earlier proposal of {replaced}"
        ));
    }
    let sent = tx::send(
        ctx,
        &format!("{} proposal", role.name()),
        &[ix],
        &signer,
        &[],
    )?;
    let after = read(ctx, role, vault)?;
    let result = Stepped {
        sent,
        role: after.view,
        previous: None,
    };
    ctx.out.print(&result, |r| {
        format!(
            "proposed {new} as {}; nothing changes until it accepts\n{}",
            role.name(),
            r.role
        )
    });
    Ok(())
}

/// The proposed key (the signer) takes `role`.
pub fn accept(ctx: &Ctx, role: Role, vault: Option<Pubkey>) -> Result<()> {
    let signer = ctx.signer()?;
    let before = read(ctx, role, vault)?;
    let not_pending = match role {
        Role::Treasury => VaultError::NotPendingTreasury,
        Role::Curator => VaultError::NotPendingCurator,
        Role::FeeAdmin => VaultError::NotPendingFeeAdmin,
    };
    // The program's own rule, on a copy.
    let (mut holder, mut pending) = (before.holder, before.pending);
    if let Err(error) = accept_role(&mut holder, &mut pending, signer.pubkey(), not_pending) {
        let whom = match before.pending {
            Some(pending) => format!(
                "the proposed {} is {pending}, not the signer {}; pass its keypair with \
                 -k/--keypair",
                role.name(),
                signer.pubkey()
            ),
            None => format!(
                "nobody is proposed: the {} ({}) proposes first",
                before.proposer.1, before.proposer.0
            ),
        };
        bail!("{}\n{whom}", would_refuse(&lrt_vault::ID, &error));
    }
    let ix = match (role, vault) {
        (Role::Treasury, _) => build::accept_treasury(signer.pubkey()),
        (Role::Curator, Some(v)) => build::accept_curator(signer.pubkey(), v),
        (Role::FeeAdmin, Some(v)) => build::accept_fee_admin(signer.pubkey(), v),
        (_, None) => unreachable!("a vault role names its vault"),
    };
    let sent = tx::send(
        ctx,
        &format!("{} acceptance", role.name()),
        &[ix],
        &signer,
        &[],
    )?;
    let after = read(ctx, role, vault)?;
    let result = Stepped {
        sent,
        role: after.view,
        previous: Some(before.holder.to_string()),
    };
    ctx.out.print(&result, |r| {
        format!(
            "{} took over from {}\n{}",
            signer.pubkey(),
            before.holder,
            r.role
        )
    });
    Ok(())
}
