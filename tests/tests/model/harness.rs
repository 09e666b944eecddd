//! The chain side of the property test: the slashing world's vault A (wSOL, a stake-pool
//! LST, mSOL priced by a Marinade-layout state) with its operator, bond and AVS, driven by
//! the actions of `actions`, each checked against the model of `model` and, after every
//! step, against the invariants of DESIGN section 7 (`InvariantChecker`).
//!
//! Every step opens with a transaction that refreshes prices and runs the `vest_rewards`
//! crank, checked against the model's reward cohorts; the action itself then finds the
//! pool's vesting up to date, so its own oracle reads the pool as it is.
use anchor_lang::prelude::{Clock, Pubkey};
use anchor_spl::token::spl_token;
use lrt_client::{
    instructions as build, pda, registry,
    state::{OperatorBond, SlashEscrow, Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::slashing_world::*;
use lrt_integration_tests::*;
use lrt_vault::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, MARINADE_PROGRAM},
    errors::VaultError,
    instructions::{AddAssetArgs, DepositArgs, DistributeRewardsArgs, RequestWithdrawalArgs},
    state::PricingSource,
};
use num_traits::{One, ToPrimitive, Zero};
use restaking_math::{encode_marinade_state, MarinadeReading};
use slasher_registry::{
    errors::RegistryError,
    instructions::UpdateOperatorArgs,
    state::{Operator, SlashExecution, SlashRequest},
};
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;

use crate::actions::{Action, ASSETS, USERS};
use crate::model::WAD;
use crate::model::*;

/// mSOL's price at start, 2^32 fixed point (mainnet epoch 793).
const MSOL_PRICE_2_32: u64 = 5_569_433_525;
/// The AVS's maximum per request (the world registers it at 50%).
const AVS_MAX_WAD: u128 = WAD / 2;
/// Each user's starting balance of every asset, in base units.
const WALLET: u64 = 10 * SOL;

/// Asserts a refusal with `code` (any program error when `None`).
fn refused(result: Result<(), BanksClientError>, code: Option<u32>, what: &str) {
    match code {
        Some(code) => {
            if let Err(mismatch) = check_program_error(result, None, code) {
                panic!("{what}: {mismatch}");
            }
        }
        None => {
            result.expect_err(what);
        }
    }
}

pub struct User {
    pub key: Keypair,
    /// Token accounts of wSOL, the pool LST and mSOL, in asset order.
    pub tokens: [Pubkey; ASSETS],
}

pub struct Harness {
    pub w: World,
    pub check: InvariantChecker,
    pub m: Model,
    pub vault: Pubkey,
    pub users: Vec<User>,
    pub msol_mint: Pubkey,
    pub msol_state: Pubkey,
    pub msol_price: u64,
    /// The operator authority's token account per asset (its commission).
    pub op_tokens: [Pubkey; ASSETS],
    pub next_id: u64,
    pub steps: usize,
    /// The pool's `total_lamports` and Marinade's price as the vault's cache last read
    /// them (a refresh reads once per Solana epoch).
    pub rates_read: (u64, u64),
}

impl Harness {
    pub async fn new() -> Self {
        let mut w = World::new().await;
        let (msol_mint, msol_state) = (Pubkey::new_unique(), Pubkey::new_unique());
        w.t.ctx.set_account(
            &msol_mint,
            &mint_account(Pubkey::new_unique(), 9, 1_000_000 * SOL).into(),
        );
        let state = encode_marinade_state(&MarinadeReading {
            msol_mint: msol_mint.to_bytes(),
            msol_price: MSOL_PRICE_2_32,
        });
        w.t.ctx
            .set_account(&msol_state, &data_account(MARINADE_PROGRAM, state).into());
        let mut users = Vec::new();
        for i in 0..USERS {
            let key = w.users[i].key.insecure_clone();
            let msol = Pubkey::new_unique();
            w.t.ctx.set_account(
                &msol,
                &token_account(msol_mint, key.pubkey(), WALLET).into(),
            );
            let tokens = [w.users[i].wsol, w.users[i].pool_tokens, msol];
            users.push(User { key, tokens });
        }
        // the operator's commission accounts, and the AVS recipient's mSOL account
        let op = w.op.pubkey();
        let (op_pool, op_msol) = (Pubkey::new_unique(), Pubkey::new_unique());
        w.t.ctx
            .set_account(&op_pool, &token_account(w.pool_mint, op, 0).into());
        w.t.ctx
            .set_account(&op_msol, &token_account(msol_mint, op, 0).into());
        let recipient_msol =
            pda::associated_token_account(&w.recipient, &msol_mint, &anchor_spl::token::ID);
        w.t.ctx.set_account(
            &recipient_msol,
            &token_account(msol_mint, w.recipient, 0).into(),
        );
        let curator = w.curator.insecure_clone();
        let add = build::add_asset(
            curator.pubkey(),
            w.vault_a,
            msol_mint,
            anchor_spl::token::ID,
            AddAssetArgs {
                pricing: PricingSource::Marinade { state: msol_state },
                deposit_cap: u64::MAX,
            },
        );
        w.t.send(&[add], &[&curator]).await.unwrap();
        // half of vault A allocated during e0, the world now at the first slot of e0 + 1
        w.delegate_and_enter_capture_epoch().await;
        let e0 = w.e0;
        let bond: OperatorBond = w.t.decode(pda::bond(&w.vault_a, &w.operator)).await;
        let mut check = InvariantChecker::new(w.vault_a);
        let vault_state: Vault = w.t.decode(w.vault_a).await;
        for user in &users {
            let lrt = pda::lrt_account(&user.key.pubkey(), &vault_state.lrt_mint);
            check.track_holder(user.key.pubkey(), lrt);
        }
        let op_lrt = pda::lrt_account(&op, &vault_state.lrt_mint);
        check.track_holder(op, op_lrt);
        let m = Model {
            allocation: vec![AllocationChange {
                epoch: e0,
                delta: (WAD / 2) as i128,
            }],
            commission: Announced {
                current: 1_000,
                next: 1_000,
                from: 0,
            },
            bond_shares: bond.shares,
            ..Model::default()
        };
        let vault = w.vault_a;
        let op_wsol = w.op_wsol;
        let mut h = Harness {
            w,
            check,
            m,
            vault,
            users,
            msol_mint,
            msol_state,
            msol_price: MSOL_PRICE_2_32,
            op_tokens: [op_wsol, op_pool, op_msol],
            next_id: 1,
            steps: 0,
            rates_read: (1_050 * SOL, MSOL_PRICE_2_32),
        };
        // LRT accounts for everyone who may receive shares
        let mut ixs = Vec::new();
        for user in &h.users {
            ixs.push(create_lrt_account_ix(
                user.key.pubkey(),
                vault_state.lrt_mint,
            ));
        }
        let signers: Vec<&Keypair> = h.users.iter().map(|u| &u.key).collect();
        h.w.t.send(&ixs, &signers).await.unwrap();
        h.check.check(&mut h.w.t, "set up").await;
        h.verify_books("set up").await;
        h
    }

