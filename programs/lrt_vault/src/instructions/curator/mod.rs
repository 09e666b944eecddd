pub mod add_asset;
pub mod create_vault;
pub mod set_caps;
pub mod set_vault_pause;

pub use add_asset::*;
pub use create_vault::*;
pub use set_caps::*;
pub use set_vault_pause::*;
