//! Every error this AVS returns (the registry's own errors pass through a failed CPI
//! unchanged, with the registry's codes).
use anchor_lang::prelude::*;

#[error_code]
pub enum MinimalAvsError {
    #[msg("signer is not the admin of this AVS's registry account: the registry admin registers the AVS (id = this program) first")]
    NotAvsAdmin,
    #[msg("signer is not this AVS's admin")]
    NotAdmin,
    #[msg("the registry AVS account is not the one this AVS's config names")]
    WrongAvs,
    #[msg("this AVS is already initialised")]
    AlreadyInitialized,
}