    pub async fn slot(&mut self) -> u64 {
        self.w.t.slot().await
    }

    pub async fn vault_state(&mut self) -> Vault {
        self.w.t.decode(self.vault).await
    }

    async fn balance(&mut self, account: Pubkey) -> u64 {
        self.w.t.token_balance(account).await
    }

    async fn lrt(&mut self, user: usize) -> u64 {
        let mint = self.vault_state().await.lrt_mint;
        let account = pda::lrt_account(&self.users[user].key.pubkey(), &mint);
        self.balance(account).await
    }

    async fn bucket(&mut self, epoch: u64) -> Option<WithdrawalBucket> {
        let key = pda::bucket(&self.vault, epoch);
        match self.w.t.account(key).await {
            Some(_) => Some(self.w.t.decode(key).await),
            None => None,
        }
    }

    /// Runs one action, then the step's checks.
    pub async fn step(&mut self, action: &Action) {
        self.steps += 1;
        let what = format!("step {} {action:?}", self.steps);
        self.vest(&what).await;
        match action.clone() {
            Action::Deposit {
                user,
                asset,
                permille,
                guard_short,
            } => {
                self.deposit(user, asset, permille, guard_short, &what)
                    .await
            }
            Action::Donate { asset, permille } => self.donate(asset, permille).await,
            Action::PriceMove { pool_bps, msol_bps } => self.price_move(pool_bps, msol_bps).await,
            Action::Request {
                user,
                permille,
                guard_short,
            } => self.request(user, permille, guard_short, &what).await,
            Action::Claim { user } => self.claim(user, &what).await,
            Action::Allocate { delta_bps } => self.allocate(delta_bps, &what).await,
            Action::Bond { permille } => self.bond(permille, &what).await,
            Action::Unbond { permille } => self.unbond(permille, &what).await,
            Action::CompleteUnbond => self.complete_unbond(&what).await,
            Action::Insurance { user, permille } => self.insurance(user, permille, &what).await,
            Action::Reward {
                user,
                asset,
                permille,
            } => self.reward(user, asset, permille, &what).await,
            Action::Commission { bps } => self.commission(bps).await,
            Action::Fees {
                deposit_bps,
                withdrawal_bps,
            } => self.fees(deposit_bps, withdrawal_bps).await,
            Action::RewardFee { bps, cut_bps } => self.reward_fee(bps, cut_bps).await,
            Action::RequestSlash { wad_bps } => self.request_slash(wad_bps, &what).await,
            Action::Veto { pick } => self.veto(pick, &what).await,
            Action::Execute { pick } => self.execute(pick, &what).await,
            Action::Cancel { pick } => self.cancel(pick, &what).await,
            Action::Sweep { pick } => self.sweep(pick, &what).await,
            Action::Pause { on } => self.pause(on).await,
            Action::Advance { slots } => {
                let slot = self.slot().await;
                self.w.advance_to_slot(slot + slots).await;
            }
        }
        let slot = self.slot().await;
        // the chain's window keeps its factor until it closes, whatever was cancelled
        if !self.m.window_open(slot) {
            self.m.windows.clear();
        }
        self.check.check(&mut self.w.t, &what).await;
        self.verify_books(&what).await;
    }

    /// Refresh and the vest crank; what it credits is what the model's cohorts vested.
    async fn vest(&mut self, what: &str) {
        let before = self.vault_state().await;
        let ixs = [
            build::refresh_prices(&before),
            build::vest_rewards(self.vault),
        ];
        self.w.t.send(&ixs, &[]).await.unwrap();
        let after = self.vault_state().await;
        if after.assets[1].price_epoch != before.assets[1].price_epoch {
            self.rates_read = (self.w.pool_lamports, self.msol_price);
        }
        let slot = self.slot().await;
        let len = EPOCH_LENGTH;
        for k in 0..ASSETS {
            let unvested = after.assets[k].rewards.unvested().unwrap();
            let cohorts = self.m.cohorts.iter().filter(|c| c.asset == k).count() as u128;
            // one cohort on chain per epoch of payments: each floors once
            near(
                unvested as u128,
                &self.m.unvested(k, slot, len),
                cohorts + 1,
                false,
                &format!("{what}: asset {k} unvested"),
            );
            let credited = after.assets[k].active_amount - before.assets[k].active_amount;
            let unvested_before = before.assets[k].rewards.unvested().unwrap();
            assert_eq!(
                credited,
                unvested_before - unvested,
                "{what}: the crank credits what leaves vesting"
            );
        }
        // its own check, so the action's check compares with the pool after vesting
        self.check
            .check(&mut self.w.t, &format!("{what} (vest)"))
            .await;
    }

    /// The value of the pool at the cached prices (WAD-lamports), exactly.
    fn pool_value(vault: &Vault) -> Q {
        (0..ASSETS)
            .map(|k| q(vault.assets[k].active_amount as u128) * q(vault.assets[k].price_wad))
            .fold(Q::zero(), |a, b| a + b)
    }

    /// The value a deposit buys into: the pool, plus 10 bps on the mSOL (the vault's
    /// margin for a Marinade price that may lag its update; docs/governance.md).
    fn deposit_value(vault: &Vault) -> Q {
        let msol = q(vault.assets[2].active_amount as u128) * q(vault.assets[2].price_wad);
        Self::pool_value(vault) + msol * ratio(10, BPS)
    }

