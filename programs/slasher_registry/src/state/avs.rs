//! An actively validated service: who may request slashes for it, how much one request
//! may take, and where slashed funds go.
//!
//! Must hold: `0 < max_slash_wad <= 1e18`; a `Local` kind names a non-zero slash
//! authority; a `Remote` kind a non-zero chain and emitter; a `Recipient` destination a
//! non-zero owner; `request_count` is the index of the next request and only grows.
use anchor_lang::prelude::*;

use crate::{constants::MAX_METADATA_URI_LEN, errors::RegistryError};

#[account]
#[derive(InitSpace, Debug)]
pub struct Avs {
    /// Any key naming the AVS (its program id, typically); the PDA is `["avs", id]`.
    pub id: Pubkey,
    /// May deactivate the AVS (so may the registry admin; only the latter reactivates).
    pub admin: Pubkey,
    pub kind: AvsKind,
    /// Largest fraction (WAD) one request may take of an operator's stake.
    pub max_slash_wad: u128,
    /// Where the tokens of an executed slash go once swept.
    pub destination: SlashDestination,
    /// Requests, opt-ins and executions need an active AVS.
    pub active: bool,
    /// Requests made so far; the next request's index.
    pub request_count: u64,
    #[max_len(MAX_METADATA_URI_LEN)]
    pub metadata_uri: String,
    pub bump: u8,
}

/// Where slash requests of an AVS come from.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum AvsKind {
    /// On Solana: `slash_authority` signs `request_slash` (a PDA of the AVS program,
    /// through `invoke_signed`, or a plain key).
    Local { slash_authority: Pubkey },
    /// On another chain: requests arrive as guardian-signed messages from `emitter` on
    /// `chain` (Wormhole chain id).
    Remote { chain: u16, emitter: [u8; 32] },
}

impl AvsKind {
    pub fn validate(&self) -> Result<()> {
        let complete = match self {
            AvsKind::Local { slash_authority } => *slash_authority != Pubkey::default(),
            AvsKind::Remote { chain, emitter } => *chain != 0 && *emitter != [0; 32],
        };
        require!(complete, RegistryError::InvalidAvsKind);
        Ok(())
    }

    /// The key that signs local requests; `None` for a remote AVS.
    pub fn slash_authority(&self) -> Option<Pubkey> {
        match self {
            AvsKind::Local { slash_authority } => Some(*slash_authority),
            AvsKind::Remote { .. } => None,
        }
    }
}

/// Where slashed tokens go when the escrow is swept: the vault's own type, which
/// `apply_slash` takes, so both programs agree byte for byte.
pub use lrt_vault::state::SlashDestination;

/// A `Recipient` destination must name someone.
pub fn validate_destination(destination: &SlashDestination) -> Result<()> {
    if let SlashDestination::Recipient { owner } = destination {
        require_keys_neq!(*owner, Pubkey::default(), RegistryError::InvalidDestination);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        // The largest variants decide the space.
        let avs = Avs {
            id: Pubkey::default(),
            admin: Pubkey::default(),
            kind: AvsKind::Remote {
                chain: 0,
                emitter: [0; 32],
            },
            max_slash_wad: 0,
            destination: SlashDestination::Recipient {
                owner: Pubkey::default(),
            },
            active: true,
            request_count: 0,
            metadata_uri: "x".repeat(MAX_METADATA_URI_LEN),
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&avs),
            8 + Avs::INIT_SPACE
        );
    }

    #[test]
    fn kinds_and_destinations_must_name_someone() {
        let zero = Pubkey::default();
        let key = Pubkey::new_unique();
        assert!(AvsKind::Local {
            slash_authority: zero
        }
        .validate()
        .is_err());
        assert!(AvsKind::Local {
            slash_authority: key
        }
        .validate()
        .is_ok());
        assert!(AvsKind::Remote {
            chain: 0,
            emitter: [1; 32]
        }
        .validate()
        .is_err());
        assert!(AvsKind::Remote {
            chain: 2,
            emitter: [0; 32]
        }
        .validate()
        .is_err());
        assert!(AvsKind::Remote {
            chain: 2,
            emitter: [1; 32]
        }
        .validate()
        .is_ok());
        assert!(validate_destination(&SlashDestination::Recipient { owner: zero }).is_err());
        assert!(validate_destination(&SlashDestination::Recipient { owner: key }).is_ok());
        assert!(validate_destination(&SlashDestination::Burn).is_ok());
    }
}
