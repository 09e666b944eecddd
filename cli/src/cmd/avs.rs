//! `lrt avs`: register an AVS (registry admin), announce changes of its slash authority,
//! maximum or destination (its admin, `avs/announce.rs`), inspect AVSs (anyone), request a
//! slash (the AVS's slash authority in force), veto it (the registry's veto authority),
//! execute it against vaults and sweep the escrows (anyone), and pay a reward into a vault
//! for an operator.
//!
//! Every rule the programs enforce that can be read from chain is checked here first
//! (signer roles, veto and execution windows, opt-ins at the capture epoch, caps, what was
//! already executed or swept), so a mistake costs no fee and says what to fix. The
//! execution planning (the operator's stake is its allocation at capture times the vault's
//! slashable value now) and the escrow checks live in `crate::slashing`, shared with `lrt
//! crank`, `lrt vault show` and the pending-slash guard of `lrt deposit`.
use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{anyhow, bail, Context as _, Result};
use clap::{Args, Subcommand};
use lrt_client::{
    avs::sha256,
    decode,
    events::RewardsDistributed,
    instructions::{self as build, RewardKeys},
    listing,
    lrt_vault::{
        constants::WSOL_MINT,
        instructions::DistributeRewardsArgs,
        state::{Delegation, SlashDestination, SlashEscrow, Vault},
    },
    pda,
    registry::{self, pda as reg_pda},
};
use serde::Serialize;
use slasher_registry::{
    instructions::{RegisterAvsArgs, RequestSlashArgs},
    state::{Avs, AvsKind, Operator, OperatorAvs, OptInWindow, SlashRequest},
};
use solana_signer::Signer;

use crate::{
    amount::{format_amount, format_units, parse_amount, parse_fraction, percent, sol},
    chain::{self, parse_pubkey},
    context::{require_signer, Ctx},
    errors::would_refuse,
    opt_in::{self, window_text},
    output::{fail_if_any, hex, yes_no},
    registry_accounts::{
        check_metadata_uri, registry_config, resolve_avs, resolve_operator, resolve_request,
    },
    slashing::{
        plan::{
            escrow_state, plan_all_vaults, plan_vault, request_status, situation, EscrowState,
            Planned, RequestStatus, Skip,
        },
        settle::{
            execute_one, execution_line, expected_loss_note, sweep_escrow_assets, sweep_line,
            ExecutionView, NotDone, SweepView,
        },
    },
    stake::{rolled, VaultValue},
    tx::{self, Sent},
    views::avs::AvsView,
};

mod announce;

#[derive(Subcommand, Debug)]
pub enum AvsCmd {
    /// Register an AVS with a local slash authority (registry admin)
    Register(RegisterArgs),
    /// One AVS: settings, operators and vaults opted in, slash requests and their status
    Show {
        /// AVS account address or AVS id
        avs: String,
    },
    /// Every registered AVS
    List,
    /// Announce a new slash authority, destination or maximum slash (the AVS's admin or the
    /// registry admin): they apply from the epoch after next, to requests made from then on
    Announce(announce::Args),
    /// Ask the registry to slash an operator (the AVS's slash authority)
    RequestSlash(RequestSlashCmdArgs),
    /// Veto a slash request before its veto deadline (the registry's veto authority)
    Veto {
        /// Slash request address (see `lrt avs show`)
        request: String,
    },
    /// Execute a slash request against vaults, once its veto window is over (anyone)
    Execute {
        /// Slash request address (see `lrt avs show`)
        request: String,
        /// Vault (address or LRT mint), repeatable [default: every vault the request can
        /// still reach]
        #[arg(long = "vault", value_name = "VAULT")]
        vaults: Vec<String>,
    },
    /// Settle an executed slash after its resolution delay: burn the escrowed tokens or pay
    /// the AVS's recipient (anyone)
    Sweep {
        /// Slash request address (see `lrt avs show`)
        request: String,
        /// Only this vault's escrow (address or LRT mint) [default: every escrow of the
        /// request]
        #[arg(long)]
        vault: Option<String>,
    },
    /// Pay a reward into a vault for its stake with an operator, from the signer's tokens
    Reward(RewardArgs),
}

#[derive(Args, Debug)]
pub struct RegisterArgs {
    /// Any key naming the AVS (its program id, typically); the AVS account is ["avs", id]
    #[arg(long)]
    pub id: String,
    /// The AVS's admin (may deactivate it)
    #[arg(long)]
    pub admin: String,
    /// The key that signs slash requests: a keypair's address, or a PDA of the AVS program
    #[arg(long, required_unless_present = "remote")]
    pub slash_authority: Option<String>,
    /// Largest fraction one request may take of an operator's stake: 50%, 5000bps or 0.5
    #[arg(long, default_value = "100%")]
    pub max_slash: String,
    /// Where slashed tokens go when swept: burn, or recipient:<OWNER>
    #[arg(long, default_value = "burn")]
    pub destination: String,
    /// Metadata URI (max 200 bytes)
    #[arg(long, default_value = "")]
    pub metadata_uri: String,
    /// A cross-chain AVS (guardian-signed requests from CHAIN:EMITTER): not supported by
    /// this command yet
    #[arg(long, value_name = "CHAIN:EMITTER", conflicts_with = "slash_authority")]
    pub remote: Option<String>,
}

