pub mod accept_fee_admin;
pub mod set_fees;
pub mod set_reward_fees;
pub mod transfer_fee_admin;

pub use accept_fee_admin::*;
pub use set_fees::*;
pub use set_reward_fees::*;
pub use transfer_fee_admin::*;
