pub mod accept_admin;
pub mod accept_treasury;
pub mod initialize_config;
pub mod pause;
pub mod set_pauser;
pub mod set_treasury;
pub mod transfer_admin;
pub mod unpause;

pub use accept_admin::*;
pub use accept_treasury::*;
pub use initialize_config::*;
pub use pause::*;
pub use set_pauser::*;
pub use set_treasury::*;
pub use transfer_admin::*;
pub use unpause::*;
