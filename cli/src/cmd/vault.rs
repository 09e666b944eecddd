//! `lrt vault`: list and inspect vaults (anyone); create and configure them (curators and
//! fee admins); hand the curator and fee-admin roles over (two steps, one command per
//! file under `vault/`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use lrt_client::{
    instructions as build, listing,
    lrt_vault::{
        instructions::{AddAssetArgs, CreateVaultArgs},
        state::{PricingSource, Vault},
    },
    pda,
};
use serde::Serialize;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{
    amount::{format_amount, parse_amount, parse_bps, sol, sol_from_wad, wad},
    chain::{self, parse_pubkey, short, MintInfo},
    context::{require_signer, Ctx},
    errors::would_refuse,
    output::yes_no,
    slashing::plan::{pending_slashes, pending_text, PendingSlashView},
    stake::{
        accrue, allocations_view, delegation_text, delegation_view, AllocationsView,
        DelegationView, VaultValue,
    },
    tx::{self, Sent},
    views::{fees::FeesView, rewards::RewardsView, roles::RoleView},
};

mod accept_curator;
mod accept_fee_admin;
mod set_reward_fees;
mod transfer_curator;
mod transfer_fee_admin;

#[derive(Subcommand, Debug)]
pub enum VaultCmd {
    /// Every vault: LRT, value, share price, assets
    List,
    /// One vault in full: assets and prices, delegations, insurance and bonds, slashes
    Show {
        /// Vault address or LRT mint
        vault: String,
    },
    /// Create a vault with a seed deposit (the signer is curator and fee admin; --curator
    /// and --fee-admin propose other keys, which take the roles by accepting them)
    Create(CreateArgs),
    /// Add an LST the vault accepts (curator)
    AddAsset(AddAssetCmdArgs),
    /// Set deposit and withdrawal fees (fee admin): a decrease applies now, an increase
    /// after a full epoch of notice (from the epoch after next)
    SetFees {
        vault: String,
        /// Deposit fee: 10, 10bps or 0.1%
        #[arg(long)]
        deposit: String,
        /// Withdrawal fee: 10, 10bps or 0.1%
        #[arg(long)]
        withdrawal: String,
    },
    /// Set an asset's deposit cap (curator)
    SetCaps {
        vault: String,
        /// Asset symbol, mint or index
        #[arg(long)]
        asset: String,
        /// Most the active pool may hold of it, in tokens, or "unlimited"
        #[arg(long)]
        cap: String,
    },
    /// Set the fee on rewards and the insurance fund's cut of it (fee admin): a fee
    /// increase after a full epoch of notice, the cut at once
    SetRewardFees(set_reward_fees::Args),
    /// Pause deposits and/or withdrawals (the curator, the pauser or the config admin);
    /// both when neither flag is given. Claims are never paused
    Pause(PauseArgs),
    /// Resume deposits and/or withdrawals (the curator, the pauser or the config admin);
    /// both when neither flag is given
    Unpause(PauseArgs),
    /// Propose a new curator (curator); it takes over with `vault accept-curator`
    TransferCurator(transfer_curator::Args),
    /// Take the curator role you were proposed for (the proposed key signs)
    AcceptCurator(accept_curator::Args),
    /// Propose a new fee admin (fee admin); it takes over with `vault accept-fee-admin`
    TransferFeeAdmin(transfer_fee_admin::Args),
    /// Take the fee-admin role you were proposed for (the proposed key signs)
    AcceptFeeAdmin(accept_fee_admin::Args),
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// LRT name (max 32 bytes)
    #[arg(long)]
    pub name: String,
    /// LRT symbol (max 10 bytes)
    #[arg(long)]
    pub symbol: String,
    /// LRT metadata URI (max 200 bytes)
    #[arg(long, default_value = "")]
    pub uri: String,
    /// First asset's mint (the seed deposit is made in it)
    #[arg(long, default_value = "So11111111111111111111111111111111111111112")]
    pub seed_mint: String,
    /// Its pricing: wsol, stake-pool:<POOL> or marinade:<STATE>
    #[arg(long, default_value = "wsol")]
    pub seed_pricing: String,
    /// Seed deposit in tokens (its shares are locked forever)
    #[arg(long)]
    pub seed: String,
    /// Propose this key as curator: the signer holds the role until it accepts (`lrt vault
    /// accept-curator`) [default: the signer, nothing proposed]
    #[arg(long)]
    pub curator: Option<String>,
    /// Propose this key as fee admin, likewise (`lrt vault accept-fee-admin`) [default: the
    /// signer]
    #[arg(long)]
    pub fee_admin: Option<String>,
}

