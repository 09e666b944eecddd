pub mod refresh_prices;

pub use refresh_prices::*;