    async fn deposit(
        &mut self,
        user: usize,
        asset: usize,
        permille: u16,
        guard_short: bool,
        what: &str,
    ) {
        let account = self.users[user].tokens[asset];
        let balance = self.balance(account).await;
        if balance == 0 {
            return;
        }
        let amount = (balance as u128 * permille as u128 / 1_000).max(1) as u64;
        let slot = self.slot().await;
        let cur = slot / EPOCH_LENGTH;
        let fee_bps = self.m.deposit_fee.at(cur);
        let max_fee = if guard_short && fee_bps > 0 {
            fee_bps - 1
        } else {
            fee_bps
        };
        let before = self.vault_state().await;
        let key = self.users[user].key.insecure_clone();
        let lrt_account = pda::lrt_account(&key.pubkey(), &before.lrt_mint);
        let ix = build::deposit(
            &before,
            key.pubkey(),
            account,
            lrt_account,
            DepositArgs {
                asset_index: asset as u8,
                amount,
                min_shares_out: 0,
                max_fee_bps: max_fee,
            },
        );
        // the model's shares: value x S / V, less the fee in force
        let value = q(amount as u128) * q(before.assets[asset].price_wad);
        let shares = value * q(before.share_supply as u128) / Self::deposit_value(&before);
        let net = &shares * ratio((BPS - fee_bps as u128) as u128, BPS);
        let expected_refusal = if self.m.paused {
            Some(VaultError::ProtocolPaused)
        } else if self.m.window_open(slot) {
            Some(VaultError::DepositsAwaitSlashResolution)
        } else if self.m.wiped {
            Some(VaultError::VaultWipedOut)
        } else if max_fee < fee_bps {
            Some(VaultError::FeeAboveMaximum)
        } else if floor(&net) == 0 || floor(&shares) == 0 {
            Some(VaultError::ZeroShares)
        } else {
            None
        };
        let lrt_before = self.balance(lrt_account).await;
        let result = self.w.t.send(&[ix], &[&key]).await;
        if let Some(code) = expected_refusal {
            // a share count near zero may round either way: only then is "maybe" allowed
            if matches!(code, VaultError::ZeroShares) && result.is_ok() {
                assert!(
                    floor(&shares) <= 1,
                    "{what}: deposit of ~0 shares went through"
                );
            } else {
                refused(result, Some(vault_error(code)), what);
                return;
            }
        } else {
            result.unwrap_or_else(|e| panic!("{what}: deposit refused: {e:?}"));
        }
        let after = self.vault_state().await;
        let got = self.balance(lrt_account).await - lrt_before;
        near(got as u128, &net, 2, true, &format!("{what}: shares out"));
        let fee_shares = after.treasury_shares - before.treasury_shares;
        near(
            fee_shares as u128,
            &(&shares - &net),
            2,
            false,
            &format!("{what}: fee shares"),
        );
        assert_eq!(after.share_supply, before.share_supply + got + fee_shares);
        assert_eq!(
            after.assets[asset].active_amount,
            before.assets[asset].active_amount + amount,
            "{what}: the books move by what was transferred"
        );
        self.m.treasury_shares += fee_shares;
    }

    async fn donate(&mut self, asset: usize, permille: u16) {
        let user = &self.users[0];
        let from = user.tokens[asset];
        let key = user.key.insecure_clone();
        let balance = self.balance(from).await;
        let amount = (balance as u128 * permille as u128 / 1_000) as u64;
        if amount == 0 {
            return;
        }
        let vault = self.vault_state().await;
        let reserve = vault.assets[asset].reserve;
        let ix = spl_token::instruction::transfer(
            &spl_token::ID,
            &from,
            &reserve,
            &key.pubkey(),
            &[],
            amount,
        )
        .unwrap();
        let before = self.w.t.account(self.vault).await.unwrap().data;
        self.w.t.send(&[ix], &[&key]).await.unwrap();
        // the books do not move: a donation is nobody's
        assert_eq!(self.w.t.account(self.vault).await.unwrap().data, before);
    }

    /// New rates for the stake pool and Marinade, written at once; the cache takes them at
    /// the next Solana epoch's refresh (checked in `verify_books`).
    async fn price_move(&mut self, pool_bps: i32, msol_bps: i32) {
        let scale = |x: u64, bps: i32| (x as i128 * (10_000 + bps as i128) / 10_000).max(1) as u64;
        self.w.pool_lamports = scale(self.w.pool_lamports, pool_bps).max(500 * SOL);
        self.msol_price = scale(self.msol_price, msol_bps);
        let clock: Clock = self.w.t.ctx.banks_client.get_sysvar().await.unwrap();
        let pool = pool_data_at(self.w.pool_mint, clock.epoch, self.w.pool_lamports);
        let pool = data_account(ALLOWED_STAKE_POOL_PROGRAMS[0], pool);
        self.w.t.ctx.set_account(&self.w.pool, &pool.into());
        let state = encode_marinade_state(&MarinadeReading {
            msol_mint: self.msol_mint.to_bytes(),
            msol_price: self.msol_price,
        });
        self.w.t.ctx.set_account(
            &self.msol_state,
            &data_account(MARINADE_PROGRAM, state).into(),
        );
    }

