//! The expected numbers of the TypeScript helpers (`clients/js/src/helpers`), written by the
//! programs' own methods and `restaking_math`, so the TypeScript tests
//! (`clients/js/test/helpers.test.ts`) check the helpers against the Rust functions rather
//! than against numbers someone chose.
//!
//! It builds realistic states by constructing the program state structs (three assets
//! priced like an SPL stake pool at 1.05 and Marinade at 1.2, fees with an announced
//! increase, rewards vesting, allocation histories with an increase and a decrease
//! pending, buckets after a slash, slash requests under both caps), serialises every
//! account with Anchor's `AccountSerialize` (base64, so the TypeScript side decodes them
//! with the generated decoders), computes each helper's answer the way the instruction or
//! the CLI does (in their order, with their methods), and compares the result with the
//! committed `clients/js/test/vectors.json` (as JSON values: formatting is prettier's).
//! A stale file fails the test; `UPDATE_TS_VECTORS=1` rewrites it.
use std::{collections::HashMap, path::PathBuf};

use anchor_lang::{prelude::Pubkey, AccountSerialize};
use base64::Engine as _;
use lrt_client::{
    constants::{MAX_ASSETS, WSOL_MINT},
    pda,
    registry::pda as reg_pda,
    state::{
        check_fee_accepted, AllocationHistory, AssetSlot, Config, Delegation, FeeSchedule, Fees,
        PricingSource, RewardVesting, SlashDestination, SlashWindow, Vault, WithdrawalBucket,
        WithdrawalTicket,
    },
    token_programs::{TOKEN, TOKEN_2022},
    VaultError,
};
use restaking_math::{MarinadeReading, MathError, StakePoolReading, WAD};
use serde_json::{json, Map, Value};
use slasher_registry::{
    constants::NOT_DEACTIVATED,
    state::{
        Avs, AvsKind, EpochSlashed, OperatorAvs, OptInWindow, RegistryConfig, RegistryParams,
        RequestStatus, SlashExecution, SlashRequest, VaultAvs, VaultAvsEpochSlash, VaultCapture,
        VaultEpochSlash,
    },
};

/// Restaking epoch length (the program's default: one Solana epoch of slots).
const L: u64 = 432_000;
/// The Solana epoch the cached prices were read in.
const SOLANA_EPOCH: u64 = 800;
const SOL: u64 = 1_000_000_000;
/// Restaking epoch 10, mid-epoch; epoch 11, early.
const S10: u64 = 10 * L + 216_000;
const S11: u64 = 11 * L + 100_000;

fn key(n: u8) -> Pubkey {
    Pubkey::new_from_array([n; 32])
}

fn s(x: impl ToString) -> Value {
    Value::String(x.to_string())
}

fn opt(x: Option<impl ToString>) -> Value {
    x.map_or(Value::Null, s)
}

fn list<T: ToString + Copy>(xs: &[T]) -> Value {
    Value::Array(xs.iter().map(|x| s(*x)).collect())
}

fn pct(bps: u128) -> u128 {
    WAD / 10_000 * bps
}

/// The vault program's error code of an Anchor error.
fn code(e: anchor_lang::error::Error) -> u32 {
    match e {
        anchor_lang::error::Error::AnchorError(a) => a.error_code_number,
        other => panic!("not an Anchor error: {other:?}"),
    }
}

fn vcode(e: VaultError) -> u32 {
    code(e.into())
}

/// `lrt_vault::errors::math`: a math refusal as the vault's error code.
fn mcode(e: MathError) -> u32 {
    vcode(VaultError::from(e))
}

/// The first refusal, in the instruction's order.
#[derive(Default)]
struct Refusal(Option<u32>);

impl Refusal {
    fn push(&mut self, c: u32) {
        self.0.get_or_insert(c);
    }
    fn value(&self) -> Value {
        self.0.map_or(Value::Null, |c| json!(c))
    }
}

/// Every account, by name, and the vectors of each helper.
#[derive(Default)]
struct Out {
    accounts: Map<String, Value>,
    share_price: Vec<Value>,
    deposit: Vec<Value>,
    withdrawal: Vec<Value>,
    tickets: Vec<Value>,
    stakes: Vec<Value>,
    slashes: Vec<Value>,
}

impl Out {
    fn add<T: AccountSerialize>(&mut self, name: &str, kind: &str, address: Pubkey, state: &T) {
        let mut bytes = Vec::new();
        state.try_serialize(&mut bytes).unwrap();
        let old = self.accounts.insert(
            name.into(),
            json!({
                "kind": kind,
                "address": address.to_string(),
                "data": base64::engine::general_purpose::STANDARD.encode(bytes),
            }),
        );
        assert!(old.is_none(), "account {name} twice");
    }
}

// ---------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------

fn config(epoch_length: u64) -> Config {
    Config {
        admin: key(1),
        pending_admin: None,
        pauser: key(2),
        treasury: key(3),
        pending_treasury: None,
        registry_program: slasher_registry::ID,
        epoch_length,
        max_deposit_fee_bps: 1_000,
        max_withdrawal_fee_bps: 1_000,
        paused: false,
        bump: 254,
        reserved: [0; 64],
    }
}

fn fees(deposit_bps: u16, withdrawal_bps: u16, reward_bps: u16) -> Fees {
    Fees {
        deposit_bps,
        withdrawal_bps,
        reward_bps,
    }
}

/// An SPL stake pool at about 1.05 SOL per token, priced by the vault's own reader.
fn stake_pool_price() -> u128 {
    StakePoolReading {
        pool_mint: [21; 32],
        token_program_id: TOKEN_2022.to_bytes(),
        total_lamports: 10_501_234_567_890_123,
        pool_token_supply: 10_000_000_000_000_000,
        last_update_epoch: SOLANA_EPOCH,
    }
    .price_wad()
    .unwrap()
}

/// Marinade at about 1.2 SOL per mSOL (`msol_price` is a 2^32 fixed point).
fn marinade_price() -> u128 {
    MarinadeReading {
        msol_mint: [22; 32],
        msol_price: 5_153_960_755,
    }
    .price_wad()
    .unwrap()
}

fn asset(vault: &Pubkey, which: u8, active: u64) -> AssetSlot {
    let (mint, token_program, pricing, price_wad) = match which {
        0 => (WSOL_MINT, TOKEN, PricingSource::Wsol, WAD),
        1 => (
            key(21),
            TOKEN_2022,
            PricingSource::SplStakePool { pool: key(31) },
            stake_pool_price(),
        ),
        _ => (
            key(22),
            TOKEN_2022,
            PricingSource::Marinade { state: key(32) },
            marinade_price(),
        ),
    };
    AssetSlot {
        mint,
        reserve: pda::reserve(vault, &mint),
        token_program,
        pricing,
        decimals: 9,
        price_wad,
        price_epoch: SOLANA_EPOCH,
        active_amount: active,
        queued_amount: 0,
        escrowed_amount: 0,
        rewards: RewardVesting::default(),
        deposit_cap: u64::MAX,
    }
}

/// A vault of `lrt_mint` holding `assets` (built from its address), with `share_supply`.
fn vault(
    lrt_mint: Pubkey,
    share_supply: u64,
    fee_schedule: FeeSchedule,
    assets: impl Fn(&Pubkey) -> Vec<AssetSlot>,
) -> (Pubkey, Vault) {
    let address = pda::vault(&lrt_mint);
    let slots = assets(&address);
    let mut inline = [AssetSlot::default(); MAX_ASSETS];
    inline[..slots.len()].copy_from_slice(&slots);
    let state = Vault {
        lrt_mint,
        curator: key(4),
        fee_admin: key(5),
        pending_curator: None,
        pending_fee_admin: Some(key(6)),
        dead_shares_account: pda::dead_shares(&address),
        share_supply,
        bonded_shares: 0,
        insurance_shares: 0,
        treasury_shares: 0,
        allocations: AllocationHistory::default(),
        insurance_cut_bps: 2_000,
        fees: fee_schedule,
        deposits_paused: false,
        withdrawals_paused: false,
        slash_window: SlashWindow::default(),
        wiped_out: false,
        asset_count: slots.len() as u8,
        assets: inline,
        bump: 253,
        reserved: [0; 64],
    };
    (address, state)
}

/// The deposit and withdrawal fees: 0.1% each, with increases to 0.25% and 0.3% announced
/// during epoch 9 (they apply from 11); 10% of rewards.
fn announced_fees() -> FeeSchedule {
    let mut schedule = FeeSchedule::default();
    schedule.set(fees(10, 10, 1_000), 2);
    schedule.set(fees(25, 30, 1_000), 9);
    schedule
}

fn history(epoch: u64, values: [u128; 4]) -> AllocationHistory {
    AllocationHistory {
        epoch,
        previous: values[0] as u64,
        current: values[1] as u64,
        next: values[2] as u64,
        later: values[3] as u64,
    }
}

fn delegation(vault: &Pubkey, operator: Pubkey, allocation: AllocationHistory) -> Delegation {
    Delegation {
        vault: *vault,
        operator,
        max_bps: 5_000,
        allocation,
        decrease_epoch: 0,
        slashed_total: 0,
        bump: 252,
    }
}

