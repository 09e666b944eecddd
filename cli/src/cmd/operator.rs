//! Operators: `lrt operator register|update|show|list|delegations`, `opt-in|opt-out <AVS>`,
//! `bond|unbond|complete-unbond <VAULT>`.
//!
//! What a vault gives an operator is an allocation (a fraction of the vault); its stake
//! is that allocation times the vault's slashable value now (`crate::stake`).
//!
//! The operator authority signs (`-k`); the operator account is the registry PDA
//! `["operator", authority]`. Every rule the programs enforce that the CLI can see
//! beforehand (already registered, key rotation pending, opt-in windows, bond balances,
//! unbonding cooldowns) is checked here first, so a mistake costs no fee and says what to
//! fix.
use std::collections::BTreeMap;
use std::path::Path;

use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Args, Subcommand};
use lrt_client::{
    instructions as build, listing,
    lrt_vault::state::{Delegation, OperatorBond, Vault},
    pda, registry,
    token_programs::TOKEN_2022,
    VaultError,
};
use serde::Serialize;
use slasher_registry::{
    instructions::{OperatorArgs, UpdateOperatorArgs},
    state::{Avs, Operator, OperatorAvs},
};
use solana_signer::Signer;

use crate::{
    amount::{bps, format_amount, parse_amount, parse_bps, percent, sol},
    chain::{self, short},
    context::{load_keypair, Ctx},
    errors::would_refuse,
    opt_in::{precheck_opt_in, precheck_opt_out, read_opt_in, window_view, WindowView},
    output::{hex, yes_no},
    registry_accounts::{
        check_metadata_uri, operator_of, registry_config, resolve_avs, resolve_operator,
    },
    slashing::plan::{request_status, RequestStatus},
    stake::{delegation_text, delegation_view, rolled, DelegationView, VaultValue},
    tx::{self, Sent},
    views::commission::CommissionView,
};

