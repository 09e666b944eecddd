//! The claim of a remote emitter by one AVS: `["remote_emitter", chain_be, emitter]`.
//!
//! Inbound messages are accepted for an AVS whose kind in force names their emitter, and
//! each `(chain, emitter, sequence)` is consumed once: two AVSs naming the same emitter
//! would let a message meant for one be consumed as the other (a slash censored by being
//! front-run into a colluding AVS, a reward notice spending another AVS's inbox). So an
//! emitter speaks for at most one AVS, ever.
//!
//! Must hold: the claim is created when an AVS first gets a `Remote` kind of that chain
//! and emitter (`register_avs`, `announce_avs_change`), by whoever signs, even at a
//! pre-funded address; it is never written again nor closed (an emitter an AVS once used
//! never speaks for another: its old signed messages must not become valid elsewhere);
//! every inbound message presents the claim of its emitter, which must name the AVS
//! (`Avs::check_remote_origin`).
use anchor_lang::prelude::*;

use crate::{constants::REMOTE_EMITTER_SEED, errors::RegistryError};

#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct RemoteEmitter {
    /// Wormhole chain id of the emitter.
    pub chain: u16,
    /// The emitter's 32-byte address on that chain.
    pub emitter: [u8; 32],
    /// The one AVS (its account) this emitter speaks for.
    pub avs: Pubkey,
    pub bump: u8,
}

impl RemoteEmitter {
    /// The claim's address and bump for `(chain, emitter)`.
    pub fn address(chain: u16, emitter: &[u8; 32]) -> (Pubkey, u8) {
        Pubkey::find_program_address(
            &[REMOTE_EMITTER_SEED, &chain.to_be_bytes(), emitter],
            &crate::ID,
        )
    }

    /// This claim lets a message of `(chain, emitter)` speak for the AVS `avs`: it is the
    /// claim of that emitter (`WrongEmitterClaim`) and names that AVS
    /// (`EmitterClaimedByAnotherAvs`).
    pub fn check_speaks_for(&self, avs: &Pubkey, chain: u16, emitter: &[u8; 32]) -> Result<()> {
        require!(
            self.chain == chain && self.emitter == *emitter,
            RegistryError::WrongEmitterClaim
        );
        require_keys_eq!(self.avs, *avs, RegistryError::EmitterClaimedByAnotherAvs);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let claim = RemoteEmitter {
            chain: 0,
            emitter: [0; 32],
            avs: Pubkey::default(),
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&claim),
            8 + RemoteEmitter::INIT_SPACE
        );
        assert_eq!(8 + RemoteEmitter::INIT_SPACE, 8 + 2 + 32 + 32 + 1);
    }

    #[test]
    fn a_claim_speaks_for_its_emitter_and_its_avs_only() {
        let avs = Pubkey::new_unique();
        let claim = RemoteEmitter {
            chain: 2,
            emitter: [7; 32],
            avs,
            bump: 0,
        };
        claim.check_speaks_for(&avs, 2, &[7; 32]).unwrap();
        assert_eq!(
            claim.check_speaks_for(&avs, 3, &[7; 32]).unwrap_err(),
            RegistryError::WrongEmitterClaim.into()
        );
        assert_eq!(
            claim.check_speaks_for(&avs, 2, &[8; 32]).unwrap_err(),
            RegistryError::WrongEmitterClaim.into()
        );
        assert_eq!(
            claim
                .check_speaks_for(&Pubkey::new_unique(), 2, &[7; 32])
                .unwrap_err(),
            RegistryError::EmitterClaimedByAnotherAvs.into()
        );
    }
}