fn bucket(vault: &Pubkey, epoch: u64, scale_wad: u128, amounts: [u64; 3]) -> WithdrawalBucket {
    let mut unscaled = [0u128; MAX_ASSETS];
    let mut queued = [0u64; MAX_ASSETS];
    for k in 0..3 {
        // what a request at the original scale recorded, then the slash scaled it down
        unscaled[k] = u128::from(amounts[k]);
        queued[k] = restaking_math::scaled_amount_floor(unscaled[k], scale_wad).unwrap();
    }
    WithdrawalBucket {
        vault: *vault,
        epoch,
        scale_wad,
        unscaled_amounts: unscaled,
        queued_amounts: queued,
        open_tickets: 3,
        rent_payer: key(41),
        hold_until_slot: 0,
        bump: 251,
    }
}

fn ticket(
    vault: &Pubkey,
    owner: Pubkey,
    id: u64,
    bucket_epoch: u64,
    unscaled: [u128; 3],
) -> WithdrawalTicket {
    let mut amounts = [0u128; MAX_ASSETS];
    amounts[..3].copy_from_slice(&unscaled);
    WithdrawalTicket {
        vault: *vault,
        owner,
        id,
        bucket_epoch,
        unscaled_amounts: amounts,
        shares_burned: 3 * SOL,
        requested_slot: (bucket_epoch - 1) * L + 1_000,
        bump: 250,
    }
}

// ---------------------------------------------------------------------------------------
// What each helper answers, computed as the programs (and the CLI) compute it
// ---------------------------------------------------------------------------------------

/// A fee in force during `epoch` and its announced change (`FeeSchedule::at`, read as
/// cli/src/views/announced.rs `announced` reads it).
fn fee_view(schedule: &FeeSchedule, epoch: u64, pick: impl Fn(Fees) -> u16) -> Value {
    let bps = pick(schedule.at(epoch));
    let last = pick(schedule.at(u64::MAX));
    let next = if last != bps {
        json!({ "bps": last, "fromEpoch": s(schedule.effective_epoch) })
    } else {
        Value::Null
    };
    json!({ "bps": bps, "next": next })
}

fn share_price_expect(state: &Vault, config: &Config, slot: u64) -> Value {
    let mut v = state.clone();
    v.accrue_vesting(slot, config.epoch_length).unwrap();
    let deposit = v.deposit_value_wad().unwrap();
    let rate =
        restaking_math::shares_for_deposit_floor(u128::from(SOL) * WAD, v.share_supply, deposit);
    json!({
        "activeValueWad": s(v.active_value_wad().unwrap()),
        "depositValueWad": s(deposit),
        "shareSupply": s(v.share_supply),
        "sharePriceWad": opt(restaking_math::share_price_wad(deposit, v.share_supply).ok()),
        "lrtPerSol": match rate {
            Ok(x) => s(x),
            Err(MathError::VaultValueIsZero) => Value::Null,
            Err(e) => panic!("{e}"),
        },
    })
}

#[derive(Clone, Copy, Default)]
struct DepositOptions {
    max_fee_bps: Option<u16>,
    min_shares_out: Option<u64>,
    solana_epoch: Option<u64>,
    protocol_paused: bool,
}

/// `Deposit::handle`'s quote: vesting credited, value, shares, fee split.
fn deposit_quote(
    state: &Vault,
    config: &Config,
    slot: u64,
    asset: &AssetSlot,
    amount: u64,
    fee_bps: u16,
) -> Result<(Value, u64, u64), u32> {
    let mut v = state.clone();
    v.accrue_vesting(slot, config.epoch_length).map_err(code)?;
    let value = restaking_math::asset_value_wad(amount, asset.price_wad).map_err(mcode)?;
    let total = v.deposit_value_wad().map_err(code)?;
    let shares =
        restaking_math::shares_for_deposit_floor(value, v.share_supply, total).map_err(mcode)?;
    let split = restaking_math::split_fee(shares, fee_bps).map_err(mcode)?;
    let quote = json!({
        "priceWad": s(asset.price_wad),
        "valueWad": s(value),
        "totalValueWad": s(total),
        "shares": s(shares),
        "feeShares": s(split.fee),
        "netShares": s(split.net),
        "sharePriceWad": opt(restaking_math::share_price_wad(total, v.share_supply).ok()),
    });
    Ok((quote, shares, split.net))
}

/// programs/lrt_vault/src/instructions/depositor/deposit.rs: `validate`, then `handle`.
fn deposit_expect(
    state: &Vault,
    config: &Config,
    slot: u64,
    index: u8,
    amount: u64,
    o: DepositOptions,
) -> Value {
    let epoch = config.epoch_at(slot);
    let fee_bps = state.fees.at(epoch).deposit_bps;
    let mut refusal = Refusal::default();
    if o.protocol_paused {
        refusal.push(vcode(VaultError::ProtocolPaused));
    }
    if state.deposits_paused {
        refusal.push(vcode(VaultError::DepositsPaused));
    }
    if let Err(e) = state.check_deposits_open(slot) {
        refusal.push(code(e));
    }
    if amount == 0 {
        refusal.push(vcode(VaultError::ZeroAmount));
    }
    let fee = fee_view(&state.fees, epoch, |f| f.deposit_bps);
    let asset = match state.asset(index) {
        Ok(a) => *a,
        Err(e) => {
            refusal.push(code(e));
            return json!({ "epoch": s(epoch), "fee": fee, "quote": null, "refusal": refusal.value() });
        }
    };
    match asset.active_amount.checked_add(amount) {
        None => refusal.push(vcode(VaultError::MathOverflow)),
        Some(after) if asset.deposit_cap < after => {
            refusal.push(vcode(VaultError::DepositCapExceeded))
        }
        Some(_) => {}
    }
    if let Some(solana_epoch) = o.solana_epoch {
        if let Err(e) = state.require_fresh_prices(solana_epoch) {
            refusal.push(code(e));
        }
    }
    if let Err(e) = check_fee_accepted(fee_bps, o.max_fee_bps.unwrap_or(fee_bps)) {
        refusal.push(code(e));
    }
    let quote = match deposit_quote(state, config, slot, &asset, amount, fee_bps) {
        Ok((quote, shares, net)) => {
            if shares == 0 || net == 0 {
                refusal.push(vcode(VaultError::ZeroShares));
            } else if net < o.min_shares_out.unwrap_or(0) {
                refusal.push(vcode(VaultError::SlippageExceeded));
            }
            quote
        }
        Err(c) => {
            refusal.push(c);
            Value::Null
        }
    };
    json!({ "epoch": s(epoch), "fee": fee, "quote": quote, "refusal": refusal.value() })
}

#[derive(Clone, Copy, Default)]
struct WithdrawalOptions<'a> {
    max_fee_bps: Option<u16>,
    owner_shares: Option<u64>,
    protocol_paused: bool,
    bucket: Option<&'a WithdrawalBucket>,
}

/// programs/lrt_vault/src/instructions/depositor/request_withdrawal.rs: `validate`, then
/// `handle` up to the books.
fn withdrawal_expect(
    state: &Vault,
    config: &Config,
    slot: u64,
    shares: u64,
    o: WithdrawalOptions,
) -> Value {
    let epoch = config.epoch_at(slot);
    let bucket_epoch = epoch + 1;
    let fee_bps = state.fees.at(epoch).withdrawal_bps;
    let split = restaking_math::split_fee(shares, fee_bps).unwrap();
    let mut refusal = Refusal::default();
    // the bucket joined, or the one the request would create (its hold, as the handler
    // leaves it)
    let mut joined = o.bucket.cloned().unwrap_or(WithdrawalBucket {
        vault: Pubkey::default(),
        epoch: bucket_epoch,
        scale_wad: state.slash_window.new_bucket_scale(slot),
        unscaled_amounts: [0; MAX_ASSETS],
        queued_amounts: [0; MAX_ASSETS],
        open_tickets: 0,
        rent_payer: Pubkey::default(),
        hold_until_slot: 0,
        bump: 0,
    });
    if state.slash_window.is_open(slot) {
        joined.hold_until(state.slash_window.until_slot);
    }
    let mut out = json!({
        "epoch": s(epoch),
        "bucketEpoch": s(bucket_epoch),
        "claimableFromEpoch": s(bucket_epoch + 1),
        "fee": fee_view(&state.fees, epoch, |f| f.withdrawal_bps),
        "feeShares": s(split.fee),
        "netShares": s(split.net),
        "amounts": null,
        "valueWad": null,
        "bucketScaleWad": null,
        "unscaledAmounts": null,
        "bucketHoldUntilSlot": s(joined.hold_until_slot),
    });
    if o.protocol_paused {
        refusal.push(vcode(VaultError::ProtocolPaused));
    }
    if state.withdrawals_paused {
        refusal.push(vcode(VaultError::WithdrawalsPaused));
    }
    if shares == 0 {
        refusal.push(vcode(VaultError::ZeroAmount));
    }
    if o.owner_shares.is_some_and(|held| held < shares) {
        refusal.push(vcode(VaultError::InsufficientShares));
    }
    if let Err(e) = check_fee_accepted(fee_bps, o.max_fee_bps.unwrap_or(fee_bps)) {
        refusal.push(code(e));
    }
    'handle: {
        let mut v = state.clone();
        if let Err(e) = v.accrue_vesting(slot, config.epoch_length) {
            refusal.push(code(e));
            break 'handle;
        }
        if split.net == 0 {
            refusal.push(vcode(VaultError::WithdrawalTooSmall));
            break 'handle;
        }
        let mut amounts = [0u64; MAX_ASSETS];
        for (k, slot) in v.assets().iter().enumerate() {
            match restaking_math::amount_for_shares_floor(
                slot.active_amount,
                split.net,
                v.share_supply,
            ) {
                Ok(a) => amounts[k] = a,
                Err(e) => {
                    refusal.push(mcode(e));
                    break 'handle;
                }
            }
        }
        let pairs: Vec<(u64, u128)> = v
            .assets()
            .iter()
            .enumerate()
            .map(|(k, a)| (amounts[k], a.price_wad))
            .collect();
        out["amounts"] = list(&amounts);
        out["valueWad"] = s(restaking_math::basket_value_wad(&pairs).unwrap());
        if !amounts.iter().any(|a| *a > 0) {
            refusal.push(vcode(VaultError::WithdrawalTooSmall));
            break 'handle;
        }
        out["bucketScaleWad"] = s(joined.scale_wad);
        if o.bucket.is_none() && joined.scale_wad == 0 {
            refusal.push(vcode(VaultError::WithdrawalsAwaitSlashResolution));
            break 'handle;
        }
        let mut unscaled = [0u128; MAX_ASSETS];
        for k in 0..v.asset_count as usize {
            match restaking_math::unscaled_amount_floor(amounts[k], joined.scale_wad) {
                Ok(u) => unscaled[k] = u,
                Err(e) => {
                    refusal.push(mcode(e));
                    break 'handle;
                }
            }
        }
        out["unscaledAmounts"] = list(&unscaled);
    }
    out["refusal"] = refusal.value();
    out
}