#[derive(Subcommand, Debug)]
pub enum OperatorCmd {
    /// Register the signer as an operator in the slasher registry
    Register(RegisterArgs),
    /// Change the signer's operator: commission (announced: it applies from the epoch after
    /// next), signing key, metadata (others unchanged)
    Update(UpdateArgs),
    /// An operator in full: settings, AVSs, stake per vault, bonds, slash history
    Show {
        /// Operator account or its authority [default: the signer's operator]
        operator: Option<String>,
    },
    /// Every registered operator with its commission and its stake now (allocations x
    /// vault values)
    List,
    /// Opt in to an AVS: stake allocated to the operator becomes slashable by it from the
    /// next epoch
    OptIn {
        /// AVS account address or AVS id
        avs: String,
    },
    /// Opt out of an AVS: the stake stays slashable by it until the end of the next epoch
    OptOut {
        /// AVS account address or AVS id
        avs: String,
    },
    /// Lock LRT in a vault as first-loss capital (the vault must have whitelisted the
    /// operator)
    Bond {
        /// Vault address or LRT mint
        vault: String,
        /// LRT to bond, e.g. 1.5, or "all"
        amount: String,
    },
    /// Start taking bonded LRT back; it stays slashable and returns after two more epochs
    Unbond {
        /// Vault address or LRT mint
        vault: String,
        /// Bonded LRT to unbond, or "all"
        amount: String,
    },
    /// Take back LRT whose unbonding wait is over
    CompleteUnbond {
        /// Vault address or LRT mint
        vault: String,
    },
    /// The vaults' allocations to an operator and the stake each puts behind it now
    Delegations {
        /// Operator account or its authority [default: the signer's operator]
        operator: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct RegisterArgs {
    /// Commission on rewards: 1000, 1000bps or 10% (at most the registry's cap); in force
    /// at once
    #[arg(long)]
    pub commission: String,
    /// Ed25519 key AVSs verify attestations with: a base58 public key or a keypair file
    #[arg(long, value_name = "PUBKEY_OR_KEYPAIR")]
    pub signing_key: String,
    /// Metadata URI (at most 200 bytes)
    #[arg(long, default_value = "")]
    pub metadata_uri: String,
}

#[derive(Args, Debug)]
pub struct UpdateArgs {
    /// New commission: 1000, 1000bps or 10% (at most the registry's cap). It is announced
    /// and applies from the epoch after next: rewards paid until then use the one in force
    #[arg(long)]
    pub commission: Option<String>,
    /// New signing key (a base58 public key or a keypair file); the previous key stays
    /// valid for AVS reports through the next epoch
    #[arg(long, value_name = "PUBKEY_OR_KEYPAIR")]
    pub signing_key: Option<String>,
    /// New metadata URI ("" clears it)
    #[arg(long)]
    pub metadata_uri: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: OperatorCmd) -> Result<()> {
    match cmd {
        OperatorCmd::Register(args) => register(ctx, args),
        OperatorCmd::Update(args) => update(ctx, args),
        OperatorCmd::Show { operator } => show(ctx, operator.as_deref()),
        OperatorCmd::List => list(ctx),
        OperatorCmd::OptIn { avs } => opt_in(ctx, &avs),
        OperatorCmd::OptOut { avs } => opt_out(ctx, &avs),
        OperatorCmd::Bond { vault, amount } => bond(ctx, &vault, &amount),
        OperatorCmd::Unbond { vault, amount } => unbond(ctx, &vault, &amount),
        OperatorCmd::CompleteUnbond { vault } => complete_unbond(ctx, &vault),
        OperatorCmd::Delegations { operator } => delegations(ctx, operator.as_deref()),
    }
}

// ---------------------------------------------------------------------------------------
// The signer's operator
// ---------------------------------------------------------------------------------------

/// The operator that `OPERATOR` names, or the signer's.
fn operator_or_signers(ctx: &Ctx, text: Option<&str>) -> Result<(Pubkey, Operator)> {
    match text {
        Some(text) => resolve_operator(ctx, text),
        None => {
            let authority = ctx
                .signer_pubkey()
                .context("no OPERATOR given, so the signer's operator is shown")?;
            signers_operator(ctx, &authority)
        }
    }
}

/// The operator of the signing authority, or an error that says how to get one.
fn signers_operator(ctx: &Ctx, authority: &Pubkey) -> Result<(Pubkey, Operator)> {
    operator_of(ctx, authority)?.ok_or_else(|| {
        anyhow!(
            "the signer {authority} has no operator on {}; register one with `lrt operator \
             register`, or pass the operator authority's keypair with -k/--keypair",
            ctx.url
        )
    })
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// An ed25519 public key from a base58 address or from a Solana CLI keypair file.
fn parse_signing_key(text: &str) -> Result<[u8; 32]> {
    let trimmed = text.trim();
    let key = match trimmed.parse::<Pubkey>() {
        Ok(key) => key,
        Err(_) if Path::new(trimmed).exists() => load_keypair(Path::new(trimmed))
            .context("--signing-key")?
            .pubkey(),
        Err(_) => bail!(
            "--signing-key {text:?} is neither a base58 public key nor an existing keypair file"
        ),
    };
    if key.to_bytes() == [0; 32] {
        bail!("--signing-key must not be all zeros ({key})");
    }
    Ok(key.to_bytes())
}

fn parse_commission(text: &str) -> Result<u16> {
    parse_bps(text).context("--commission")
}

/// A metadata URI for display: "(none)" when empty.
fn metadata_text(uri: &str) -> &str {
    if uri.is_empty() {
        "(none)"
    } else {
        uri
    }
}

fn key_text(key: &[u8; 32]) -> String {
    Pubkey::new_from_array(*key).to_string()
}

// ---------------------------------------------------------------------------------------
// register, update
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct OperatorSettings {
    operator: String,
    authority: String,
    /// In force now, and an announced change with the epoch it applies from.
    #[serde(flatten)]
    commission: CommissionView,
    signing_key: String,
    metadata_uri: String,
}

/// Refuses before signing a commission above the registry's cap in force now, with the
/// program's own check (`RegistryConfig::check_commission`).
fn check_commission_cap(ctx: &Ctx, commission_bps: u16, cur: u64) -> Result<()> {
    let config = registry_config(ctx)?;
    if let Err(error) = config.check_commission(commission_bps, cur) {
        bail!(
            "{}\n--commission {} is above the registry's cap of {} (`lrt registry show`)",
            would_refuse(&slasher_registry::ID, &error),
            bps(commission_bps),
            bps(config.params_at(cur).max_commission_bps)
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct Registered {
    #[serde(flatten)]
    sent: Sent,
    #[serde(flatten)]
    settings: OperatorSettings,
}

fn register(ctx: &Ctx, args: RegisterArgs) -> Result<()> {
    let commission_bps = parse_commission(&args.commission)?;
    let signing_key = parse_signing_key(&args.signing_key)?;
    check_metadata_uri(&args.metadata_uri)?;
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let operator = registry::pda::operator(&authority);
    if let Some((_, existing)) = operator_of(ctx, &authority)? {
        let (cur, _) = chain::epoch(ctx)?;
        bail!(
            "the signer {authority} already registered operator {operator} (commission {}); \
             change it with `lrt operator update`",
            CommissionView::new(&existing, cur)
        );
    }
    let (cur, _) = chain::epoch(ctx)?;
    check_commission_cap(ctx, commission_bps, cur)?;
    chain::require_rent(
        ctx,
        &authority,
        &[(operator, 8 + <Operator as anchor_lang::Space>::INIT_SPACE)],
        "the registration",
    )?;
    let ix = registry::register_operator(
        authority,
        OperatorArgs {
            commission_bps,
            signing_key,
            metadata_uri: args.metadata_uri.clone(),
        },
    );
    let sent = tx::send(ctx, "operator registration", &[ix], &signer, &[])?;
    let registered: Operator =
        chain::fetch_anchor(ctx, &operator, &slasher_registry::ID, "registry operator")?;
    let result = Registered {
        sent,
        settings: OperatorSettings {
            operator: operator.to_string(),
            authority: authority.to_string(),
            commission: CommissionView::new(&registered, cur),
            signing_key: key_text(&signing_key),
            metadata_uri: args.metadata_uri,
        },
    };
    ctx.out.print(&result, |r| {
        let s = &r.settings;
        format!(
            "operator     {}\nauthority    {}\ncommission   {}\nsigning key  {}\nmetadata     \
             {}\nnext: opt in to AVSs with `lrt operator opt-in <AVS>`; curators whitelist it \
             with `lrt curator whitelist <VAULT> {}`",
            s.operator,
            s.authority,
            s.commission,
            s.signing_key,
            metadata_text(&s.metadata_uri),
            s.operator
        )
    });
    Ok(())
}

#[derive(Serialize)]
struct Updated {
    #[serde(flatten)]
    sent: Sent,
    #[serde(flatten)]
    settings: OperatorSettings,
    /// This update announced a new commission (it applies from `next_commission_from_epoch`).
    commission_announced: bool,
    key_rotated: bool,
    /// The key before the latest rotation, valid for AVS reports through
    /// `previous_key_valid_through` (null if the key never changed).
    previous_signing_key: Option<String>,
    previous_key_valid_through: Option<u64>,
    /// First epoch a further key rotation is accepted.
    next_rotation_from_epoch: Option<u64>,
}

fn update(ctx: &Ctx, args: UpdateArgs) -> Result<()> {
    if args.commission.is_none() && args.signing_key.is_none() && args.metadata_uri.is_none() {
        bail!("nothing to update: give --commission, --signing-key and/or --metadata-uri");
    }
    let commission = args
        .commission
        .as_deref()
        .map(parse_commission)
        .transpose()?;
    let signing_key = args
        .signing_key
        .as_deref()
        .map(parse_signing_key)
        .transpose()?;
    if let Some(uri) = &args.metadata_uri {
        check_metadata_uri(uri)?;
    }
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let (operator_key, current) = signers_operator(ctx, &authority)?;
    // The commission announced last (in force from its epoch on): unchanged unless given.
    let announced_commission = current.commission_at(u64::MAX);
    let new = OperatorArgs {
        commission_bps: commission.unwrap_or(announced_commission),
        signing_key: signing_key.unwrap_or(current.signing_key),
        metadata_uri: args
            .metadata_uri
            .clone()
            .unwrap_or_else(|| current.metadata_uri.clone()),
    };
    if new.commission_bps == announced_commission
        && new.signing_key == current.signing_key
        && new.metadata_uri == current.metadata_uri
    {
        bail!("nothing would change: the operator {operator_key} already has these settings");
    }
    let (epoch, _) = chain::epoch(ctx)?;
    let announces = new.commission_bps != announced_commission;
    if announces {
        check_commission_cap(ctx, new.commission_bps, epoch)?;
    }
    let rotates = new.signing_key != current.signing_key;
    if rotates {
        if let Some(last) = current.previous_key_valid_through() {
            if epoch <= last {
                bail!(
                    "the signing key was rotated during epoch {}; the key before it counts for \
                     AVS reports through epoch {last}, so the next rotation is possible from \
                     epoch {} (now {epoch}); commission and metadata can change now without \
                     --signing-key",
                    current.key_rotated_epoch,
                    last.saturating_add(1)
                );
            }
        }
    }
    // only what the user gave: the program keeps every field left out
    let update = UpdateOperatorArgs {
        commission_bps: commission,
        signing_key,
        metadata_uri: args.metadata_uri.clone(),
    };
    let ix = registry::update_operator(authority, update);
    let sent = tx::send(ctx, "operator update", &[ix], &signer, &[])?;
    let after: Operator = chain::fetch_anchor(
        ctx,
        &operator_key,
        &slasher_registry::ID,
        "registry operator",
    )?;
    let valid_through = after.previous_key_valid_through();
    let (epoch, _) = chain::epoch(ctx)?;
    let result = Updated {
        sent,
        settings: OperatorSettings {
            operator: operator_key.to_string(),
            authority: authority.to_string(),
            commission: CommissionView::new(&after, epoch),
            signing_key: key_text(&after.signing_key),
            metadata_uri: after.metadata_uri.clone(),
        },
        commission_announced: announces,
        key_rotated: rotates,
        previous_signing_key: valid_through.map(|_| key_text(&after.previous_signing_key)),
        previous_key_valid_through: valid_through,
        next_rotation_from_epoch: valid_through.map(|last| last.saturating_add(1)),
    };
    ctx.out.print(&result, |r| {
        let s = &r.settings;
        let mut t = format!(
            "operator {} updated\n  commission   {}\n  signing key  {}\n  metadata     {}\n",
            s.operator,
            s.commission,
            s.signing_key,
            metadata_text(&s.metadata_uri)
        );
        if r.commission_announced {
            let c = &s.commission;
            match (&c.next_commission, c.next_commission_from_epoch) {
                (Some(next), Some(from)) => t.push_str(&format!(
                    "commission announced: {next} from epoch {from} (a full epoch of notice); \
                     rewards paid until then use {} (in force now, epoch {epoch})\n",
                    c.commission
                )),
                _ => t.push_str(&format!(
                    "commission announced: back to {}, the one in force (the change announced \
                     before is withdrawn)\n",
                    c.commission
                )),
            }
        }
        if r.key_rotated {
            t.push_str(&format!(
                "key rotated: the previous key {} stays valid for AVS reports through epoch {} \
                 (a rotation cannot hide what it signed); the next rotation is possible from \
                 epoch {}\n",
                r.previous_signing_key.as_deref().unwrap_or("?"),
                r.previous_key_valid_through
                    .map_or("?".into(), |e| e.to_string()),
                r.next_rotation_from_epoch
                    .map_or("?".into(), |e| e.to_string())
            ));
        }
        t
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------
// show, list, delegations
// ---------------------------------------------------------------------------------------

/// The vaults delegations point at, read once each: the LRT symbol and the vault valued
/// now (for the stake an allocation puts behind the operator).
struct Vaults<'a> {
    ctx: &'a Ctx,
    slot: u64,
    cur: u64,
    read: BTreeMap<Pubkey, Option<(String, VaultValue)>>,
}

impl<'a> Vaults<'a> {
    fn new(ctx: &'a Ctx, slot: u64, cur: u64) -> Self {
        Self {
            ctx,
            slot,
            cur,
            read: BTreeMap::new(),
        }
    }

    fn get(&mut self, vault: &Pubkey) -> Result<Option<&(String, VaultValue)>> {
        if !self.read.contains_key(vault) {
            let entry = match chain::fetch_opt::<Vault>(self.ctx, vault, &lrt_vault::ID, "vault")? {
                Some(state) => {
                    let symbol = chain::mint_info(self.ctx, &state.lrt_mint)
                        .map(|m| m.symbol)
                        .unwrap_or_else(|_| short(vault));
                    let value = VaultValue::read(self.ctx, *vault, state, self.cur, self.slot)?;
                    Some((symbol, value))
                }
                None => None,
            };
            self.read.insert(*vault, entry);
        }
        Ok(self.read.get(vault).and_then(Option::as_ref))
    }

    fn symbol(&mut self, vault: &Pubkey) -> Result<String> {
        Ok(self
            .get(vault)?
            .map_or_else(|| short(vault), |(symbol, _)| symbol.clone()))
    }

    /// Every delegation's view, and the sum of the stakes now (lamports).
    fn views(
        &mut self,
        delegations: &[(Pubkey, Delegation)],
    ) -> Result<(Vec<DelegationView>, u128)> {
        let mut views = Vec::new();
        let mut total = 0u128;
        for (_, d) in delegations {
            let cur = self.cur;
            let Some((symbol, value)) = self.get(&d.vault)? else {
                continue;
            };
            let view = delegation_view(d, value, cur, symbol)?;
            total += u128::from(value.stake(rolled(&d.allocation, cur).current)?);
            views.push(view);
        }
        Ok((views, total))
    }
}

#[derive(Serialize)]
struct StakeTotals {
    /// Sum over the vaults of allocation now x slashable value now, in SOL.
    stake_current_sol: String,
}

fn delegations_of(ctx: &Ctx, operator: &Pubkey) -> Result<Vec<(Pubkey, Delegation)>> {
    chain::list_anchor(
        ctx,
        &lrt_vault::ID,
        vec![listing::delegations_of_operator(operator)],
    )
}

#[derive(Serialize)]
struct AvsOptInView {
    avs: String,
    avs_id: Option<String>,
    avs_active: Option<bool>,
    avs_metadata_uri: Option<String>,
    operator_avs: String,
    #[serde(flatten)]
    window: WindowView,
}

#[derive(Serialize)]
struct BondView {
    vault: String,
    lrt_symbol: String,
    bonded: String,
    unbonding: String,
    unbond_epoch: Option<u64>,
    /// First epoch `lrt operator complete-unbond` is accepted (null if nothing unbonding).
    unbond_completes_from_epoch: Option<u64>,
    completable_now: bool,
}

#[derive(Serialize)]
struct SlashView {
    request: String,
    avs: String,
    index: u64,
    /// Fraction of the stake at capture the AVS asked for.
    fraction: String,
    evidence_hash: String,
    capture_epoch: u64,
    requested_slot: u64,
    veto_deadline_slot: u64,
    /// Its last execution epoch.
    executable_until_epoch: u64,
    vetoed: bool,
    /// vetoed, veto_window, executable or closed.
    status: &'static str,
    slashed_total_sol: String,
    executions: Vec<ExecutionView>,
}

#[derive(Serialize)]
struct ExecutionView {
    vault: String,
    lrt_symbol: String,
    stake_at_capture_sol: String,
    requested_loss_sol: String,
    /// After the caps: what the vault took.
    loss_sol: String,
    executed_slot: u64,
    resolve_after_slot: u64,
    cancelled: bool,
}

/// The history's name for where a request stands: once its execution window is over it
/// is "closed", executed or not (the executions are listed with it).
fn slash_status(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Vetoed => "vetoed",
        RequestStatus::VetoWindow => "veto_window",
        RequestStatus::Executable => "executable",
        RequestStatus::Executed | RequestStatus::Expired => "closed",
    }
}

fn status_text(s: &SlashView) -> String {
    let executed = match s.executions.len() {
        0 => "not executed".to_string(),
        1 => "executed in 1 vault".to_string(),
        n => format!("executed in {n} vaults"),
    };
    match s.status {
        "veto_window" => format!("in its veto window (until slot {})", s.veto_deadline_slot),
        "executable" => format!(
            "{executed}; executable until the end of epoch {}",
            s.executable_until_epoch
        ),
        "closed" => format!("{executed}; execution window closed"),
        "vetoed" => "vetoed".to_string(),
        other => other.to_string(),
    }
}

#[derive(Serialize)]
struct OperatorDetail {
    address: String,
    authority: String,
    #[serde(flatten)]
    commission: CommissionView,
    signing_key: String,
    previous_signing_key: Option<String>,
    previous_key_valid_through: Option<u64>,
    metadata_uri: String,
    registered_slot: u64,
    current_epoch: u64,
    avss: Vec<AvsOptInView>,
    total: StakeTotals,
    delegations: Vec<DelegationView>,
    bonds: Vec<BondView>,
    slashes: Vec<SlashView>,
    slashed_total_sol: String,
}

fn show(ctx: &Ctx, text: Option<&str>) -> Result<()> {
    let (key, operator) = operator_or_signers(ctx, text)?;
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let mut vaults = Vaults::new(ctx, slot, epoch);

    let opt_ins = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::operator_avs_of_operator(&key)],
    )?;
    let mut avss = Vec::new();
    for (address, opt_in) in opt_ins {
        let avs = chain::fetch_opt::<Avs>(
            ctx,
            &opt_in.avs,
            &slasher_registry::ID,
            "registry AVS account",
        )?;
        avss.push(AvsOptInView {
            avs: opt_in.avs.to_string(),
            avs_id: avs.as_ref().map(|a| a.id.to_string()),
            avs_active: avs.as_ref().map(|a| a.active),
            avs_metadata_uri: avs.map(|a| a.metadata_uri),
            operator_avs: address.to_string(),
            window: window_view(&opt_in.window, epoch),
        });
    }

    let delegations = delegations_of(ctx, &key)?;
    let (delegation_views, now) = vaults.views(&delegations)?;

    let bonds = chain::list_anchor(ctx, &lrt_vault::ID, vec![listing::bonds_of_operator(&key)])?;
    let mut bond_views = Vec::new();
    for (_, b) in bonds {
        let lrt = chain::fetch_opt::<Vault>(ctx, &b.vault, &lrt_vault::ID, "vault")?
            .and_then(|v| chain::mint_info(ctx, &v.lrt_mint).ok());
        let decimals = lrt.as_ref().map_or(9, |m| m.decimals);
        let unbonding = b.unbonding_shares > 0;
        bond_views.push(BondView {
            vault: b.vault.to_string(),
            lrt_symbol: lrt.map_or_else(|| short(&b.vault), |m| m.symbol),
            bonded: format_amount(b.shares, decimals),
            unbonding: format_amount(b.unbonding_shares, decimals),
            unbond_epoch: unbonding.then_some(b.unbond_epoch),
            unbond_completes_from_epoch: unbonding.then(|| b.unbond_completes_from()),
            completable_now: b.check_unbond_complete(epoch).is_ok(),
        });
    }

    let requests = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::requests_of_operator(&key)],
    )?;
    let executions = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::executions_of_operator(&key)],
    )?;
    let mut slashes = Vec::new();
    let mut slashed_total: u128 = 0;
    for (request_key, request) in requests {
        let mut views = Vec::new();
        let mut total: u128 = 0;
        for (_, e) in executions.iter().filter(|(_, e)| e.request == request_key) {
            if !e.cancelled {
                total += u128::from(e.loss_lamports);
            }
            views.push(ExecutionView {
                vault: e.vault.to_string(),
                lrt_symbol: vaults.symbol(&e.vault)?,
                stake_at_capture_sol: sol(e.stake_lamports),
                requested_loss_sol: sol(e.requested_loss_lamports),
                loss_sol: sol(e.loss_lamports),
                executed_slot: e.executed_slot,
                resolve_after_slot: e.resolve_after_slot,
                cancelled: e.cancelled,
            });
        }
        slashed_total += total;
        slashes.push(SlashView {
            request: request_key.to_string(),
            avs: request.avs.to_string(),
            index: request.index,
            fraction: percent(request.wad),
            evidence_hash: hex(&request.evidence_hash),
            capture_epoch: request.capture_epoch,
            requested_slot: request.requested_slot,
            veto_deadline_slot: request.veto_deadline_slot,
            executable_until_epoch: request.last_execution_epoch(),
            vetoed: request.vetoed,
            status: slash_status(request_status(&request, slot, epoch)),
            slashed_total_sol: lamports_text(total),
            executions: views,
        });
    }
    slashes.sort_by_key(|s| (s.requested_slot, s.request.clone()));

    let valid_through = operator.previous_key_valid_through();
    let detail = OperatorDetail {
        address: key.to_string(),
        authority: operator.authority.to_string(),
        commission: CommissionView::new(&operator, epoch),
        signing_key: key_text(&operator.signing_key),
        previous_signing_key: valid_through.map(|_| key_text(&operator.previous_signing_key)),
        previous_key_valid_through: valid_through,
        metadata_uri: operator.metadata_uri.clone(),
        registered_slot: operator.registered_slot,
        current_epoch: epoch,
        avss,
        total: StakeTotals {
            stake_current_sol: lamports_text(now),
        },
        delegations: delegation_views,
        bonds: bond_views,
        slashes,
        slashed_total_sol: lamports_text(slashed_total),
    };
    ctx.out.print(&detail, render_detail);
    Ok(())
}

/// A lamport sum (possibly above u64) as SOL.
fn lamports_text(lamports: u128) -> String {
    crate::amount::format_units(lamports, 9)
}

fn render_detail(d: &OperatorDetail) -> String {
    let mut t = format!("Operator {}\n", d.address);
    t.push_str(&format!("  authority       {}\n", d.authority));
    t.push_str(&format!("  commission      {}\n", d.commission));
    t.push_str(&format!("  signing key     {}\n", d.signing_key));
    if let (Some(key), Some(through)) = (&d.previous_signing_key, d.previous_key_valid_through) {
        let state = if d.current_epoch <= through {
            "still valid"
        } else {
            "expired"
        };
        t.push_str(&format!(
            "  previous key    {key} (for reports through epoch {through}: {state})\n"
        ));
    }
    t.push_str(&format!(
        "  metadata        {}\n",
        metadata_text(&d.metadata_uri)
    ));
    t.push_str(&format!("  registered      slot {}\n", d.registered_slot));
    t.push_str(&format!("  epoch           {}\n", d.current_epoch));

    t.push_str("\nAVSs\n");
    if d.avss.is_empty() {
        t.push_str("  none (opt in with `lrt operator opt-in <AVS>`)\n");
    }
    for a in &d.avss {
        t.push_str(&format!("  {}  {}\n", a.avs, avs_window_text(a)));
    }

    t.push_str(&format!(
        "\nAllocations per vault (stake now {} SOL)\n",
        d.total.stake_current_sol
    ));
    t.push_str(&render_stakes(&d.delegations));

    t.push_str("\nBonds\n");
    let bonds: Vec<&BondView> = d
        .bonds
        .iter()
        .filter(|b| b.bonded != "0" || b.unbonding != "0")
        .collect();
    if bonds.is_empty() {
        t.push_str("  none\n");
    }
    for b in bonds {
        let unbonding = match b.unbond_completes_from_epoch {
            Some(_) if b.completable_now => {
                format!(", {} unbonding (complete it now)", b.unbonding)
            }
            Some(from) => format!(", {} unbonding (back from epoch {from})", b.unbonding),
            None => String::new(),
        };
        t.push_str(&format!(
            "  {} ({})  {} {} bonded{unbonding}\n",
            b.vault, b.lrt_symbol, b.bonded, b.lrt_symbol
        ));
    }

    t.push_str(&format!(
        "\nSlash history ({} SOL slashed)\n",
        d.slashed_total_sol
    ));
    if d.slashes.is_empty() {
        t.push_str("  none\n");
    }
    for s in &d.slashes {
        t.push_str(&format!(
            "  request {}  AVS {}  {} of stake at epoch {}: {}\n",
            s.request,
            short_text(&s.avs),
            s.fraction,
            s.capture_epoch,
            status_text(s)
        ));
        for e in &s.executions {
            t.push_str(&format!(
                "    vault {} ({}): {} SOL of {} SOL stake{}\n",
                e.vault,
                e.lrt_symbol,
                e.loss_sol,
                e.stake_at_capture_sol,
                if e.cancelled { " (cancelled)" } else { "" }
            ));
        }
    }
    t
}

fn avs_window_text(a: &AvsOptInView) -> String {
    let w = &a.window;
    let mut text = if w.opted_in {
        format!(
            "opted in at epoch {} (counts from {})",
            w.activation_epoch, w.counts_from_epoch
        )
    } else {
        format!(
            "opted out at epoch {} (slashable through {}; opt in again from {})",
            w.deactivation_epoch.unwrap_or_default(),
            w.slashable_through_epoch.unwrap_or_default(),
            w.opt_in_again_from_epoch.unwrap_or_default()
        )
    };
    text.push_str(&format!(", slashable now: {}", yes_no(w.active_now)));
    if a.avs_active == Some(false) {
        text.push_str(", AVS inactive");
    }
    text
}

fn short_text(key: &str) -> String {
    key.parse::<Pubkey>()
        .map(|k| short(&k))
        .unwrap_or_else(|_| key.to_string())
}

fn render_stakes(stakes: &[DelegationView]) -> String {
    if stakes.is_empty() {
        return "  none (no vault has whitelisted this operator)\n".into();
    }
    let mut t = String::new();
    for s in stakes {
        t.push_str(&format!(
            "  {} ({})  {}\n",
            s.vault,
            s.lrt_symbol,
            delegation_text(s)
        ));
    }
    t
}

#[derive(Serialize)]
struct OperatorSummary {
    address: String,
    authority: String,
    #[serde(flatten)]
    commission: CommissionView,
    metadata_uri: String,
    /// Vaults that whitelisted the operator.
    vaults: usize,
    /// AVSs it is opted in to (not opted out).
    avss_opted_in: usize,
    /// Sum over the vaults of allocation now x slashable value now, in SOL.
    stake_current_sol: String,
}

fn list(ctx: &Ctx) -> Result<()> {
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let operators = chain::list_all::<Operator>(ctx, &slasher_registry::ID)?;
    let delegations = chain::list_all::<Delegation>(ctx, &lrt_vault::ID)?;
    let opt_ins = chain::list_all::<OperatorAvs>(ctx, &slasher_registry::ID)?;
    let mut vaults = Vaults::new(ctx, slot, epoch);
    let mut rows: Vec<(u128, OperatorSummary)> = Vec::new();
    for (key, operator) in operators {
        let mine: Vec<(Pubkey, Delegation)> = delegations
            .iter()
            .filter(|(_, d)| d.operator == key)
            .cloned()
            .collect();
        let (_, now) = vaults.views(&mine)?;
        let summary = OperatorSummary {
            address: key.to_string(),
            authority: operator.authority.to_string(),
            commission: CommissionView::new(&operator, epoch),
            metadata_uri: operator.metadata_uri,
            vaults: mine.len(),
            avss_opted_in: opt_ins
                .iter()
                .filter(|(_, o)| o.operator == key && o.window.is_opted_in())
                .count(),
            stake_current_sol: lamports_text(now),
        };
        rows.push((now, summary));
    }
    // Most stake first; ties by address (list_anchor's order).
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let summaries: Vec<OperatorSummary> = rows.into_iter().map(|(_, s)| s).collect();
    ctx.out.print(&summaries, |list| {
        if list.is_empty() {
            return format!("no operators registered on {}", ctx.url);
        }
        let mut t = format!(
            "{:<44}  {:>10}  {:>16}  {:>6}  {:>4}\n",
            "operator", "commission", "stake now (SOL)", "vaults", "AVSs"
        );
        for o in list {
            let next = match (
                &o.commission.next_commission,
                o.commission.next_commission_from_epoch,
            ) {
                (Some(next), Some(from)) => format!("  ({next} from epoch {from})"),
                _ => String::new(),
            };
            t.push_str(&format!(
                "{:<44}  {:>10}  {:>16}  {:>6}  {:>4}{next}\n",
                o.address, o.commission.commission, o.stake_current_sol, o.vaults, o.avss_opted_in
            ));
        }
        t
    });
    Ok(())
}

#[derive(Serialize)]
struct DelegationsView {
    operator: String,
    current_epoch: u64,
    total: StakeTotals,
    delegations: Vec<DelegationView>,
}

fn delegations(ctx: &Ctx, text: Option<&str>) -> Result<()> {
    let (key, _) = operator_or_signers(ctx, text)?;
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let list = delegations_of(ctx, &key)?;
    let (delegations, now) = Vaults::new(ctx, slot, epoch).views(&list)?;
    let view = DelegationsView {
        operator: key.to_string(),
        current_epoch: epoch,
        total: StakeTotals {
            stake_current_sol: lamports_text(now),
        },
        delegations,
    };
    ctx.out.print(&view, |v| {
        format!(
            "vaults allocating to operator {} (epoch {}): stake now {} SOL\n{}",
            v.operator,
            v.current_epoch,
            v.total.stake_current_sol,
            render_stakes(&v.delegations)
        )
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------
// opt-in, opt-out
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct OptInResult {
    #[serde(flatten)]
    sent: Sent,
    operator: String,
    avs: String,
    operator_avs: String,
    #[serde(flatten)]
    window: WindowView,
}

/// What an opt-in or opt-out left in the registry.
fn opt_in_result(
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

fn opt_in(ctx: &Ctx, avs_text: &str) -> Result<()> {
    let (avs_key, avs) = resolve_avs(ctx, avs_text)?;
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let (operator, _) = signers_operator(ctx, &authority)?;
    let opt_in_key = registry::pda::operator_avs(&operator, &avs_key);
    precheck_opt_in::<OperatorAvs>(
        ctx,
        &format!("operator {operator}"),
        &avs_key,
        &avs,
        &opt_in_key,
        &authority,
    )?;
    let ix = registry::opt_in_avs(authority, avs_key);
    let sent = tx::send(ctx, "AVS opt-in", &[ix], &signer, &[])?;
    let result = opt_in_result(ctx, sent, &operator, &avs_key, &opt_in_key)?;
    ctx.out.print(&result, |r| {
        format!(
            "operator {} opted in to AVS {} during epoch {}: its stake is slashable by the AVS \
             from epoch {}",
            r.operator, r.avs, r.window.activation_epoch, r.window.counts_from_epoch
        )
    });
    Ok(())
}

fn opt_out(ctx: &Ctx, avs_text: &str) -> Result<()> {
    let (avs_key, _) = resolve_avs(ctx, avs_text)?;
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let (operator, _) = signers_operator(ctx, &authority)?;
    let opt_in_key = registry::pda::operator_avs(&operator, &avs_key);
    precheck_opt_out::<OperatorAvs>(ctx, &format!("operator {operator}"), &avs_key, &opt_in_key)?;
    let ix = registry::opt_out_avs(authority, avs_key);
    let sent = tx::send(ctx, "AVS opt-out", &[ix], &signer, &[])?;
    let result = opt_in_result(ctx, sent, &operator, &avs_key, &opt_in_key)?;
    ctx.out.print(&result, |r| {
        format!(
            "operator {} opted out of AVS {} during epoch {}: its stake stays slashable by the \
             AVS through epoch {}; opting in again is possible from epoch {}",
            r.operator,
            r.avs,
            r.window.deactivation_epoch.unwrap_or_default(),
            r.window.slashable_through_epoch.unwrap_or_default(),
            r.window.opt_in_again_from_epoch.unwrap_or_default()
        )
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------
// bond, unbond, complete-unbond
// ---------------------------------------------------------------------------------------

/// The signer's operator, the vault, and the operator's bond in it (which whitelisting
/// creates), checked to belong to the signer.
struct BondContext {
    operator: Pubkey,
    vault: Pubkey,
    state: Vault,
    bond: OperatorBond,
    lrt: chain::MintInfo,
}

fn bond_context(ctx: &Ctx, vault_text: &str, authority: &Pubkey) -> Result<BondContext> {
    let (vault, state) = chain::vault(ctx, vault_text)?;
    let (operator, _) = signers_operator(ctx, authority)?;
    let bond_key = pda::bond(&vault, &operator);
    let bond = chain::fetch_opt::<OperatorBond>(ctx, &bond_key, &lrt_vault::ID, "operator bond")?
        .ok_or_else(|| {
        anyhow!(
            "vault {vault} has not whitelisted operator {operator}, so it has no bond there; \
             the vault's curator ({}) runs `lrt curator whitelist {vault} {operator}`",
            state.curator
        )
    })?;
    if bond.authority != *authority {
        bail!(
            "the bond of operator {operator} in vault {vault} belongs to {}, not the signer \
             {authority}; pass that keypair with -k/--keypair",
            bond.authority
        );
    }
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    Ok(BondContext {
        operator,
        vault,
        state,
        bond,
        lrt,
    })
}

#[derive(Serialize)]
struct BondResult {
    #[serde(flatten)]
    sent: Sent,
    vault: String,
    operator: String,
    lrt_symbol: String,
    /// What this command bonded, unbonded or took back, in LRT.
    amount: String,
    /// The bond after it, in LRT.
    bonded: String,
    unbonding: String,
    unbond_epoch: Option<u64>,
    unbond_completes_from_epoch: Option<u64>,
    /// LRT whose earlier unbonding was complete and was taken back first (unbond only).
    completed_first: Option<String>,
    lrt_account: String,
}

fn bond_result(
    ctx: &Ctx,
    b: &BondContext,
    sent: Sent,
    amount: u64,
    completed_first: Option<u64>,
    lrt_account: Pubkey,
) -> Result<BondResult> {
    let after: OperatorBond = chain::fetch_anchor(
        ctx,
        &pda::bond(&b.vault, &b.operator),
        &lrt_vault::ID,
        "operator bond",
    )?;
    let d = b.lrt.decimals;
    let unbonding = after.unbonding_shares > 0;
    Ok(BondResult {
        sent,
        vault: b.vault.to_string(),
        operator: b.operator.to_string(),
        lrt_symbol: b.lrt.symbol.clone(),
        amount: format_amount(amount, d),
        bonded: format_amount(after.shares, d),
        unbonding: format_amount(after.unbonding_shares, d),
        unbond_epoch: unbonding.then_some(after.unbond_epoch),
        unbond_completes_from_epoch: unbonding.then(|| after.unbond_completes_from()),
        completed_first: completed_first.map(|s| format_amount(s, d)),
        lrt_account: lrt_account.to_string(),
    })
}

fn bond(ctx: &Ctx, vault_text: &str, amount: &str) -> Result<()> {
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let b = bond_context(ctx, vault_text, &authority)?;
    let lrt_account = pda::lrt_account(&authority, &b.state.lrt_mint);
    let balance = chain::token_balance(ctx, &lrt_account)?;
    let shares = if amount == "all" {
        if balance == 0 {
            bail!(
                "{authority} holds no {} to bond (deposit into the vault first: `lrt deposit`)",
                b.lrt.symbol
            );
        }
        balance
    } else {
        parse_amount(amount, b.lrt.decimals, &b.lrt.symbol)?
    };
    if shares > balance {
        bail!(
            "insufficient balance: {authority} holds {} {} (in {lrt_account}), the bond needs \
             {}; deposit into the vault first (`lrt deposit`)",
            format_amount(balance, b.lrt.decimals),
            b.lrt.symbol,
            format_amount(shares, b.lrt.decimals)
        );
    }
    let ix = build::bond(&b.state, b.operator, authority, shares);
    let sent = tx::send(ctx, "bond", &[ix], &signer, &[])?;
    let result = bond_result(ctx, &b, sent, shares, None, lrt_account)?;
    ctx.out.print(&result, |r| {
        format!(
            "bonded {} {} in vault {}: operator {} now has {} {} bonded as first-loss capital",
            r.amount, r.lrt_symbol, r.vault, r.operator, r.bonded, r.lrt_symbol
        )
    });
    Ok(())
}

fn unbond(ctx: &Ctx, vault_text: &str, amount: &str) -> Result<()> {
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let b = bond_context(ctx, vault_text, &authority)?;
    let d = b.lrt.decimals;
    let shares = if amount == "all" {
        if b.bond.shares == 0 {
            bail!(
                "operator {} has nothing bonded in vault {}",
                b.operator,
                b.vault
            );
        }
        b.bond.shares
    } else {
        parse_amount(amount, d, &b.lrt.symbol)?
    };
    if shares > b.bond.shares {
        bail!(
            "operator {} has {} {} bonded in vault {} (plus {} already unbonding), less than {}",
            b.operator,
            format_amount(b.bond.shares, d),
            b.lrt.symbol,
            b.vault,
            format_amount(b.bond.unbonding_shares, d),
            format_amount(shares, d)
        );
    }
    let (epoch, _) = chain::epoch(ctx)?;
    let lrt_account = pda::lrt_account(&authority, &b.state.lrt_mint);
    let mut ixs = Vec::new();
    let mut completed_first = None;
    if b.bond.unbonding_shares > 0 {
        if b.bond.check_unbond_complete(epoch).is_ok() {
            // A new unbond restarts the wait of everything unbonding: take the shares
            // whose wait is over back first, in the same transaction.
            ixs.push(
                anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
                    &authority,
                    &authority,
                    &b.state.lrt_mint,
                    &TOKEN_2022,
                ),
            );
            ixs.push(build::complete_unbond(&b.state, b.operator, authority));
            completed_first = Some(b.bond.unbonding_shares);
            ctx.out.note(format!(
                "{} {} finished unbonding: taking them back first, in the same transaction",
                format_amount(b.bond.unbonding_shares, d),
                b.lrt.symbol
            ));
        } else {
            ctx.out.note(format!(
                "note: the {} {} already unbonding (back from epoch {}) wait again with this \
                 unbond: everything unbonding returns from epoch {}",
                format_amount(b.bond.unbonding_shares, d),
                b.lrt.symbol,
                b.bond.unbond_completes_from(),
                OperatorBond {
                    unbond_epoch: epoch,
                    ..b.bond.clone()
                }
                .unbond_completes_from()
            ));
        }
    }
    ixs.push(build::unbond(b.vault, b.operator, authority, shares));
    let sent = tx::send(ctx, "unbond", &ixs, &signer, &[])?;
    let result = bond_result(ctx, &b, sent, shares, completed_first, lrt_account)?;
    ctx.out.print(&result, |r| {
        let mut t = String::new();
        if let Some(back) = &r.completed_first {
            t.push_str(&format!(
                "took back {back} {} whose unbonding was complete\n",
                r.lrt_symbol
            ));
        }
        t.push_str(&format!(
            "unbonding {} {} from vault {} (epoch {}): it stays first in line for slashes \
             captured through epoch {}; take it back from epoch {} with `lrt operator \
             complete-unbond {}`\nbond now {} {} bonded, {} unbonding",
            r.amount,
            r.lrt_symbol,
            r.vault,
            r.unbond_epoch.unwrap_or_default(),
            r.unbond_epoch.unwrap_or_default().saturating_add(1),
            r.unbond_completes_from_epoch.unwrap_or_default(),
            r.vault,
            r.bonded,
            r.lrt_symbol,
            r.unbonding
        ));
        t
    });
    Ok(())
}

fn complete_unbond(ctx: &Ctx, vault_text: &str) -> Result<()> {
    let signer = ctx.signer()?;
    let authority = signer.pubkey();
    let b = bond_context(ctx, vault_text, &authority)?;
    let (epoch, _) = chain::epoch(ctx)?;
    // the vault program's own rule decides; the messages explain it
    if let Err(error) = b.bond.check_unbond_complete(epoch) {
        if error == VaultError::NothingPending.into() {
            bail!(
                "operator {} has nothing unbonding in vault {}; start with `lrt operator unbond`",
                b.operator,
                b.vault
            );
        }
        let from = b.bond.unbond_completes_from();
        bail!(
            "the {} {} unbonding since epoch {} stay slashable through epoch {}: take them back \
             from epoch {from} (now {epoch}; `lrt epoch show`)",
            format_amount(b.bond.unbonding_shares, b.lrt.decimals),
            b.lrt.symbol,
            b.bond.unbond_epoch,
            b.bond.unbond_epoch.saturating_add(1)
        );
    }
    let lrt_account = pda::lrt_account(&authority, &b.state.lrt_mint);
    let ixs = [
        anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
            &authority,
            &authority,
            &b.state.lrt_mint,
            &TOKEN_2022,
        ),
        build::complete_unbond(&b.state, b.operator, authority),
    ];
    let sent = tx::send(ctx, "complete-unbond", &ixs, &signer, &[])?;
    let result = bond_result(ctx, &b, sent, b.bond.unbonding_shares, None, lrt_account)?;
    ctx.out.print(&result, |r| {
        format!(
            "took back {} {} into {}; still bonded in vault {}: {} {}",
            r.amount, r.lrt_symbol, r.lrt_account, r.vault, r.bonded, r.lrt_symbol
        )
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use slasher_registry::state::SlashRequest;
    use solana_keypair::Keypair;

    #[test]
    fn signing_keys_from_addresses_and_keypair_files() {
        let keypair = Keypair::new();
        let from_text = parse_signing_key(&keypair.pubkey().to_string()).unwrap();
        assert_eq!(from_text, keypair.pubkey().to_bytes());

        let path = std::env::temp_dir().join(format!("lrt-op-key-{}.json", std::process::id()));
        std::fs::write(
            &path,
            serde_json::to_string(&keypair.to_bytes().to_vec()).unwrap(),
        )
        .unwrap();
        let from_file = parse_signing_key(path.to_str().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        assert_eq!(from_file, keypair.pubkey().to_bytes());

        let err = parse_signing_key("no-such-file.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("neither a base58 public key"), "{err}");
        let err = parse_signing_key("11111111111111111111111111111111")
            .unwrap_err()
            .to_string();
        assert!(err.contains("all zeros"), "{err}");
    }

    #[test]
    fn slash_status_follows_veto_and_execution_windows() {
        let request = SlashRequest {
            avs: Pubkey::default(),
            operator: Pubkey::default(),
            index: 0,
            wad: 1,
            max_slash_wad: 1,
            evidence_hash: [0; 32],
            capture_epoch: 4,
            requested_slot: 400,
            veto_deadline_slot: 420,
            destination: lrt_client::state::SlashDestination::Burn,
            vetoed: false,
            executions: 0,
            slashed_lamports: 0,
            bump: 0,
        };
        // epochs of 100 slots: the request was captured at epoch 4
        let status =
            |r: &SlashRequest, slot: u64| slash_status(request_status(r, slot, slot / 100));
        assert_eq!(status(&request, 420), "veto_window");
        assert_eq!(status(&request, 421), "executable");
        assert_eq!(status(&request, 599), "executable");
        assert_eq!(status(&request, 600), "closed");
        let executed = SlashRequest {
            executions: 1,
            ..request.clone()
        };
        assert_eq!(status(&executed, 600), "closed");
        let vetoed = SlashRequest {
            vetoed: true,
            ..request
        };
        assert_eq!(status(&vetoed, 410), "vetoed");
    }

    #[test]
    fn sums_above_u64_print_exactly() {
        assert_eq!(
            lamports_text(u128::from(u64::MAX) + 1),
            "18446744073.709551616"
        );
    }
}