#[derive(Args, Debug)]
pub struct AddAssetCmdArgs {
    pub vault: String,
    /// The LST's mint
    #[arg(long)]
    pub mint: String,
    /// Pricing: wsol, stake-pool:<POOL> or marinade:<STATE>
    #[arg(long)]
    pub pricing: String,
    /// Deposit cap in tokens, or "unlimited"
    #[arg(long, default_value = "unlimited")]
    pub cap: String,
}

#[derive(Args, Debug)]
pub struct PauseArgs {
    pub vault: String,
    #[arg(long)]
    pub deposits: bool,
    #[arg(long)]
    pub withdrawals: bool,
}

pub fn run(ctx: &Ctx, cmd: VaultCmd) -> Result<()> {
    match cmd {
        VaultCmd::List => list(ctx),
        VaultCmd::Show { vault } => show(ctx, &vault),
        VaultCmd::Create(args) => create(ctx, args),
        VaultCmd::AddAsset(args) => add_asset(ctx, args),
        VaultCmd::SetFees {
            vault,
            deposit,
            withdrawal,
        } => set_fees(ctx, &vault, &deposit, &withdrawal),
        VaultCmd::SetCaps { vault, asset, cap } => set_caps(ctx, &vault, &asset, &cap),
        VaultCmd::SetRewardFees(args) => set_reward_fees::run(ctx, args),
        VaultCmd::Pause(args) => pause(ctx, args, true),
        VaultCmd::Unpause(args) => pause(ctx, args, false),
        VaultCmd::TransferCurator(args) => transfer_curator::run(ctx, args),
        VaultCmd::AcceptCurator(args) => accept_curator::run(ctx, args),
        VaultCmd::TransferFeeAdmin(args) => transfer_fee_admin::run(ctx, args),
        VaultCmd::AcceptFeeAdmin(args) => accept_fee_admin::run(ctx, args),
    }
}

/// What `vault list` prints per vault (also the head of `vault show`).
#[derive(Serialize)]
pub struct VaultSummary {
    pub address: String,
    pub lrt_mint: String,
    pub name: Option<String>,
    pub symbol: String,
    pub curator: String,
    /// LRT in circulation plus bonded, insurance and treasury shares, in LRT.
    pub share_supply: String,
    /// Active pool value at the cached prices (vesting credited to now), in SOL.
    pub total_value_sol: String,
    /// SOL per LRT (value / share supply), rounded down.
    pub share_price_sol: String,
    pub deposits_paused: bool,
    pub withdrawals_paused: bool,
    /// While a slash of the vault can still be cancelled, deposits wait until this slot
    /// (null when they need not).
    pub deposits_reopen_at_slot: Option<u64>,
    /// A slash took the whole pool: the vault takes no more deposits.
    pub wiped_out: bool,
    pub assets: Vec<AssetView>,
}

#[derive(Serialize)]
pub struct AssetView {
    pub index: u8,
    pub symbol: String,
    pub mint: String,
    pub token_program: String,
    pub pricing: String,
    /// SOL per token, from the last refresh.
    pub price_sol: String,
    pub price_solana_epoch: u64,
    /// Backing LRT shares.
    pub active: String,
    /// In withdrawal buckets, not yet claimed.
    pub queued: String,
    /// Taken by slashes, waiting to be swept.
    pub escrowed: String,
    /// Rewards on their way into `active`: this epoch's arrivals and this epoch's cohort.
    pub rewards: RewardsView,
    /// Most `active` may reach by deposits ("unlimited" when u64::MAX).
    pub deposit_cap: String,
    /// Value of `active` in SOL.
    pub active_value_sol: String,
}

