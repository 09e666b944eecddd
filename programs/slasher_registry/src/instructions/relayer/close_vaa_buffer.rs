//! The payer of a VAA buffer closes it without consuming it (an abandoned, refused or
//! mistaken post) and gets its rent back.
//!
//! Must hold: only the buffer's payer (the seeds name it and it signs); the rent goes to
//! the payer; nothing else changes (no replay record: the message can still be relayed).
use anchor_lang::prelude::*;

use crate::{constants::*, errors::RegistryError, state::VaaBuffer};

#[derive(Accounts)]
pub struct CloseVaaBuffer<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut, seeds = [VAA_BUFFER_SEED, payer.key().as_ref(), &vaa_buffer.nonce.to_le_bytes()],
              bump = vaa_buffer.bump, has_one = payer @ RegistryError::NotBufferPayer,
              close = payer)]
    pub vaa_buffer: Box<Account<'info, VaaBuffer>>,
}

impl CloseVaaBuffer<'_> {
    pub fn handle(_ctx: Context<Self>) -> Result<()> {
        Ok(())
    }
}
