//! An actively validated service: who may request slashes for it, how much one request
//! may take, and where slashed funds go.
//!
//! Must hold: `0 < max_slash_wad <= 1e18`; a `Local` kind names a non-zero slash
//! authority; a `Remote` kind a non-zero chain and emitter; a `Recipient` destination a
//! non-zero owner (each for the current and the next value alike); `request_count` is the
//! index of the next request and only grows.
//!
//! # Changes with notice (DESIGN.md sections 7, invariant 10, and 8; EigenLayer ELIP-013)
//! Operators and vaults opted in under an AVS's slash authority, maximum and destination,
//! so a change of any of them announced during epoch `e` applies from `e + 2`
//! (`restaking_math::notice`), all three together from `changes_effective_epoch`: `kind`,
//! `max_slash_wad` and `destination` until then, their `next_*` from it, read only through
//! [`Avs::kind_at`], [`Avs::max_slash_wad_at`] and [`Avs::destination_at`]. An
//! announcement first folds a change already in force, so a second one replaces a change
//! still pending (and postpones the other pending values to its own epoch: never sooner),
//! never one that applied. `request_slash` checks the signer against the kind in force
//! now and records the maximum and the destination in force in the request, which
//! executes with those: a pending request keeps its rules whatever is announced after it.
use anchor_lang::prelude::*;

use crate::{
    constants::{MAX_METADATA_URI_LEN, WAD},
    errors::RegistryError,
    state::RemoteEmitter,
};

#[account]
#[derive(InitSpace, Debug)]
pub struct Avs {
    /// Any key naming the AVS (its program id, typically); the PDA is `["avs", id]`.
    pub id: Pubkey,
    /// May deactivate the AVS and announce changes (so may the registry admin; only the
    /// latter reactivates).
    pub admin: Pubkey,
    /// Who may request slashes, until `changes_effective_epoch`.
    pub kind: AvsKind,
    /// Who may request slashes from `changes_effective_epoch`.
    pub next_kind: AvsKind,
    /// Largest fraction (WAD) one request may take of an operator's stake, until
    /// `changes_effective_epoch`.
    pub max_slash_wad: u128,
    /// The maximum from `changes_effective_epoch`.
    pub next_max_slash_wad: u128,
    /// Where the tokens of an executed slash go once swept, for requests made until
    /// `changes_effective_epoch`.
    pub destination: SlashDestination,
    /// The destination of requests made from `changes_effective_epoch`.
    pub next_destination: SlashDestination,
    /// First restaking epoch of the `next_*` values (announcement epoch + 2; 0 at
    /// registration, when they equal the current ones).
    pub changes_effective_epoch: u64,
    /// Requests, opt-ins and executions need an active AVS.
    pub active: bool,
    /// Requests made so far; the next request's index.
    pub request_count: u64,
    #[max_len(MAX_METADATA_URI_LEN)]
    pub metadata_uri: String,
    pub bump: u8,
}

impl Avs {
    /// Whether the signer may announce `kind` for this AVS: its admin may change a local
    /// slash authority, but which remote emitter speaks for an AVS, or whether it stops or
    /// starts being remote, is the registry admin's decision, as at registration
    /// (`RemoteKindByRegistryAdmin`). Otherwise an AVS admin could claim another chain's
    /// emitter forever (claims are never released) or replace guardian-signed messages
    /// with its own key.
    pub fn check_kind_announcer(&self, kind: &AvsKind, by_registry_admin: bool) -> Result<()> {
        let remote = |k: &AvsKind| matches!(k, AvsKind::Remote { .. });
        require!(
            by_registry_admin || !(remote(kind) || remote(&self.kind) || remote(&self.next_kind)),
            RegistryError::RemoteKindByRegistryAdmin
        );
        Ok(())
    }

    /// A message of `(emitter_chain, emitter)` speaks for this AVS, whose account is
    /// `key`, during restaking epoch `cur`: the kind in force is `Remote` with that chain
    /// (`WrongEmitterChain`) and emitter (`WrongEmitter`), not `Local` (`AvsNotRemote`);
    /// `claim` is that emitter's claim (`MissingEmitterClaim` when there is none,
    /// `WrongEmitterClaim`) and names this AVS (`EmitterClaimedByAnotherAvs`: the emitter
    /// speaks for no other); and the AVS is active (`AvsInactive`). The one origin rule of
    /// every inbound message.
    pub fn check_remote_origin(
        &self,
        key: &Pubkey,
        claim: Option<&RemoteEmitter>,
        cur: u64,
        emitter_chain: u16,
        emitter: &[u8; 32],
    ) -> Result<()> {
        match self.kind_at(cur) {
            AvsKind::Remote {
                chain,
                emitter: expected,
            } => {
                require_eq!(emitter_chain, chain, RegistryError::WrongEmitterChain);
                require!(*emitter == expected, RegistryError::WrongEmitter);
            }
            AvsKind::Local { .. } => return err!(RegistryError::AvsNotRemote),
        }
        claim
            .ok_or_else(|| error!(RegistryError::MissingEmitterClaim))?
            .check_speaks_for(key, emitter_chain, emitter)?;
        require!(self.active, RegistryError::AvsInactive);
        Ok(())
    }

