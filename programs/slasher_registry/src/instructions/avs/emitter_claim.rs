//! Claiming a remote emitter for an AVS when it gets a `Remote` kind (`register_avs`,
//! `announce_avs_change`): the one rule of `state::remote_emitter`, at the two places an
//! AVS's kind is set.
//!
//! Must hold: a `Local` kind needs no claim (the account, if given, is ignored); a
//! `Remote { chain, emitter }` kind needs the account `["remote_emitter", chain_be,
//! emitter]` (`MissingEmitterClaim` if absent, `WrongEmitterClaim` at another address);
//! if the claim exists it names this AVS (`EmitterClaimedByAnotherAvs`; the AVS announcing
//! back an emitter it had needs nothing more), else it is created, paid by the signer,
//! even at a pre-funded address.
use anchor_lang::prelude::*;

use crate::{
    constants::REMOTE_EMITTER_SEED,
    errors::RegistryError,
    pda_accounts::{create_pda_account, exists, load, store},
    state::{AvsKind, RemoteEmitter},
};

/// A claim to create: the emitter is `Remote` and unclaimed.
pub struct NewClaim {
    pub chain: u16,
    pub emitter: [u8; 32],
    pub bump: u8,
}

/// What giving `avs` the kind `kind` requires of the claim account `claim` (module
/// docs): `None` when nothing is to be created.
pub fn check_emitter_claim(
    kind: &AvsKind,
    avs: &Pubkey,
    claim: Option<&AccountInfo>,
) -> Result<Option<NewClaim>> {
    let AvsKind::Remote { chain, emitter } = *kind else {
        return Ok(None);
    };
    let claim = claim.ok_or_else(|| error!(RegistryError::MissingEmitterClaim))?;
    let (address, bump) = RemoteEmitter::address(chain, &emitter);
    require_keys_eq!(claim.key(), address, RegistryError::WrongEmitterClaim);
    if exists(claim) {
        load::<RemoteEmitter>(claim)?.check_speaks_for(avs, chain, &emitter)?;
        return Ok(None);
    }
    Ok(Some(NewClaim {
        chain,
        emitter,
        bump,
    }))
}

impl NewClaim {
    /// Creates the claim of this emitter for `avs`, paid by `payer`.
    pub fn create<'info>(
        &self,
        payer: &AccountInfo<'info>,
        claim: &AccountInfo<'info>,
        system_program: &AccountInfo<'info>,
        avs: Pubkey,
    ) -> Result<()> {
        create_pda_account(
            payer,
            claim,
            system_program,
            8 + RemoteEmitter::INIT_SPACE,
            &[
                REMOTE_EMITTER_SEED,
                &self.chain.to_be_bytes(),
                &self.emitter,
                &[self.bump],
            ],
        )?;
        store(
            claim,
            &RemoteEmitter {
                chain: self.chain,
                emitter: self.emitter,
                avs,
                bump: self.bump,
            },
        )
    }
}