#[derive(Args, Debug)]
pub struct RequestSlashCmdArgs {
    /// AVS account address or AVS id
    pub avs: String,
    /// Operator account address or the operator's authority
    pub operator: String,
    /// Fraction of the operator's stake at the capture epoch: 5%, 500bps or 0.05
    pub fraction: String,
    /// Evidence for the veto authority to review (a URL, a signature, a report); its
    /// sha256 is recorded as the request's evidence hash [default: no evidence, all zeros]
    #[arg(long)]
    pub evidence: Option<String>,
}

#[derive(Args, Debug)]
pub struct RewardArgs {
    /// Vault address or LRT mint
    pub vault: String,
    /// Operator account address or the operator's authority
    pub operator: String,
    /// Amount in tokens, e.g. 1.5
    pub amount: String,
    /// Asset: symbol (wSOL, jitoSOL, ...), mint address or index in the vault
    pub asset: String,
    /// For wSOL: do not wrap native SOL, pay only from the wSOL token account
    #[arg(long)]
    pub no_wrap: bool,
}

pub fn run(ctx: &Ctx, cmd: AvsCmd) -> Result<()> {
    match cmd {
        AvsCmd::Register(args) => register(ctx, args),
        AvsCmd::Show { avs } => show(ctx, &avs),
        AvsCmd::List => list(ctx),
        AvsCmd::Announce(args) => announce::run(ctx, args),
        AvsCmd::RequestSlash(args) => request_slash(ctx, args),
        AvsCmd::Veto { request } => veto(ctx, &request),
        AvsCmd::Execute { request, vaults } => execute(ctx, &request, &vaults),
        AvsCmd::Sweep { request, vault } => sweep(ctx, &request, vault.as_deref()),
        AvsCmd::Reward(args) => reward(ctx, args),
    }
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// `burn` or `recipient:<OWNER>`.
pub fn parse_destination(text: &str) -> Result<SlashDestination> {
    let bad = || anyhow!("malformed destination {text:?}: use burn or recipient:<OWNER ADDRESS>");
    match text.trim().split_once(':') {
        None if text.trim() == "burn" => Ok(SlashDestination::Burn),
        Some(("recipient", owner)) => {
            let owner = parse_pubkey(owner, "recipient").map_err(|_| bad())?;
            if owner == Pubkey::default() {
                bail!("the recipient must not be the all-zeros address");
            }
            Ok(SlashDestination::Recipient { owner })
        }
        _ => Err(bad()),
    }
}

/// A slash fraction ("5%", "500bps", "0.05"); a bare number above 1 is refused with a hint,
/// since "5" most likely meant 5%.
pub fn parse_slash_fraction(text: &str) -> Result<u128> {
    let trimmed = text.trim();
    if !trimmed.ends_with('%') && !trimmed.ends_with("bps") {
        if let Ok(number) = trimmed.parse::<f64>() {
            if number > 1.0 {
                bail!(
                    "fraction {text:?} would be {}%: write {trimmed}%, {trimmed}00bps, or a \
                     decimal fraction such as 0.05",
                    number * 100.0
                );
            }
        }
    }
    parse_fraction(text)
}

/// The evidence hash recorded for `--evidence` (sha256 of its UTF-8 bytes), or zeros.
pub fn evidence_hash(evidence: Option<&str>) -> [u8; 32] {
    evidence
        .map(|text| sha256::hash(text.as_bytes()).to_bytes())
        .unwrap_or([0; 32])
}

// ---------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------

/// An opt-in window as `lrt avs show` reports it: [`opt_in::WindowView`] under this
/// command's JSON names.
#[derive(Serialize)]
struct WindowView {
    activation_epoch: u64,
    /// `null` while opted in.
    deactivation_epoch: Option<u64>,
    /// First capture epoch the opt-in counts for.
    slashable_from_epoch: u64,
    /// Last capture epoch it counts for (`null` while opted in).
    slashable_through_epoch: Option<u64>,
    /// A request captured now would reach this stake.
    active_now: bool,
}

fn window_view(window: &OptInWindow, cur: u64) -> WindowView {
    let w = opt_in::window_view(window, cur);
    WindowView {
        activation_epoch: w.activation_epoch,
        deactivation_epoch: w.deactivation_epoch,
        slashable_from_epoch: w.counts_from_epoch,
        slashable_through_epoch: w.slashable_through_epoch,
        active_now: w.active_now,
    }
}

fn window_short(w: &WindowView) -> String {
    match w.slashable_through_epoch {
        None => format!("slashable from epoch {}", w.slashable_from_epoch),
        Some(last) => format!(
            "opted out in epoch {}, slashable epochs {}..={}",
            w.deactivation_epoch.unwrap_or_default(),
            w.slashable_from_epoch,
            last
        ),
    }
}

#[derive(Serialize)]
struct OperatorOptInView {
    operator: String,
    authority: Option<String>,
    #[serde(flatten)]
    window: WindowView,
    /// What a request captured now reaches of the operator: its allocation now x each
    /// vault's slashable value now, over the vaults opted in and active now, in SOL.
    stake_current_sol: String,
}

#[derive(Serialize)]
struct VaultOptInView {
    vault: String,
    /// The curator's cap: most this AVS takes per operator and capture epoch.
    cap: String,
    cap_bps: u16,
    #[serde(flatten)]
    window: WindowView,
    /// What a request captured now reaches in the vault: the allocations now of the
    /// operators opted in and active now x the vault's slashable value now, in SOL.
    stake_current_sol: String,
    /// What this AVS slashed from the vault, per recent capture epoch.
    slashed: Vec<EpochSlashedView>,
}

#[derive(Serialize)]
struct EpochSlashedView {
    capture_epoch: u64,
    slashed_sol: String,
}

#[derive(Serialize)]
pub struct RequestView {
    pub address: String,
    pub avs: String,
    pub index: u64,
    pub operator: String,
    /// Requested fraction of the operator's stake at capture, e.g. "5%".
    pub fraction: String,
    pub wad: String,
    /// The AVS's maximum in force when the request was made: it executes with it,
    /// whatever the AVS announced since.
    pub max_slash: String,
    pub max_slash_wad: String,
    /// Where its slashed tokens go (the AVS's destination when it was made): "burn" or
    /// "recipient:<OWNER>".
    pub destination: String,
    /// sha256 of the evidence (hex).
    pub evidence_hash: String,
    pub capture_epoch: u64,
    pub requested_slot: u64,
    /// Last slot at which the veto authority may veto.
    pub veto_deadline_slot: u64,
    pub executable_from_slot: u64,
    /// Its last execution epoch (capture + 1) and that epoch's last slot.
    pub executable_until_epoch: u64,
    pub executable_until_slot: u64,
    pub status: RequestStatus,
    pub status_text: String,
    /// Vaults it was executed against.
    pub executions: u32,
    /// Lamports of stake slashed across them, in SOL.
    pub slashed_sol: String,
}

fn request_view(
    key: &Pubkey,
    r: &SlashRequest,
    slot: u64,
    cur: u64,
    epoch_length: u64,
) -> RequestView {
    let status = request_status(r, slot, cur);
    RequestView {
        address: key.to_string(),
        avs: r.avs.to_string(),
        index: r.index,
        operator: r.operator.to_string(),
        fraction: percent(r.wad),
        wad: r.wad.to_string(),
        max_slash: percent(r.max_slash_wad),
        max_slash_wad: r.max_slash_wad.to_string(),
        destination: crate::views::avs::destination_text(&r.destination),
        evidence_hash: hex(&r.evidence_hash),
        capture_epoch: r.capture_epoch,
        requested_slot: r.requested_slot,
        veto_deadline_slot: r.veto_deadline_slot,
        executable_from_slot: r.executable_from_slot(),
        executable_until_epoch: r.last_execution_epoch(),
        executable_until_slot: r.executable_until_slot(epoch_length),
        status,
        status_text: status.describe(r, epoch_length),
        executions: r.executions,
        slashed_sol: sol(r.slashed_lamports),
    }
}

// ---------------------------------------------------------------------------------------
// register, show, list
// ---------------------------------------------------------------------------------------

fn register(ctx: &Ctx, args: RegisterArgs) -> Result<()> {
    if let Some(remote) = &args.remote {
        bail!(
            "remote (cross-chain) AVSs ({remote}) are not supported by this command yet: `lrt \
             avs register` registers local AVSs, whose --slash-authority signs requests on Solana"
        );
    }
    let id = parse_pubkey(&args.id, "--id")?;
    let admin = parse_pubkey(&args.admin, "--admin")?;
    let slash_authority = parse_pubkey(
        args.slash_authority.as_deref().unwrap_or_default(),
        "--slash-authority",
    )?;
    if slash_authority == Pubkey::default() {
        bail!("--slash-authority must not be the all-zeros address");
    }
    let max_slash_wad = parse_slash_fraction(&args.max_slash).context("--max-slash")?;
    let destination = parse_destination(&args.destination).context("--destination")?;
    check_metadata_uri(&args.metadata_uri)?;
    let signer = ctx.signer()?;
    let config = registry_config(ctx)?;
    require_signer(&signer, &config.admin, "registry admin")
        .context("AVSs are admitted by the registry admin")?;
    let avs_key = reg_pda::avs(&id);
    if chain::fetch(ctx, &avs_key)?.is_some_and(|a| a.owner == slasher_registry::ID) {
        bail!(
            "an AVS with id {id} is already registered at {avs_key}; see `lrt avs show {avs_key}`"
        );
    }
    let ix = registry::register_avs(
        signer.pubkey(),
        RegisterAvsArgs {
            id,
            admin,
            kind: AvsKind::Local { slash_authority },
            max_slash_wad,
            destination,
            metadata_uri: args.metadata_uri,
        },
    );
    let sent = tx::send(ctx, "AVS registration", &[ix], &signer, &[])?;
    let avs: Avs = chain::fetch_anchor(ctx, &avs_key, &slasher_registry::ID, "AVS")?;
    let (cur, _) = chain::epoch(ctx)?;
    #[derive(Serialize)]
    struct Registered {
        #[serde(flatten)]
        sent: Sent,
        #[serde(flatten)]
        avs: AvsView,
    }
    let result = Registered {
        sent,
        avs: AvsView::new(&avs_key, &avs, cur),
    };
    ctx.out.print(&result, |r| {
        format!(
            "{}operators opt in with `lrt operator opt-in {}`, vaults with `lrt curator \
             opt-in-avs <VAULT> {}`",
            r.avs, r.avs.address, r.avs.address
        )
    });
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let all = chain::list_all::<Avs>(ctx, &slasher_registry::ID)?;
    let (cur, _) = chain::epoch(ctx)?;
    let views: Vec<AvsView> = all
        .iter()
        .map(|(key, avs)| AvsView::new(key, avs, cur))
        .collect();
    ctx.out.print(&views, |views| {
        if views.is_empty() {
            return format!("no AVSs registered on {}", ctx.url);
        }
        let mut t = format!(
            "{:<44}  {:<6}  {:>10}  {:<6}  {:>8}  destination\n",
            "AVS", "kind", "max slash", "active", "requests"
        );
        for v in views {
            t.push_str(&format!(
                "{:<44}  {:<6}  {:>10}  {:<6}  {:>8}  {}{}\n",
                v.address,
                v.settings.kind,
                v.settings.max_slash,
                yes_no(v.active),
                v.request_count,
                v.settings.destination,
                match v.next_from_epoch {
                    Some(from) => format!("  (changes announced from epoch {from})"),
                    None => String::new(),
                }
            ));
        }
        t
    });
    Ok(())
}

fn show(ctx: &Ctx, text: &str) -> Result<()> {
    let (key, avs) = resolve_avs(ctx, text)?;
    let (cur, config) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let registry = slasher_registry::ID;
    let operator_opt_ins =
        chain::list_anchor(ctx, &registry, vec![listing::operator_avs_of_avs(&key)])?;
    let vault_opt_ins = chain::list_anchor(ctx, &registry, vec![listing::vault_avs_of_avs(&key)])?;

    // The stake a request captured now reaches: every (vault, operator) with both opt-ins
    // active now, its allocation now x the vault's slashable value now.
    let mut stakes: Vec<(Pubkey, Pubkey, u64)> = Vec::new();
    for (_, v) in vault_opt_ins
        .iter()
        .filter(|(_, v)| v.window.is_active_at(cur))
    {
        let Some(state) = chain::fetch_opt::<Vault>(ctx, &v.vault, &lrt_vault::ID, "vault")? else {
            continue;
        };
        let value = VaultValue::read(ctx, v.vault, state, cur, slot)?;
        let by_vault = vec![listing::delegations_of_vault(&v.vault)];
        for (_, d) in chain::list_anchor(ctx, &lrt_vault::ID, by_vault)? {
            let reached = operator_opt_ins
                .iter()
                .any(|(_, o)| o.operator == d.operator && o.window.is_active_at(cur));
            if reached {
                let stake = value.stake(rolled(&d.allocation, cur).current)?;
                stakes.push((v.vault, d.operator, stake));
            }
        }
    }
    let sum = |keep: &dyn Fn(&(Pubkey, Pubkey, u64)) -> bool| {
        let total: u128 = stakes
            .iter()
            .filter(|s| keep(s))
            .map(|s| u128::from(s.2))
            .sum();
        format_units(total, 9)
    };

    let mut operators = Vec::new();
    for (_, opt_in) in &operator_opt_ins {
        let authority = chain::fetch_opt::<Operator>(ctx, &opt_in.operator, &registry, "operator")?
            .map(|o| o.authority.to_string());
        operators.push(OperatorOptInView {
            operator: opt_in.operator.to_string(),
            authority,
            window: window_view(&opt_in.window, cur),
            stake_current_sol: sum(&|s| s.1 == opt_in.operator),
        });
    }
    let vaults: Vec<VaultOptInView> = vault_opt_ins
        .iter()
        .map(|(_, v)| {
            let mut slashed: Vec<EpochSlashedView> = v
                .slashed
                .iter()
                .filter(|e| e.lamports > 0)
                .map(|e| EpochSlashedView {
                    capture_epoch: e.epoch,
                    slashed_sol: sol(e.lamports),
                })
                .collect();
            slashed.sort_by_key(|e| e.capture_epoch);
            VaultOptInView {
                vault: v.vault.to_string(),
                cap: crate::amount::bps(v.cap_bps),
                cap_bps: v.cap_bps,
                window: window_view(&v.window, cur),
                stake_current_sol: sum(&|s| s.0 == v.vault),
                slashed,
            }
        })
        .collect();
    let mut requests = chain::list_anchor(ctx, &registry, vec![listing::requests_of_avs(&key)])?;
    requests.sort_by_key(|(_, r)| r.index);
    let requests: Vec<RequestView> = requests
        .iter()
        .map(|(k, r)| request_view(k, r, slot, cur, config.epoch_length))
        .collect();

    #[derive(Serialize)]
    struct Detail {
        #[serde(flatten)]
        avs: AvsView,
        current_epoch: u64,
        slot: u64,
        /// The stake a request captured now reaches, over every vault and operator.
        stake_current_sol: String,
        operators: Vec<OperatorOptInView>,
        vaults: Vec<VaultOptInView>,
        requests: Vec<RequestView>,
    }
    let detail = Detail {
        avs: AvsView::new(&key, &avs, cur),
        current_epoch: cur,
        slot,
        stake_current_sol: sum(&|_| true),
        operators,
        vaults,
        requests,
    };
    ctx.out.print(&detail, |d| {
        let mut t = d.avs.to_string();
        t.push_str(&format!(
            "  now             epoch {}, slot {}\n",
            d.current_epoch, d.slot
        ));
        t.push_str(&format!(
            "  stake reached   {} SOL (allocations now x vault values now)\n",
            d.stake_current_sol
        ));
        t.push_str("\nOperators opted in\n");
        if d.operators.is_empty() {
            t.push_str("  none\n");
        }
        for o in &d.operators {
            t.push_str(&format!(
                "  {}  {} SOL, {}{}\n",
                o.operator,
                o.stake_current_sol,
                window_short(&o.window),
                if o.window.active_now {
                    ""
                } else {
                    " (not slashable now)"
                }
            ));
        }
        t.push_str("\nVaults opted in\n");
        if d.vaults.is_empty() {
            t.push_str("  none\n");
        }
        for v in &d.vaults {
            let slashed: Vec<String> = v
                .slashed
                .iter()
                .map(|e| format!("{} SOL at epoch {}", e.slashed_sol, e.capture_epoch))
                .collect();
            t.push_str(&format!(
                "  {}  {} SOL, cap {} per epoch, {}{}{}\n",
                v.vault,
                v.stake_current_sol,
                v.cap,
                window_short(&v.window),
                if v.window.active_now {
                    ""
                } else {
                    " (not slashable now)"
                },
                if slashed.is_empty() {
                    String::new()
                } else {
                    format!("; slashed {}", slashed.join(", "))
                }
            ));
        }
        t.push_str("\nSlash requests\n");
        if d.requests.is_empty() {
            t.push_str("  none\n");
        }
        for r in &d.requests {
            t.push_str(&format!(
                "  #{} {}  operator {}  {} at epoch {}: {}; slashed {} SOL\n",
                r.index,
                r.address,
                r.operator,
                r.fraction,
                r.capture_epoch,
                r.status_text,
                r.slashed_sol
            ));
        }
        t
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------
// request-slash, veto
// ---------------------------------------------------------------------------------------

fn request_slash(ctx: &Ctx, args: RequestSlashCmdArgs) -> Result<()> {
    let wad = parse_slash_fraction(&args.fraction)?;
    let (avs_key, avs) = resolve_avs(ctx, &args.avs)?;
    let (cur, config) = chain::epoch(ctx)?;
    // The kind and maximum in force now: the request records them (`Avs::kind_at`).
    let max_slash_wad = avs.max_slash_wad_at(cur);
    let slash_authority = match avs.kind_at(cur) {
        AvsKind::Local { slash_authority } => slash_authority,
        AvsKind::Remote { chain, .. } => bail!(
            "AVS {avs_key} is remote (chain {chain}): its slash requests arrive as \
             guardian-signed messages, which this command does not send"
        ),
    };
    let signer = ctx.signer()?;
    if signer.pubkey() != slash_authority {
        let program_hint = if slash_authority == lrt_client::avs::pda::slash_authority() {
            " It is the example AVS program's PDA: that program requests slashes itself when \
             an equivocation is reported to it."
        } else {
            " If it is a PDA of the AVS's program, the request must come from that program."
        };
        bail!(
            "the signer {} is not the AVS's slash authority ({slash_authority}); pass its \
             keypair with -k/--keypair.{program_hint}",
            signer.pubkey()
        );
    }
    if !avs.active {
        bail!("AVS {avs_key} is inactive: it cannot request slashes until the registry admin reactivates it");
    }
    let (operator_key, _) = resolve_operator(ctx, &args.operator)?;
    let registry_config = registry_config(ctx)?;
    // The request captures the current epoch; the operator's opt-in must be active at it,
    // or no vault could ever execute it.
    let opt_in = chain::fetch_opt::<OperatorAvs>(
        ctx,
        &reg_pda::operator_avs(&operator_key, &avs_key),
        &slasher_registry::ID,
        "operator opt-in",
    )?;
    let Some(opt_in) = opt_in else {
        bail!(
            "operator {operator_key} is not opted in to AVS {avs_key}: the registry refuses a \
             request against it (OperatorNotSlashable)"
        );
    };
    if let Err(error) = opt_in.check_slashable_at(cur) {
        bail!(
            "{}\noperator {operator_key}'s opt-in to AVS {avs_key} ({}) does not count in the \
             current epoch {cur}, which the request would capture",
            would_refuse(&slasher_registry::ID, &error),
            window_text(&opt_in.window)
        );
    }
    if wad > max_slash_wad {
        ctx.out.note(format!(
            "note: the AVS takes at most {} per request; the request records {} but executes \
             at {}",
            percent(max_slash_wad),
            percent(wad),
            percent(max_slash_wad)
        ));
    }
    let vaults_in_reach = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::vault_avs_of_avs(&avs_key)],
    )?
    .iter()
    .filter(|(_, v)| v.window.is_active_at(cur))
    .count();
    if vaults_in_reach == 0 {
        ctx.out.note(format!(
            "note: no vault's opt-in to this AVS is active at epoch {cur}: the request will \
             find no stake to slash"
        ));
    }
    if args.evidence.is_none() {
        ctx.out
            .note("note: no --evidence given: the evidence hash is all zeros");
    }
    let evidence_hash = evidence_hash(args.evidence.as_deref());
    let index = avs.request_count;
    let ix = registry::request_slash(
        signer.pubkey(),
        signer.pubkey(),
        avs_key,
        index,
        operator_key,
        RequestSlashArgs { wad, evidence_hash },
    );
    let sent = tx::send(ctx, "slash request", &[ix], &signer, &[])?;
    let request_key = reg_pda::slash_request(&avs_key, index);
    let request: SlashRequest =
        chain::fetch_anchor(ctx, &request_key, &slasher_registry::ID, "slash request")?;
    let slot = chain::slot(ctx)?;
    #[derive(Serialize)]
    struct Requested {
        #[serde(flatten)]
        sent: Sent,
        #[serde(flatten)]
        request: RequestView,
        evidence: Option<String>,
        veto_authority: String,
    }
    let result = Requested {
        sent,
        request: request_view(
            &request_key,
            &request,
            slot,
            config.epoch_at(slot),
            config.epoch_length,
        ),
        evidence: args.evidence,
        veto_authority: registry_config.veto_authority.to_string(),
    };
    ctx.out.print(&result, |r| {
        let q = &r.request;
        format!(
            "slash request {} (#{} of AVS {})\n  operator        {}\n  fraction        {} of \
             its stake at epoch {}\n  evidence hash   {}\n  veto deadline   slot {} (veto \
             authority {})\n  executable      from slot {} to slot {} (end of epoch {})\n\
             execute it then with: lrt avs execute {}",
            q.address,
            q.index,
            q.avs,
            q.operator,
            q.fraction,
            q.capture_epoch,
            q.evidence_hash,
            q.veto_deadline_slot,
            r.veto_authority,
            q.executable_from_slot,
            q.executable_until_slot,
            q.executable_until_epoch,
            q.address
        )
    });
    Ok(())
}

fn veto(ctx: &Ctx, text: &str) -> Result<()> {
    let (key, request) = resolve_request(ctx, text)?;
    let config = registry_config(ctx)?;
    let signer = ctx.signer()?;
    require_signer(&signer, &config.veto_authority, "registry's veto authority")?;
    let slot = chain::slot(ctx)?;
    // the registry's own rule decides; the messages explain it
    if let Err(error) = request.check_vetoable(slot) {
        if error == registry::RegistryError::SlashVetoed.into() {
            bail!("slash request {key} is already vetoed");
        }
        bail!(
            "the veto window of {key} closed at slot {} (now {slot}); once executed, only the \
             registry admin can cancel a slash, during its resolution delay",
            request.veto_deadline_slot
        );
    }
    let ix = registry::veto_slash(signer.pubkey(), key);
    let sent = tx::send(ctx, "veto", &[ix], &signer, &[])?;
    let (_, vault_config) = chain::epoch(ctx)?;
    let request: SlashRequest =
        chain::fetch_anchor(ctx, &key, &slasher_registry::ID, "slash request")?;
    #[derive(Serialize)]
    struct Vetoed {
        #[serde(flatten)]
        sent: Sent,
        #[serde(flatten)]
        request: RequestView,
    }
    let result = Vetoed {
        sent,
        request: request_view(
            &key,
            &request,
            slot,
            vault_config.epoch_at(slot),
            vault_config.epoch_length,
        ),
    };
    ctx.out.print(&result, |r| {
        format!(
            "slash request {} vetoed: {} of operator {} will never be taken",
            r.request.address, r.request.fraction, r.request.operator
        )
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------
// execute
// ---------------------------------------------------------------------------------------

/// One line per item, "  {label} vault V: reason", for a command's summary.
fn push_vault_lines(t: &mut String, label: &str, items: &[NotDone]) {
    for n in items {
        t.push_str(&format!(
            "  {label} vault {}: {}\n",
            n.vault_text(),
            n.reason
        ));
    }
}

/// Every item's vault and reason, one indented line each, for an error listing them.
fn reasons(items: &[NotDone]) -> String {
    items
        .iter()
        .map(|n| format!("\n  vault {}: {}", n.vault_text(), n.reason))
        .collect()
}

fn execute(ctx: &Ctx, text: &str, vault_texts: &[String]) -> Result<()> {
    let (key, request) = resolve_request(ctx, text)?;
    let config = chain::config(ctx)?;
    let registry = registry_config(ctx)?;
    let slot = chain::slot(ctx)?;
    let s = situation(ctx, key, request, registry, &config, slot)?;
    if let Some(blocker) = &s.blocker {
        bail!("slash request {key} cannot be executed now: {blocker}");
    }
    let mut skipped = Vec::new();
    let targets: Vec<(Pubkey, Planned)> = if vault_texts.is_empty() {
        let plans = plan_all_vaults(ctx, &s)?;
        if plans.is_empty() {
            bail!(
                "no vault is opted in to AVS {}: there is no stake to slash",
                s.request.avs
            );
        }
        let mut targets = Vec::new();
        for (vault, plan) in plans {
            match plan {
                Ok(loss) => targets.push((vault, loss)),
                Err(Skip::AlreadyExecuted) => {}
                Err(reason) => skipped.push(NotDone::at(&key, &vault, reason)),
            }
        }
        if targets.is_empty() {
            if skipped.is_empty() {
                bail!(
                    "nothing to execute for {key}: it was executed against every vault it can \
                     reach"
                );
            }
            bail!("nothing to execute for {key} now:{}", reasons(&skipped));
        }
        targets
    } else {
        let mut targets = Vec::new();
        for text in vault_texts {
            let (vault, _) = chain::vault(ctx, text)?;
            if targets.iter().any(|(v, _)| *v == vault) {
                continue;
            }
            match plan_vault(ctx, &s, &vault)? {
                Ok(loss) => targets.push((vault, loss)),
                Err(reason) => {
                    bail!("slash request {key} cannot be executed against vault {vault}: {reason}")
                }
            }
        }
        targets
    };
    let signer = ctx.signer()?;
    let mut executed = Vec::new();
    let mut failed = Vec::new();
    for (vault, expected) in &targets {
        ctx.out.note(expected_loss_note(&key, vault, expected));
        match execute_one(ctx, &signer, &key, &s.request, vault) {
            Ok(view) => executed.push(view),
            Err(error) => failed.push(NotDone::at(&key, vault, format!("{error:#}"))),
        }
    }
    #[derive(Serialize)]
    struct Executed {
        request: String,
        executed: Vec<ExecutionView>,
        skipped: Vec<NotDone>,
        failed: Vec<NotDone>,
    }
    let result = Executed {
        request: key.to_string(),
        executed,
        skipped,
        failed,
    };
    ctx.out.print(&result, |r| {
        let mut t = format!("slash request {}\n", r.request);
        for e in &r.executed {
            t.push_str(&format!("  {}\n", execution_line(e)));
        }
        push_vault_lines(&mut t, "skipped", &r.skipped);
        push_vault_lines(&mut t, "FAILED", &r.failed);
        t
    });
    fail_if_any(result.failed.len(), targets.len(), "executions")
}

// ---------------------------------------------------------------------------------------
// sweep
// ---------------------------------------------------------------------------------------

fn escrow_not_ready(state: &EscrowState, slot: u64) -> String {
    match state {
        EscrowState::Cancelled => {
            "the registry admin cancelled this slash: the tokens went back to the vault".into()
        }
        EscrowState::Done => "already swept (nothing left)".into(),
        EscrowState::Waiting { resolve_after_slot } => format!(
            "the resolution delay runs until slot {resolve_after_slot} ({} slots from now): \
             sweep from then",
            resolve_after_slot.saturating_sub(slot)
        ),
        EscrowState::Ready(_) => "ready".into(),
    }
}

fn sweep(ctx: &Ctx, text: &str, vault_text: Option<&str>) -> Result<()> {
    let (key, _) = resolve_request(ctx, text)?;
    let slot = chain::slot(ctx)?;
    let escrows: Vec<(Pubkey, SlashEscrow)> = match vault_text {
        Some(vault_text) => {
            let (vault, _) = chain::vault(ctx, vault_text)?;
            let escrow_key = pda::escrow(&vault, &key);
            match chain::fetch_opt::<SlashEscrow>(ctx, &escrow_key, &lrt_vault::ID, "slash escrow")?
            {
                Some(e) => vec![(escrow_key, e)],
                None => bail!(
                    "slash request {key} was not executed against vault {vault}: there is no \
                     escrow to sweep (`lrt avs execute {key} --vault {vault}` executes it)"
                ),
            }
        }
        None => chain::list_anchor(ctx, &lrt_vault::ID, vec![listing::escrows_of_request(&key)])?,
    };
    if escrows.is_empty() {
        bail!("slash request {key} was not executed against any vault yet: nothing to sweep");
    }
    let mut ready = Vec::new();
    let mut not_ready = Vec::new();
    for (_, escrow) in escrows {
        let state: Vault = chain::fetch_anchor(ctx, &escrow.vault, &lrt_vault::ID, "vault")?;
        match escrow_state(&escrow, state.asset_count, slot) {
            EscrowState::Ready(assets) => ready.push((escrow, state, assets)),
            other => not_ready.push(NotDone::at(
                &key,
                &escrow.vault,
                escrow_not_ready(&other, slot),
            )),
        }
    }
    if ready.is_empty() {
        bail!("nothing to sweep for {key}:{}", reasons(&not_ready));
    }
    let signer = ctx.signer()?;
    let mut swept = Vec::new();
    let mut failed = Vec::new();
    for (escrow, state, assets) in &ready {
        match sweep_escrow_assets(ctx, &signer, escrow, state, assets) {
            Ok(views) => swept.extend(views),
            Err(error) => failed.push(NotDone::at(&key, &escrow.vault, format!("{error:#}"))),
        }
    }
    #[derive(Serialize)]
    struct Swept {
        request: String,
        swept: Vec<SweepView>,
        not_ready: Vec<NotDone>,
        failed: Vec<NotDone>,
    }
    let result = Swept {
        request: key.to_string(),
        swept,
        not_ready,
        failed,
    };
    ctx.out.print(&result, |r| {
        let mut t = format!("slash request {}\n", r.request);
        for v in &r.swept {
            t.push_str(&format!("  {}\n", sweep_line(v)));
        }
        push_vault_lines(&mut t, "not swept,", &r.not_ready);
        push_vault_lines(&mut t, "FAILED", &r.failed);
        t
    });
    fail_if_any(result.failed.len(), ready.len(), "escrow sweeps")
}

// ---------------------------------------------------------------------------------------
// reward
// ---------------------------------------------------------------------------------------

fn reward(ctx: &Ctx, args: RewardArgs) -> Result<()> {
    let (vault, state) = chain::vault(ctx, &args.vault)?;
    let index = chain::asset_index(ctx, &state, &args.asset)?;
    let slot = state.assets[index as usize];
    let info = chain::mint_info(ctx, &slot.mint)?;
    let amount = parse_amount(&args.amount, info.decimals, &info.symbol)?;
    let (operator_key, operator) = resolve_operator(ctx, &args.operator)?;
    let delegation = chain::fetch_opt::<Delegation>(
        ctx,
        &pda::delegation(&vault, &operator_key),
        &lrt_vault::ID,
        "delegation",
    )?;
    let Some(delegation) = delegation else {
        bail!(
            "operator {operator_key} is not whitelisted in vault {vault} (no delegation): \
             rewards pay for a vault's stake with an operator it delegates to"
        );
    };
    let (cur, _) = chain::epoch(ctx)?;
    let allocation = rolled(&delegation.allocation, cur);
    if allocation.current == 0 && allocation.next == 0 {
        ctx.out.note(format!(
            "note: vault {vault} allocates nothing to operator {operator_key} now; the reward \
             is paid all the same"
        ));
    }
    let signer = ctx.signer()?;
    let payer = signer.pubkey();
    let source = pda::associated_token_account(&payer, &slot.mint, &slot.token_program);
    let mut ixs = Vec::new();
    if args.no_wrap || slot.mint != WSOL_MINT {
        let balance = chain::token_balance(ctx, &source)?;
        if balance < amount {
            bail!(
                "insufficient balance: {payer} holds {} {} (in {source}), the reward needs {}",
                format_amount(balance, info.decimals),
                info.symbol,
                args.amount
            );
        }
    } else {
        ixs.extend(crate::wsol::wrap_sol_if_needed(
            ctx, &payer, &slot.mint, source, amount,
        )?);
    }
    // The commission goes to a token account of the operator's authority: create it if
    // missing (the payer pays rent). The vault's fee stays in the vault's own ledgers.
    let operator_account =
        pda::associated_token_account(&operator.authority, &slot.mint, &slot.token_program);
    ixs.push(create_associated_token_account_idempotent(
        &payer,
        &operator.authority,
        &slot.mint,
        &slot.token_program,
    ));
    ixs.push(build::refresh_prices(&state));
    ixs.push(build::distribute_rewards(
        &state,
        RewardKeys {
            payer,
            payer_token_account: source,
            operator: operator_key,
            operator_token_account: operator_account,
        },
        DistributeRewardsArgs {
            asset_index: index,
            amount,
        },
    ));
    // Quote first (the simulation also names any refusal before a fee is paid).
    let quoted = tx::simulate_events(ctx, "reward", &ixs, &signer, &[], &lrt_vault::ID)?
        .iter()
        .find_map(|d| decode::event::<RewardsDistributed>(d))
        .ok_or_else(|| anyhow!("the reward simulation emitted no RewardsDistributed event"))?;
    let sent = tx::send(ctx, "reward", &ixs, &signer, &[])?;
    let event = tx::landed_events(ctx, &sent.signature, &lrt_vault::ID)
        .and_then(|events| {
            events
                .iter()
                .find_map(|d| decode::event::<RewardsDistributed>(d))
        })
        .unwrap_or(quoted);
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    let d = info.decimals;
    #[derive(Serialize)]
    struct Rewarded {
        #[serde(flatten)]
        sent: Sent,
        vault: String,
        operator: String,
        asset: String,
        amount: String,
        /// To the operator's authority, at the commission in force in the payment's epoch.
        operator_commission: String,
        operator_commission_rate: String,
        operator_commission_bps: u16,
        operator_token_account: String,
        /// The vault's fee, in the asset; it backs the fee shares below.
        vault_fee: String,
        /// Fee shares credited to the vault's treasury ledger (claimed by the treasury)
        /// and to its insurance fund, in LRT.
        treasury_fee_lrt: String,
        insurance_fee_lrt: String,
        /// Vests linearly into the active pool over epoch `vesting_epoch` (the next one).
        to_pool: String,
        vesting_epoch: u64,
    }
    let result = Rewarded {
        sent,
        vault: vault.to_string(),
        operator: operator_key.to_string(),
        asset: info.symbol.clone(),
        amount: format_amount(event.amount, d),
        operator_commission: format_amount(event.operator_commission, d),
        operator_commission_rate: crate::amount::bps(event.commission_bps),
        operator_commission_bps: event.commission_bps,
        operator_token_account: operator_account.to_string(),
        vault_fee: format_amount(event.vault_fee, d),
        treasury_fee_lrt: sol(event.treasury_shares),
        insurance_fee_lrt: sol(event.insurance_shares),
        to_pool: format_amount(event.to_pool, d),
        vesting_epoch: event.vesting_epoch,
    };
    ctx.out.print(&result, |r| {
        format!(
            "reward of {} {} paid into vault {} for operator {}\n  commission      {} {} \
             ({}) to {}\n  vault fee       {} {}: {} {} to the treasury's ledger, {} {} to \
             the insurance fund\n  vesting         {} {} into the pool over epoch {}",
            r.amount,
            r.asset,
            r.vault,
            r.operator,
            r.operator_commission,
            r.asset,
            r.operator_commission_rate,
            r.operator_token_account,
            r.vault_fee,
            r.asset,
            r.treasury_fee_lrt,
            lrt.symbol,
            r.insurance_fee_lrt,
            lrt.symbol,
            r.to_pool,
            r.asset,
            r.vesting_epoch
        )
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use restaking_math::WAD;

    use super::*;

    #[test]
    fn destinations_parse_and_print() {
        use crate::views::avs::destination_text;
        assert_eq!(parse_destination("burn").unwrap(), SlashDestination::Burn);
        let owner = Pubkey::new_unique();
        let d = parse_destination(&format!("recipient:{owner}")).unwrap();
        assert_eq!(d, SlashDestination::Recipient { owner });
        assert_eq!(destination_text(&d), format!("recipient:{owner}"));
        for bad in ["", "burnt", "recipient:", "recipient:xyz", "owner:abc"] {
            let err = parse_destination(bad).unwrap_err().to_string();
            assert!(err.contains("malformed destination"), "{bad}: {err}");
        }
        let zero = format!("recipient:{}", Pubkey::default());
        assert!(parse_destination(&zero).is_err());
    }

    #[test]
    fn a_bare_number_above_one_is_not_taken_for_a_fraction() {
        assert_eq!(parse_slash_fraction("5%").unwrap(), WAD / 20);
        assert_eq!(parse_slash_fraction("0.05").unwrap(), WAD / 20);
        assert_eq!(parse_slash_fraction("1").unwrap(), WAD);
        let err = parse_slash_fraction("5").unwrap_err().to_string();
        assert!(err.contains("write 5%, 500bps"), "{err}");
        assert!(parse_slash_fraction("150%").is_err());
    }

    #[test]
    fn evidence_is_its_sha256() {
        assert_eq!(evidence_hash(None), [0; 32]);
        // sha256("abc")
        assert_eq!(
            hex(&evidence_hash(Some("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