    /// Who may request slashes during restaking epoch `epoch` (module docs).
    pub fn kind_at(&self, epoch: u64) -> AvsKind {
        restaking_math::in_force(
            self.kind,
            self.next_kind,
            self.changes_effective_epoch,
            epoch,
        )
    }

    /// The largest fraction a request made during `epoch` may take (module docs).
    pub fn max_slash_wad_at(&self, epoch: u64) -> u128 {
        restaking_math::in_force(
            self.max_slash_wad,
            self.next_max_slash_wad,
            self.changes_effective_epoch,
            epoch,
        )
    }

    /// Where the tokens of a request made during `epoch` go (module docs).
    pub fn destination_at(&self, epoch: u64) -> SlashDestination {
        restaking_math::in_force(
            self.destination,
            self.next_destination,
            self.changes_effective_epoch,
            epoch,
        )
    }

    /// Announces, during restaking epoch `cur`, the values given (`None` keeps the one
    /// announced last): they apply from `cur + 2`. Changes already in force are folded
    /// into the current values first. Nothing new to announce fails
    /// (`NothingToAnnounce`). (The caller validates the values.)
    pub fn announce_changes(
        &mut self,
        kind: Option<AvsKind>,
        max_slash_wad: Option<u128>,
        destination: Option<SlashDestination>,
        cur: u64,
    ) -> Result<()> {
        let next_kind = kind.unwrap_or(self.next_kind);
        let next_max_slash_wad = max_slash_wad.unwrap_or(self.next_max_slash_wad);
        let next_destination = destination.unwrap_or(self.next_destination);
        require!(
            (next_kind, next_max_slash_wad, next_destination)
                != (
                    self.next_kind,
                    self.next_max_slash_wad,
                    self.next_destination
                ),
            RegistryError::NothingToAnnounce
        );
        self.kind = self.kind_at(cur);
        self.max_slash_wad = self.max_slash_wad_at(cur);
        self.destination = self.destination_at(cur);
        self.next_kind = next_kind;
        self.next_max_slash_wad = next_max_slash_wad;
        self.next_destination = next_destination;
        self.changes_effective_epoch = restaking_math::effective_epoch(cur);
        Ok(())
    }
}