/// `WithdrawalBucket::check_claimable` and claim.rs's payout.
fn ticket_expect(t: &WithdrawalTicket, b: &WithdrawalBucket, config: &Config, slot: u64) -> Value {
    let cur = config.epoch_at(slot);
    let (state, refusal) = match b.check_claimable(cur, slot) {
        Ok(()) => ("claimable", Value::Null),
        Err(e) if e == VaultError::TicketNotMature.into() => ("waiting", json!(code(e))),
        Err(e) if e == VaultError::TicketAwaitsSlashResolution.into() => ("held", json!(code(e))),
        Err(e) => panic!("{e}"),
    };
    let mature_slot = (t.bucket_epoch + 1) * config.epoch_length;
    let from_slot = mature_slot.max(b.hold_until_slot);
    let amounts: Vec<u64> = t
        .unscaled_amounts
        .iter()
        .map(|u| restaking_math::scaled_amount_floor(*u, b.scale_wad).unwrap())
        .collect();
    json!({
        "state": state,
        "refusal": refusal,
        "bucketEpoch": s(t.bucket_epoch),
        "claimableFromEpoch": s(t.bucket_epoch + 1),
        "claimableFromSlot": s(from_slot),
        "heldUntilSlot": opt((b.hold_until_slot > slot).then_some(b.hold_until_slot)),
        "slotsLeft": s(from_slot.saturating_sub(slot)),
        "scaleWad": s(b.scale_wad),
        "slashed": b.scale_wad < WAD,
        "amounts": list(&amounts),
    })
}

/// An operator's stake, as `execute_slash` and cli/src/stake.rs compute it.
fn stake_expect(
    state: &Vault,
    d: &Delegation,
    buckets: &[Option<WithdrawalBucket>],
    config: &Config,
    slot: u64,
    capture: u64,
) -> Value {
    let cur = config.epoch_at(slot);
    let mut v = state.clone();
    v.accrue_vesting(slot, config.epoch_length).unwrap();
    let allocation = d.allocation.at(capture, cur).ok();
    let mut rolled = d.allocation;
    rolled.roll(cur);
    json!({
        "epoch": s(cur),
        "captureEpoch": s(capture),
        "allocationWad": opt(allocation),
        "allocation": {
            "epoch": s(rolled.epoch),
            "previous": s(rolled.previous),
            "current": s(rolled.current),
            "next": s(rolled.next),
            "later": s(rolled.later),
        },
        "decreaseStopsFromEpoch": opt(d.pending_decrease_stops_from(cur)),
        "slashableValueWad": s(v.slashable_value_wad(buckets).unwrap()),
        "stakeLamports": opt(allocation.map(|a| v.allocated_stake(a, buckets).unwrap())),
    })
}

/// The registry's accounts at their addresses, as the CLI fetches them (by PDA).
#[derive(Default)]
struct Chain {
    requests: Vec<(Pubkey, SlashRequest)>,
    avss: HashMap<Pubkey, Avs>,
    operator_avs: HashMap<Pubkey, OperatorAvs>,
    vault_avs: HashMap<Pubkey, VaultAvs>,
    executions: HashMap<Pubkey, SlashExecution>,
    epoch_slashes: HashMap<Pubkey, VaultEpochSlash>,
    avs_epoch_slashes: HashMap<Pubkey, VaultAvsEpochSlash>,
    captures: HashMap<Pubkey, VaultCapture>,
    buckets: HashMap<Pubkey, WithdrawalBucket>,
}

/// cli/src/slashing/plan.rs `request_status`.
fn request_status(r: &SlashRequest, slot: u64, cur: u64) -> &'static str {
    match r.status(slot, cur) {
        RequestStatus::VetoWindow => "veto_window",
        RequestStatus::Executable => "executable",
        RequestStatus::Vetoed => "vetoed",
        RequestStatus::Expired if r.executions > 0 => "executed",
        RequestStatus::Expired => "expired",
    }
}

/// cli/src/slashing/plan.rs `executable_until_slot`.
fn executable_until_slot(r: &SlashRequest, epoch_length: u64) -> u64 {
    r.last_execution_epoch()
        .saturating_add(1)
        .saturating_mul(epoch_length)
        .saturating_sub(1)
}

#[allow(clippy::too_many_arguments)]
/// cli/src/slashing/plan.rs `vault_facts` + `plan_execution` (the registry's order in
/// execute_slash.rs): `Ok(plan)` or `Err(skip kind)`, and the vault's slashable value.
fn plan(
    chain: &Chain,
    registry: &RegistryConfig,
    vault_key: &Pubkey,
    state: &Vault,
    delegations: &HashMap<Pubkey, Delegation>,
    request_key: &Pubkey,
    r: &SlashRequest,
    slot: u64,
    cur: u64,
    epoch_length: u64,
) -> (Result<Value, Value>, u128) {
    let capture = r.capture_epoch;
    // VaultValue::read
    let mut v = state.clone();
    v.accrue_vesting(slot, epoch_length).unwrap();
    let buckets = [
        chain
            .buckets
            .get(&pda::bucket(vault_key, capture + 1))
            .cloned(),
        chain
            .buckets
            .get(&pda::bucket(vault_key, capture + 2))
            .cloned(),
    ];
    let value = v.slashable_value_wad(&buckets).unwrap();
    let skip = |kind: &str, extra: Value| {
        let mut o = json!({ "kind": kind });
        if let Value::Object(m) = extra {
            o.as_object_mut().unwrap().extend(m);
        }
        Err(o)
    };
    let window = |w: &OptInWindow| {
        json!({ "window": {
            "activationEpoch": s(w.activation_epoch),
            "deactivationEpoch": s(w.deactivation_epoch),
        }})
    };
    let outcome = 'outcome: {
        let vault_avs_key = reg_pda::vault_avs(vault_key, &r.avs);
        if chain
            .executions
            .contains_key(&reg_pda::slash_execution(request_key, vault_key))
        {
            break 'outcome skip("already_executed", json!({}));
        }
        let Some(vault_avs) = chain.vault_avs.get(&vault_avs_key) else {
            break 'outcome skip("vault_not_opted_in", json!({}));
        };
        let Some(operator_avs) = chain
            .operator_avs
            .get(&reg_pda::operator_avs(&r.operator, &r.avs))
        else {
            break 'outcome skip("operator_not_opted_in", json!({}));
        };
        if let Err(e) = r.check_reaches(&operator_avs.window, &vault_avs.window) {
            break 'outcome if e
                == slasher_registry::errors::RegistryError::OperatorNotActiveAtCapture.into()
            {
                skip(
                    "operator_not_active_at_capture",
                    window(&operator_avs.window),
                )
            } else {
                skip("vault_not_active_at_capture", window(&vault_avs.window))
            };
        }
        let Some(d) = delegations.get(&pda::delegation(vault_key, &r.operator)) else {
            break 'outcome skip("not_whitelisted", json!({}));
        };
        let no_stake = || skip("no_stake_at_capture", json!({}));
        let Ok(allocation) = d.allocation.at(capture, cur) else {
            break 'outcome no_stake();
        };
        let Ok(remaining) = v.allocated_stake(allocation, &buckets) else {
            break 'outcome no_stake();
        };
        let (stake, slashed) = match chain.epoch_slashes.get(&reg_pda::vault_epoch_slash(
            vault_key,
            &r.operator,
            capture,
        )) {
            Some(l) => (l.stake_at_capture_lamports, l.slashed_lamports),
            None => {
                let recorded = chain
                    .captures
                    .get(&reg_pda::vault_capture(vault_key, capture));
                let base = VaultCapture::base_value_wad(recorded, value);
                let Ok(stake) = VaultEpochSlash::stake_at_capture(None, allocation, base) else {
                    break 'outcome no_stake();
                };
                (stake, 0)
            }
        };
        let avs_slashed = chain
            .avs_epoch_slashes
            .get(&reg_pda::vault_avs_epoch_slash(
                &vault_avs_key,
                &r.operator,
                capture,
            ))
            .map_or(0, |l| l.slashed_lamports);
        let registry_cap_bps = registry.params_at(capture).max_vault_slash_bps_per_epoch;
        match restaking_math::execution_loss(&restaking_math::ExecutionInput {
            stake_at_capture: stake,
            remaining,
            request_wad: r.wad,
            max_slash_wad: r.max_slash_wad,
            avs_cap_bps: vault_avs.cap_bps,
            avs_slashed,
            registry_cap_bps,
            vault_slashed: slashed,
        }) {
            Ok(restaking_math::ExecutionLoss::Take {
                requested, loss, ..
            }) => Ok(json!({
                "allocationWad": s(allocation),
                "stakeAtCapture": s(stake),
                "remaining": s(remaining),
                "requested": s(requested),
                "loss": s(loss),
            })),
            Ok(restaking_math::ExecutionLoss::AvsCapUsed) => {
                skip("avs_cap_used", json!({ "capBps": vault_avs.cap_bps }))
            }
            Ok(restaking_math::ExecutionLoss::VaultCapUsed) => {
                skip("vault_cap_used", json!({ "capBps": registry_cap_bps }))
            }
            Ok(restaking_math::ExecutionLoss::NoStake) | Err(_) => no_stake(),
        }
    };
    (outcome, value)
}