#[derive(Serialize)]
struct VaultDetail {
    #[serde(flatten)]
    summary: VaultSummary,
    /// Proposed curator waiting to accept (null if none).
    pending_curator: Option<String>,
    fee_admin: String,
    pending_fee_admin: Option<String>,
    fees: FeesView,
    /// Fees owed to the treasury (shares in the vault's ledger, counted in the share
    /// supply), in LRT: the treasury claims them with `lrt treasury claim`.
    treasury_shares: String,
    /// Active pool plus the withdrawal bucket of next epoch, in SOL: what allocations are
    /// fractions of now.
    slashable_value_sol: String,
    /// The sums of every operator's allocation.
    allocated: AllocationsView,
    delegations: Vec<DelegationView>,
    insurance_shares: String,
    bonded_shares: String,
    bonds: Vec<BondView>,
    pending_slashes: Vec<PendingSlashView>,
    escrows: Vec<EscrowView>,
    current_epoch: u64,
}

#[derive(Serialize)]
struct BondView {
    operator: String,
    authority: String,
    shares: String,
    unbonding_shares: String,
}

#[derive(Serialize)]
struct EscrowView {
    address: String,
    request: String,
    operator: String,
    loss_sol: String,
    amounts: Vec<String>,
    resolve_after_slot: u64,
    cancelled: bool,
}

fn list(ctx: &Ctx) -> Result<()> {
    let slot = chain::slot(ctx)?;
    let vaults = chain::list_all::<Vault>(ctx, &lrt_vault::ID)?;
    let mut summaries = Vec::new();
    for (key, state) in vaults {
        summaries.push(summary(ctx, key, state, slot)?.0);
    }
    ctx.out.print(&summaries, |list| {
        if list.is_empty() {
            return format!("no vaults on {}", ctx.url);
        }
        let mut text = format!(
            "{:<44}  {:<8}  {:>16}  {:>12}  assets\n",
            "vault", "LRT", "value (SOL)", "SOL per LRT"
        );
        for v in list {
            let assets: Vec<&str> = v.assets.iter().map(|a| a.symbol.as_str()).collect();
            text.push_str(&format!(
                "{:<44}  {:<8}  {:>16}  {:>12}  {}\n",
                v.address,
                v.symbol,
                v.total_value_sol,
                v.share_price_sol,
                assets.join(", ")
            ));
        }
        text
    });
    Ok(())
}

/// The summary of a vault at `slot` (vesting credited), with its assets' mint infos.
pub fn summary(
    ctx: &Ctx,
    key: Pubkey,
    mut state: Vault,
    slot: u64,
) -> Result<(VaultSummary, Vec<MintInfo>)> {
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    // What the vault will be worth when the next instruction credits vesting.
    accrue(ctx, &mut state, slot)?;
    let value_wad = state.active_value_wad().unwrap_or(u128::MAX);
    let mut infos = Vec::new();
    let mut assets = Vec::new();
    for (i, slot) in state.assets().iter().enumerate() {
        let info = chain::mint_info(ctx, &slot.mint)?;
        let d = info.decimals;
        assets.push(AssetView {
            index: i as u8,
            symbol: info.symbol.clone(),
            mint: slot.mint.to_string(),
            token_program: slot.token_program.to_string(),
            pricing: pricing_text(&slot.pricing),
            // price_wad is lamports per raw unit x 1e18; per token: x 10^decimals
            price_sol: wad(slot.price_wad.saturating_mul(10u128.pow(u32::from(d))) / 1_000_000_000),
            price_solana_epoch: slot.price_epoch,
            active: format_amount(slot.active_amount, d),
            queued: format_amount(slot.queued_amount, d),
            escrowed: format_amount(slot.escrowed_amount, d),
            rewards: RewardsView::new(&slot.rewards, d),
            deposit_cap: cap_text(slot.deposit_cap, d),
            active_value_sol: sol_from_wad(
                u128::from(slot.active_amount).saturating_mul(slot.price_wad),
            ),
        });
        infos.push(info);
    }
    let share_price = if state.share_supply == 0 {
        0
    } else {
        value_wad / u128::from(state.share_supply)
    };
    Ok((
        VaultSummary {
            address: key.to_string(),
            lrt_mint: state.lrt_mint.to_string(),
            name: lrt.name,
            symbol: lrt.symbol,
            curator: state.curator.to_string(),
            share_supply: sol(state.share_supply),
            total_value_sol: sol_from_wad(value_wad),
            share_price_sol: wad(share_price),
            deposits_paused: state.deposits_paused,
            withdrawals_paused: state.withdrawals_paused,
            deposits_reopen_at_slot: state
                .slash_window
                .is_open(slot)
                .then_some(state.slash_window.until_slot),
            wiped_out: state.wiped_out,
            assets,
        },
        infos,
    ))
}

