//! An operator's opt-in to an AVS: the operator accepts that the AVS may slash stake
//! delegated to it (see `opt_in` for the windows).
use anchor_lang::prelude::*;

use crate::state::OptInWindow;

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
