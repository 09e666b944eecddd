//! DESIGN.md section 7, as far as the vault core reaches (no operators or slashing yet):
//! a checker that scenario tests call after every step.
//!
//! It reads only on-chain state (vault, mint, reserves, buckets, tickets) and keeps the
//! previous share price, so a step that lowers the price of a share or of a bucket without
//! a slash or a reward fails the test that made it.
use std::collections::BTreeSet;

use anchor_lang::prelude::Pubkey;
use lrt_client::state::{Vault, WithdrawalBucket, WithdrawalTicket};
use lrt_vault::constants::MAX_ASSETS;
use restaking_math::{scaled_amount_floor, WAD};

use crate::TestContext;

/// What the previous check saw, to compare prices across steps.
#[derive(Clone, Copy)]
struct PriceMark {
    value_wad: u128,
    share_supply: u64,
    prices_wad: [u128; MAX_ASSETS],
}

/// Checks the invariants of one vault; tests tell it which buckets and tickets exist.
pub struct InvariantChecker {
    vault: Pubkey,
    buckets: BTreeSet<Pubkey>,
    tickets: BTreeSet<Pubkey>,
    last: Option<PriceMark>,
    bucket_scales: Vec<(Pubkey, u128)>,
    loss_allowed: bool,
}

impl InvariantChecker {
    pub fn new(vault: Pubkey) -> Self {
        Self {
            vault,
            buckets: BTreeSet::new(),
            tickets: BTreeSet::new(),
            last: None,
            bucket_scales: Vec::new(),
            loss_allowed: false,
        }
    }

    /// Starts tracking a ticket (and its bucket) after a withdrawal request.
    pub fn track_ticket(&mut self, ticket: Pubkey, bucket: Pubkey) {
        self.tickets.insert(ticket);
        self.buckets.insert(bucket);
    }

    /// Asserts every invariant that applies; `step` names the step in failure messages.
    pub async fn check(&mut self, t: &mut TestContext, step: &str) {
        let vault: Vault = t.decode(self.vault).await;

        // 2. shares: the LRT supply plus the bonded and insurance ledgers is the share count
        let supply = t.mint_supply(vault.lrt_mint).await;
        assert_eq!(
            supply + vault.bonded_shares + vault.insurance_shares,
            vault.share_supply,
            "{step}: LRT supply + bonds + insurance != share count"
        );

        // tickets still open, grouped by bucket
        let mut open: Vec<WithdrawalTicket> = Vec::new();
        for key in &self.tickets {
            if t.account(*key).await.is_some() {
                open.push(t.decode(*key).await);
            }
        }
        let mut queued_by_buckets = [0u64; MAX_ASSETS];
        for bucket_key in &self.buckets {
            if t.account(*bucket_key).await.is_none() {
                // closed by its last claim: no open ticket may still point at it
                assert!(
                    open.iter().all(|ticket| {
                        lrt_client::pda::bucket(&self.vault, ticket.bucket_epoch) != *bucket_key
                    }),
                    "{step}: bucket closed under an open ticket"
                );
                continue;
            }
            let bucket: WithdrawalBucket = t.decode(*bucket_key).await;
            assert_eq!(bucket.vault, self.vault, "{step}: bucket of another vault");
            let in_bucket: Vec<&WithdrawalTicket> = open
                .iter()
                .filter(|ticket| ticket.bucket_epoch == bucket.epoch)
                .collect();
            assert_eq!(
                bucket.open_tickets as usize,
                in_bucket.len(),
                "{step}: bucket {} counts its open tickets wrong",
                bucket.epoch
            );
            for (k, queued) in queued_by_buckets.iter_mut().enumerate() {
                // 2. tickets' baskets sum to at most their bucket's basket
                let tickets_sum: u128 = in_bucket.iter().map(|t| t.unscaled_amounts[k]).sum();
                assert!(
                    tickets_sum <= bucket.unscaled_amounts[k],
                    "{step}: tickets of bucket {} exceed it in asset {k}",
                    bucket.epoch
                );
                // what the vault holds for the bucket covers what its tickets can claim
                let claimable = scaled_amount_floor(bucket.unscaled_amounts[k], bucket.scale_wad)
                    .expect("bucket scale in range");
                assert!(
                    bucket.queued_amounts[k] >= claimable,
                    "{step}: bucket {} holds {} of asset {k} for claims of {claimable}",
                    bucket.epoch,
                    bucket.queued_amounts[k]
                );
                *queued += bucket.queued_amounts[k];
            }
            // 3. no free value: a bucket's scale never rises, and only a slash lowers it
            match self.bucket_scales.iter_mut().find(|(k, _)| k == bucket_key) {
                Some((_, scale)) => {
                    if self.loss_allowed {
                        assert!(bucket.scale_wad <= *scale, "{step}: bucket scale rose");
                    } else {
                        assert_eq!(bucket.scale_wad, *scale, "{step}: bucket scale moved");
                    }
                    *scale = bucket.scale_wad;
                }
                None => {
                    assert_eq!(bucket.scale_wad, WAD, "{step}: new bucket not at 1.0");
                    self.bucket_scales.push((*bucket_key, bucket.scale_wad));
                }
            }
        }

        for (k, slot) in vault.assets().iter().enumerate() {
            // 1. solvency per asset: the reserve covers the pool, the buckets, the escrow
            // and the rewards still vesting
            let reserve = t.token_balance(slot.reserve).await;
            let owed = slot.active_amount
                + slot.queued_amount
                + slot.escrowed_amount
                + slot.unvested_amount;
            assert!(
                reserve >= owed,
                "{step}: asset {k} insolvent: reserve {reserve} < active {} + queued {} + \
                 escrowed {} + unvested {}",
                slot.active_amount,
                slot.queued_amount,
                slot.escrowed_amount,
                slot.unvested_amount
            );
            // the vault's queue is exactly what it holds for the buckets (all tracked)
            assert_eq!(
                slot.queued_amount, queued_by_buckets[k],
                "{step}: asset {k} queued != sum over buckets"
            );
        }

        // 3. no free value: at unchanged prices, the value of a share never falls
        let mark = PriceMark {
            value_wad: vault.active_value_wad().expect("value fits"),
            share_supply: vault.share_supply,
            prices_wad: vault.assets.map(|a| a.price_wad),
        };
        if let Some(last) = self.last {
            if last.prices_wad == mark.prices_wad && !self.loss_allowed {
                // value/supply >= last_value/last_supply, cross-multiplied in 256 bits
                assert!(
                    !price_fell(last, mark),
                    "{step}: share price fell from {}/{} to {}/{}",
                    last.value_wad,
                    last.share_supply,
                    mark.value_wad,
                    mark.share_supply
                );
            }
        }
        self.last = Some(mark);
        self.loss_allowed = false;
    }

    /// The next check follows a slash: the share price and bucket scales may fall (never
    /// rise for scales); every other invariant still holds.
    pub fn allow_loss(&mut self) {
        self.loss_allowed = true;
    }
}

/// `now.value / now.supply < before.value / before.supply`, exactly.
fn price_fell(before: PriceMark, now: PriceMark) -> bool {
    let lhs = restaking_math::widening_mul(now.value_wad, u128::from(before.share_supply));
    let rhs = restaking_math::widening_mul(before.value_wad, u128::from(now.share_supply));
    lhs < rhs
}
