//! A vault's opt-in to an AVS, made by the vault's curator, with the curator's cap: per
//! operator and capture epoch, the AVS may take at most `cap_bps` of the operator's stake
//! at capture (before any slash of that epoch) from this vault. The usage is held per
//! operator in `VaultAvsEpochSlash`; `slashed` here is the AVS's total against the vault
//! across operators, a record (events, clients) the caps do not read.
//!
//! Must hold: `0 < cap_bps <= 10_000`; `slashed` holds what this AVS slashed from this vault
//! for the two most recent capture epochs it slashed in. Two entries are enough: a capture
//! `c` executes only while `cur <= c + 1`, so at any time only captures `cur - 1` and `cur`
//! can still be executed, and an entry for an older epoch is never read again.
use anchor_lang::prelude::*;

use crate::{errors::RegistryError, state::OptInWindow};

#[account]
#[derive(InitSpace, Debug)]
pub struct VaultAvs {
    /// The `lrt_vault` `Vault` account.
    pub vault: Pubkey,
    /// The registry's `Avs` account.
    pub avs: Pubkey,
    /// Most this AVS may slash from the vault per operator and capture epoch, in bps of
    /// the operator's stake at capture (before any slash of that epoch).
    pub cap_bps: u16,
    pub window: OptInWindow,
    /// Lamports this AVS slashed from the vault across operators, per capture epoch (two
    /// latest epochs). A record only: the cap reads the per-operator `VaultAvsEpochSlash`.
    pub slashed: [EpochSlashed; 2],
    pub bump: u8,
}

#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct EpochSlashed {
    pub epoch: u64,
    pub lamports: u64,
}

impl VaultAvs {
    /// Lamports this AVS already slashed from the vault for capture epoch `capture`.
    /// (An unused entry reads `(0, 0)`, right for capture 0 too.)
    pub fn slashed_in(&self, capture: u64) -> u64 {
        self.slashed
            .iter()
            .find(|e| e.epoch == capture)
            .map_or(0, |e| e.lamports)
    }

    /// Adds `lamports` to capture epoch `capture`, replacing the older entry when the
    /// epoch has none (that entry's epoch can no longer be executed: see the module).
    pub fn record(&mut self, capture: u64, lamports: u64) -> Result<()> {
        let index = match self.slashed.iter().position(|e| e.epoch == capture) {
            Some(i) => i,
            None => {
                let i = if self.slashed[0].epoch <= self.slashed[1].epoch {
                    0
                } else {
                    1
                };
                self.slashed[i] = EpochSlashed {
                    epoch: capture,
                    lamports: 0,
                };
                i
            }
        };
        let entry = &mut self.slashed[index];
        entry.lamports = entry
            .lamports
            .checked_add(lamports)
            .ok_or_else(|| error!(RegistryError::MathOverflow))?;
        Ok(())
    }

    /// Takes back `lamports` of capture epoch `capture` (a cancelled slash), if the epoch
    /// is still recorded (a cancel comes within one epoch of its execution, so it is).
    pub fn unrecord(&mut self, capture: u64, lamports: u64) {
        if let Some(entry) = self.slashed.iter_mut().find(|e| e.epoch == capture) {
            entry.lamports = entry.lamports.saturating_sub(lamports);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault_avs() -> VaultAvs {
        VaultAvs {
            vault: Pubkey::default(),
            avs: Pubkey::default(),
            cap_bps: 0,
            window: OptInWindow::opted_in_at(0),
            slashed: [EpochSlashed::default(); 2],
            bump: 0,
        }
    }

    #[test]
    fn declared_space_matches_serialized_size() {
        assert_eq!(
            crate::state::test_util::serialized_len(&vault_avs()),
            8 + VaultAvs::INIT_SPACE
        );
    }

    #[test]
    fn keeps_the_two_live_capture_epochs_apart() {
        let mut v = vault_avs();
        assert_eq!(v.slashed_in(0), 0);
        v.record(7, 10).unwrap();
        v.record(7, 5).unwrap();
        // during epoch 8, captures 7 and 8 interleave
        v.record(8, 3).unwrap();
        v.record(7, 1).unwrap();
        assert_eq!((v.slashed_in(7), v.slashed_in(8)), (16, 3));
        // during epoch 9: capture 9 replaces the dead epoch 7, never the live 8
        v.record(9, 4).unwrap();
        assert_eq!(
            (v.slashed_in(7), v.slashed_in(8), v.slashed_in(9)),
            (0, 3, 4)
        );
        v.record(8, 2).unwrap();
        assert_eq!((v.slashed_in(8), v.slashed_in(9)), (5, 4));
        // a late first slash for an epoch after a gap
        v.record(20, 1).unwrap();
        assert_eq!((v.slashed_in(9), v.slashed_in(20)), (4, 1));
        assert!(v.record(20, u64::MAX).is_err());
    }
}
