//! Verifies the VAA in a buffer against the guardian set it names (one transaction, with
//! a compute-budget request: one `secp256k1_recover` of 25,000 CU per signature).
//!
//! Must hold (all by `xchain::verify_vaa`, the code the pure crate's tests run against
//! mainnet VAAs): the buffer parses as a VAA v1; it names this guardian set; the set is
//! current or within its grace period at the clock's Unix time; the signatures are no
//! more than the guardians and at least the quorum, with strictly increasing indices in
//! the set, low `s`, and every one recovers to its guardian's key. Then the buffer is
//! marked verified (frozen) with its digest. Only the buffer's payer calls it.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::{xchain_result, RegistryError},
    events::VaaVerified,
    state::{GuardianSetAccount, VaaBuffer},
};

#[event_cpi]
#[derive(Accounts)]
pub struct VerifyVaa<'info> {
    pub payer: Signer<'info>,
    #[account(mut, seeds = [VAA_BUFFER_SEED, payer.key().as_ref(), &vaa_buffer.nonce.to_le_bytes()],
              bump = vaa_buffer.bump, has_one = payer @ RegistryError::NotBufferPayer)]
    pub vaa_buffer: Box<Account<'info, VaaBuffer>>,
    #[account(seeds = [GUARDIAN_SET_SEED, &guardian_set.index.to_le_bytes()],
              bump = guardian_set.bump)]
    pub guardian_set: Box<Account<'info, GuardianSetAccount>>,
}

impl VerifyVaa<'_> {
    fn validate(&self) -> Result<()> {
        require!(!self.vaa_buffer.verified, RegistryError::VaaAlreadyVerified);
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let set = ctx.accounts.guardian_set.to_guardian_set();
        let (digest, signatures) = {
            let vaa = xchain_result(::xchain::Vaa::parse(&ctx.accounts.vaa_buffer.data))?;
            let verified = xchain_result(::xchain::verify_vaa(&vaa, &set, now))?;
            (verified.digest(), verified.signatures_verified())
        };
        let buffer = &mut ctx.accounts.vaa_buffer;
        buffer.verified = true;
        buffer.digest = digest;
        buffer.guardian_set_index = set.index;
        let key = buffer.key();
        emit_cpi!(VaaVerified {
            buffer: key,
            digest,
            guardian_set_index: set.index,
            signatures: u8::try_from(signatures).unwrap_or(u8::MAX),
        });
        Ok(())
    }
}
