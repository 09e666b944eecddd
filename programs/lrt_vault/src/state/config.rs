//! Protocol configuration: roles, epoch length and fee caps.
//!
//! Must hold: `epoch_length > 0`; fee caps <= `MAX_FEE_CAP_BPS`.
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct Config {
    /// Changes roles and caps; moves only through `transfer_admin` + `accept_admin`.
    pub admin: Pubkey,
    /// Proposed admin waiting to accept; `None` when no transfer is under way.
    pub pending_admin: Option<Pubkey>,
    /// May pause the protocol (the admin may too); only the admin unpauses.
    pub pauser: Pubkey,
    /// Owns the fees the vaults keep in their treasury ledgers, claimed with
    /// `claim_treasury_fees`; moves only through `set_treasury` + `accept_treasury`.
    pub treasury: Pubkey,
    /// Proposed treasury waiting to accept; `None` when no change is under way.
    pub pending_treasury: Option<Pubkey>,
    /// The slasher registry program whose `["slasher"]` PDA may apply slashes.
    pub registry_program: Pubkey,
    /// Slots per restaking epoch (withdrawal cooldowns, fee timing).
    pub epoch_length: u64,
    /// Upper bound for any vault's deposit fee.
    pub max_deposit_fee_bps: u16,
    /// Upper bound for any vault's withdrawal fee.
    pub max_withdrawal_fee_bps: u16,
    /// Protocol-wide emergency stop of what brings value in or takes it out at the share
    /// price: deposits and withdrawal requests. It never stops claims of matured tickets,
    /// nor the slashing path (execution, vetoes, cancels, sweeps).
    pub paused: bool,
    pub bump: u8,
    pub reserved: [u8; 64],
}

impl Config {
    /// Restaking epoch of `slot`. `epoch_length > 0` is enforced at initialisation.
    pub fn epoch_at(&self, slot: u64) -> u64 {
        slot / self.epoch_length
    }

    pub fn current_epoch(&self) -> Result<u64> {
        Ok(self.epoch_at(Clock::get()?.slot))
    }

    /// Whether what moves value in or out at the share price may run: the protocol is not
    /// paused (`ProtocolPaused`).
    pub fn check_unpaused(&self) -> Result<()> {
        require!(!self.paused, crate::errors::VaultError::ProtocolPaused);
        Ok(())
    }
}
