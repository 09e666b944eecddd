//! An operator's opt-in to an AVS: the operator accepts that the AVS may slash stake
//! delegated to it (see `opt_in` for the windows).
use anchor_lang::prelude::*;

use crate::{errors::RegistryError, state::OptInWindow};

#[account]
#[derive(InitSpace, Debug)]
pub struct OperatorAvs {
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    /// The registry's `Avs` account.
    pub avs: Pubkey,
    pub window: OptInWindow,
    pub bump: u8,
}

impl OperatorAvs {
    /// Whether the AVS may request a slash of the operator during restaking epoch `cur`:
    /// a request captures `cur`, so the operator's opt-in must be active at `cur`
    /// (a request that could never execute is refused when made, not at execution).
    pub fn check_slashable_at(&self, cur: u64) -> Result<()> {
        require!(
            self.window.is_active_at(cur),
            RegistryError::OperatorNotSlashable
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let opt_in = OperatorAvs {
            operator: Pubkey::default(),
            avs: Pubkey::default(),
            window: OptInWindow::opted_in_at(0),
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&opt_in),
            8 + OperatorAvs::INIT_SPACE
        );
    }
}