    async fn request(&mut self, user: usize, permille: u16, guard_short: bool, what: &str) {
        let balance = self.lrt(user).await;
        if balance == 0 {
            return;
        }
        let shares = (balance as u128 * permille as u128 / 1_000).max(1) as u64;
        let slot = self.slot().await;
        let cur = slot / EPOCH_LENGTH;
        let fee_bps = self.m.withdrawal_fee.at(cur);
        let max_fee = if guard_short && fee_bps > 0 {
            fee_bps - 1
        } else {
            fee_bps
        };
        let before = self.vault_state().await;
        let fee = ceil(&(q(shares as u128) * ratio(fee_bps as u128, BPS))) as u64;
        let net = shares - fee;
        // in kind: floor(active_k x net / S) of every asset (DESIGN section 3)
        let amounts: Vec<u64> = (0..ASSETS)
            .map(|k| {
                floor(
                    &(q(before.assets[k].active_amount as u128)
                        * ratio(net as u128, before.share_supply as u128)),
                ) as u64
            })
            .collect();
        let bucket_epoch = cur + 1;
        let bucket = self.bucket(bucket_epoch).await;
        let starting_scale = self.m.starting_scale(slot);
        let expected_refusal = if self.m.paused {
            Some(VaultError::ProtocolPaused)
        } else if max_fee < fee_bps {
            Some(VaultError::FeeAboveMaximum)
        } else if net == 0 || amounts.iter().all(|a| *a == 0) {
            Some(VaultError::WithdrawalTooSmall)
        } else if bucket.as_ref().map(|b| b.scale_wad == 0).unwrap_or(false) {
            Some(VaultError::BucketWiped)
        } else if bucket.is_none() && starting_scale.is_zero() {
            Some(VaultError::WithdrawalsAwaitSlashResolution)
        } else {
            None
        };
        let key = self.users[user].key.insecure_clone();
        let id = self.next_id;
        self.next_id += 1;
        let ix = build::request_withdrawal(
            &before,
            key.pubkey(),
            cur,
            RequestWithdrawalArgs {
                shares,
                ticket_id: id,
                max_fee_bps: max_fee,
            },
        );
        let result = self.w.t.send(&[ix], &[&key]).await;
        if let Some(code) = expected_refusal {
            refused(result, Some(vault_error(code)), what);
            return;
        }
        result.unwrap_or_else(|e| panic!("{what}: request refused: {e:?}"));
        let after = self.vault_state().await;
        for k in 0..ASSETS {
            assert_eq!(
                after.assets[k].active_amount,
                before.assets[k].active_amount - amounts[k],
                "{what}: asset {k} moved out of the pool"
            );
        }
        assert_eq!(after.share_supply, before.share_supply - net);
        assert_eq!(after.treasury_shares, before.treasury_shares + fee);
        self.m.treasury_shares += fee;
        let ticket = pda::ticket(&self.vault, &key.pubkey(), id);
        self.check
            .track_ticket(ticket, pda::bucket(&self.vault, bucket_epoch));
        let hold_until = if self.m.window_open(slot) {
            self.m.window_until()
        } else {
            0
        };
        // it left the pool at the slashed price: a cancel of any slash it carries raises it
        let carries = self.m.cancellable_carries(slot);
        let keep = carries.values().fold(Q::one(), |a, b| a * b);
        assert!(
            !keep.is_zero(),
            "{what}: a ticket under a 100% slash was created"
        );
        self.m.tickets.insert(
            ticket,
            Ticket {
                owner: user,
                id,
                bucket_epoch,
                base: amounts.iter().map(|a| q(*a as u128) / &keep).collect(),
                carries,
                hold_until,
                moves: 0,
            },
        );
        // joining a bucket held by a slash inherits its hold
        self.sync_holds(bucket_epoch, hold_until);
    }

    /// Every ticket of bucket `epoch` waits at least until `slot`.
    fn sync_holds(&mut self, epoch: u64, slot: u64) {
        for t in self.m.tickets.values_mut() {
            if t.bucket_epoch == epoch {
                t.hold_until = t.hold_until.max(slot);
            }
        }
    }

    async fn claim(&mut self, user: usize, what: &str) {
        let slot = self.slot().await;
        let cur = slot / EPOCH_LENGTH;
        let mine: Vec<(Pubkey, Ticket)> = self
            .m
            .tickets
            .iter()
            .filter(|(_, t)| t.owner == user)
            .map(|(k, t)| (*k, t.clone()))
            .collect();
        let key = self.users[user].key.insecure_clone();
        let tokens = self.users[user].tokens;
        let mints = {
            let v = self.vault_state().await;
            [v.assets[0].mint, v.assets[1].mint, v.assets[2].mint]
        };
        for (ticket_key, t) in mine {
            let vault = self.vault_state().await;
            let ticket: WithdrawalTicket = self.w.t.decode(ticket_key).await;
            let bucket = self
                .bucket(t.bucket_epoch)
                .await
                .expect("an open ticket's bucket");
            let ix = build::claim_to(&vault, &bucket, &ticket, |slot| {
                tokens[mints.iter().position(|m| *m == slot.mint).unwrap()]
            });
            let before: Vec<u64> = {
                let mut v = Vec::new();
                for a in tokens {
                    v.push(self.balance(a).await);
                }
                v
            };
            let result = self.w.t.send(&[ix], &[&key]).await;
            if cur <= t.bucket_epoch {
                refused(result, Some(vault_error(VaultError::TicketNotMature)), what);
                continue;
            }
            if slot < t.hold_until {
                refused(
                    result,
                    Some(vault_error(VaultError::TicketAwaitsSlashResolution)),
                    what,
                );
                continue;
            }
            result.unwrap_or_else(|e| panic!("{what}: claim refused: {e:?}"));
            for k in 0..ASSETS {
                let paid = self.balance(tokens[k]).await - before[k];
                near(
                    paid as u128,
                    &t.claim()[k],
                    2 + 2 * t.moves as u128,
                    true,
                    &format!("{what}: claim of asset {k}"),
                );
            }
            if let Some(paid) = self.m.tickets.remove(&ticket_key) {
                self.m.claimed.push(paid);
            }
        }
    }

    async fn allocate(&mut self, delta_bps: i32, what: &str) {
        let delta = delta_bps as i128 * (WAD / BPS) as i128;
        if delta == 0 {
            return;
        }
        let cur = self.slot().await / EPOCH_LENGTH;
        let curator = self.w.curator.insecure_clone();
        let (next, later) = (self.m.allocation_next(cur), self.m.allocation_later());
        let (ix, refusal) = if delta > 0 {
            let over = next.max(later) + delta > WAD as i128;
            (
                build::delegate(curator.pubkey(), self.vault, self.w.operator, delta as u64),
                // the operator's limit is the whole vault: it speaks first
                over.then_some(VaultError::DelegationLimitExceeded),
            )
        } else {
            let under = -delta > later;
            (
                build::undelegate(
                    curator.pubkey(),
                    self.vault,
                    self.w.operator,
                    (-delta) as u64,
                ),
                under.then_some(VaultError::InsufficientDelegation),
            )
        };
        let result = self.w.t.send(&[ix], &[&curator]).await;
        match refusal {
            Some(code) => refused(result, Some(vault_error(code)), what),
            None => {
                result.unwrap_or_else(|e| panic!("{what}: allocation refused: {e:?}"));
                self.m
                    .allocation
                    .push(AllocationChange { epoch: cur, delta });
            }
        }
    }

    async fn op_lrt(&mut self) -> (Pubkey, u64) {
        let mint = self.vault_state().await.lrt_mint;
        let account = pda::lrt_account(&self.w.op.pubkey(), &mint);
        (account, self.balance(account).await)
    }

    async fn bond(&mut self, permille: u16, what: &str) {
        let (_, held) = self.op_lrt().await;
        let shares = (held as u128 * permille as u128 / 1_000) as u64;
        if shares == 0 {
            return;
        }
        let op = self.w.op.insecure_clone();
        let vault = self.vault_state().await;
        let ix = build::bond(&vault, self.w.operator, op.pubkey(), shares);
        self.w
            .t
            .send(&[ix], &[&op])
            .await
            .unwrap_or_else(|e| panic!("{what}: bond refused: {e:?}"));
        self.m.bond_shares += shares;
    }