fn pricing_text(pricing: &PricingSource) -> String {
    match pricing {
        PricingSource::Wsol => "wsol".into(),
        PricingSource::SplStakePool { pool } => format!("stake-pool:{pool}"),
        PricingSource::Marinade { state } => format!("marinade:{state}"),
    }
}

fn cap_text(cap: u64, decimals: u8) -> String {
    if cap == u64::MAX {
        "unlimited".into()
    } else {
        format_amount(cap, decimals)
    }
}

fn show(ctx: &Ctx, text: &str) -> Result<()> {
    let (key, state) = chain::vault(ctx, text)?;
    let (epoch, config) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let (summary, infos) = summary(ctx, key, state.clone(), slot)?;
    let program = lrt_vault::ID;
    let delegations = chain::list_anchor(ctx, &program, vec![listing::delegations_of_vault(&key)])?;
    let bonds = chain::list_anchor(ctx, &program, vec![listing::bonds_of_vault(&key)])?;
    let escrows = chain::list_anchor(ctx, &program, vec![listing::escrows_of_vault(&key)])?;

    // Requests that can still take something from this vault.
    let pending = pending_slashes(ctx, &key, &state, slot, epoch, config.epoch_length)?;
    let value = VaultValue::read(ctx, key, state.clone(), epoch, slot)?;
    let delegation_views = delegations
        .iter()
        .map(|(_, d)| delegation_view(d, &value, epoch, &summary.symbol))
        .collect::<Result<Vec<_>>>()?;

    let detail = VaultDetail {
        pending_curator: state.pending_curator.map(|k| k.to_string()),
        fee_admin: state.fee_admin.to_string(),
        pending_fee_admin: state.pending_fee_admin.map(|k| k.to_string()),
        fees: FeesView::new(&state, epoch),
        treasury_shares: sol(state.treasury_shares),
        slashable_value_sol: value.slashable_value_sol(),
        allocated: allocations_view(&state.allocations, epoch),
        delegations: delegation_views,
        insurance_shares: sol(state.insurance_shares),
        bonded_shares: sol(state.bonded_shares),
        bonds: bonds
            .into_iter()
            .map(|(_, b)| BondView {
                operator: b.operator.to_string(),
                authority: b.authority.to_string(),
                shares: sol(b.shares),
                unbonding_shares: sol(b.unbonding_shares),
            })
            .collect(),
        pending_slashes: pending,
        escrows: escrows
            .into_iter()
            .filter(|(_, e)| {
                !e.cancelled && e.swept.iter().take(state.asset_count as usize).any(|s| !s)
            })
            .map(|(address, e)| EscrowView {
                address: address.to_string(),
                request: e.request.to_string(),
                operator: e.operator.to_string(),
                loss_sol: sol(e.loss_lamports),
                amounts: infos
                    .iter()
                    .zip(e.amounts)
                    .map(|(info, amount)| {
                        format!("{} {}", format_amount(amount, info.decimals), info.symbol)
                    })
                    .collect(),
                resolve_after_slot: e.resolve_after_slot,
                cancelled: e.cancelled,
            })
            .collect(),
        current_epoch: epoch,
        summary,
    };
    ctx.out.print(&detail, render_detail);
    Ok(())
}

