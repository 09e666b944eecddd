pub mod add_asset;
pub mod create_vault;
pub mod delegate;
pub mod set_caps;
pub mod set_concentration_limit;
pub mod set_vault_pause;
pub mod undelegate;
pub mod whitelist_operator;

pub use add_asset::*;
pub use create_vault::*;
pub use delegate::*;
pub use set_caps::*;
pub use set_concentration_limit::*;
pub use set_vault_pause::*;
pub use undelegate::*;
pub use whitelist_operator::*;
