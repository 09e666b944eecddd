//! `lrt balance [--owner OWNER]`: the signer's (or the owner's) LRT in every vault, with its
//! value, and the vaults' assets it holds.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{lrt_vault::state::Vault, pda};
use serde::Serialize;

use crate::{
    amount::{format_amount, sol},
    chain::{self, parse_pubkey},
    context::Ctx,
    stake::accrue,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Whose balances [default: the signer]
    #[arg(long)]
    pub owner: Option<String>,
}

#[derive(Serialize)]
struct Balances {
    owner: String,
    sol: String,
    lrt: Vec<LrtBalance>,
    tokens: Vec<TokenBalance>,
}

#[derive(Serialize)]
struct LrtBalance {
    vault: String,
    symbol: String,
    amount: String,
    /// At the vault's cached prices, rounded down.
    value_sol: String,
}

#[derive(Serialize)]
struct TokenBalance {
    symbol: String,
    mint: String,
    amount: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let owner = match &args.owner {
        Some(text) => parse_pubkey(text, "owner")?,
        None => ctx.signer_pubkey()?,
    };
    let lamports = ctx
        .rpc
        .get_balance_with_commitment(&owner, ctx.commitment)?
        .value;
    let slot = chain::slot(ctx)?;
    let mut lrt = Vec::new();
    let mut mints: Vec<(Pubkey, Pubkey)> = Vec::new();
    for (key, mut state) in chain::list_all::<Vault>(ctx, &lrt_vault::ID)? {
        let account = pda::lrt_account(&owner, &state.lrt_mint);
        let amount = chain::token_balance(ctx, &account)?;
        for slot in state.assets() {
            if !mints.iter().any(|(m, _)| *m == slot.mint) {
                mints.push((slot.mint, slot.token_program));
            }
        }
        if amount == 0 {
            continue;
        }
        let info = chain::mint_info(ctx, &state.lrt_mint)?;
        accrue(ctx, &mut state, slot)?;
        let value = state.active_value_wad().unwrap_or(0);
        let value_of_amount = if state.share_supply == 0 {
            0
        } else {
            restaking_math::wide::mul_div_floor(
                value,
                u128::from(amount),
                u128::from(state.share_supply),
            )
            .unwrap_or(0)
        };
        lrt.push(LrtBalance {
            vault: key.to_string(),
            symbol: info.symbol,
            amount: sol(amount),
            value_sol: crate::amount::sol_from_wad(value_of_amount),
        });
    }
    let mut tokens = Vec::new();
    for (mint, program) in mints {
        let amount =
            chain::token_balance(ctx, &pda::associated_token_account(&owner, &mint, &program))?;
        let info = chain::mint_info(ctx, &mint)?;
        tokens.push(TokenBalance {
            symbol: info.symbol,
            mint: mint.to_string(),
            amount: format_amount(amount, info.decimals),
        });
    }
    let balances = Balances {
        owner: owner.to_string(),
        sol: sol(lamports),
        lrt,
        tokens,
    };
    ctx.out.print(&balances, |b| {
        let mut t = format!("{}\n  SOL       {}\n", b.owner, b.sol);
        for l in &b.lrt {
            t.push_str(&format!(
                "  {:<9} {}  (worth {} SOL, vault {})\n",
                l.symbol, l.amount, l.value_sol, l.vault
            ));
        }
        for k in &b.tokens {
            t.push_str(&format!("  {:<9} {}\n", k.symbol, k.amount));
        }
        t
    });
    Ok(())
}
