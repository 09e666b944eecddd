//! DESIGN.md section 7: a checker that scenario tests call after every step.
//!
//! It reads only on-chain state (vault, mint, reserves, buckets, tickets, holders' LRT
//! accounts) and keeps what the previous check saw, so a step that lowers the price of a
//! share or of a bucket without a slash or a reward fails the test that made it.
//!
//! Besides the per-state invariants (1 solvency, 2 shares, 3 no free value), it checks the
//! relational ones on the positions a test registers (`track_holder`, `track_ticket`):
//! - 4, pro rata: after a step announced with [`InvariantChecker::expect_slash`], every
//!   holder of the pool and every ticket of a slashable bucket lost the announced fraction
//!   of its claim on every asset (within two base units per position: the claims compared
//!   are floors, before and after, and the expected one a floor of a floor), and every
//!   other ticket nothing. The
//!   test computes that fraction from the rules (allocation times the requested fraction,
//!   after the bond and the insurance fund), so it cannot depend on what other holders
//!   did before the capture;
//! - 9, inverse: after a step announced with [`InvariantChecker::expect_cancel`], every
//!   owner's claims (pool shares and tickets together: a holder may have left during the
//!   window) are back to what they were before the slash, within one base unit per
//!   position and asset (two per ticket), and no owner who held nothing then gained.
use std::collections::{BTreeMap, BTreeSet};

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

/// What the next check follows.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    /// Nothing may lose value.
    Plain,
    /// A slash: prices and scales may fall.
    Loss,
    /// A slash whose pro-rata fraction the test announced, with the epochs of the
    /// buckets it reaches.
    Slash {
        fraction_wad: u128,
        buckets: [u64; 2],
    },
    /// A cancel: scales may rise, and every position is back to where it was.
    Cancel,
    /// A cancel among other slashes and steps: scales may rise and the share price move;
    /// the caller checks the inverse itself (the property test's model does).
    Restore,
}

/// Per owner, per asset: the claim of each position (pool shares, one ticket).
type Claims = BTreeMap<Pubkey, Vec<(Position, [u64; MAX_ASSETS])>>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Position {
    Pool,
    /// One ticket (an owner may hold several in one bucket: `id` tells them apart).
    Ticket {
        bucket_epoch: u64,
        id: u64,
    },
}

/// Checks the invariants of one vault; tests tell it which buckets, tickets and holders
/// exist.
pub struct InvariantChecker {
    vault: Pubkey,
    buckets: BTreeSet<Pubkey>,
    tickets: BTreeSet<Pubkey>,
    /// LRT token accounts of holders, by owner.
    holders: BTreeMap<Pubkey, Pubkey>,
    last: Option<PriceMark>,
    bucket_scales: Vec<(Pubkey, u128)>,
    last_claims: Claims,
    /// The claims just before the latest announced slash (a cancel restores them).
    before_slash: Option<Claims>,
    step: Step,
}

impl InvariantChecker {
    pub fn new(vault: Pubkey) -> Self {
        Self {
            vault,
            buckets: BTreeSet::new(),
            tickets: BTreeSet::new(),
            holders: BTreeMap::new(),
            last: None,
            bucket_scales: Vec::new(),
            last_claims: Claims::new(),
            before_slash: None,
            step: Step::Plain,
        }
    }

    /// Starts tracking a ticket (and its bucket) after a withdrawal request.
    pub fn track_ticket(&mut self, ticket: Pubkey, bucket: Pubkey) {
        self.tickets.insert(ticket);
        self.buckets.insert(bucket);
    }

    /// Starts tracking `owner`'s LRT account (its claim on the pool).
    pub fn track_holder(&mut self, owner: Pubkey, lrt_account: Pubkey) {
        self.holders.insert(owner, lrt_account);
    }

    /// The next check follows a slash: the share price and bucket scales may fall (never
    /// rise for scales); every other invariant still holds.
    pub fn allow_loss(&mut self) {
        self.step = Step::Loss;
    }

    /// The next check follows a slash whose pro-rata part took `fraction_wad` (the
    /// escrow's `fraction_wad`, which the test computed itself) from the pool and from the
    /// buckets of `bucket_epochs` (c+1, c+2): invariant 4 on every tracked position.
    pub fn expect_slash(&mut self, fraction_wad: u128, bucket_epochs: [u64; 2]) {
        self.step = Step::Slash {
            fraction_wad,
            buckets: bucket_epochs,
        };
    }