/// The one bound of a maximum slash, at registration and at each announcement.
pub fn validate_max_slash_wad(max_slash_wad: u128) -> Result<()> {
    require!(
        max_slash_wad > 0 && max_slash_wad <= WAD,
        RegistryError::InvalidMaxSlash
    );
    Ok(())
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
            next_kind: AvsKind::Remote {
                chain: 0,
                emitter: [0; 32],
            },
            max_slash_wad: 0,
            next_max_slash_wad: 0,
            destination: SlashDestination::Recipient {
                owner: Pubkey::default(),
            },
            next_destination: SlashDestination::Recipient {
                owner: Pubkey::default(),
            },
            changes_effective_epoch: 0,
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
    fn only_the_registry_admin_announces_or_replaces_a_remote_kind() {
        let local = AvsKind::Local {
            slash_authority: Pubkey::new_unique(),
        };
        let remote = AvsKind::Remote {
            chain: 2,
            emitter: [7; 32],
        };
        let avs = |kind: AvsKind, next_kind: AvsKind| Avs {
            id: Pubkey::default(),
            admin: Pubkey::default(),
            kind,
            next_kind,
            max_slash_wad: WAD,
            next_max_slash_wad: WAD,
            destination: SlashDestination::Burn,
            next_destination: SlashDestination::Burn,
            changes_effective_epoch: 0,
            active: true,
            request_count: 0,
            metadata_uri: String::new(),
            bump: 0,
        };
        let refused = RegistryError::RemoteKindByRegistryAdmin.into();
        // a local AVS's admin rotates its slash authority
        avs(local, local)
            .check_kind_announcer(&local, false)
            .unwrap();
        // but neither makes it remote, nor changes or drops a remote kind (in force or
        // announced)
        for (a, kind) in [
            (avs(local, local), remote),
            (avs(remote, remote), local),
            (avs(remote, remote), remote),
            (avs(local, remote), local),
        ] {
            assert_eq!(a.check_kind_announcer(&kind, false).unwrap_err(), refused);
            a.check_kind_announcer(&kind, true).unwrap();
        }
    }

    #[test]
    fn a_message_speaks_for_an_active_remote_avs_of_its_chain_and_emitter_in_force() {
        let remote = AvsKind::Remote {
            chain: 2,
            emitter: [7; 32],
        };
        let mut avs = Avs {
            id: Pubkey::default(),
            admin: Pubkey::default(),
            kind: remote,
            next_kind: AvsKind::Remote {
                chain: 2,
                emitter: [8; 32],
            },
            max_slash_wad: WAD,
            next_max_slash_wad: WAD,
            destination: SlashDestination::Recipient {
                owner: Pubkey::new_unique(),
            },
            next_destination: SlashDestination::Recipient {
                owner: Pubkey::new_unique(),
            },
            changes_effective_epoch: 10,
            active: true,
            request_count: 0,
            metadata_uri: String::new(),
            bump: 0,
        };
        let key = Pubkey::new_unique();
        let claim = |emitter: [u8; 32], avs: Pubkey| RemoteEmitter {
            chain: 2,
            emitter,
            avs,
            bump: 0,
        };
        let (seven, eight) = (claim([7; 32], key), claim([8; 32], key));
        let error = |r: Result<()>| r.unwrap_err();
        avs.check_remote_origin(&key, Some(&seven), 9, 2, &[7; 32])
            .unwrap();
        assert_eq!(
            error(avs.check_remote_origin(&key, Some(&seven), 9, 3, &[7; 32])),
            RegistryError::WrongEmitterChain.into()
        );
        assert_eq!(
            error(avs.check_remote_origin(&key, Some(&eight), 9, 2, &[8; 32])),
            RegistryError::WrongEmitter.into()
        );
        // the emitter's claim, naming this AVS
        assert_eq!(
            error(avs.check_remote_origin(&key, Some(&eight), 9, 2, &[7; 32])),
            RegistryError::WrongEmitterClaim.into()
        );
        assert_eq!(
            error(avs.check_remote_origin(
                &key,
                Some(&claim([7; 32], Pubkey::new_unique())),
                9,
                2,
                &[7; 32]
            )),
            RegistryError::EmitterClaimedByAnotherAvs.into()
        );
        assert_eq!(
            error(avs.check_remote_origin(&key, None, 9, 2, &[7; 32])),
            RegistryError::MissingEmitterClaim.into()
        );
        // the announced emitter from its epoch on, the old one no more
        avs.check_remote_origin(&key, Some(&eight), 10, 2, &[8; 32])
            .unwrap();
        assert_eq!(
            error(avs.check_remote_origin(&key, Some(&seven), 10, 2, &[7; 32])),
            RegistryError::WrongEmitter.into()
        );
        avs.active = false;
        assert_eq!(
            error(avs.check_remote_origin(&key, Some(&seven), 9, 2, &[7; 32])),
            RegistryError::AvsInactive.into()
        );
        avs.kind = AvsKind::Local {
            slash_authority: Pubkey::new_unique(),
        };
        assert_eq!(
            error(avs.check_remote_origin(&key, Some(&seven), 9, 2, &[7; 32])),
            RegistryError::AvsNotRemote.into()
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

    #[test]
    fn changes_announced_during_e_apply_from_e_plus_2_and_none_keeps_the_announced() {
        let [a, b, c] = [1u8, 2, 3].map(|k| AvsKind::Local {
            slash_authority: Pubkey::new_from_array([k; 32]),
        });
        let recipient = SlashDestination::Recipient {
            owner: Pubkey::new_from_array([9; 32]),
        };
        let mut avs = Avs {
            id: Pubkey::default(),
            admin: Pubkey::default(),
            kind: a,
            next_kind: a,
            max_slash_wad: WAD,
            next_max_slash_wad: WAD,
            destination: SlashDestination::Burn,
            next_destination: SlashDestination::Burn,
            changes_effective_epoch: 0,
            active: true,
            request_count: 0,
            metadata_uri: String::new(),
            bump: 0,
        };
        assert_eq!(
            avs.announce_changes(Some(a), Some(WAD), None, 4)
                .unwrap_err(),
            RegistryError::NothingToAnnounce.into()
        );
        avs.announce_changes(Some(b), None, Some(recipient), 4)
            .unwrap();
        assert_eq!([4, 5, 6].map(|e| avs.kind_at(e)), [a, a, b]);
        assert_eq!(
            [5, 6].map(|e| avs.destination_at(e)),
            [SlashDestination::Burn, recipient]
        );
        assert_eq!(avs.max_slash_wad_at(6), WAD);
        // during 5 the maximum changes: the pending kind and destination wait until 7
        avs.announce_changes(None, Some(WAD / 2), None, 5).unwrap();
        assert_eq!([6, 7].map(|e| avs.kind_at(e)), [a, b]);
        assert_eq!([6, 7].map(|e| avs.max_slash_wad_at(e)), [WAD, WAD / 2]);
        assert_eq!(avs.destination_at(7), recipient);
        // during 9, after they applied: folded, then the next one from 11
        avs.announce_changes(Some(c), None, None, 9).unwrap();
        assert_eq!(
            (avs.kind, avs.max_slash_wad, avs.destination),
            (b, WAD / 2, recipient)
        );
        assert_eq!([10, 11].map(|e| avs.kind_at(e)), [b, c]);
        assert_eq!(avs.max_slash_wad_at(11), WAD / 2);
    }
}
