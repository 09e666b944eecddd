//! A relayer posts a VAA to its buffer in chunks (a 13-signature VAA does not fit one
//! transaction).
//!
//! Must hold:
//! - the buffer is `["vaa_buffer", payer, nonce]`: only its payer, who signs, writes it;
//! - the first chunk creates it for `total_len` bytes (1..=`MAX_VAA_LEN`), even at a
//!   pre-funded address; every chunk names the same `total_len`;
//! - the chunk fits at `offset`; a verified buffer is never written again.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    pda_accounts::{create_pda_account, exists, load, store},
    state::VaaBuffer,
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct PostVaaChunkArgs {
    pub nonce: u32,
    /// Length of the whole VAA.
    pub total_len: u32,
    pub offset: u32,
    pub bytes: Vec<u8>,
}

#[derive(Accounts)]
#[instruction(args: PostVaaChunkArgs)]
pub struct PostVaaChunk<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// CHECK: created by the first chunk, then read and written as a `VaaBuffer`.
    #[account(mut, seeds = [VAA_BUFFER_SEED, payer.key().as_ref(), &args.nonce.to_le_bytes()],
              bump)]
    pub vaa_buffer: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl PostVaaChunk<'_> {
    fn validate(&self, args: &PostVaaChunkArgs) -> Result<()> {
        VaaBuffer::check_len(args.total_len)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: PostVaaChunkArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let info = accounts.vaa_buffer.to_account_info();
        let mut buffer = if exists(&info) {
            load::<VaaBuffer>(&info)?
        } else {
            let payer = accounts.payer.key();
            create_pda_account(
                &accounts.payer.to_account_info(),
                &info,
                &accounts.system_program.to_account_info(),
                VaaBuffer::space(args.total_len as usize),
                &[
                    VAA_BUFFER_SEED,
                    payer.as_ref(),
                    &args.nonce.to_le_bytes(),
                    &[ctx.bumps.vaa_buffer],
                ],
            )?;
            VaaBuffer {
                payer,
                nonce: args.nonce,
                verified: false,
                digest: [0; 32],
                guardian_set_index: 0,
                bump: ctx.bumps.vaa_buffer,
                data: vec![0; args.total_len as usize],
            }
        };
        require_keys_eq!(
            buffer.payer,
            accounts.payer.key(),
            RegistryError::NotBufferPayer
        );
        buffer.write(args.total_len, args.offset, &args.bytes)?;
        store(&info, &buffer)
    }
}