    /// The next check follows a cancel of the latest announced slash: invariant 9.
    pub fn expect_cancel(&mut self) {
        self.step = Step::Cancel;
    }

    /// The next check follows a cancel whose inverse the caller checks itself (with
    /// several slashes and other steps in between, "the claims before the latest slash" is
    /// not the reference): bucket scales may rise, never fall, and the share price may
    /// move; every other invariant still holds.
    pub fn allow_restore(&mut self) {
        self.step = Step::Restore;
    }

    /// Asserts every invariant that applies; `step` names the step in failure messages.
    pub async fn check(&mut self, t: &mut TestContext, step: &str) {
        let vault: Vault = t.decode(self.vault).await;
        let slot = t.slot().await;

        // 2. shares: the LRT supply plus the bond, insurance and treasury ledgers is the
        // share count
        let supply = t.mint_supply(vault.lrt_mint).await;
        assert_eq!(
            supply + vault.bonded_shares + vault.insurance_shares + vault.treasury_shares,
            vault.share_supply,
            "{step}: LRT supply + bonds + insurance + treasury != share count"
        );

        // tickets still open, grouped by bucket
        let mut open: Vec<WithdrawalTicket> = Vec::new();
        for key in &self.tickets {
            if t.account(*key).await.is_some() {
                open.push(t.decode(*key).await);
            }
        }
        let mut queued_by_buckets = [0u64; MAX_ASSETS];
        let mut scales: BTreeMap<u64, u128> = BTreeMap::new();
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
            scales.insert(bucket.epoch, bucket.scale_wad);
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
            // 3. no free value: only a slash lowers a scale, only a cancel raises one
            match self.bucket_scales.iter_mut().find(|(k, _)| k == bucket_key) {
                Some((_, scale)) => {
                    match self.step {
                        Step::Plain => {
                            assert_eq!(bucket.scale_wad, *scale, "{step}: bucket scale moved")
                        }
                        Step::Loss | Step::Slash { .. } => {
                            assert!(bucket.scale_wad <= *scale, "{step}: bucket scale rose")
                        }
                        Step::Cancel | Step::Restore => {
                            assert!(bucket.scale_wad >= *scale, "{step}: bucket scale fell")
                        }
                    }
                    *scale = bucket.scale_wad;
                }
                None => {
                    // a bucket starts at 1.0, or at the scale of the slashes that may still
                    // be cancelled (its requests left the pool at the slashed price)
                    assert_eq!(
                        bucket.scale_wad,
                        vault.slash_window.new_bucket_scale(slot),
                        "{step}: new bucket {} not at its starting scale",
                        bucket.epoch
                    );
                    self.bucket_scales.push((*bucket_key, bucket.scale_wad));
                }
            }
        }

