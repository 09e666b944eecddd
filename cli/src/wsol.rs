//! Wrapping native SOL into the wSOL account a deposit, a seed or a reward pays from, and
//! checking the token account such a payment comes from.
use anchor_lang::prelude::Pubkey;
use anchor_spl::{
    associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent,
    token::spl_token,
};
use anyhow::{bail, Result};
use lrt_client::{lrt_vault::constants::WSOL_MINT, Instruction};

use crate::{
    amount::{format_amount, sol},
    chain::{self, MintInfo},
    context::Ctx,
};

/// Lamports kept back when wrapping SOL, for fees and the accounts a deposit may create.
const FEE_HEADROOM: u64 = 10_000_000;

/// For a wSOL deposit: instructions that wrap the SOL missing from the wSOL account
/// (create it, transfer, sync), after checking the wallet has that SOL plus fee headroom.
pub fn wrap_sol_if_needed(
    ctx: &Ctx,
    owner: &Pubkey,
    mint: &Pubkey,
    wsol_account: Pubkey,
    amount: u64,
) -> Result<Vec<Instruction>> {
    if *mint != WSOL_MINT {
        return Ok(vec![]);
    }
    let wrapped = chain::token_balance(ctx, &wsol_account)?;
    if wrapped >= amount {
        return Ok(vec![]);
    }
    let missing = amount - wrapped;
    let lamports = ctx
        .rpc
        .get_balance_with_commitment(owner, ctx.commitment)?
        .value;
    if lamports < missing.saturating_add(FEE_HEADROOM) {
        bail!(
            "insufficient balance: {owner} holds {} wSOL and {} SOL; wrapping {} SOL more needs \
             about {} SOL with fees",
            sol(wrapped),
            sol(lamports),
            sol(missing),
            sol(missing.saturating_add(FEE_HEADROOM))
        );
    }
    Ok(vec![
        create_associated_token_account_idempotent(owner, owner, mint, &spl_token::ID),
        anchor_lang::solana_program::system_instruction::transfer(owner, &wsol_account, missing),
        spl_token::instruction::sync_native(&spl_token::ID, &wsol_account)?,
    ])
}

/// The owner's associated token account that pays `amount` of `mint` (`info`), and the
/// instructions that make it hold that much: none if it does, a wrap of the missing SOL for
/// wSOL (unless `no_wrap`), else a refusal naming the balance. `amount_text` is the amount
/// as the user typed it, `what` names the payment ("deposit", "reward").
pub fn fund_payment(
    ctx: &Ctx,
    owner: &Pubkey,
    mint: &Pubkey,
    info: &MintInfo,
    amount: u64,
    (amount_text, what): (&str, &str),
    no_wrap: bool,
) -> Result<(Pubkey, Vec<Instruction>)> {
    let source = lrt_client::pda::associated_token_account(owner, mint, &info.token_program);
    if !no_wrap && *mint == WSOL_MINT {
        return Ok((
            source,
            wrap_sol_if_needed(ctx, owner, mint, source, amount)?,
        ));
    }
    let balance = chain::token_balance(ctx, &source)?;
    if balance < amount {
        bail!(
            "insufficient balance: {owner} holds {} {} (in {source}), the {what} needs \
             {amount_text}",
            format_amount(balance, info.decimals),
            info.symbol,
        );
    }
    Ok((source, Vec::new()))
}