fn render_detail(d: &VaultDetail) -> String {
    let s = &d.summary;
    let mut t = String::new();
    t.push_str(&format!(
        "Vault {}  ({}{})\n",
        s.address,
        s.symbol,
        s.name
            .as_ref()
            .map(|n| format!(", {n}"))
            .unwrap_or_default()
    ));
    t.push_str(&format!("  LRT mint        {}\n", s.lrt_mint));
    t.push_str(&format!("  curator         {}\n", s.curator));
    if let Some(pending) = &d.pending_curator {
        t.push_str(&format!(
            "  proposed        curator {pending} (until it accepts)\n"
        ));
    }
    t.push_str(&format!("  fee admin       {}\n", d.fee_admin));
    if let Some(pending) = &d.pending_fee_admin {
        t.push_str(&format!(
            "  proposed        fee admin {pending} (until it accepts)\n"
        ));
    }
    t.push_str(&format!("  epoch           {}\n", d.current_epoch));
    t.push_str(&format!("  total value     {} SOL\n", s.total_value_sol));
    t.push_str(&format!(
        "  share supply    {} {}\n",
        s.share_supply, s.symbol
    ));
    t.push_str(&format!(
        "  share price     {} SOL per {}\n",
        s.share_price_sol, s.symbol
    ));
    t.push_str(&format!(
        "  paused          deposits: {}, withdrawals: {}\n",
        yes_no(s.deposits_paused),
        yes_no(s.withdrawals_paused)
    ));
    if s.wiped_out {
        t.push_str(
            "  WIPED OUT       a slash took the whole pool: no more deposits (withdrawals and \
             claims still work)\n",
        );
    }
    if let Some(until) = s.deposits_reopen_at_slot {
        t.push_str(&format!(
            "  slash window    a slash can still be cancelled: deposits reopen at slot {until}\n"
        ));
    }
    t.push_str(&format!("  fees            {}\n", d.fees));
    t.push_str(&format!(
        "  treasury        {} {} owed (its ledger; `lrt treasury claim`)\n",
        d.treasury_shares, s.symbol
    ));
    t.push_str("\nAssets\n");
    t.push_str(&format!(
        "  {:<3} {:<8} {:>14} {:>14} {:>12} {:>12} {:>12}  {}\n",
        "#", "symbol", "price (SOL)", "active", "queued", "escrowed", "cap", "pricing"
    ));
    for a in &s.assets {
        t.push_str(&format!(
            "  {:<3} {:<8} {:>14} {:>14} {:>12} {:>12} {:>12}  {}\n",
            a.index,
            a.symbol,
            a.price_sol,
            a.active,
            a.queued,
            a.escrowed,
            a.deposit_cap,
            short_pricing(&a.pricing)
        ));
    }
    for a in s.assets.iter().filter(|a| !a.rewards.is_empty()) {
        t.push_str(&format!("  {} rewards: {}\n", a.symbol, a.rewards));
    }
    t.push_str(&format!(
        "\nAllocations (of a slashable value of {} SOL: {} now, {} next epoch, {} after)\n",
        d.slashable_value_sol, d.allocated.current, d.allocated.next, d.allocated.later
    ));
    if d.delegations.is_empty() {
        t.push_str("  none\n");
    }
    for g in &d.delegations {
        t.push_str(&format!("  {}  {}\n", g.operator, delegation_text(g)));
    }
    t.push_str(&format!(
        "\nInsurance fund  {} {}\nBonds           {} {} in all\n",
        d.insurance_shares, s.symbol, d.bonded_shares, s.symbol
    ));
    // whitelisting opens an empty bond for every operator: list only the real ones
    for b in d
        .bonds
        .iter()
        .filter(|b| b.shares != "0" || b.unbonding_shares != "0")
    {
        t.push_str(&format!(
            "  operator {}  {} bonded, {} unbonding\n",
            b.operator, b.shares, b.unbonding_shares
        ));
    }
    t.push_str("\nPending slashes (deposits made now share in them if they execute)\n");
    if d.pending_slashes.is_empty() {
        t.push_str("  none\n");
    }
    for p in &d.pending_slashes {
        t.push_str(&format!("  {}\n", pending_text(p)));
    }
    if !d.escrows.is_empty() {
        t.push_str("\nSlashed, waiting to be swept\n");
        for e in &d.escrows {
            t.push_str(&format!(
                "  {}  loss {} SOL: {} (after slot {})\n",
                e.address,
                e.loss_sol,
                e.amounts.join(", "),
                e.resolve_after_slot
            ));
        }
    }
    t
}

