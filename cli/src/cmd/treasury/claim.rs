//! `lrt treasury claim VAULT [--to LRT_ACCOUNT]`: the treasury turns the fees a vault kept
//! for it (its ledger shares, `Vault.treasury_shares`) into LRT, paid into its associated
//! LRT account (created if missing) or any LRT account it names. Fees never travel to the
//! treasury during a user's transaction, so no account of the treasury can block a user.
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{bail, Result};
use lrt_client::{
    instructions as build, pda,
    program_events::{ProgramEvent, VaultEvent},
    token_programs::TOKEN_2022,
};
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    amount::sol,
    chain::{self, parse_pubkey},
    context::{require_signer, Ctx},
    tx,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
    /// LRT token account to pay into [default: the treasury's associated LRT account,
    /// created if missing]
    #[arg(long, value_name = "LRT_ACCOUNT")]
    pub to: Option<String>,
}

#[derive(Serialize)]
struct Claimed {
    /// Null when there was nothing to claim (nothing is sent).
    signature: Option<String>,
    explorer: Option<String>,
    vault: String,
    treasury: String,
    destination: String,
    /// LRT minted into `destination` (the ledger's shares, one for one).
    claimed: String,
    claimed_shares: u64,
    /// The ledger after the claim.
    treasury_shares: String,
    /// `destination`'s LRT balance after the claim.
    destination_balance: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let signer = ctx.signer()?;
    let treasury = signer.pubkey();
    let (vault, state) = chain::vault(ctx, &args.vault)?;
    let config = chain::config(ctx)?;
    require_signer(&signer, &config.treasury, "treasury")?;
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    let mut ixs = Vec::new();
    let destination = match &args.to {
        Some(text) => {
            let account = parse_pubkey(text, "--to")?;
            match chain::token_account(ctx, &account)? {
                Some((mint, _, _)) if mint == state.lrt_mint => account,
                Some((mint, _, _)) => bail!(
                    "--to {account} holds {mint}, not the vault's LRT ({} {})",
                    lrt.symbol,
                    state.lrt_mint
                ),
                None => bail!(
                    "--to {account} is not a token account; create an LRT account of mint {} \
                     first, or leave --to out to use the treasury's associated account",
                    state.lrt_mint
                ),
            }
        }
        None => {
            ixs.push(create_associated_token_account_idempotent(
                &treasury,
                &treasury,
                &state.lrt_mint,
                &TOKEN_2022,
            ));
            pda::lrt_account(&treasury, &state.lrt_mint)
        }
    };
    // Nothing owed: the program would succeed without effect; nothing is sent.
    let (signature, explorer, claimed, treasury_shares) = if state.treasury_shares == 0 {
        (None, None, 0, state.treasury_shares)
    } else {
        ixs.push(build::claim_treasury_fees(&state, treasury, destination));
        let landed = tx::send_and_read(ctx, "treasury claim", &ixs, &signer, &[])?;
        let event = landed.event("treasury claim", "TreasuryFeesClaimed", |e| match e {
            ProgramEvent::Vault(VaultEvent::TreasuryFeesClaimed(e)) => Some(e),
            _ => None,
        })?;
        let (claimed, left) = (event.shares, event.snapshot.treasury_shares);
        (
            Some(landed.sent.signature),
            Some(landed.sent.explorer),
            claimed,
            left,
        )
    };
    let balance = chain::token_balance(ctx, &destination)?;
    let result = Claimed {
        signature,
        explorer,
        vault: vault.to_string(),
        treasury: treasury.to_string(),
        destination: destination.to_string(),
        claimed: sol(claimed),
        claimed_shares: claimed,
        treasury_shares: sol(treasury_shares),
        destination_balance: sol(balance),
    };
    ctx.out.print(&result, |r| {
        if r.signature.is_none() {
            return format!(
                "nothing to claim: vault {} owes the treasury no fees (nothing was sent)",
                r.vault
            );
        }
        format!(
            "claimed {} {} of fees from vault {} into {} (now holding {} {}); the ledger \
             owes {} {}",
            r.claimed,
            lrt.symbol,
            r.vault,
            r.destination,
            r.destination_balance,
            lrt.symbol,
            r.treasury_shares,
            lrt.symbol
        )
    });
    Ok(())
}