    async fn unbond(&mut self, permille: u16, what: &str) {
        let shares = (self.m.bond_shares as u128 * permille as u128 / 1_000) as u64;
        if shares == 0 {
            return;
        }
        let op = self.w.op.insecure_clone();
        let ix = build::unbond(self.vault, self.w.operator, op.pubkey(), shares);
        self.w
            .t
            .send(&[ix], &[&op])
            .await
            .unwrap_or_else(|e| panic!("{what}: unbond refused: {e:?}"));
        self.m.bond_shares -= shares;
        self.m.bond_unbonding += shares;
        self.m.unbond_epoch = self.slot().await / EPOCH_LENGTH;
    }

    async fn complete_unbond(&mut self, what: &str) {
        let cur = self.slot().await / EPOCH_LENGTH;
        let op = self.w.op.insecure_clone();
        let vault = self.vault_state().await;
        let ix = build::complete_unbond(&vault, self.w.operator, op.pubkey());
        let result = self.w.t.send(&[ix], &[&op]).await;
        if self.m.bond_unbonding == 0 {
            refused(result, Some(vault_error(VaultError::NothingPending)), what);
        } else if cur <= self.m.unbond_epoch + 2 {
            refused(result, Some(vault_error(VaultError::CooldownNotOver)), what);
        } else {
            result.unwrap_or_else(|e| panic!("{what}: complete_unbond refused: {e:?}"));
            self.m.bond_unbonding = 0;
        }
    }

    async fn insurance(&mut self, user: usize, permille: u16, what: &str) {
        let shares = (self.lrt(user).await as u128 * permille as u128 / 1_000) as u64;
        if shares == 0 {
            return;
        }
        let key = self.users[user].key.insecure_clone();
        let vault = self.vault_state().await;
        let ix = build::fund_insurance(&vault, key.pubkey(), shares);
        self.w
            .t
            .send(&[ix], &[&key])
            .await
            .unwrap_or_else(|e| panic!("{what}: insurance refused: {e:?}"));
        self.m.insurance_shares += shares;
    }

    async fn reward(&mut self, user: usize, asset: usize, permille: u16, what: &str) {
        let from = self.users[user].tokens[asset];
        let amount = (self.balance(from).await as u128 * permille as u128 / 1_000) as u64;
        if amount == 0 {
            return;
        }
        let cur = self.slot().await / EPOCH_LENGTH;
        let key = self.users[user].key.insecure_clone();
        let before = self.vault_state().await;
        let op_account = self.op_tokens[asset];
        let op_before = self.balance(op_account).await;
        let ix = build::distribute_rewards(
            &before,
            build::RewardKeys {
                payer: key.pubkey(),
                payer_token_account: from,
                operator: self.w.operator,
                operator_token_account: op_account,
            },
            DistributeRewardsArgs {
                asset_index: asset as u8,
                amount,
            },
        );
        self.w
            .t
            .send(&[ix], &[&key])
            .await
            .unwrap_or_else(|e| panic!("{what}: reward refused: {e:?}"));
        // DESIGN section 5: commission (in force this epoch) rounded down, the vault fee
        // (in force) rounded up on the rest, the insurance cut of it rounded down
        let commission = amount as u128 * self.m.commission.at(cur) as u128 / BPS;
        let rest = amount as u128 - commission;
        let fee = ceil(&(q(rest) * ratio(self.m.reward_fee.at(cur) as u128, BPS)));
        let insurance = fee * self.m.insurance_cut_bps as u128 / BPS;
        let treasury = fee - insurance;
        let to_pool = rest - fee;
        assert_eq!(
            (self.balance(op_account).await - op_before) as u128,
            commission,
            "{what}: the commission in force"
        );
        let after = self.vault_state().await;
        assert_eq!(
            (after.assets[asset].active_amount - before.assets[asset].active_amount) as u128,
            fee,
            "{what}: the fee tokens join the pool"
        );
        // fee shares at the deposit value; while a slash may be cancelled, at the value its
        // cancel would restore (a cancel must give the ledgers nothing: invariant 9)
        let price = q(before.assets[asset].price_wad);
        let value = Self::deposit_value(&before);
        let s = q(before.share_supply as u128);
        let slot = self.slot().await;
        let restored = self.m.starting_scale(slot);
        let shares_for = |amount: u128| q(amount) * &price * &restored * &s / &value;
        let t_shares = after.treasury_shares - before.treasury_shares;
        let i_shares = after.insurance_shares - before.insurance_shares;
        near(
            t_shares as u128,
            &shares_for(treasury),
            1,
            true,
            &format!("{what}: treasury shares"),
        );
        near(
            i_shares as u128,
            &shares_for(insurance),
            1,
            true,
            &format!("{what}: insurance shares"),
        );
        self.m.treasury_shares += t_shares;
        self.m.insurance_shares += i_shares;
        if to_pool > 0 {
            self.m.cohorts.push(Cohort {
                asset,
                amount: to_pool as u64,
                epoch: cur,
            });
        }
    }

    async fn commission(&mut self, bps: u16) {
        let cur = self.slot().await / EPOCH_LENGTH;
        let op = self.w.op.insecure_clone();
        let ix = registry::update_operator(
            op.pubkey(),
            UpdateOperatorArgs {
                commission_bps: Some(bps),
                ..UpdateOperatorArgs::default()
            },
        );
        self.w.t.send(&[ix], &[&op]).await.unwrap();
        self.m.commission.announce(bps, cur);
    }

    async fn fees(&mut self, deposit_bps: u16, withdrawal_bps: u16) {
        let cur = self.slot().await / EPOCH_LENGTH;
        let curator = self.w.curator.insecure_clone();
        let ix = build::set_fees(curator.pubkey(), self.vault, deposit_bps, withdrawal_bps);
        self.w.t.send(&[ix], &[&curator]).await.unwrap();
        // one announcement for the schedule: an unchanged reward fee re-announces itself
        let reward = self.m.reward_fee.next;
        self.m
            .announce_fees(deposit_bps, withdrawal_bps, reward, cur);
    }

