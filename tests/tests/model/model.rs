//! The reference model: the rules of DESIGN.md sections 3 to 5 (and the notice rule of
//! section 7, invariant 10), stated directly in exact rational arithmetic. It shares no
//! code with `restaking-math` or the programs: every formula here is written from the
//! design, and the chain must agree with it within the roundings the design allows (at
//! most a base unit or two per position per step, always in the vault's favour).
//!
//! What the model keeps on its own, across steps, is everything whose rule depends on
//! history: the protocol pause, fees and commission with their announcements, the
//! allocation's increases and decreases, the reward cohorts, the tickets' exact claims
//! through slashes and cancels, the slash windows and claim holds, the slash requests and
//! their executions, the bond, insurance and treasury ledgers. What it reads from the chain
//! before a step (the pool's amounts, the share supply, the cached prices, the buckets'
//! totals) is state, not rule: the model predicts what the step does to it.
use std::collections::BTreeMap;

use anchor_lang::prelude::Pubkey;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

pub type Q = BigRational;

pub const WAD: u128 = 1_000_000_000_000_000_000;
pub const BPS: u128 = 10_000;

pub fn q(x: u128) -> Q {
    Q::from_integer(BigInt::from(x))
}

pub fn ratio(n: u128, d: u128) -> Q {
    Q::new(BigInt::from(n), BigInt::from(d))
}

pub fn floor(x: &Q) -> u128 {
    x.floor()
        .to_integer()
        .to_u128()
        .expect("non-negative, fits")
}

pub fn ceil(x: &Q) -> u128 {
    x.ceil().to_integer().to_u128().expect("non-negative, fits")
}

/// `|a - b|` as a rational.
pub fn dist(a: &Q, b: &Q) -> Q {
    (a - b).abs()
}

/// Asserts the chain's integer `got` is the model's exact `want` rounded within `slack`
/// base units, and never above it when `vault_side` (what a user receives rounds down).
pub fn near(got: u128, want: &Q, slack: u128, vault_side: bool, what: &str) {
    let g = q(got);
    assert!(
        dist(&g, want) <= q(slack),
        "{what}: chain {got}, model {} (slack {slack})",
        want.to_f64().unwrap_or(f64::NAN)
    );
    if vault_side {
        assert!(
            g <= want.ceil(),
            "{what}: chain {got} above the model's {} (rounding against the vault)",
            want.to_f64().unwrap_or(f64::NAN)
        );
    }
}

/// A value announced with notice: in force until `from`, `next` from it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Announced {
    pub current: u16,
    pub next: u16,
    pub from: u64,
}

impl Announced {
    pub fn at(&self, epoch: u64) -> u16 {
        if epoch >= self.from {
            self.next
        } else {
            self.current
        }
    }

    /// A commission: any change announced during `e` applies from `e + 2`.
    pub fn announce(&mut self, new: u16, epoch: u64) {
        if new == self.next {
            return;
        }
        self.current = self.at(epoch);
        self.next = new;
        self.from = epoch + 2;
    }
}

/// A reward's part for the pool, paid during `epoch`: it vests linearly over `epoch + 1`.
#[derive(Clone, Debug)]
pub struct Cohort {
    pub asset: usize,
    pub amount: u64,
    pub epoch: u64,
}

impl Cohort {
    /// The exact part vested at `slot` (epochs of `len` slots).
    pub fn vested(&self, slot: u64, len: u64) -> Q {
        let start = (self.epoch + 1) * len;
        if slot <= start {
            return Q::zero();
        }
        let elapsed = (slot - start).min(len);
        q(self.amount as u128) * ratio(elapsed as u128, len as u128)
    }
}

/// A withdrawal ticket as the model follows it: its claim per asset is `base` times the
/// part `1 - f` each slash it carries left of it (a slash of its bucket, or one that could
/// still be cancelled when it left the pool at the slashed price); a cancel takes that
/// slash's part out again, whatever other slashes came between.
#[derive(Clone, Debug)]
pub struct Ticket {
    pub owner: usize,
    pub id: u64,
    pub bucket_epoch: u64,
    pub base: Vec<Q>,
    /// Per request index: `1 - f` of each slash the ticket carries.
    pub carries: BTreeMap<usize, Q>,
    /// No claim before this slot (a cancellable slash touched the bucket).
    pub hold_until: u64,
    /// Slashes and cancels that moved its claim: each may add a unit of rounding.
    pub moves: u32,
}

impl Ticket {
    /// The exact claim on each asset now.
    pub fn claim(&self) -> Vec<Q> {
        let keep = self.carries.values().fold(Q::one(), |a, b| a * b);
        self.base.iter().map(|x| x * &keep).collect()
    }
}

/// One execution of a slash request against the vault.
#[derive(Clone, Debug)]
pub struct Execution {
    /// The fraction `f` holders lost (0 when the bond and insurance covered it).
    pub fraction: Q,
    pub resolve_after: u64,
    pub loss: u64,
    pub bond_burnt: u64,
    pub insurance_burnt: u64,
    pub cancelled: bool,
    pub swept: Vec<bool>,
    pub wiped: bool,
}

/// A slash request of the world's AVS against the operator.
#[derive(Clone, Debug)]
pub struct Request {
    pub key: Pubkey,
    pub capture: u64,
    pub wad: u128,
    pub deadline: u64,
    pub vetoed: bool,
    pub execution: Option<Execution>,
}

/// An allocation change made during `epoch`.
#[derive(Clone, Copy, Debug)]
pub struct AllocationChange {
    pub epoch: u64,
    pub delta: i128,
}