/// cli/src/slashing/plan.rs `pending_slashes` (and every request it looks at), and the
/// deposit exposure of cli/src/cmd/depositor.rs `exposure`.
#[allow(clippy::too_many_arguments)]
fn slashes_expect(
    chain: &Chain,
    registry: &RegistryConfig,
    vault_key: &Pubkey,
    state: &Vault,
    delegations: &[Delegation],
    config: &Config,
    slot: u64,
    deposit_value_wad: u128,
) -> Value {
    let cur = config.epoch_at(slot);
    let by_address: HashMap<Pubkey, Delegation> = delegations
        .iter()
        .map(|d| (pda::delegation(&d.vault, &d.operator), d.clone()))
        .collect();
    let mut requests = Vec::new();
    let mut pending = Vec::new();
    for d in delegations {
        let mut of_operator: Vec<&(Pubkey, SlashRequest)> = chain
            .requests
            .iter()
            .filter(|(_, r)| r.operator == d.operator)
            .collect();
        of_operator.sort_by_key(|(_, r)| (r.requested_slot, r.index));
        for (key, r) in of_operator {
            let status = request_status(r, slot, cur);
            let live = matches!(status, "veto_window" | "executable");
            let (outcome, value) = plan(
                chain,
                registry,
                vault_key,
                state,
                &by_address,
                key,
                r,
                slot,
                cur,
                config.epoch_length,
            );
            let (plan, skip) = match (live, outcome) {
                (false, _) => (Value::Null, Value::Null),
                (true, Ok(p)) => (p, Value::Null),
                (true, Err(k)) => (Value::Null, k),
            };
            if let Some(loss) = plan["loss"].as_str() {
                let loss: u64 = loss.parse().unwrap();
                if loss > 0 {
                    let share = restaking_math::slash_fraction_ceil(u128::from(loss) * WAD, value)
                        .unwrap_or(WAD);
                    let lamports =
                        restaking_math::lamports_floor(deposit_value_wad).unwrap_or(u64::MAX);
                    let deposit_loss =
                        restaking_math::pro_rata_take_ceil(lamports, share).unwrap_or(lamports);
                    pending.push(json!({
                        "request": key.to_string(),
                        "maxLossLamports": s(loss),
                        "maxLossShareWad": s(share),
                        "depositMaxLoss": s(deposit_loss),
                    }));
                }
            }
            requests.push(json!({
                "request": key.to_string(),
                "avs": r.avs.to_string(),
                "operator": r.operator.to_string(),
                "index": s(r.index),
                "wad": s(r.wad),
                "maxSlashWad": s(r.max_slash_wad),
                "captureEpoch": s(r.capture_epoch),
                "status": status,
                "vetoDeadlineSlot": s(r.veto_deadline_slot),
                "executableFromSlot": s(r.executable_from_slot()),
                "executableUntilEpoch": s(r.last_execution_epoch()),
                "executableUntilSlot": s(executable_until_slot(r, config.epoch_length)),
                "avsActive": chain.avss.get(&r.avs).map(|a| a.active),
                "slashableValueWad": s(value),
                "plan": plan,
                "skip": skip,
            }));
        }
    }
    json!({ "requests": requests, "pending": pending })
}

// ---------------------------------------------------------------------------------------
// The vectors
// ---------------------------------------------------------------------------------------

