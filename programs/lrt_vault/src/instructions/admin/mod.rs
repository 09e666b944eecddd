pub mod accept_admin;
pub mod initialize_config;
pub mod pause;
pub mod set_pauser;
pub mod transfer_admin;
pub mod unpause;

pub use accept_admin::*;
pub use initialize_config::*;
pub use pause::*;
pub use set_pauser::*;
pub use transfer_admin::*;
pub use unpause::*;