    async fn reward_fee(&mut self, bps: u16, cut_bps: u16) {
        let cur = self.slot().await / EPOCH_LENGTH;
        let curator = self.w.curator.insecure_clone();
        let ix = build::set_reward_fees(curator.pubkey(), self.vault, bps, cut_bps);
        self.w.t.send(&[ix], &[&curator]).await.unwrap();
        let (d, w) = (self.m.deposit_fee.next, self.m.withdrawal_fee.next);
        self.m.announce_fees(d, w, bps, cur);
        self.m.insurance_cut_bps = cut_bps;
    }

    async fn request_slash(&mut self, wad_bps: u16, what: &str) {
        let wad = wad_bps as u128 * (WAD / BPS);
        let (key, request) = self
            .w
            .request_slash_of(self.w.avs, &self.w.avs_authority.insecure_clone(), wad)
            .await
            .unwrap_or_else(|e| panic!("{what}: request refused: {e:?}"));
        let slot = self.slot().await;
        assert_eq!(request.capture_epoch, slot / EPOCH_LENGTH);
        assert_eq!(request.veto_deadline_slot, slot + VETO_WINDOW);
        self.m.requests.push(Request {
            key,
            capture: request.capture_epoch,
            wad,
            deadline: request.veto_deadline_slot,
            vetoed: false,
            execution: None,
        });
    }

    fn pick(&self, pick: usize) -> Option<usize> {
        (!self.m.requests.is_empty()).then(|| pick % self.m.requests.len())
    }

    async fn veto(&mut self, pick: usize, what: &str) {
        let Some(i) = self.pick(pick) else { return };
        let slot = self.slot().await;
        let veto = self.w.veto.insecure_clone();
        let ix = registry::veto_slash(veto.pubkey(), self.m.requests[i].key);
        let result = self.w.t.send(&[ix], &[&veto]).await;
        let r = &self.m.requests[i];
        if r.vetoed {
            refused(
                result,
                Some(registry_error(RegistryError::SlashVetoed)),
                what,
            );
        } else if slot > r.deadline {
            refused(
                result,
                Some(registry_error(RegistryError::VetoWindowClosed)),
                what,
            );
        } else {
            result.unwrap_or_else(|e| panic!("{what}: veto refused: {e:?}"));
            self.m.requests[i].vetoed = true;
        }
    }

    async fn execute(&mut self, pick: usize, what: &str) {
        let Some(i) = self.pick(pick) else { return };
        let slot = self.slot().await;
        let cur = slot / EPOCH_LENGTH;
        let r = self.m.requests[i].clone();
        let chain_request: SlashRequest = self.w.t.decode(r.key).await;
        let before = self.vault_state().await;
        let c = r.capture;
        let buckets = [self.bucket(c + 1).await, self.bucket(c + 2).await];
        let executor = self.w.t.payer();
        let ixs = [
            build::refresh_prices(&before),
            registry::execute_slash(executor.pubkey(), &chain_request, self.vault),
        ];
        // what the registry refuses, in its order
        let refusal = if r.vetoed {
            Some(RegistryError::SlashVetoed)
        } else if slot <= r.deadline {
            Some(RegistryError::VetoWindowOpen)
        } else if cur > c + 1 {
            Some(RegistryError::ExecutionWindowClosed)
        } else if r.execution.is_some() {
            Some(RegistryError::SlashAlreadyExecuted)
        } else {
            None
        };
        // the stake: the allocation at c times the slashable value (pool and the buckets
        // of c + 1 and c + 2), in lamports
        let allocation = self.m.allocation_at(c).max(0) as u128;
        let mut value = Self::pool_value(&before);
        for b in buckets.iter().flatten() {
            for k in 0..ASSETS {
                let claim = floor(&(q(b.unscaled_amounts[k]) * ratio(b.scale_wad, WAD)));
                value += q(claim) * q(before.assets[k].price_wad);
            }
        }
        let stake = floor(&(&value * ratio(allocation, WAD) / q(WAD))) as u64;
        let (base, slashed) = *self.m.bases.get(&c).unwrap_or(&(stake, 0));
        let w_eff = r.wad.min(AVS_MAX_WAD);
        // DESIGN section 5, step 4: a fraction of the stake at capture, within the room it
        // leaves (the world's caps are 100% of it) and the stake now
        let requested = ceil(&(q(base as u128) * ratio(w_eff, WAD))) as u64;
        let room = base - slashed;
        let loss = requested.min(room).min(stake);
        let result = self.w.t.send(&ixs, &[]).await;
        if let Some(code) = refusal {
            refused(result, Some(registry_error(code)), what);
            return;
        }
        if base == 0 || (room > 0 && loss == 0) {
            refused(
                result,
                Some(registry_error(RegistryError::NoStakeAtCapture)),
                what,
            );
            return;
        }
        if room == 0 {
            refused(
                result,
                Some(registry_error(RegistryError::AvsVaultCapExhausted)),
                what,
            );
            return;
        }
        result.unwrap_or_else(|e| panic!("{what}: execution refused: {e:?}"));
        let escrow: SlashEscrow = self.w.t.decode(pda::escrow(&self.vault, &r.key)).await;
        let execution: SlashExecution = self
            .w
            .t
            .decode(registry::pda::slash_execution(&r.key, &self.vault))
            .await;
        assert_eq!(
            execution.stake_lamports, base,
            "{what}: the stake at capture"
        );
        assert_eq!(escrow.loss_lamports, loss, "{what}: the loss");
        let after = self.vault_state().await;

        // the waterfall (DESIGN section 5, step 4), exactly: the bond, the insurance, then
        // f of everyone else
        let s0 = q(before.share_supply as u128);
        let v0 = Self::pool_value(&before);
        let mut covered = Q::zero();
        let bond = (self.m.bond_shares + self.m.bond_unbonding) as u128;
        let bond_burnt = (escrow.bond_shares_burnt + escrow.bond_unbonding_shares_burnt) as u128;
        let loss_q = q(loss as u128) * q(WAD);
        let (s1, v1) = if !v0.is_zero() && bond > 0 {
            let needed = &loss_q * &s0 / &v0;
            let burn = if needed <= q(bond) {
                needed.clone()
            } else {
                q(bond)
            };
            near(bond_burnt, &burn, 1, false, &format!("{what}: bond burnt"));
            covered += q(bond_burnt.min(bond)) * &v0 / &s0;
            let s1 = &s0 - q(bond_burnt);
            (s1.clone(), &v0 * &s1 / &s0)
        } else {
            assert_eq!(bond_burnt, 0, "{what}: worthless bond shares burn nothing");
            (s0.clone(), v0.clone())
        };
        let covered_a = if covered > loss_q.clone() {
            loss_q.clone()
        } else {
            covered.clone()
        };
        let rest_a = &loss_q - &covered_a;
        let ins = self.m.insurance_shares as u128;
        let ins_burnt = escrow.insurance_shares_burnt as u128;
        let mut covered_b = Q::zero();
        if !rest_a.is_zero() && !v1.is_zero() && ins > 0 {
            let needed = &rest_a * &s1 / &v1;
            let burn = if needed <= q(ins) { needed } else { q(ins) };
            near(
                ins_burnt,
                &burn,
                1,
                false,
                &format!("{what}: insurance burnt"),
            );
            covered_b = q(ins_burnt) * &v1 / &s1;
        }
        let rest = if covered_b > rest_a.clone() {
            Q::zero()
        } else {
            &rest_a - &covered_b
        };
        let pool_after_ab = if v1.is_zero() {
            Q::zero()
        } else {
            &v1 - &covered_b
        };
        let mut base_value = pool_after_ab.clone();
        for b in buckets.iter().flatten() {
            for k in 0..ASSETS {
                let claim = floor(&(q(b.unscaled_amounts[k]) * ratio(b.scale_wad, WAD)));
                base_value += q(claim) * q(before.assets[k].price_wad);
            }
        }
        let f = if rest.is_zero() || base_value.is_zero() {
            Q::zero()
        } else if rest >= base_value {
            Q::one()
        } else {
            &rest / &base_value
        };
        // the chain's f rounds up, within 1e-18 of the model's (plus the roundings of the
        // tiers before it, a unit of value over the base)
        let f_chain = ratio(escrow.fraction_wad, WAD);
        let f_slack = ratio(2, WAD)
            + if base_value.is_zero() {
                Q::zero()
            } else {
                q(4 * WAD) / &base_value
            };
        assert!(
            dist(&f_chain, &f) <= f_slack,
            "{what}: fraction {} vs model {}",
            f_chain.to_f64().unwrap(),
            f.to_f64().unwrap()
        );
        self.m.bond_shares = self.m.bond_shares.saturating_sub(escrow.bond_shares_burnt);
        self.m.bond_unbonding -= escrow.bond_unbonding_shares_burnt;
        self.m.insurance_shares -= escrow.insurance_shares_burnt;
        self.m.bases.insert(c, (base, slashed + loss));
        assert!(
            slashed + loss <= base,
            "{what}: invariant 5, bounded by the stake"
        );

        // every ticket of buckets c + 1 and c + 2 loses f of its claim
        let keep = Q::one() - &f_chain;
        if escrow.fraction_wad > 0 {
            for t in self.m.tickets.values_mut() {
                if t.bucket_epoch == c + 1 || t.bucket_epoch == c + 2 {
                    t.carries.insert(i, keep.clone());
                    t.moves += 1;
                }
            }
        }
        let resolve_after = slot + RESOLUTION_DELAY;
        assert_eq!(escrow.resolve_after_slot, resolve_after);
        if escrow.fraction_wad > 0 {
            self.m.windows.push((resolve_after, i, keep.clone()));
            for epoch in [c + 1, c + 2] {
                self.sync_holds(epoch, resolve_after);
            }
        }
        let wiped = escrow.wiped_pool;
        if wiped {
            assert!(
                (0..ASSETS).all(|k| after.assets[k].active_amount == 0),
                "{what}: a wipe leaves nothing in the pool"
            );
            self.m.wiped = true;
        }
        self.check.expect_slash(escrow.fraction_wad, [c + 1, c + 2]);
        self.m.requests[i].execution = Some(Execution {
            fraction: f_chain,
            resolve_after,
            loss,
            bond_burnt: escrow.bond_shares_burnt + escrow.bond_unbonding_shares_burnt,
            insurance_burnt: escrow.insurance_shares_burnt,
            cancelled: false,
            swept: vec![false; ASSETS],
            wiped,
        });
    }

