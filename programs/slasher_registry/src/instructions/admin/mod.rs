pub mod accept_admin;
pub mod announce_registry_params;
pub mod cancel_slash;
pub mod initialize_registry;
pub mod register_avs;
pub mod set_veto_authority;
pub mod transfer_admin;

pub use accept_admin::*;
pub use announce_registry_params::*;
pub use cancel_slash::*;
pub use initialize_registry::*;
pub use register_avs::*;
pub use set_veto_authority::*;
pub use transfer_admin::*;
