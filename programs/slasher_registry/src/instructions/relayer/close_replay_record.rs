//! Anyone closes the replay record of a message that is stale for good; the rent goes
//! back to the relayer who paid it.
//!
//! Must hold:
//! - the record is a `ReplayRecord` of the registry (owner and discriminator: only
//!   `InboundMessage::record_consumed` writes one, at a replay address);
//! - the rent goes to the record's payer only (`NotReplayRecordPayer`), who need not sign:
//!   the crank is permissionless, and nothing else changes;
//! - only once the clock's Unix time is past `timestamp + 2 * max_message_age`
//!   (`ReplayRecord::check_closable`, `ReplayRecordInUse`). One `max_message_age` makes
//!   the message stale (`XchainConfig::check_message_age` refuses it from then on); the
//!   second is a margin against any adjustment of the cluster's clock: a clock up to a
//!   full `max_message_age` behind the one that closed the record still refuses the
//!   message, so closing never re-opens a replay. This relies on `max_message_age` never
//!   growing (it is set once, by `set_guardian_set`): an instruction that raises it must
//!   first make sure no record was closed under the old value.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    events::ReplayRecordClosed,
    state::{ReplayRecord, XchainConfig},
};

#[event_cpi]
#[derive(Accounts)]
pub struct CloseReplayRecord<'info> {
    /// Sends the crank (anyone); pays only the fee.
    pub closer: Signer<'info>,
    #[account(seeds = [XCHAIN_CONFIG_SEED], bump = xchain_config.bump)]
    pub xchain_config: Box<Account<'info, XchainConfig>>,
    #[account(mut, has_one = payer @ RegistryError::NotReplayRecordPayer, close = payer)]
    pub replay_record: Box<Account<'info, ReplayRecord>>,
    /// CHECK: the record's payer (`has_one`), credited with its lamports.
    #[account(mut)]
    pub payer: UncheckedAccount<'info>,
}

impl CloseReplayRecord<'_> {
    fn validate(&self) -> Result<()> {
        self.replay_record.check_closable(
            self.xchain_config.max_message_age,
            Clock::get()?.unix_timestamp,
        )
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        // `close = payer` moves the lamports and closes the record when the instruction exits
        let record = &ctx.accounts.replay_record;
        emit_cpi!(ReplayRecordClosed {
            replay_record: record.key(),
            payer: record.payer,
            lamports: record.to_account_info().lamports(),
            timestamp: record.timestamp,
            closed_at: Clock::get()?.unix_timestamp,
            closer: ctx.accounts.closer.key(),
        });
        Ok(())
    }
}
