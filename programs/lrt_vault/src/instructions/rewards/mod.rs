pub mod distribute_rewards;

pub use distribute_rewards::*;