/// Everything the model keeps across steps (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub paused: bool,
    pub deposit_fee: Announced,
    pub withdrawal_fee: Announced,
    pub reward_fee: Announced,
    pub insurance_cut_bps: u16,
    pub commission: Announced,
    pub allocation: Vec<AllocationChange>,
    pub cohorts: Vec<Cohort>,
    pub tickets: BTreeMap<Pubkey, Ticket>,
    /// Tickets paid out, in the order of their claims.
    pub claimed: Vec<Ticket>,
    /// Slash windows: (until slot, request index, `1 - f` of the slash). A cancel leaves
    /// its entry: deposits stay closed and new buckets start at the product until `until`.
    pub windows: Vec<(u64, usize, Q)>,
    pub requests: Vec<Request>,
    /// Per capture epoch: (the stake fixed by its first execution, lamports slashed).
    pub bases: BTreeMap<u64, (u64, u64)>,
    pub bond_shares: u64,
    pub bond_unbonding: u64,
    pub unbond_epoch: u64,
    pub insurance_shares: u64,
    pub treasury_shares: u64,
    pub wiped: bool,
}

impl Model {
    /// The allocation (WAD) that counts for a capture at `c`: increases made before `c`,
    /// less decreases made at `c - 2` or earlier (a decrease made during `d` still counts
    /// through `d + 1`).
    pub fn allocation_at(&self, c: u64) -> i128 {
        self.allocation
            .iter()
            .filter(|change| {
                let counts_from = if change.delta > 0 {
                    change.epoch + 1
                } else {
                    change.epoch + 2
                };
                counts_from <= c
            })
            .map(|change| change.delta)
            .sum()
    }

    /// The allocation from the next epoch on, as the curator may still change it: all
    /// increases, and decreases only once they stop counting (`later` and `next`).
    pub fn allocation_later(&self) -> i128 {
        self.allocation.iter().map(|c| c.delta).sum()
    }

    pub fn allocation_next(&self, cur: u64) -> i128 {
        self.allocation
            .iter()
            .map(|change| {
                if change.delta > 0 || change.epoch + 2 <= cur + 1 {
                    change.delta
                } else {
                    0
                }
            })
            .sum()
    }

    /// The window of cancellable slashes at `slot`: open while some slash that cost the
    /// holders a fraction can still be cancelled; the scale a new bucket starts at is the
    /// product of `1 - f` of the slashes since it opened.
    pub fn window_open(&self, slot: u64) -> bool {
        self.windows.iter().any(|(until, _, _)| slot < *until)
    }

    pub fn window_until(&self) -> u64 {
        self.windows.iter().map(|(u, _, _)| *u).max().unwrap_or(0)
    }

    /// The scale a bucket created at `slot` starts at: the product of `1 - f` over the
    /// window's slashes (1 when it is closed).
    pub fn starting_scale(&self, slot: u64) -> Q {
        if !self.window_open(slot) {
            return Q::one();
        }
        self.windows
            .iter()
            .map(|(_, _, keep)| keep.clone())
            .fold(Q::one(), |a, b| a * b)
    }

    /// DESIGN section 8 / invariant 10 for the fees: the three are one schedule with one
    /// effective epoch. A decrease applies at once; an increase announced during `e` only
    /// from `e + 2`; announcing exactly what is pending again keeps its epoch, any change
    /// restarts the notice for all three.
    pub fn announce_fees(&mut self, deposit: u16, withdrawal: u16, reward: u16, epoch: u64) {
        let fees = [&self.deposit_fee, &self.withdrawal_fee, &self.reward_fee];
        let same = fees
            .iter()
            .zip([deposit, withdrawal, reward])
            .all(|(f, v)| f.next == v)
            && epoch < self.deposit_fee.from;
        let from = if same {
            self.deposit_fee.from
        } else {
            epoch + 2
        };
        for (fee, new) in [
            (&mut self.deposit_fee, deposit),
            (&mut self.withdrawal_fee, withdrawal),
            (&mut self.reward_fee, reward),
        ] {
            let now = fee.at(epoch);
            *fee = Announced {
                current: new.min(now),
                next: new,
                from,
            };
        }
    }

    /// The slashes a request made at `slot` leaves the pool under and can still be
    /// cancelled: its ticket carries them.
    pub fn cancellable_carries(&self, slot: u64) -> BTreeMap<usize, Q> {
        if !self.window_open(slot) {
            return BTreeMap::new();
        }
        self.windows
            .iter()
            .filter(|(_, i, _)| {
                let e = self.requests[*i].execution.as_ref().expect("executed");
                !e.cancelled && slot < e.resolve_after
            })
            .map(|(_, i, keep)| (*i, keep.clone()))
            .collect()
    }

    /// Vested rewards of `asset` at `slot`, exactly, over every cohort.
    pub fn vested(&self, asset: usize, slot: u64, len: u64) -> Q {
        self.cohorts
            .iter()
            .filter(|c| c.asset == asset)
            .map(|c| c.vested(slot, len))
            .fold(Q::zero(), |a, b| a + b)
    }

    /// Rewards of `asset` paid and not vested at `slot`, exactly.
    pub fn unvested(&self, asset: usize, slot: u64, len: u64) -> Q {
        let paid: u128 = self
            .cohorts
            .iter()
            .filter(|c| c.asset == asset)
            .map(|c| c.amount as u128)
            .sum();
        q(paid) - self.vested(asset, slot, len)
    }
}
