//! Withdrawal tickets as `lrt withdraw request|list|claim` show them: what each pays now and
//! when it can be claimed, by the vault's own rule (`WithdrawalBucket::check_claimable`).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{
    listing,
    lrt_vault::{
        errors::VaultError,
        state::{Vault, WithdrawalBucket, WithdrawalTicket},
    },
};
use restaking_math::bucket::scaled_amount_floor;
use serde::Serialize;

use crate::{
    amount::{format_amount, sol},
    chain,
    context::Ctx,
    errors::would_refuse,
};

#[derive(Serialize)]
pub struct TicketView {
    pub address: String,
    pub vault: String,
    pub id: u64,
    pub bucket_epoch: u64,
    /// First restaking epoch in which the ticket can be claimed.
    pub claimable_from_epoch: u64,
    /// A slash of its bucket can still be cancelled: claims wait until this slot (null
    /// when they need not).
    pub claim_waits_until_slot: Option<u64>,
    pub claimable_now: bool,
    pub lrt_burned: String,
    /// What the ticket pays now, per asset (after any slash of its bucket).
    pub payout: Vec<PayoutView>,
}

#[derive(Serialize)]
pub struct PayoutView {
    pub asset: String,
    pub amount: String,
}

/// When a ticket can be claimed, by the vault's own rule (`WithdrawalBucket::check_claimable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claimable {
    Now,
    /// Its bucket's epoch is not over.
    FromEpoch(u64),
    /// A slash of its bucket can still be cancelled until this slot.
    FromSlot(u64),
}

pub fn claimable(
    ticket: &WithdrawalTicket,
    bucket: Option<&WithdrawalBucket>,
    cur: u64,
    slot: u64,
) -> Claimable {
    let Some(bucket) = bucket else {
        return Claimable::FromEpoch(WithdrawalBucket::claimable_from_epoch(ticket.bucket_epoch));
    };
    match bucket.check_claimable(cur, slot) {
        Ok(()) => Claimable::Now,
        Err(error) if error == VaultError::TicketAwaitsSlashResolution.into() => {
            Claimable::FromSlot(bucket.hold_until_slot)
        }
        Err(_) => Claimable::FromEpoch(WithdrawalBucket::claimable_from_epoch(bucket.epoch)),
    }
}

/// Why ticket `id` cannot be claimed yet, and when it can.
pub fn not_claimable_text(
    id: u64,
    bucket_epoch: u64,
    when: Claimable,
    epoch: u64,
    slot: u64,
) -> String {
    match when {
        Claimable::Now => format!("ticket {id} is claimable"),
        Claimable::FromEpoch(from) => {
            format!("ticket {id} is not claimable yet: it matures at epoch {from} (now {epoch})")
        }
        Claimable::FromSlot(from) => {
            format!(
            "ticket {id} is not claimable yet: {}\na slash of its bucket (epoch {bucket_epoch}) \
             can still be cancelled: claim from slot {from} ({} slots from now, slot {slot})",
            would_refuse(&lrt_vault::ID, &VaultError::TicketAwaitsSlashResolution.into()),
            from.saturating_sub(slot)
        )
        }
    }
}

pub fn ticket_view(
    ctx: &Ctx,
    key: Pubkey,
    ticket: &WithdrawalTicket,
    vault: &Vault,
    bucket: Option<&WithdrawalBucket>,
    epoch: u64,
    slot: u64,
) -> Result<TicketView> {
    let when = claimable(ticket, bucket, epoch, slot);
    let mut payout = Vec::new();
    for (slot, unscaled) in vault.assets().iter().zip(ticket.unscaled_amounts) {
        if unscaled == 0 {
            continue;
        }
        let info = chain::mint_info(ctx, &slot.mint)?;
        let scale = bucket.map(|b| b.scale_wad).unwrap_or(0);
        let amount = scaled_amount_floor(unscaled, scale).unwrap_or(0);
        payout.push(PayoutView {
            asset: info.symbol,
            amount: format_amount(amount, info.decimals),
        });
    }
    Ok(TicketView {
        address: key.to_string(),
        vault: ticket.vault.to_string(),
        id: ticket.id,
        bucket_epoch: ticket.bucket_epoch,
        claimable_from_epoch: WithdrawalBucket::claimable_from_epoch(ticket.bucket_epoch),
        claim_waits_until_slot: match when {
            Claimable::FromSlot(from) => Some(from),
            _ => None,
        },
        claimable_now: when == Claimable::Now,
        lrt_burned: sol(ticket.shares_burned),
        payout,
    })
}

pub fn tickets_of(
    ctx: &Ctx,
    owner: &Pubkey,
    vault: Option<&Pubkey>,
) -> Result<Vec<(Pubkey, WithdrawalTicket)>> {
    let mut filters = vec![listing::tickets_of_owner(owner)];
    filters.extend(vault.map(listing::tickets_of_vault));
    let mut tickets = chain::list_anchor(ctx, &lrt_vault::ID, filters)?;
    tickets.sort_by_key(|(_, t)| (t.vault.to_string(), t.id));
    Ok(tickets)
}

pub fn payout_text(payout: &[PayoutView]) -> String {
    let parts: Vec<String> = payout
        .iter()
        .map(|p| format!("{} {}", p.amount, p.asset))
        .collect();
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(" + ")
    }
}