fn short_pricing(pricing: &str) -> String {
    match pricing.split_once(':') {
        Some((kind, key)) => match key.parse::<Pubkey>() {
            Ok(key) => format!("{kind} {}", short(&key)),
            Err(_) => pricing.to_string(),
        },
        None => pricing.to_string(),
    }
}

/// `wsol`, `stake-pool:<POOL>` or `marinade:<STATE>`.
pub fn parse_pricing(text: &str) -> Result<PricingSource> {
    let bad = || {
        anyhow::anyhow!(
            "malformed pricing {text:?}: use wsol, stake-pool:<POOL ADDRESS> or marinade:<STATE \
             ADDRESS>"
        )
    };
    Ok(match text.split_once(':') {
        None if text == "wsol" => PricingSource::Wsol,
        Some(("stake-pool", pool)) => PricingSource::SplStakePool {
            pool: parse_pubkey(pool, "stake pool").map_err(|_| bad())?,
        },
        Some(("marinade", state)) => PricingSource::Marinade {
            state: parse_pubkey(state, "Marinade state").map_err(|_| bad())?,
        },
        _ => return Err(bad()),
    })
}

fn parse_cap(text: &str, decimals: u8, symbol: &str) -> Result<u64> {
    if text == "unlimited" {
        Ok(u64::MAX)
    } else {
        parse_amount(text, decimals, symbol)
    }
}

#[derive(Serialize)]
struct TxResult<T: Serialize> {
    #[serde(flatten)]
    sent: Sent,
    #[serde(flatten)]
    detail: T,
}