fn build() -> Value {
    let mut out = Out::default();
    let cfg = config(L);
    let cfg_local = config(200);
    out.add("config", "vault.Config", pda::config(), &cfg);
    out.add("configLocalnet", "vault.Config", pda::config(), &cfg_local);

    // -- vaults -------------------------------------------------------------------------
    // "main": wSOL, a stake pool LST at ~1.05 and mSOL at ~1.2; rewards vesting in wSOL
    // (paid during 9, vesting over 10, a quarter credited) and arriving in wSOL and mSOL
    // (paid during 10, vesting over 11); fees 0.1% with increases announced.
    let (a_key, mut a) = vault(key(101), 251_234_567_890, announced_fees(), |v| {
        vec![
            asset(v, 0, 120_345_678_901),
            asset(v, 1, 80_012_345_678),
            asset(v, 2, 45_678_912_345),
        ]
    });
    a.assets[0].rewards = RewardVesting {
        pending: 300_000_000,
        pending_epoch: 10,
        vesting: SOL,
        vesting_epoch: 10,
        vested: 250_000_000,
    };
    a.assets[2].rewards = RewardVesting {
        pending: 123_456_789,
        pending_epoch: 10,
        ..RewardVesting::default()
    };
    // stake-pool rewards paid during 9, vesting over 10: the cap is checked on the books
    // before vesting is credited
    a.assets[1].rewards = RewardVesting {
        vesting: 400_000_000,
        vesting_epoch: 10,
        vested: 100_000_000,
        ..RewardVesting::default()
    };
    a.assets[1].deposit_cap = 100 * SOL;
    a.assets[0].queued_amount = 9_876_543_210;
    a.assets[1].queued_amount = 4_000_000_000;
    a.assets[2].queued_amount = 2_000_000_000;
    a.bonded_shares = 2 * SOL;
    a.insurance_shares = SOL;
    a.treasury_shares = 456_789_012;
    a.allocations = history(10, [pct(6_000), pct(6_000), pct(6_000), pct(6_000)]);
    out.add("vaultMain", "vault.Vault", a_key, &a);

    // the same vault with no fees, with deposits and withdrawals paused
    let (z_key, mut z) = vault(key(102), a.share_supply, FeeSchedule::default(), |_| vec![]);
    z.asset_count = a.asset_count;
    z.assets = a.assets;
    out.add("vaultNoFees", "vault.Vault", z_key, &z);
    let (p_key, mut p) = vault(key(103), a.share_supply, announced_fees(), |_| vec![]);
    p.asset_count = a.asset_count;
    p.assets = a.assets;
    p.deposits_paused = true;
    p.withdrawals_paused = true;
    out.add("vaultPaused", "vault.Vault", p_key, &p);

    // the highest fees the Config allows (10%), in force since epoch 2
    let mut max_fees = FeeSchedule::default();
    max_fees.set(fees(1_000, 1_000, 3_000), 0);
    let (m_key, m) = vault(key(104), 33_333_333_333, max_fees, |v| {
        vec![asset(v, 0, 20_000_000_000), asset(v, 2, 12_345_678_901)]
    });
    out.add("vaultMaxFees", "vault.Vault", m_key, &m);

    // no share at all (a vault is created with dead shares: a constructed edge)
    let (e_key, e) = vault(key(105), 0, FeeSchedule::default(), |v| {
        vec![asset(v, 0, 0)]
    });
    out.add("vaultEmpty", "vault.Vault", e_key, &e);

    // a slash took the whole pool: shares remain, the value is zero
    let (w_key, mut w) = vault(key(106), 5 * SOL, announced_fees(), |v| {
        vec![asset(v, 0, 0), asset(v, 1, 0)]
    });
    w.wiped_out = true;
    out.add("vaultWiped", "vault.Vault", w_key, &w);

    // a pro-rata slash of 8.77% executed at S10 - 10_000, cancellable for 43_200 slots
    let (b_key, mut b) = vault(key(107), 150_000_000_000, announced_fees(), |v| {
        vec![asset(v, 0, 91_234_567_890), asset(v, 1, 45_678_901_234)]
    });
    b.slash_window
        .record(S10 - 10_000, 87_654_321_098_765_433, S10 + 33_200)
        .unwrap();
    out.add("vaultSlashWindow", "vault.Vault", b_key, &b);
    // the same with a window whose factor is zero (a constructed edge: nothing can leave)
    let (f_key, mut f) = vault(key(108), b.share_supply, announced_fees(), |_| vec![]);
    f.asset_count = b.asset_count;
    f.assets = b.assets;
    f.slash_window
        .record(S10 - 10_000, WAD, S10 + 33_200)
        .unwrap();
    out.add("vaultZeroFactor", "vault.Vault", f_key, &f);

    // -- buckets of the main vault --------------------------------------------------------
    // bucket 10 (requests of epoch 9), untouched; bucket 11 (requests of 10) after a slash
    // of 7% captured at 10; bucket 12 (requests of 11: only exists from epoch 11)
    let slashed_scale = restaking_math::slashed_scale_floor(WAD, 69_999_999_999_999_877).unwrap();
    let b10 = bucket(&a_key, 10, WAD, [5 * SOL, 2 * SOL, SOL]);
    let b11 = bucket(
        &a_key,
        11,
        slashed_scale,
        [4_987_654_321, 2_100_000_000, 1_050_000_000],
    );
    let b12 = bucket(&a_key, 12, WAD, [SOL, 0, 0]);
    out.add(
        "bucketMain10",
        "vault.WithdrawalBucket",
        pda::bucket(&a_key, 10),
        &b10,
    );
    out.add(
        "bucketMain11",
        "vault.WithdrawalBucket",
        pda::bucket(&a_key, 11),
        &b11,
    );
    out.add(
        "bucketMain12",
        "vault.WithdrawalBucket",
        pda::bucket(&a_key, 12),
        &b12,
    );
    // bucket 11 after a second slash late in epoch 11, cancellable until 10_000 slots
    // into epoch 12
    let mut b11_held = b11.clone();
    b11_held.scale_wad = restaking_math::slashed_scale_floor(slashed_scale, pct(300)).unwrap();
    b11_held.hold_until(12 * L + 10_000);
    out.add(
        "bucketMain11Held",
        "vault.WithdrawalBucket",
        pda::bucket(&a_key, 11),
        &b11_held,
    );
    // a bucket a slash wiped out, and one slashed very deep that a request joined after
    let b9_wiped = bucket(&a_key, 9, 0, [SOL, SOL, 0]);
    out.add(
        "bucketMain9Wiped",
        "vault.WithdrawalBucket",
        pda::bucket(&a_key, 9),
        &b9_wiped,
    );
    let mut b13_deep = bucket(&a_key, 13, 1_000, [SOL, 0, 0]);
    let joined = restaking_math::unscaled_amount_floor(5 * SOL, 1_000).unwrap();
    b13_deep.unscaled_amounts[0] += joined;
    out.add(
        "bucketMain13Deep",
        "vault.WithdrawalBucket",
        pda::bucket(&a_key, 13),
        &b13_deep,
    );
    // an existing bucket of epoch 11 for the slash-window vault, and a wiped one
    let b_b11 = bucket(&b_key, 11, 950_000_000_000_000_000, [3 * SOL, SOL, 0]);
    out.add(
        "bucketWindow11",
        "vault.WithdrawalBucket",
        pda::bucket(&b_key, 11),
        &b_b11,
    );
    let b_a11_wiped = bucket(&a_key, 11, 0, [SOL, 0, 0]);
    out.add(
        "bucketMain11Wiped",
        "vault.WithdrawalBucket",
        pda::bucket(&a_key, 11),
        &b_a11_wiped,
    );

    // -- share price ----------------------------------------------------------------------
    for (name, vault_name, state, slot) in [
        (
            "main, mid-epoch 10: a quarter -> half of the vesting cohort credited",
            "vaultMain",
            &a,
            S10,
        ),
        (
            "main, epoch 11: the cohort of 10 vesting",
            "vaultMain",
            &a,
            S11,
        ),
        ("main, epoch 13: everything vested", "vaultMain", &a, 13 * L),
        ("max fees, with a Marinade asset", "vaultMaxFees", &m, S10),
        ("empty vault: no shares", "vaultEmpty", &e, S10),
        ("wiped out: shares over zero value", "vaultWiped", &w, S10),
        ("slash window open", "vaultSlashWindow", &b, S10),
    ] {
        out.share_price.push(json!({
            "name": name,
            "vault": vault_name,
            "config": "config",
            "slot": s(slot),
            "expect": share_price_expect(state, &cfg, slot),
        }));
    }

    // -- deposits -------------------------------------------------------------------------
    let d = DepositOptions::default();
    let deposits = vec![
        ("1 SOL of wSOL", "vaultMain", &a, S10, 0, SOL, d),
        (
            "10.5 stake-pool tokens at ~1.05",
            "vaultMain",
            &a,
            S10,
            1,
            10_500_000_000,
            d,
        ),
        ("3 mSOL at ~1.2", "vaultMain", &a, S10, 2, 3 * SOL, d),
        (
            "above the asset's cap",
            "vaultMain",
            &a,
            S10,
            1,
            25 * SOL,
            d,
        ),
        (
            "up to the cap on the books (vesting credited after the check)",
            "vaultMain",
            &a,
            S10,
            1,
            100 * SOL - a.assets[1].active_amount,
            d,
        ),
        ("zero amount", "vaultMain", &a, S10, 0, 0, d),
        ("one lamport: zero shares", "vaultMain", &a, S10, 0, 1, d),
        (
            "two lamports: one share, all of it fee",
            "vaultMain",
            &a,
            S10,
            0,
            2,
            d,
        ),
        (
            "three lamports: two shares, one of them fee",
            "vaultMain",
            &a,
            S10,
            0,
            3,
            d,
        ),
        ("unknown asset", "vaultMain", &a, S10, 7, SOL, d),
        (
            "epoch 11: the announced fee in force",
            "vaultMain",
            &a,
            S11,
            0,
            2 * SOL,
            d,
        ),
        (
            "epoch 11, signed for the old fee",
            "vaultMain",
            &a,
            S11,
            0,
            2 * SOL,
            DepositOptions {
                max_fee_bps: Some(10),
                ..d
            },
        ),
        (
            "stale prices",
            "vaultMain",
            &a,
            S10,
            0,
            SOL,
            DepositOptions {
                solana_epoch: Some(SOLANA_EPOCH + 1),
                ..d
            },
        ),
        (
            "fresh prices, slippage guard met",
            "vaultMain",
            &a,
            S10,
            1,
            SOL,
            DepositOptions {
                solana_epoch: Some(SOLANA_EPOCH),
                min_shares_out: Some(1_000_000_000),
                ..d
            },
        ),
        (
            "slippage guard not met",
            "vaultMain",
            &a,
            S10,
            1,
            SOL,
            DepositOptions {
                min_shares_out: Some(2 * SOL),
                ..d
            },
        ),
        (
            "protocol paused",
            "vaultMain",
            &a,
            S10,
            0,
            SOL,
            DepositOptions {
                protocol_paused: true,
                ..d
            },
        ),
        ("no fees", "vaultNoFees", &z, S10, 0, SOL, d),
        ("deposits paused", "vaultPaused", &p, S10, 0, SOL, d),
        (
            "the maximum fee (10%)",
            "vaultMaxFees",
            &m,
            S10,
            0,
            2 * SOL,
            d,
        ),
        (
            "the maximum fee, into mSOL",
            "vaultMaxFees",
            &m,
            S10,
            1,
            7 * SOL,
            d,
        ),
        (
            "empty vault: the seed rule",
            "vaultEmpty",
            &e,
            S10,
            0,
            SOL,
            d,
        ),
        ("wiped out", "vaultWiped", &w, S10, 1, SOL, d),
        (
            "a cancellable slash: deposits wait",
            "vaultSlashWindow",
            &b,
            S10,
            0,
            SOL,
            d,
        ),
        (
            "after the window closed",
            "vaultSlashWindow",
            &b,
            S10 + 33_200,
            1,
            SOL,
            d,
        ),
    ];
    for (name, vault_name, state, slot, index, amount, o) in deposits {
        out.deposit.push(json!({
            "name": name,
            "vault": vault_name,
            "config": "config",
            "slot": s(slot),
            "assetIndex": index,
            "amount": s(amount),
            "options": {
                "maxFeeBps": o.max_fee_bps,
                "minSharesOut": opt(o.min_shares_out),
                "solanaEpoch": opt(o.solana_epoch),
                "protocolPaused": o.protocol_paused,
            },
            "expect": deposit_expect(state, &cfg, slot, index, amount, o),
        }));
    }

    // -- withdrawal requests --------------------------------------------------------------
    let wo = WithdrawalOptions::default();
    let withdrawals = vec![
        (
            "10 LRT: a new bucket",
            "vaultMain",
            &a,
            S10,
            10 * SOL,
            wo,
            None,
        ),
        (
            "10 LRT into bucket 11, slashed by 7%",
            "vaultMain",
            &a,
            S10,
            10 * SOL,
            WithdrawalOptions {
                bucket: Some(&b11),
                ..wo
            },
            Some("bucketMain11"),
        ),
        (
            "epoch 11: the announced fee in force",
            "vaultMain",
            &a,
            S11,
            10 * SOL,
            wo,
            None,
        ),
        (
            "epoch 11, signed for the old fee",
            "vaultMain",
            &a,
            S11,
            10 * SOL,
            WithdrawalOptions {
                max_fee_bps: Some(10),
                ..wo
            },
            None,
        ),
        ("zero shares", "vaultMain", &a, S10, 0, wo, None),
        ("one share: all fee", "vaultMain", &a, S10, 1, wo, None),
        (
            "two shares: nothing to take",
            "vaultMain",
            &a,
            S10,
            2,
            wo,
            None,
        ),
        (
            "more than the owner holds",
            "vaultMain",
            &a,
            S10,
            10 * SOL,
            WithdrawalOptions {
                owner_shares: Some(5 * SOL),
                ..wo
            },
            None,
        ),
        (
            "more than the supply",
            "vaultMain",
            &a,
            S10,
            a.share_supply + 10 * SOL,
            wo,
            None,
        ),
        (
            "protocol paused",
            "vaultMain",
            &a,
            S10,
            SOL,
            WithdrawalOptions {
                protocol_paused: true,
                ..wo
            },
            None,
        ),
        (
            "into a wiped bucket",
            "vaultMain",
            &a,
            S10,
            SOL,
            WithdrawalOptions {
                bucket: Some(&b_a11_wiped),
                ..wo
            },
            Some("bucketMain11Wiped"),
        ),
        ("no fees", "vaultNoFees", &z, S10, 10 * SOL, wo, None),
        ("withdrawals paused", "vaultPaused", &p, S10, SOL, wo, None),
        (
            "the maximum fee (10%)",
            "vaultMaxFees",
            &m,
            S10,
            3 * SOL,
            wo,
            None,
        ),
        (
            "a cancellable slash: the new bucket starts slashed",
            "vaultSlashWindow",
            &b,
            S10,
            7 * SOL,
            wo,
            None,
        ),
        (
            "a cancellable slash: joining bucket 11",
            "vaultSlashWindow",
            &b,
            S10,
            7 * SOL,
            WithdrawalOptions {
                bucket: Some(&b_b11),
                ..wo
            },
            Some("bucketWindow11"),
        ),
        (
            "a window with a zero factor",
            "vaultZeroFactor",
            &f,
            S10,
            7 * SOL,
            wo,
            None,
        ),
        ("empty vault", "vaultEmpty", &e, S10, SOL, wo, None),
        ("wiped out", "vaultWiped", &w, S10, SOL, wo, None),
    ];
    for (name, vault_name, state, slot, shares, o, bucket_name) in withdrawals {
        out.withdrawal.push(json!({
            "name": name,
            "vault": vault_name,
            "config": "config",
            "slot": s(slot),
            "shares": s(shares),
            "options": {
                "maxFeeBps": o.max_fee_bps,
                "ownerShares": opt(o.owner_shares),
                "protocolPaused": o.protocol_paused,
                "bucket": bucket_name,
            },
            "expect": withdrawal_expect(state, &cfg, slot, shares, o),
        }));
    }

    // -- tickets --------------------------------------------------------------------------
    let owner = key(42);
    let t11 = ticket(
        &a_key,
        owner,
        1,
        11,
        [2_000_000_000, 1_000_000_000, 500_000_000],
    );
    let t10 = ticket(&a_key, owner, 2, 10, [1_000_000_000, 400_000_000, 0]);
    let t9 = ticket(&a_key, owner, 3, 9, [1_000_000_000, 1_000_000_000, 0]);
    let mut t13 = ticket(&a_key, owner, 4, 13, [0, 0, 0]);
    t13.unscaled_amounts[0] = joined;
    out.add(
        "ticket11",
        "vault.WithdrawalTicket",
        pda::ticket(&a_key, &owner, 1),
        &t11,
    );
    out.add(
        "ticket10",
        "vault.WithdrawalTicket",
        pda::ticket(&a_key, &owner, 2),
        &t10,
    );
    out.add(
        "ticket9",
        "vault.WithdrawalTicket",
        pda::ticket(&a_key, &owner, 3),
        &t9,
    );
    out.add(
        "ticket13",
        "vault.WithdrawalTicket",
        pda::ticket(&a_key, &owner, 4),
        &t13,
    );
    // on a localnet (epochs of 200 slots)
    let t_local = ticket(&a_key, owner, 5, 7, [123_456_789, 0, 0]);
    let b_local = bucket(&a_key, 7, WAD, [SOL, 0, 0]);
    out.add(
        "ticketLocal7",
        "vault.WithdrawalTicket",
        pda::ticket(&a_key, &owner, 5),
        &t_local,
    );
    out.add(
        "bucketLocal7",
        "vault.WithdrawalBucket",
        pda::bucket(&a_key, 7),
        &b_local,
    );
    let tickets = vec![
        (
            "waiting: requested this epoch",
            "ticket11",
            &t11,
            "bucketMain11",
            &b11,
            "config",
            &cfg,
            S10,
        ),
        (
            "waiting: during its bucket's epoch",
            "ticket11",
            &t11,
            "bucketMain11",
            &b11,
            "config",
            &cfg,
            11 * L + 5,
        ),
        (
            "claimable from the first slot after",
            "ticket11",
            &t11,
            "bucketMain11",
            &b11,
            "config",
            &cfg,
            12 * L,
        ),
        (
            "waiting, then held past the epoch's end",
            "ticket11",
            &t11,
            "bucketMain11Held",
            &b11_held,
            "config",
            &cfg,
            S11,
        ),
        (
            "held by a cancellable slash",
            "ticket11",
            &t11,
            "bucketMain11Held",
            &b11_held,
            "config",
            &cfg,
            12 * L + 9_999,
        ),
        (
            "claimable when the slash is final",
            "ticket11",
            &t11,
            "bucketMain11Held",
            &b11_held,
            "config",
            &cfg,
            12 * L + 10_000,
        ),
        (
            "an untouched bucket, waiting",
            "ticket10",
            &t10,
            "bucketMain10",
            &b10,
            "config",
            &cfg,
            S10,
        ),
        (
            "an untouched bucket, claimable",
            "ticket10",
            &t10,
            "bucketMain10",
            &b10,
            "config",
            &cfg,
            S11,
        ),
        (
            "a wiped bucket pays nothing",
            "ticket9",
            &t9,
            "bucketMain9Wiped",
            &b9_wiped,
            "config",
            &cfg,
            S10,
        ),
        (
            "joined a deeply slashed bucket",
            "ticket13",
            &t13,
            "bucketMain13Deep",
            &b13_deep,
            "config",
            &cfg,
            14 * L,
        ),
        (
            "localnet: the last slot of the bucket's epoch",
            "ticketLocal7",
            &t_local,
            "bucketLocal7",
            &b_local,
            "configLocalnet",
            &cfg_local,
            1_599,
        ),
        (
            "localnet: claimable",
            "ticketLocal7",
            &t_local,
            "bucketLocal7",
            &b_local,
            "configLocalnet",
            &cfg_local,
            1_600,
        ),
    ];
    for (name, t_name, t, b_name, bk, cfg_name, c, slot) in tickets {
        out.tickets.push(json!({
            "name": name,
            "ticket": t_name,
            "bucket": b_name,
            "config": cfg_name,
            "slot": s(slot),
            "expect": ticket_expect(t, bk, c, slot),
        }));
    }

    // -- operators, delegations, stakes ---------------------------------------------------
    let operator = |n: u8| reg_pda::operator(&key(n));
    let (op_x, op_y, op_z, op_v, op_w) = (
        operator(70),
        operator(71),
        operator(72),
        operator(73),
        operator(74),
    );
    // X: 30% since long ago; Y: 10%, raised to 25% during 10; Z: 20%, cut to 5% during 9;
    // V: nothing until 5% added during 10
    let d_x = delegation(&a_key, op_x, history(9, [pct(3_000); 4]));
    let mut d_y = delegation(&a_key, op_y, history(9, [pct(1_000); 4]));
    d_y.allocation.increase(pct(1_500) as u64, 10).unwrap();
    let mut d_z = delegation(&a_key, op_z, history(8, [pct(2_000); 4]));
    d_z.allocation.decrease(pct(1_500) as u64, 9).unwrap();
    d_z.decrease_epoch = 9;
    let mut d_v = delegation(&a_key, op_v, history(10, [0; 4]));
    d_v.allocation.increase(pct(500) as u64, 10).unwrap();
    let delegations = [d_x.clone(), d_y.clone(), d_z.clone(), d_v.clone()];
    for (name, dl) in [
        ("delegationX", &d_x),
        ("delegationY", &d_y),
        ("delegationZ", &d_z),
        ("delegationV", &d_v),
    ] {
        out.add(
            name,
            "vault.Delegation",
            pda::delegation(&a_key, &dl.operator),
            dl,
        );
    }
    let stakes = vec![
        (
            "X now (capture 10): bucket 11 slashed",
            "delegationX",
            &d_x,
            [Some("bucketMain11"), None],
            S10,
            10,
        ),
        (
            "X for capture 9, read in 10: buckets 10 and 11",
            "delegationX",
            &d_x,
            [Some("bucketMain10"), Some("bucketMain11")],
            S10,
            9,
        ),
        (
            "X for capture 8, read in 10: out of the window",
            "delegationX",
            &d_x,
            [Some("bucketMain9Wiped"), Some("bucketMain10")],
            S10,
            8,
        ),
        (
            "Y: an increase made this epoch counts from the next",
            "delegationY",
            &d_y,
            [Some("bucketMain11"), None],
            S10,
            10,
        ),
        (
            "Y in 11: the increase counts",
            "delegationY",
            &d_y,
            [Some("bucketMain12"), None],
            S11,
            11,
        ),
        (
            "Z: a decrease still counts, stops from 11",
            "delegationZ",
            &d_z,
            [Some("bucketMain11"), None],
            S10,
            10,
        ),
        (
            "Z for capture 10, read in 11: the decrease still counts",
            "delegationZ",
            &d_z,
            [Some("bucketMain11"), Some("bucketMain12")],
            S11,
            10,
        ),
        (
            "Z in 13: every change applied",
            "delegationZ",
            &d_z,
            [None, None],
            13 * L + 7,
            13,
        ),
        (
            "V: nothing allocated yet",
            "delegationV",
            &d_v,
            [Some("bucketMain11"), None],
            S10,
            10,
        ),
    ];
    let bucket_of = |n: &str| match n {
        "bucketMain9Wiped" => b9_wiped.clone(),
        "bucketMain10" => b10.clone(),
        "bucketMain11" => b11.clone(),
        "bucketMain12" => b12.clone(),
        other => panic!("{other}"),
    };
    for (name, d_name, dl, bucket_names, slot, capture) in stakes {
        let buckets = bucket_names.map(|n| n.map(bucket_of));
        out.stakes.push(json!({
            "name": name,
            "vault": "vaultMain",
            "delegation": d_name,
            "buckets": bucket_names,
            "config": "config",
            "slot": s(slot),
            "captureEpoch": s(capture),
            "expect": stake_expect(&a, dl, &buckets, &cfg, slot, capture),
        }));
    }

    // -- the registry and slash requests --------------------------------------------------
    let params = |cap_bps: u16| RegistryParams {
        veto_window_slots: 43_200,
        resolution_delay_slots: 43_200,
        max_vault_slash_bps_per_epoch: cap_bps,
        max_commission_bps: 5_000,
    };
    // a cap of 50% per vault and epoch, cut to 20% during 8 (in force from 10)
    let mut registry = RegistryConfig {
        admin: key(80),
        pending_admin: None,
        veto_authority: key(81),
        params: params(5_000),
        next_params: params(5_000),
        params_effective_epoch: 0,
        vault_program: lrt_client::VAULT_PROGRAM_ID,
        bump: 249,
        reserved: [0; 64],
    };
    registry.announce_params(params(2_000), 8).unwrap();
    out.add(
        "registryConfig",
        "registry.RegistryConfig",
        reg_pda::registry_config(),
        &registry,
    );

    let mut chain = Chain::default();
    let avs_key = |n: u8| reg_pda::avs(&key(n));
    // AVS 1: active, may take all; 2: at most 50%; 3: inactive; 4: the vault never opted
    // in; 5: the vault opted out during 8 (not active at 10)
    for (n, active, max_slash) in [
        (61, true, WAD),
        (62, true, WAD / 2),
        (63, false, WAD),
        (64, true, WAD),
        (65, true, WAD),
    ] {
        let state = Avs {
            id: key(n),
            admin: key(n + 50),
            kind: AvsKind::Local {
                slash_authority: key(n + 100),
            },
            next_kind: AvsKind::Local {
                slash_authority: key(n + 100),
            },
            max_slash_wad: max_slash,
            next_max_slash_wad: max_slash,
            destination: SlashDestination::Burn,
            next_destination: SlashDestination::Burn,
            changes_effective_epoch: 0,
            active,
            request_count: 10,
            metadata_uri: format!("https://avs-{n}.example/meta.json"),
            bump: 248,
        };
        out.add(
            &format!("avs{}", n - 60),
            "registry.Avs",
            avs_key(n),
            &state,
        );
        chain.avss.insert(avs_key(n), state);
    }
    let (avs1, avs2, avs3, avs4, avs5) = (
        avs_key(61),
        avs_key(62),
        avs_key(63),
        avs_key(64),
        avs_key(65),
    );
    let window = |activation: u64, deactivation: u64| OptInWindow {
        activation_epoch: activation,
        deactivation_epoch: deactivation,
    };
    // Z opted in to AVS 1 only during 10: not active at capture 10
    for (i, (op, avs, w)) in [
        (op_x, avs1, window(2, NOT_DEACTIVATED)),
        (op_x, avs2, window(2, NOT_DEACTIVATED)),
        (op_x, avs3, window(2, NOT_DEACTIVATED)),
        (op_x, avs4, window(2, NOT_DEACTIVATED)),
        (op_x, avs5, window(2, NOT_DEACTIVATED)),
        (op_y, avs1, window(2, NOT_DEACTIVATED)),
        (op_z, avs1, window(10, NOT_DEACTIVATED)),
        (op_z, avs2, window(2, 9)),
        (op_v, avs1, window(3, NOT_DEACTIVATED)),
        (op_w, avs1, window(3, NOT_DEACTIVATED)),
    ]
    .into_iter()
    .enumerate()
    {
        let state = OperatorAvs {
            operator: op,
            avs,
            window: w,
            bump: 247,
        };
        out.add(
            &format!("operatorAvs{i}"),
            "registry.OperatorAvs",
            reg_pda::operator_avs(&op, &avs),
            &state,
        );
        chain
            .operator_avs
            .insert(reg_pda::operator_avs(&op, &avs), state);
    }
    // the vault: AVS 1 (cap 100%), AVS 2 (cap 5%), AVS 3 (opted out during 9: still
    // slashable at 10), AVS 5 (opted out during 8)
    for (i, (avs, cap_bps, w)) in [
        (avs1, 10_000, window(1, NOT_DEACTIVATED)),
        (avs2, 500, window(1, NOT_DEACTIVATED)),
        (avs3, 10_000, window(1, 9)),
        (avs5, 10_000, window(1, 8)),
    ]
    .into_iter()
    .enumerate()
    {
        let state = VaultAvs {
            vault: a_key,
            avs,
            cap_bps,
            window: w,
            slashed: [EpochSlashed::default(); 2],
            bump: 246,
        };
        out.add(
            &format!("vaultAvs{i}"),
            "registry.VaultAvs",
            reg_pda::vault_avs(&a_key, &avs),
            &state,
        );
        chain
            .vault_avs
            .insert(reg_pda::vault_avs(&a_key, &avs), state);
    }

    // the value before the first slash of epoch 10 (one executed at S10 - 20_000, of X)
    let mut at_first = a.clone();
    at_first.accrue_vesting(S10 - 20_000, L).unwrap();
    let capture10_value = at_first
        .slashable_value_wad(&[Some(b11.clone()), None])
        .unwrap()
        * 1_013
        / 1_000;
    let capture10 = VaultCapture {
        vault: a_key,
        capture_epoch: 10,
        slashable_value_wad: capture10_value,
        bump: 245,
    };
    out.add(
        "capture10",
        "registry.VaultCapture",
        reg_pda::vault_capture(&a_key, 10),
        &capture10,
    );
    chain
        .captures
        .insert(reg_pda::vault_capture(&a_key, 10), capture10);
    let x10 = restaking_math::allocated_stake_floor(capture10_value, pct(3_000) as u64).unwrap();
    let z10 = restaking_math::allocated_stake_floor(capture10_value, pct(2_000) as u64).unwrap();
    let x9 = 81_234_567_890;
    let y9 = 27_000_000_000;
    // (vault, operator, capture): stake at capture, slashed across AVSs
    for (i, (op, capture, stake, slashed)) in [
        (op_x, 10, x10, x10 / 100 * 16),
        (op_z, 10, z10, z10 / 20),
        (op_x, 9, x9, 4 * SOL),
        (op_y, 9, y9, y9 / 2),
    ]
    .into_iter()
    .enumerate()
    {
        let state = VaultEpochSlash {
            vault: a_key,
            operator: op,
            capture_epoch: capture,
            stake_at_capture_lamports: stake,
            slashed_lamports: slashed,
            executions: 1,
            bump: 244,
        };
        let address = reg_pda::vault_epoch_slash(&a_key, &op, capture);
        out.add(
            &format!("epochSlash{i}"),
            "registry.VaultEpochSlash",
            address,
            &state,
        );
        chain.epoch_slashes.insert(address, state);
    }
    // (vault's opt-in, operator, capture): what one AVS slashed
    for (i, (avs, op, capture, slashed)) in [
        (avs1, op_x, 10, x10 / 100 * 16),
        (avs2, op_z, 10, z10 / 20),
        (avs1, op_x, 9, SOL),
        (avs2, op_x, 9, 3 * SOL),
        (avs1, op_y, 9, y9 / 2),
    ]
    .into_iter()
    .enumerate()
    {
        let vault_avs = reg_pda::vault_avs(&a_key, &avs);
        let state = VaultAvsEpochSlash {
            vault_avs,
            operator: op,
            capture_epoch: capture,
            slashed_lamports: slashed,
            executions: 1,
            bump: 243,
        };
        let address = reg_pda::vault_avs_epoch_slash(&vault_avs, &op, capture);
        out.add(
            &format!("avsEpochSlash{i}"),
            "registry.VaultAvsEpochSlash",
            address,
            &state,
        );
        chain.avs_epoch_slashes.insert(address, state);
    }

    let deadline = |requested: u64| requested + registry.params_at(requested / L).veto_window_slots;
    let request = |avs: Pubkey, index: u64, op: Pubkey, wad: u128, capture: u64, requested: u64| {
        let max = chain
            .avss
            .values()
            .find(|a| reg_pda::avs(&a.id) == avs)
            .unwrap()
            .max_slash_wad_at(capture);
        SlashRequest {
            avs,
            operator: op,
            index,
            wad,
            max_slash_wad: max,
            evidence_hash: [index as u8; 32],
            capture_epoch: capture,
            requested_slot: requested,
            veto_deadline_slot: deadline(requested),
            destination: SlashDestination::Burn,
            vetoed: false,
            executions: 0,
            slashed_lamports: 0,
            bump: 242,
        }
    };
    let mut requests = vec![
        // X, captured at 10, still in its veto window at S10; capped by the registry's 20%
        (request(avs1, 0, op_x, pct(500), 10, S10 - 6_000), 0),
        // X, captured at 9, executable: the curator's 5% cap for AVS 2 binds
        (request(avs2, 0, op_x, pct(1_000), 9, 9 * L + 100_000), 0),
        // Y, captured at 9: the registry's 50% (in force at 9) is used up
        (request(avs1, 1, op_y, pct(2_000), 9, 9 * L + 102_000), 0),
        // Y, captured at 8, executed twice: over
        (request(avs1, 2, op_y, pct(1_000), 8, 8 * L + 5), 2),
        // Z, vetoed
        (request(avs2, 1, op_z, pct(1_000), 10, S10 - 36_000), 0),
        // Z, captured at 8, never executed: past its execution window
        (request(avs2, 2, op_z, pct(1_000), 8, 8 * L + 7), 0),
        // X, captured at 9, already executed against this vault
        (request(avs1, 3, op_x, pct(100), 9, 9 * L + 104_000), 1),
        // X by AVS 4: the vault is not opted in
        (request(avs4, 0, op_x, pct(1_000), 10, 10 * L + 1_000), 0),
        // Z by AVS 1: Z's opt-in counts from 11
        (request(avs1, 4, op_z, pct(1_000), 10, 10 * L + 2_000), 0),
        // X by AVS 3 (inactive now; the vault's opt-out still counts at 10): 50% asked, the
        // AVS's maximum 10%... recorded below
        (request(avs3, 0, op_x, pct(5_000), 10, 10 * L + 3_000), 0),
        // W: no delegation from this vault
        (request(avs1, 5, op_w, pct(1_000), 10, 10 * L + 4_000), 0),
        // Z by AVS 2: the curator's 5% cap used up at 10 (Z's opt-out of 9 still counts)
        (request(avs2, 3, op_z, pct(1_000), 10, 10 * L + 5_000), 0),
        // Y by AVS 2: Y never opted in
        (request(avs2, 4, op_y, pct(1_000), 10, 10 * L + 6_000), 0),
        // V: nothing allocated at 10
        (request(avs1, 6, op_v, pct(1_000), 10, 10 * L + 7_000), 0),
        // X by AVS 5: the vault opted out during 8
        (request(avs5, 0, op_x, pct(1_000), 10, 10 * L + 8_000), 0),
        // X, captured at 10 and executed (the 16% in the ledgers)
        (request(avs1, 7, op_x, pct(1_600), 10, 10 * L + 9_000), 1),
        // Y, captured at 9 and executed (the 50% in the ledgers)
        (request(avs1, 8, op_y, pct(5_000), 9, 9 * L + 100_500), 1),
        // Y, captured at 10: Y's first slash of the epoch, measured on the value recorded by
        // the epoch's first slash of the vault (X's)
        (request(avs1, 9, op_y, pct(200), 10, 10 * L + 10_000), 0),
    ];
    requests[4].0.vetoed = true;
    requests[9].0.max_slash_wad = pct(1_000);
    for (i, (r, executions)) in requests.into_iter().enumerate() {
        let mut r = r;
        r.executions = executions;
        let address = reg_pda::slash_request(&r.avs, r.index);
        out.add(&format!("request{i}"), "registry.SlashRequest", address, &r);
        if executions > 0 && matches!(i, 6 | 15 | 16) {
            let execution = SlashExecution {
                request: address,
                vault: a_key,
                avs: r.avs,
                operator: r.operator,
                capture_epoch: r.capture_epoch,
                stake_lamports: 1,
                requested_loss_lamports: 1,
                loss_lamports: 1,
                executor: key(90),
                executed_slot: r.veto_deadline_slot + 1,
                resolve_after_slot: r.veto_deadline_slot + 1 + 43_200,
                cancelled: false,
                bump: 241,
            };
            let at = reg_pda::slash_execution(&address, &a_key);
            out.add(
                &format!("execution{i}"),
                "registry.SlashExecution",
                at,
                &execution,
            );
            chain.executions.insert(at, execution);
        }
        chain.requests.push((address, r));
    }

    let deposit_value =
        restaking_math::asset_value_wad(10_500_000_000, stake_pool_price()).unwrap();
    for (name, slot, bucket_names) in [
        (
            "main vault at S10",
            S10,
            vec!["bucketMain10", "bucketMain11"],
        ),
        (
            "main vault at request 0's veto deadline (still vetoable)",
            S10 - 6_000 + 43_200,
            vec!["bucketMain10", "bucketMain11"],
        ),
        (
            "main vault one slot after it (executable)",
            S10 - 6_000 + 43_201,
            vec!["bucketMain10", "bucketMain11"],
        ),
        (
            "main vault at S11",
            S11,
            vec!["bucketMain10", "bucketMain11", "bucketMain12"],
        ),
    ] {
        chain.buckets = bucket_names
            .iter()
            .map(|n| {
                let b = match *n {
                    "bucketMain10" => b10.clone(),
                    "bucketMain11" => b11.clone(),
                    _ => b12.clone(),
                };
                (pda::bucket(&a_key, b.epoch), b)
            })
            .collect();
        let request_names: Vec<String> = (0..chain.requests.len())
            .map(|i| format!("request{i}"))
            .collect();
        let names = |prefix: &str| -> Vec<String> {
            out.accounts
                .keys()
                .filter(|k| k.starts_with(prefix))
                .cloned()
                .collect()
        };
        let pdas: Vec<Value> = chain
            .requests
            .iter()
            .map(|(address, r)| {
                let vault_avs = reg_pda::vault_avs(&a_key, &r.avs);
                let c = r.capture_epoch;
                json!({
                    "request": address.to_string(),
                    "avs": r.avs.to_string(),
                    "operatorAvs": reg_pda::operator_avs(&r.operator, &r.avs).to_string(),
                    "vaultAvs": vault_avs.to_string(),
                    "delegation": pda::delegation(&a_key, &r.operator).to_string(),
                    "slashExecution": reg_pda::slash_execution(address, &a_key).to_string(),
                    "vaultEpochSlash": reg_pda::vault_epoch_slash(&a_key, &r.operator, c).to_string(),
                    "vaultCapture": reg_pda::vault_capture(&a_key, c).to_string(),
                    "vaultAvsEpochSlash": reg_pda::vault_avs_epoch_slash(&vault_avs, &r.operator, c).to_string(),
                    "buckets": [pda::bucket(&a_key, c + 1).to_string(), pda::bucket(&a_key, c + 2).to_string()],
                })
            })
            .collect();
        out.slashes.push(json!({
            "name": name,
            "vault": "vaultMain",
            "config": "config",
            "slot": s(slot),
            "registryConfig": "registryConfig",
            "delegations": ["delegationX", "delegationY", "delegationZ", "delegationV"],
            "requests": request_names,
            "operatorAvs": names("operatorAvs"),
            "vaultAvs": names("vaultAvs"),
            "executions": names("execution"),
            "epochSlashes": names("epochSlash"),
            "avsEpochSlashes": names("avsEpochSlash"),
            "captures": names("capture"),
            "buckets": bucket_names,
            "avss": names("avs").into_iter().filter(|n| !n.starts_with("avsEpoch")).collect::<Vec<_>>(),
            "depositValueWad": s(deposit_value),
            "addresses": pdas,
            "expect": slashes_expect(&chain, &registry, &a_key, &a, &delegations, &cfg, slot, deposit_value),
        }));
    }

    json!({
        "about": "Expected numbers of the TypeScript helpers, written by the programs' own \
                  methods and restaking-math (crates/lrt-client/tests/ts_vectors.rs; \
                  UPDATE_TS_VECTORS=1 rewrites this file). Integers are decimal strings; \
                  accounts are Anchor-serialised, base64.",
        "accounts": out.accounts,
        "sharePrice": out.share_price,
        "deposit": out.deposit,
        "withdrawal": out.withdrawal,
        "tickets": out.tickets,
        "stakes": out.stakes,
        "slashes": out.slashes,
    })
}

#[test]
fn ts_vectors_are_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../clients/js/test/vectors.json");
    let vectors = build();
    let update = std::env::var("UPDATE_TS_VECTORS").is_ok_and(|v| v == "1");
    let committed = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok());
    if committed.as_ref() == Some(&vectors) {
        return;
    }
    if update {
        let mut text = serde_json::to_string_pretty(&vectors).unwrap();
        text.push('\n');
        std::fs::write(&path, text).unwrap();
        return;
    }
    panic!(
        "{} is stale: the Rust side computes other numbers than the TypeScript helpers are \
         tested against. Rewrite it with `UPDATE_TS_VECTORS=1 cargo test -p lrt-client --test \
         ts_vectors`, format it (`npx prettier --write clients/js/test/vectors.json`), run the \
         TypeScript tests (`node --import tsx --test clients/js/test/helpers.test.ts`) and \
         review the diff.",
        path.display()
    );
}
