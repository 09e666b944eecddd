//! The registry admin registers an AVS.
//!
//! Must hold:
//! - only the registry admin (registering is what lets an AVS slash anyone who opts in);
//! - `0 < max_slash_wad <= 1e18`; the kind names a non-zero slash authority (local) or
//!   chain and emitter (remote); a recipient destination names a non-zero owner;
//!   the metadata uri is at most 200 bytes;
//! - one AVS per id; the account is created even at a pre-funded address, and starts
//!   active with no requests;
//! - a remote kind's emitter speaks for no other AVS: its claim `["remote_emitter",
//!   chain_be, emitter]` is given (`MissingEmitterClaim`, `WrongEmitterClaim`), does not
//!   name another AVS (`EmitterClaimedByAnotherAvs`), and is created for this one, paid
//!   by the admin, even at a pre-funded address (`avs::emitter_claim`);
//! - kind, maximum and destination are in force at once (`next_*` equal to them, effective
//!   epoch 0): nobody opted in yet; every later change is announced (`announce_avs_change`).
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    events::AvsRegistered,
    instructions::avs::emitter_claim::{check_emitter_claim, NewClaim},
    pda_accounts::{create_pda_account, store},
    state::{
        validate_destination, validate_max_slash_wad, Avs, AvsKind, RegistryConfig,
        SlashDestination,
    },
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct RegisterAvsArgs {
    /// Names the AVS (its program id, typically); the account is `["avs", id]`.
    pub id: Pubkey,
    /// May deactivate the AVS.
    pub admin: Pubkey,
    pub kind: AvsKind,
    pub max_slash_wad: u128,
    pub destination: SlashDestination,
    pub metadata_uri: String,
}

#[event_cpi]
#[derive(Accounts)]
#[instruction(args: RegisterAvsArgs)]
pub struct RegisterAvs<'info> {
    /// The registry admin; pays the AVS account's rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump,
              has_one = admin @ RegistryError::NotAdmin)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    /// CHECK: the new AVS (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [AVS_SEED, args.id.as_ref()], bump)]
    pub avs: UncheckedAccount<'info>,
    /// CHECK: a remote kind's emitter claim (address checked against the kind), created
    /// here unless it is this AVS's; absent for a local kind.
    #[account(mut)]
    pub remote_emitter: Option<UncheckedAccount<'info>>,
    pub system_program: Program<'info, System>,
}

impl RegisterAvs<'_> {
    fn validate(&self, args: &RegisterAvsArgs) -> Result<()> {
        validate_max_slash_wad(args.max_slash_wad)?;
        args.kind.validate()?;
        validate_destination(&args.destination)?;
        require!(
            args.metadata_uri.len() <= MAX_METADATA_URI_LEN,
            RegistryError::MetadataTooLong
        );
        self.emitter_claim(args)?;
        Ok(())
    }

    /// The emitter claim a remote kind needs, `None` when none is to be created.
    fn emitter_claim(&self, args: &RegisterAvsArgs) -> Result<Option<NewClaim>> {
        check_emitter_claim(
            &args.kind,
            &self.avs.key(),
            self.remote_emitter.as_ref().map(|c| c.as_ref()),
        )
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: RegisterAvsArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let info = accounts.avs.to_account_info();
        let admin = accounts.admin.to_account_info();
        let system_program = accounts.system_program.to_account_info();
        create_pda_account(
            &admin,
            &info,
            &system_program,
            8 + Avs::INIT_SPACE,
            &[AVS_SEED, args.id.as_ref(), &[ctx.bumps.avs]],
        )?;
        if let (Some(claim), Some(info_claim)) = (
            accounts.emitter_claim(&args)?,
            accounts.remote_emitter.as_ref(),
        ) {
            claim.create(&admin, info_claim, &system_program, info.key())?;
        }
        let avs = Avs {
            id: args.id,
            admin: args.admin,
            kind: args.kind,
            next_kind: args.kind,
            max_slash_wad: args.max_slash_wad,
            next_max_slash_wad: args.max_slash_wad,
            destination: args.destination,
            next_destination: args.destination,
            changes_effective_epoch: 0,
            active: true,
            request_count: 0,
            metadata_uri: args.metadata_uri,
            bump: ctx.bumps.avs,
        };
        store(&info, &avs)?;
        emit_cpi!(AvsRegistered {
            avs: info.key(),
            id: avs.id,
            admin: avs.admin,
            kind: avs.kind,
            max_slash_wad: avs.max_slash_wad,
            destination: avs.destination,
            metadata_uri: avs.metadata_uri,
        });
        Ok(())
    }
}
