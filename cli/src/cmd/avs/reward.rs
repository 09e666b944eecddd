//! `lrt avs reward VAULT OPERATOR AMOUNT ASSET [--no-wrap]`: pay a reward into a vault for
//! its stake with an operator, from the signer's tokens; prints the split that landed (the
//! `RewardsDistributed` event).
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{bail, Result};
use lrt_client::{
    instructions::{self as build, RewardKeys},
    lrt_vault::{instructions::DistributeRewardsArgs, state::Delegation},
    pda,
    program_events::{ProgramEvent, VaultEvent},
};
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    amount::parse_amount,
    chain,
    context::Ctx,
    registry_accounts::resolve_operator,
    stake::rolled,
    tx::{self, Sent},
    views::reward_split::RewardSplitView,
};

#[derive(clap::Args, Debug)]
pub struct Args {
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

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
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
    let (source, mut ixs) = crate::wsol::fund_payment(
        ctx,
        &payer,
        &slot.mint,
        &info,
        amount,
        (&args.amount, "reward"),
        args.no_wrap,
    )?;
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
    let landed = tx::send_and_read(ctx, "reward", &ixs, &signer, &[])?;
    let event = landed.event("reward", "RewardsDistributed", |e| match e {
        ProgramEvent::Vault(VaultEvent::RewardsDistributed(e)) => Some(e),
        _ => None,
    })?;
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    #[derive(Serialize)]
    struct Rewarded {
        #[serde(flatten)]
        sent: Sent,
        #[serde(flatten)]
        split: RewardSplitView,
    }
    let result = Rewarded {
        sent: landed.sent.clone(),
        split: RewardSplitView::new(
            event,
            &info.symbol,
            info.decimals,
            &lrt.symbol,
            &operator_account,
        ),
    };
    ctx.out.print(&result, |r| r.split.to_string());
    Ok(())
}
