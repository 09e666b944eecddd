pub mod refresh_prices;
pub mod vest_rewards;

pub use refresh_prices::*;
pub use vest_rewards::*;