fn create(ctx: &Ctx, args: CreateArgs) -> Result<()> {
    let signer = ctx.signer()?;
    let seed_mint = parse_pubkey(&args.seed_mint, "seed mint")?;
    let pricing = parse_pricing(&args.seed_pricing)?;
    let info = chain::mint_info(ctx, &seed_mint)?;
    let seed_amount = parse_amount(&args.seed, info.decimals, &info.symbol)?;
    let curator = match &args.curator {
        Some(text) => parse_pubkey(text, "curator")?,
        None => signer.pubkey(),
    };
    let fee_admin = match &args.fee_admin {
        Some(text) => parse_pubkey(text, "fee admin")?,
        None => signer.pubkey(),
    };
    let seed_account =
        pda::associated_token_account(&signer.pubkey(), &seed_mint, &info.token_program);
    let mut ixs = Vec::new();
    ixs.extend(crate::wsol::wrap_sol_if_needed(
        ctx,
        &signer.pubkey(),
        &seed_mint,
        seed_account,
        seed_amount,
    )?);
    let balance = chain::token_balance(ctx, &seed_account)?;
    if ixs.is_empty() && balance < seed_amount {
        bail!(
            "the seed deposit needs {} {} but {} holds {}",
            args.seed,
            info.symbol,
            seed_account,
            format_amount(balance, info.decimals)
        );
    }
    let lrt_mint = Keypair::new();
    ixs.push(build::create_vault(
        build::CreateVaultKeys {
            creator: signer.pubkey(),
            lrt_mint: lrt_mint.pubkey(),
            seed_mint,
            seed_token_program: info.token_program,
            creator_seed_account: seed_account,
        },
        CreateVaultArgs {
            name: args.name,
            symbol: args.symbol,
            uri: args.uri,
            curator,
            fee_admin,
            seed_asset: AddAssetArgs {
                pricing,
                deposit_cap: u64::MAX,
            },
            seed_amount,
        },
    ));
    let sent = tx::send(ctx, "vault creation", &ixs, &signer, &[&lrt_mint])?;
    let vault = pda::vault(&lrt_mint.pubkey());
    // The roles as the program set them: the creator's, with the keys named proposed.
    let state: Vault = chain::fetch_anchor(ctx, &vault, &lrt_vault::ID, "vault")?;
    #[derive(Serialize)]
    struct Created {
        vault: String,
        lrt_mint: String,
        curator: String,
        /// Proposed by --curator, waiting to accept (null if none).
        pending_curator: Option<String>,
        fee_admin: String,
        pending_fee_admin: Option<String>,
    }
    let roles = [
        RoleView::curator(&vault, &state),
        RoleView::fee_admin(&vault, &state),
    ];
    let result = TxResult {
        sent,
        detail: Created {
            vault: vault.to_string(),
            lrt_mint: lrt_mint.pubkey().to_string(),
            curator: state.curator.to_string(),
            pending_curator: state.pending_curator.map(|k| k.to_string()),
            fee_admin: state.fee_admin.to_string(),
            pending_fee_admin: state.pending_fee_admin.map(|k| k.to_string()),
        },
    };
    ctx.out.print(&result, |r| {
        let mut text = format!(
            "vault     {}\nLRT mint  {}",
            r.detail.vault, r.detail.lrt_mint
        );
        for role in &roles {
            text.push_str(&format!("\n{role}"));
        }
        text
    });
    Ok(())
}

fn add_asset(ctx: &Ctx, args: AddAssetCmdArgs) -> Result<()> {
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, &args.vault)?;
    require_signer(&signer, &state.curator, "vault's curator")?;
    let mint = parse_pubkey(&args.mint, "mint")?;
    let info = chain::mint_info(ctx, &mint)?;
    let pricing = parse_pricing(&args.pricing)?;
    let cap = parse_cap(&args.cap, info.decimals, &info.symbol)?;
    let ix = build::add_asset(
        signer.pubkey(),
        vault,
        mint,
        info.token_program,
        AddAssetArgs {
            pricing,
            deposit_cap: cap,
        },
    );
    let sent = tx::send(ctx, "add-asset", &[ix], &signer, &[])?;
    let result = TxResult {
        sent,
        detail: serde_json::json!({
            "vault": vault.to_string(),
            "asset_index": state.asset_count,
            "asset": info.symbol,
            "mint": mint.to_string(),
            "pricing": pricing_text(&pricing),
            "deposit_cap": cap_text(cap, info.decimals),
        }),
    };
    ctx.out.print(&result, |_| {
        format!("{} added to vault {vault}", info.symbol)
    });
    Ok(())
}

fn set_fees(ctx: &Ctx, vault: &str, deposit: &str, withdrawal: &str) -> Result<()> {
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, vault)?;
    require_signer(&signer, &state.fee_admin, "vault's fee admin")?;
    let deposit = parse_bps(deposit).context("--deposit")?;
    let withdrawal = parse_bps(withdrawal).context("--withdrawal")?;
    let ix = build::set_fees(signer.pubkey(), vault, deposit, withdrawal);
    let sent = tx::send(ctx, "set-fees", &[ix], &signer, &[])?;
    fees_result(ctx, sent, vault, "fees set")
}

