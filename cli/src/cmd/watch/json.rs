//! An event's `data` in `watch --json`: every field under its Rust name, one rule per
//! type (see the module documentation of `watch`).
use anchor_lang::prelude::Pubkey;
use example_avs::events as avs_ev;
use lrt_client::program_events::{AvsEvent, ProgramEvent, RegistryEvent, VaultEvent};
use lrt_vault::{
    events::{self as vault_ev, Role, VaultSnapshot},
    state::{AllocationHistory, Fees, PricingSource, SlashDestination},
};
use serde_json::{Map, Value};
use slasher_registry::{
    events as registry_ev,
    state::{AvsKind, RegistryParams},
};

/// JSON for the field types events are made of.
pub trait Json {
    fn json(&self) -> Value;
}

impl Json for Pubkey {
    fn json(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl Json for bool {
    fn json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Json for String {
    fn json(&self) -> Value {
        Value::String(self.clone())
    }
}

macro_rules! json_number {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
json_number!(u8, u16, u32);

macro_rules! json_decimal_string {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self) -> Value {
                Value::String(self.to_string())
            }
        }
    )*};
}
json_decimal_string!(i64, u64, u128, i128);

impl Json for [u8; 32] {
    fn json(&self) -> Value {
        Value::String(crate::output::hex(self))
    }
}

/// A guardian key (an Ethereum address): `0x` and 40 hex digits.
impl Json for [u8; 20] {
    fn json(&self) -> Value {
        Value::String(format!("0x{}", crate::output::hex(self)))
    }
}

impl<T: Json> Json for Vec<T> {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(Json::json).collect())
    }
}

impl<const N: usize> Json for [u64; N] {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(Json::json).collect())
    }
}

impl<const N: usize> Json for [u128; N] {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(Json::json).collect())
    }
}

impl<const N: usize, const M: usize> Json for [[u64; N]; M] {
    fn json(&self) -> Value {
        Value::Array(self.iter().map(Json::json).collect())
    }
}

impl<T: Json> Json for Option<T> {
    fn json(&self) -> Value {
        self.as_ref().map_or(Value::Null, Json::json)
    }
}

/// A JSON object of every field of a struct. The pattern has no `..`, so the compiler
/// refuses a list that misses a field: a field added to an event cannot be forgotten here.
macro_rules! object {
    ($value:expr, $ty:path { $($field:ident),* $(,)? }) => {{
        let $ty { $($field),* } = $value;
        let mut map = Map::new();
        $( map.insert(stringify!($field).to_string(), Json::json($field)); )*
        Value::Object(map)
    }};
}

impl Json for AllocationHistory {
    fn json(&self) -> Value {
        object!(
            self,
            AllocationHistory {
                epoch,
                previous,
                current,
                next,
                later,
            }
        )
    }
}

impl Json for VaultSnapshot {
    fn json(&self) -> Value {
        object!(
            self,
            VaultSnapshot {
                share_supply,
                active_value_wad,
                asset_count,
                active_amounts,
                queued_amounts,
                escrowed_amounts,
                unvested_amounts,
                bonded_shares,
                insurance_shares,
                treasury_shares,
                prices_wad,
                price_epochs,
            }
        )
    }
}

impl Json for Fees {
    fn json(&self) -> Value {
        object!(
            self,
            Fees {
                deposit_bps,
                withdrawal_bps,
                reward_bps,
            }
        )
    }
}

impl Json for RegistryParams {
    fn json(&self) -> Value {
        object!(
            self,
            RegistryParams {
                veto_window_slots,
                resolution_delay_slots,
                max_vault_slash_bps_per_epoch,
                max_commission_bps,
            }
        )
    }
}

impl Json for Role {
    fn json(&self) -> Value {
        match self {
            Role::Treasury => tagged("treasury", &[]),
            Role::Curator => tagged("curator", &[]),
            Role::FeeAdmin => tagged("fee_admin", &[]),
        }
    }
}

fn tagged(kind: &str, fields: &[(&str, Value)]) -> Value {
    let mut map = Map::new();
    map.insert("kind".into(), Value::String(kind.into()));
    for (name, value) in fields {
        map.insert((*name).into(), value.clone());
    }
    Value::Object(map)
}