    async fn cancel(&mut self, pick: usize, what: &str) {
        let Some(i) = self.pick(pick) else { return };
        let slot = self.slot().await;
        let r = self.m.requests[i].clone();
        let Some(execution) = r.execution.clone() else {
            return; // nothing executed: no execution account to name
        };
        let chain: SlashExecution = self
            .w
            .t
            .decode(registry::pda::slash_execution(&r.key, &self.vault))
            .await;
        let admin = self.w.t.payer();
        let before = self.vault_state().await;
        let bond_before: OperatorBond = self
            .w
            .t
            .decode(pda::bond(&self.vault, &self.w.operator))
            .await;
        let ix = registry::cancel_slash(admin.pubkey(), &chain);
        let result = self.w.t.send(&[ix], &[]).await;
        if execution.cancelled {
            refused(
                result,
                Some(registry_error(RegistryError::SlashAlreadyCancelled)),
                what,
            );
            return;
        }
        if slot >= execution.resolve_after {
            refused(
                result,
                Some(registry_error(RegistryError::ResolutionDelayOver)),
                what,
            );
            return;
        }
        result.unwrap_or_else(|e| panic!("{what}: cancel refused: {e:?}"));
        let after = self.vault_state().await;
        // tokens only move inside the vault: the escrow's go back to the pool and buckets
        for k in 0..ASSETS {
            let total = |v: &Vault| {
                v.assets[k].active_amount as u128
                    + v.assets[k].queued_amount as u128
                    + v.assets[k].escrowed_amount as u128
            };
            assert_eq!(total(&after), total(&before), "{what}: asset {k} conserved");
        }
        // the bond and the insurance get their shares back
        let bond_after: OperatorBond = self
            .w
            .t
            .decode(pda::bond(&self.vault, &self.w.operator))
            .await;
        assert_eq!(
            (bond_after.shares + bond_after.unbonding_shares)
                - (bond_before.shares + bond_before.unbonding_shares),
            execution.bond_burnt
        );
        assert_eq!(
            after.insurance_shares - before.insurance_shares,
            execution.insurance_burnt
        );
        self.m.bond_shares = bond_after.shares;
        self.m.bond_unbonding = bond_after.unbonding_shares;
        self.m.insurance_shares += execution.insurance_burnt;
        // every ticket that carries the slash (its bucket was slashed, or it left the pool
        // while the slash could be cancelled) gets its part back
        for t in self.m.tickets.values_mut() {
            if t.carries.remove(&i).is_some() {
                t.moves += 1;
            }
        }
        let (base, slashed) = self.m.bases[&r.capture];
        self.m
            .bases
            .insert(r.capture, (base, slashed - execution.loss));
        // the window keeps its end; new buckets no longer start with this slash's part
        for (_, j, keep) in self.m.windows.iter_mut() {
            if *j == i && !keep.is_zero() {
                *keep = Q::one();
            }
        }
        if execution.wiped && (0..ASSETS).any(|k| after.assets[k].active_amount > 0) {
            self.m.wiped = false;
        }
        self.check.allow_restore();
        if let Some(e) = self.m.requests[i].execution.as_mut() {
            e.cancelled = true;
        }
    }

