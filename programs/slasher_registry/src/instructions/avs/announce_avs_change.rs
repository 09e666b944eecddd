//! The AVS's admin (or the registry admin) announces a new slash authority (kind), maximum
//! slash or destination. They apply from `cur + 2` to the requests made from then on
//! (DESIGN.md sections 7, invariant 10, and 8: EigenLayer made slash-authority changes
//! time-locked, ELIP-013): whoever opted in is never surprised.
//!
//! Must hold:
//! - the signer is the AVS's admin or the registry admin; a kind that is or replaces a
//!   `Remote` one only the registry admin (`Avs::check_kind_announcer`);
//! - each value given is valid as at registration: `AvsKind::validate`,
//!   `validate_destination`, `validate_max_slash_wad` (`0 < max_slash_wad <= 1e18`); a
//!   value not given keeps the one announced last;
//! - changes already in force are folded first (a second announcement never loses one
//!   that applied; one still pending is replaced, and every pending value then applies
//!   from this announcement's epoch, never sooner), then the `next_*` values and
//!   `changes_effective_epoch = cur + 2`; nothing new fails (`NothingToAnnounce`);
//! - an announced remote kind's emitter speaks for no other AVS: its claim
//!   `["remote_emitter", chain_be, emitter]` is given (`MissingEmitterClaim`,
//!   `WrongEmitterClaim`) and names this AVS already (announcing back an emitter it had)
//!   or no AVS (`EmitterClaimedByAnotherAvs`), and is then created for this one, paid by
//!   the signer, even at a pre-funded address (`avs::emitter_claim`); claims are never
//!   released;
//! - requests already made keep their maximum and destination (recorded in the request),
//!   and the kind in force decides who may request at each epoch.
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::{AVS_SEED, REGISTRY_CONFIG_SEED},
    errors::RegistryError,
    events::AvsChangesAnnounced,
    instructions::avs::emitter_claim::{check_emitter_claim, NewClaim},
    state::{
        validate_destination, validate_max_slash_wad, Avs, AvsKind, RegistryConfig,
        SlashDestination,
    },
};

/// What an AVS announces; `None` keeps the value announced last.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnnounceAvsChangeArgs {
    /// The new slash authority (`Local`) or remote emitter (`Remote`).
    pub kind: Option<AvsKind>,
    pub max_slash_wad: Option<u128>,
    pub destination: Option<SlashDestination>,
}

#[event_cpi]
#[derive(Accounts)]
pub struct AnnounceAvsChange<'info> {
    /// The AVS's admin or the registry admin; pays a new emitter claim.
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    /// The vault program's Config: the restaking epoch.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(mut, seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump)]
    pub avs: Box<Account<'info, Avs>>,
    /// CHECK: an announced remote kind's emitter claim (address checked against the
    /// kind), created here unless it is this AVS's; absent otherwise.
    #[account(mut)]
    pub remote_emitter: Option<UncheckedAccount<'info>>,
    pub system_program: Program<'info, System>,
}

impl AnnounceAvsChange<'_> {
    fn validate(&self, args: &AnnounceAvsChangeArgs) -> Result<()> {
        let signer = self.authority.key();
        require!(
            signer == self.avs.admin || signer == self.registry_config.admin,
            RegistryError::NotAvsAdmin
        );
        if let Some(kind) = &args.kind {
            kind.validate()?;
            self.avs
                .check_kind_announcer(kind, signer == self.registry_config.admin)?;
        }
        if let Some(max_slash_wad) = args.max_slash_wad {
            validate_max_slash_wad(max_slash_wad)?;
        }
        if let Some(destination) = &args.destination {
            validate_destination(destination)?;
        }
        self.emitter_claim(args)?;
        Ok(())
    }

    /// The emitter claim an announced remote kind needs, `None` when none is to be
    /// created.
    fn emitter_claim(&self, args: &AnnounceAvsChangeArgs) -> Result<Option<NewClaim>> {
        let Some(kind) = &args.kind else {
            return Ok(None);
        };
        check_emitter_claim(
            kind,
            &self.avs.key(),
            self.remote_emitter.as_ref().map(|c| c.as_ref()),
        )
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: AnnounceAvsChangeArgs) -> Result<()> {
        let cur = ctx.accounts.vault_config.current_epoch()?;
        let accounts = &ctx.accounts;
        if let (Some(claim), Some(info)) = (
            accounts.emitter_claim(&args)?,
            accounts.remote_emitter.as_ref(),
        ) {
            claim.create(
                &accounts.authority.to_account_info(),
                info,
                &accounts.system_program.to_account_info(),
                accounts.avs.key(),
            )?;
        }
        let avs = &mut ctx.accounts.avs;
        avs.announce_changes(args.kind, args.max_slash_wad, args.destination, cur)?;
        let event = AvsChangesAnnounced {
            avs: avs.key(),
            by: ctx.accounts.authority.key(),
            epoch: cur,
            kind: avs.kind_at(cur),
            max_slash_wad: avs.max_slash_wad_at(cur),
            destination: avs.destination_at(cur),
            next_kind: avs.next_kind,
            next_max_slash_wad: avs.next_max_slash_wad,
            next_destination: avs.next_destination,
            effective_epoch: avs.changes_effective_epoch,
        };
        emit_cpi!(event);
        Ok(())
    }
}
