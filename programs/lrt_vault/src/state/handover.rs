//! Two-step handover of a role (config admin, treasury, a vault's curator or fee admin):
//! the holder proposes a successor, who takes the role only by signing for it, so a typo
//! can never give a role to a key nobody controls, and nobody is named without consent.
use anchor_lang::prelude::*;

use crate::errors::VaultError;

/// The proposed successor `signer` takes the role held in `holder`; returns the previous
/// holder. Fails with `not_pending` unless `signer` is the proposal. Afterwards nothing is
/// pending.
pub fn accept_role(
    holder: &mut Pubkey,
    pending: &mut Option<Pubkey>,
    signer: Pubkey,
    not_pending: VaultError,
) -> Result<Pubkey> {
    if *pending != Some(signer) {
        return Err(not_pending.into());
    }
    let previous = *holder;
    *holder = signer;
    *pending = None;
    Ok(previous)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_proposed_key_takes_the_role_once() {
        let (old, new, other) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let (mut holder, mut pending) = (old, Some(new));
        assert!(accept_role(
            &mut holder,
            &mut pending,
            other,
            VaultError::NotPendingCurator
        )
        .is_err());
        assert_eq!((holder, pending), (old, Some(new)));
        assert_eq!(
            accept_role(
                &mut holder,
                &mut pending,
                new,
                VaultError::NotPendingCurator
            )
            .unwrap(),
            old
        );
        assert_eq!((holder, pending), (new, None));
        assert!(accept_role(
            &mut holder,
            &mut pending,
            new,
            VaultError::NotPendingCurator
        )
        .is_err());
    }
}