        for (k, asset) in vault.assets().iter().enumerate() {
            // 1. solvency per asset: the reserve covers the pool, the buckets, the escrow
            // and the rewards still vesting
            let reserve = t.token_balance(asset.reserve).await;
            let unvested = asset.rewards.unvested().expect("cohorts consistent");
            let owed = asset.active_amount + asset.queued_amount + asset.escrowed_amount + unvested;
            assert!(
                reserve >= owed,
                "{step}: asset {k} insolvent: reserve {reserve} < active {} + queued {} + \
                 escrowed {} + unvested {}",
                asset.active_amount,
                asset.queued_amount,
                asset.escrowed_amount,
                unvested
            );
            // the vault's queue is exactly what it holds for the buckets (all tracked)
            assert_eq!(
                asset.queued_amount, queued_by_buckets[k],
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
            if last.prices_wad == mark.prices_wad && self.step == Step::Plain {
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

        // 4 and 9 on the tracked positions
        let claims = self.claims(t, &vault, &open, &scales).await;
        match self.step {
            Step::Slash {
                fraction_wad,
                buckets,
            } => {
                self.check_pro_rata(&claims, fraction_wad, buckets, step);
                self.before_slash = Some(self.last_claims.clone());
            }
            Step::Cancel => self.check_inverse(&claims, step),
            Step::Plain | Step::Loss | Step::Restore => {}
        }

        self.last = Some(mark);
        self.last_claims = claims;
        self.step = Step::Plain;
    }

    /// Every tracked position's claim per asset, grouped by owner: a holder's shares are
    /// worth `floor(active_k * shares / S)`, a ticket `floor(units_k * scale)`.
    async fn claims(
        &self,
        t: &mut TestContext,
        vault: &Vault,
        open: &[WithdrawalTicket],
        scales: &BTreeMap<u64, u128>,
    ) -> Claims {
        let mut claims = Claims::new();
        for (owner, account) in &self.holders {
            let shares = if t.account(*account).await.is_some() {
                t.token_balance(*account).await
            } else {
                0
            };
            let mut claim = [0u64; MAX_ASSETS];
            for (k, asset) in vault.assets().iter().enumerate() {
                claim[k] = (u128::from(asset.active_amount) * u128::from(shares)
                    / u128::from(vault.share_supply)) as u64;
            }
            claims
                .entry(*owner)
                .or_default()
                .push((Position::Pool, claim));
        }
        for ticket in open {
            let Some(scale) = scales.get(&ticket.bucket_epoch) else {
                continue;
            };
            let mut claim = [0u64; MAX_ASSETS];
            for (k, units) in ticket.unscaled_amounts.iter().enumerate() {
                claim[k] = scaled_amount_floor(*units, *scale).expect("scale in range");
            }
            claims.entry(ticket.owner).or_default().push((
                Position::Ticket {
                    bucket_epoch: ticket.bucket_epoch,
                    id: ticket.id,
                },
                claim,
            ));
        }
        claims
    }

    /// Invariant 4: each position that existed before the slash lost `fraction_wad` of
    /// every claim if the slash reaches it, nothing otherwise.
    fn check_pro_rata(&self, now: &Claims, fraction_wad: u128, buckets: [u64; 2], step: &str) {
        for (owner, positions) in &self.last_claims {
            for (position, before) in positions {
                let Some((_, after)) = now
                    .get(owner)
                    .and_then(|p| p.iter().find(|(q, _)| q == position))
                else {
                    continue;
                };
                let (reached, slack) = match position {
                    Position::Pool => (true, 2),
                    Position::Ticket { bucket_epoch, .. } => (buckets.contains(bucket_epoch), 2),
                };
                for k in 0..MAX_ASSETS {
                    let expected = if reached {
                        (u128::from(before[k]) * (WAD - fraction_wad) / WAD) as u64
                    } else {
                        before[k]
                    };
                    assert!(
                        after[k].abs_diff(expected) <= slack,
                        "{step}: {owner} {position:?} asset {k}: {} -> {}, expected {expected} \
                         (a loss of {fraction_wad} / 1e18)",
                        before[k],
                        after[k]
                    );
                }
            }
        }
    }

    /// Invariant 9: each owner's claims, all positions together, are back to what they
    /// were before the slash; an owner who held nothing then gains nothing.
    fn check_inverse(&self, now: &Claims, step: &str) {
        let before = self
            .before_slash
            .as_ref()
            .expect("expect_cancel after an expect_slash");
        let total = |positions: Option<&Vec<(Position, [u64; MAX_ASSETS])>>| {
            let mut sum = [0u64; MAX_ASSETS];
            let mut count = 0;
            for (_, claim) in positions.into_iter().flatten() {
                count += 1;
                for k in 0..MAX_ASSETS {
                    sum[k] += claim[k];
                }
            }
            (sum, count)
        };
        for owner in self.holders.keys().chain(now.keys()) {
            let (was, _) = total(before.get(owner));
            let (is, positions) = total(now.get(owner));
            let (just_before, _) = total(self.last_claims.get(owner));
            for k in 0..MAX_ASSETS {
                if before.contains_key(owner) {
                    assert!(
                        is[k].abs_diff(was[k]) <= 2 * positions.max(1),
                        "{step}: {owner} asset {k}: {} before the slash, {} after the cancel",
                        was[k],
                        is[k]
                    );
                } else {
                    assert!(
                        is[k] <= just_before[k],
                        "{step}: {owner} came after the slash and gained from the cancel"
                    );
                }
            }
        }
    }
}

/// `now.value / now.supply < before.value / before.supply`, exactly.
fn price_fell(before: PriceMark, now: PriceMark) -> bool {
    let lhs = restaking_math::widening_mul(now.value_wad, u128::from(before.share_supply));
    let rhs = restaking_math::widening_mul(before.value_wad, u128::from(now.share_supply));
    lhs < rhs
}
