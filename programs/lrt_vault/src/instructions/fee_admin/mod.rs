pub mod set_fees;
pub mod set_reward_fees;

pub use set_fees::*;
pub use set_reward_fees::*;
