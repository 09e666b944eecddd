//! The LRT's two token movements: the vault mints shares (signing as its PDA
//! `["vault", lrt_mint]`) and a holder burns its own. Every instruction that creates or
//! destroys shares goes through here; each caller moves `Vault::share_supply` and its
//! ledgers in step.
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Burn, MintTo};

use crate::constants::VAULT_SEED;

/// Mints `shares` of `lrt_mint` to `to`, signed by `vault` (bump `vault_bump`).
pub fn mint_shares<'info>(
    lrt_token_program: Pubkey,
    lrt_mint: AccountInfo<'info>,
    vault: AccountInfo<'info>,
    vault_bump: u8,
    to: AccountInfo<'info>,
    shares: u64,
) -> Result<()> {
    let lrt_mint_key = lrt_mint.key();
    let signer_seeds: &[&[&[u8]]] = &[&[VAULT_SEED, lrt_mint_key.as_ref(), &[vault_bump]]];
    token_interface::mint_to(
        CpiContext::new_with_signer(
            lrt_token_program,
            MintTo {
                mint: lrt_mint,
                to,
                authority: vault,
            },
            signer_seeds,
        ),
        shares,
    )
}

/// Burns `shares` of `lrt_mint` from `from`, signed by its owner `holder`.
pub fn burn_shares<'info>(
    lrt_token_program: Pubkey,
    lrt_mint: AccountInfo<'info>,
    from: AccountInfo<'info>,
    holder: AccountInfo<'info>,
    shares: u64,
) -> Result<()> {
    token_interface::burn(
        CpiContext::new(
            lrt_token_program,
            Burn {
                mint: lrt_mint,
                from,
                authority: holder,
            },
        ),
        shares,
    )
}