impl Json for PricingSource {
    fn json(&self) -> Value {
        match self {
            PricingSource::Wsol => tagged("wsol", &[]),
            PricingSource::SplStakePool { pool } => {
                tagged("spl_stake_pool", &[("pool", pool.json())])
            }
            PricingSource::Marinade { state } => tagged("marinade", &[("state", state.json())]),
        }
    }
}

impl Json for SlashDestination {
    fn json(&self) -> Value {
        match self {
            SlashDestination::Burn => tagged("burn", &[]),
            SlashDestination::Recipient { owner } => {
                tagged("recipient", &[("owner", owner.json())])
            }
        }
    }
}

impl Json for AvsKind {
    fn json(&self) -> Value {
        match self {
            AvsKind::Local { slash_authority } => {
                tagged("local", &[("slash_authority", slash_authority.json())])
            }
            AvsKind::Remote { chain, emitter } => tagged(
                "remote",
                &[("chain", chain.json()), ("emitter", emitter.json())],
            ),
        }
    }
}

/// For one program: every event's JSON object, and the program's event enum's, by an
/// exhaustive match (a variant missing here does not compile).
macro_rules! event_json {
    ($enum:ident, $module:ident; $( $name:ident { $($field:ident),* $(,)? } )*) => {
        $(
            impl Json for $module::$name {
                fn json(&self) -> Value {
                    object!(self, $module::$name { $($field),* })
                }
            }
        )*

        impl Json for $enum {
            fn json(&self) -> Value {
                match self {
                    $($enum::$name(event) => event.json(),)*
                }
            }
        }
    };
}

event_json! { VaultEvent, vault_ev;
    ConfigInitialized { admin, pauser, treasury, registry_program, epoch_length,
        max_deposit_fee_bps, max_withdrawal_fee_bps }
    AdminTransferStarted { admin, pending_admin }
    AdminTransferred { previous_admin, new_admin }
    PauserSet { previous_pauser, new_pauser }
    ProtocolPauseSet { by, paused }
    VaultCreated { vault, lrt_mint, curator, fee_admin, pending_curator, pending_fee_admin,
        name, symbol, uri, seed_asset_mint, seed_amount, dead_shares, snapshot }
    AssetAdded { vault, asset_index, mint, reserve, token_program, pricing, price_wad,
        deposit_cap }
    PricesRefreshed { vault, solana_epoch, snapshot }
    Deposited { vault, depositor, recipient_lrt_account, asset_index, mint, amount, price_wad,
        value_wad, shares_out, fee_shares, fee_bps, snapshot }
    WithdrawalRequested { vault, owner, ticket, ticket_id, bucket_epoch, shares_in,
        shares_burned, fee_shares, fee_bps, amounts, snapshot }
    WithdrawalClaimed { vault, owner, ticket, bucket_epoch, bucket_scale_wad, bucket_closed,
        residue_to_pool, amounts, snapshot }
    FeesSet { vault, fees, next, effective_epoch, insurance_cut_bps }
    CapsSet { vault, asset_index, deposit_cap }
    VaultPauseSet { vault, by, deposits_paused, withdrawals_paused }
    OperatorWhitelisted { vault, operator, operator_authority, max_bps }
    DelegationChanged { vault, operator, delta_wad, epoch, allocation, vault_allocations }
    ConcentrationLimitSet { vault, operator, previous_max_bps, max_bps }
    BondChanged { vault, operator, authority, shares, unbonding_shares, unbond_epoch,
        vault_bonded_shares, snapshot }
    InsuranceFunded { vault, funder, shares, insurance_shares, snapshot }
    SlashApplied { vault, request, operator, capture_epoch, allocation_wad, slashable_value_wad,
        loss_lamports, bond_shares_burnt, insurance_shares_burnt, value_covered_wad,
        fraction_wad, escrow, bucket_epochs, bucket_scales_after, window_until_slot, snapshot }
    EscrowSwept { vault, request, asset_index, mint, amount, burnt, recipient_token_account }
    RoleProposed { vault, role, current, proposed }
    RoleAccepted { vault, role, previous, new }
    RewardsVested { vault, vested, snapshot }
    TreasuryFeesClaimed { vault, treasury, destination, shares, snapshot }
    RewardsDistributed { vault, operator, payer, asset_index, amount, operator_commission,
        commission_bps, vault_fee, treasury_shares, insurance_shares, to_pool, vesting_epoch,
        snapshot }
    SlashCancelled { vault, request, bond_shares_restored, bond_unbonding_shares_restored,
        insurance_shares_restored, bucket_epochs, bucket_scales_after, to_buckets, to_pool,
        snapshot }
}