    async fn sweep(&mut self, pick: usize, what: &str) {
        let Some(i) = self.pick(pick) else { return };
        let slot = self.slot().await;
        let r = self.m.requests[i].clone();
        let Some(execution) = r.execution.clone() else {
            return;
        };
        let escrow: SlashEscrow = self.w.t.decode(pda::escrow(&self.vault, &r.key)).await;
        let vault = self.vault_state().await;
        for k in 0..ASSETS {
            let payee = pda::associated_token_account(
                &self.w.recipient,
                &vault.assets[k].mint,
                &anchor_spl::token::ID,
            );
            let before = self.balance(payee).await;
            let ix = build::sweep_escrow(&vault, &escrow, k as u8);
            let result = self.w.t.send(&[ix], &[]).await;
            let paid = self.balance(payee).await - before;
            if execution.cancelled || execution.swept[k] {
                result
                    .unwrap_or_else(|e| panic!("{what}: a sweep with nothing to do failed: {e:?}"));
                assert_eq!(paid, 0);
            } else if slot < execution.resolve_after {
                refused(
                    result,
                    Some(vault_error(VaultError::EscrowNotResolved)),
                    what,
                );
            } else {
                result.unwrap_or_else(|e| panic!("{what}: sweep refused: {e:?}"));
                assert_eq!(
                    paid, escrow.amounts[k],
                    "{what}: the recipient gets the escrow"
                );
                if let Some(e) = self.m.requests[i].execution.as_mut() {
                    e.swept[k] = true;
                }
            }
        }
    }

    async fn pause(&mut self, on: bool) {
        let admin = self.w.t.payer().pubkey();
        let ix = if on {
            build::pause(admin)
        } else {
            build::unpause(admin)
        };
        self.w.t.send(&[ix], &[]).await.unwrap();
        self.m.paused = on;
    }

    /// The books the model keeps on its own, against the chain, after every step.
    pub async fn verify_books(&mut self, what: &str) {
        let slot = self.slot().await;
        let cur = slot / EPOCH_LENGTH;
        let vault = self.vault_state().await;
        let config: lrt_client::state::Config = self.w.t.decode(pda::config()).await;
        assert_eq!(config.paused, self.m.paused, "{what}: pause");
        // invariant 10: the fees and the commission in force are the model's
        let fees = vault.fees.at(cur);
        assert_eq!(
            (fees.deposit_bps, fees.withdrawal_bps, fees.reward_bps),
            (
                self.m.deposit_fee.at(cur),
                self.m.withdrawal_fee.at(cur),
                self.m.reward_fee.at(cur)
            ),
            "{what}: fees in force"
        );
        let operator: Operator = self.w.t.decode(self.w.operator).await;
        assert_eq!(
            operator.commission_at(cur),
            self.m.commission.at(cur),
            "{what}: commission in force"
        );
        // allocations at the live capture epochs
        let delegation: lrt_client::state::Delegation = self
            .w
            .t
            .decode(pda::delegation(&self.vault, &self.w.operator))
            .await;
        for c in [cur.saturating_sub(1), cur] {
            assert_eq!(
                delegation.allocation.at(c, cur).unwrap() as i128,
                self.m.allocation_at(c),
                "{what}: allocation at {c}"
            );
        }
        // the ledgers
        let bond: OperatorBond = self
            .w
            .t
            .decode(pda::bond(&self.vault, &self.w.operator))
            .await;
        assert_eq!(
            (bond.shares, bond.unbonding_shares),
            (self.m.bond_shares, self.m.bond_unbonding),
            "{what}: bond"
        );
        assert_eq!(
            vault.insurance_shares, self.m.insurance_shares,
            "{what}: insurance"
        );
        assert_eq!(
            vault.treasury_shares, self.m.treasury_shares,
            "{what}: treasury"
        );
        assert_eq!(vault.wiped_out, self.m.wiped, "{what}: wiped");
        assert_eq!(
            vault.slash_window.is_open(slot),
            self.m.window_open(slot),
            "{what}: slash window"
        );
        // prices: what the cache holds is the pricing accounts' rate read in its epoch
        let clock: Clock = self.w.t.ctx.banks_client.get_sysvar().await.unwrap();
        if vault.assets[1].price_epoch == clock.epoch {
            let (pool_lamports, msol_price) = self.rates_read;
            let pool = ratio(pool_lamports as u128 * WAD, 1_000 * SOL as u128);
            near(
                vault.assets[1].price_wad,
                &pool,
                1,
                true,
                &format!("{what}: pool price"),
            );
            let msol = ratio(msol_price as u128 * WAD, 1u128 << 32);
            near(
                vault.assets[2].price_wad,
                &msol,
                1,
                true,
                &format!("{what}: mSOL price"),
            );
        }
        // every ticket's claim is the model's, within its roundings, never above it
        let tickets: Vec<(Pubkey, Ticket)> = self
            .m
            .tickets
            .iter()
            .map(|(k, t)| (*k, t.clone()))
            .collect();
        for (key, t) in tickets {
            let ticket: WithdrawalTicket = self.w.t.decode(key).await;
            let bucket = self
                .bucket(t.bucket_epoch)
                .await
                .expect("bucket of an open ticket");
            assert!(
                bucket.hold_until_slot <= t.hold_until.max(bucket.hold_until_slot)
                    && (slot >= t.hold_until) == (slot >= bucket.hold_until_slot),
                "{what}: hold of bucket {}: chain {}, model {}",
                t.bucket_epoch,
                bucket.hold_until_slot,
                t.hold_until
            );
            for k in 0..ASSETS {
                let claim = floor(&(q(ticket.unscaled_amounts[k]) * ratio(bucket.scale_wad, WAD)));
                near(
                    claim,
                    &t.claim()[k],
                    2 + 2 * t.moves as u128,
                    true,
                    &format!("{what}: ticket {} asset {k}", t.id),
                );
            }
        }
    }
}