/// What `set-fees` and `set-reward-fees` print: the fees as the program now holds them
/// (in force, and an announced increase with the epoch it applies from).
fn fees_result(ctx: &Ctx, sent: Sent, vault: Pubkey, what: &str) -> Result<()> {
    let (epoch, _) = chain::epoch(ctx)?;
    let state: Vault = chain::fetch_anchor(ctx, &vault, &lrt_vault::ID, "vault")?;
    let fees = FeesView::new(&state, epoch);
    #[derive(Serialize)]
    struct FeesSet {
        vault: String,
        current_epoch: u64,
        fees: FeesView,
        /// First epoch of the announced increase (null if none is pending).
        increases_apply_from_epoch: Option<u64>,
    }
    let result = TxResult {
        sent,
        detail: FeesSet {
            vault: vault.to_string(),
            current_epoch: epoch,
            increases_apply_from_epoch: fees.next_from_epoch,
            fees,
        },
    };
    ctx.out.print(&result, |r| {
        let d = &r.detail;
        let mut text = format!(
            "{what} for vault {}: in force now (epoch {}): {}",
            d.vault, d.current_epoch, d.fees.in_force
        );
        match (&d.fees.next, d.fees.next_from_epoch) {
            (Some(next), Some(from)) => text.push_str(&format!(
                "\nannounced, from epoch {from} (a full epoch of notice): {next}; deposits \
                 and withdrawal requests name the most they accept, so none pays it unless \
                 its signer accepted it"
            )),
            _ => text.push_str("\nno increase pending (a decrease applies at once)"),
        }
        text
    });
    Ok(())
}

fn set_caps(ctx: &Ctx, vault: &str, asset: &str, cap: &str) -> Result<()> {
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, vault)?;
    require_signer(&signer, &state.curator, "vault's curator")?;
    let index = chain::asset_index(ctx, &state, asset)?;
    let info = chain::mint_info(ctx, &state.assets[index as usize].mint)?;
    let cap = parse_cap(cap, info.decimals, &info.symbol)?;
    let ix = build::set_caps(signer.pubkey(), vault, index, cap);
    let sent = tx::send(ctx, "set-caps", &[ix], &signer, &[])?;
    let result = TxResult {
        sent,
        detail: serde_json::json!({
            "vault": vault.to_string(),
            "asset": info.symbol,
            "deposit_cap": cap_text(cap, info.decimals),
        }),
    };
    ctx.out.print(&result, |_| {
        format!(
            "deposit cap of {} set to {}",
            info.symbol,
            cap_text(cap, info.decimals)
        )
    });
    Ok(())
}

fn pause(ctx: &Ctx, args: PauseArgs, pause: bool) -> Result<()> {
    let signer = ctx.signer()?;
    let (vault, state) = chain::vault(ctx, &args.vault)?;
    let config = chain::config(ctx)?;
    // The program's own rule: the curator, the protocol's pauser or the config admin.
    if let Err(error) = state.check_pauser(&signer.pubkey(), &config) {
        bail!(
            "{}\nthe signer {} may not pause or resume vault {vault}: its curator ({}), the \
             pauser ({}) or the config admin ({}) may; pass one of their keypairs with \
             -k/--keypair",
            would_refuse(&lrt_vault::ID, &error),
            signer.pubkey(),
            state.curator,
            config.pauser,
            config.admin
        );
    }
    let both = !args.deposits && !args.withdrawals;
    let deposits = if both || args.deposits {
        pause
    } else {
        state.deposits_paused
    };
    let withdrawals = if both || args.withdrawals {
        pause
    } else {
        state.withdrawals_paused
    };
    let ix = build::set_vault_pause(signer.pubkey(), vault, deposits, withdrawals);
    let what = if pause { "pause" } else { "unpause" };
    let sent = tx::send(ctx, what, &[ix], &signer, &[])?;
    let result = TxResult {
        sent,
        detail: serde_json::json!({
            "vault": vault.to_string(),
            "deposits_paused": deposits,
            "withdrawals_paused": withdrawals,
        }),
    };
    ctx.out.print(&result, |_| {
        format!(
            "vault {vault}: deposits {}, withdrawals {}",
            if deposits { "paused" } else { "open" },
            if withdrawals { "paused" } else { "open" }
        )
    });
    Ok(())
}