event_json! { RegistryEvent, registry_ev;
    RegistryInitialized { admin, veto_authority, veto_window_slots, resolution_delay_slots,
        max_vault_slash_bps_per_epoch, vault_program, epoch_length, max_commission_bps }
    RegistryParamsAnnounced { admin, epoch, params, next_params, effective_epoch }
    AdminTransferStarted { admin, pending_admin }
    AdminTransferred { previous_admin, new_admin }
    VetoAuthoritySet { previous_veto_authority, new_veto_authority }
    OperatorRegistered { operator, authority, commission_bps, signing_key, metadata_uri }
    OperatorUpdated { operator, authority, epoch, commission_bps, next_commission_bps,
        commission_effective_epoch, commission_announced, previous_signing_key, signing_key,
        key_rotated_epoch, previous_key_valid_through, metadata_uri }
    AvsRegistered { avs, id, admin, kind, max_slash_wad, destination, metadata_uri }
    AvsChangesAnnounced { avs, by, epoch, kind, max_slash_wad, destination, next_kind,
        next_max_slash_wad, next_destination, effective_epoch }
    AvsActiveSet { avs, by, active }
    OperatorOptedIn { operator, avs, operator_avs, activation_epoch }
    OperatorOptedOut { operator, avs, operator_avs, activation_epoch, deactivation_epoch }
    VaultOptedIn { vault, avs, vault_avs, curator, cap_bps, activation_epoch }
    VaultOptedOut { vault, avs, vault_avs, curator, activation_epoch, deactivation_epoch }
    SlashRequested { request, avs, operator, index, wad, max_slash_wad, evidence_hash,
        capture_epoch, requested_slot, veto_deadline_slot, destination }
    SlashVetoed { request, avs, operator, veto_authority, slot }
    SlashExecuted { request, execution, avs, operator, vault, executor, capture_epoch,
        stake_lamports, effective_wad, requested_loss_lamports, avs_cap_room_lamports,
        vault_cap_room_lamports, loss_lamports, avs_epoch_total_lamports,
        vault_epoch_total_lamports, destination, resolve_after_slot }
    SlashCancelled { request, vault, loss_lamports, cancelled_slot }
    GuardianSetInstalled { index, keys, previous, previous_expiration_time }
    VaaVerified { buffer, digest, guardian_set_index, signatures }
    RemoteSlashReceived { request, avs, emitter_chain, emitter, sequence, digest, timestamp }
    StakeAttested { attestation, sequence, emitter, vault, operator, stake_lamports, epoch, slot,
        timestamp, payer }
    RemoteRewardReceived { avs, vault, operator, mint, amount, inbox, emitter_chain, emitter,
        sequence, digest, timestamp, transfer_chain, transfer_emitter, transfer_sequence }
    ReplayRecordClosed { replay_record, payer, lamports, timestamp, closed_at, closer }
}

event_json! { AvsEvent, avs_ev;
    AvsInitialized { config, admin, avs, avs_id, slash_authority, slash_wad }
    SlashWadSet { admin, previous_slash_wad, slash_wad }
    EquivocationReported { equivocation, operator, signing_key_a, signing_key_b, round,
        value_a, value_b, evidence_hash, reporter, avs, slash_request, request_index, wad,
        equivocations, slot }
    RewardPaid { admin, vault, operator, asset_index, asset_mint, amount, reward_treasury,
        treasury_balance, reward_payments, slot }
}

impl Json for ProgramEvent {
    fn json(&self) -> Value {
        match self {
            ProgramEvent::Vault(event) => event.json(),
            ProgramEvent::Registry(event) => event.json(),
            ProgramEvent::Avs(event) => event.json(),
        }
    }
}
