//! `minimal_avs`: the smallest AVS (actively validated service) that can slash through the
//! slasher registry. A starting point to copy: it has no opinion on what misbehaviour is;
//! its admin decides, and this program turns that decision into a registry slash request
//! signed by the AVS's own PDA. A real AVS replaces the admin's judgement with a proof its
//! program checks on-chain (see `programs/example_avs`, which proves equivocations with
//! Ed25519 signatures).
//!
//! It is an *outside* program: it does not depend on the registry's or the vault's crates.
//! It reaches the registry through `declare_program!(slasher_registry)`, which generates
//! the registry's account types, argument types, errors and CPI helpers from the committed
//! IDL (`idls/slasher_registry.json`, a symlink to the repository's `idl/`).
//!
//! Setup, in this order (docs/avs-guide.md):
//! 1. the registry admin registers the AVS (`slasher_registry::register_avs`) with
//!    `id` = this program's id, `admin` = the AVS team's key and
//!    `kind = Local { slash_authority: PDA ["slasher"] of this program }`;
//! 2. that admin calls `initialize` here (only the registry AVS's admin can, once);
//! 3. operators opt in to the AVS (`opt_in_avs`) and vault curators opt their vaults in
//!    (`vault_opt_in_avs`); both count from the next restaking epoch.
//!
//! Then the admin calls `slash(operator, fraction_wad, evidence_hash)`: one CPI,
//! `slasher_registry::request_slash`, signed by the `["slasher"]` PDA. The registry
//! checks everything else (the AVS is active and names this PDA, the operator is
//! slashable now, `0 < fraction_wad <= 1e18`), records the capture epoch and opens the
//! veto window; after it anyone executes the request into each vault.
//!
//! Each entrypoint below only delegates to its instruction file.
#![allow(unexpected_cfgs)]

use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod instructions;
pub mod state;

use instructions::*;

declare_id!("8i2pfScDzL97NXvU8twJCFW2kS9UsnzJ22Uv4xX9XRBU");

// The registry, from its IDL: `slasher_registry::{ID, accounts, types, cpi, program}`.
declare_program!(slasher_registry);

#[program]
pub mod minimal_avs {
    use super::*;

    /// The registry AVS's admin creates this AVS's config (once) and becomes its admin.
    pub fn initialize(ctx: Context<Initialize>) -> Result<()> {
        Initialize::handle(ctx)
    }

    /// The admin asks the registry to slash `fraction_wad` (1e18 = 100%) of `operator`'s
    /// stake (the registry `Operator` account), citing `evidence_hash`.
    pub fn slash(
        ctx: Context<Slash>,
        operator: Pubkey,
        fraction_wad: u128,
        evidence_hash: [u8; 32],
    ) -> Result<()> {
        Slash::handle(ctx, operator, fraction_wad, evidence_hash)
    }
}
