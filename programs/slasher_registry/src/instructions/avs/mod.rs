pub mod announce_avs_change;
pub mod emitter_claim;
pub mod request_slash;
pub mod set_avs_active;

pub use announce_avs_change::*;
pub use request_slash::*;
pub use set_avs_active::*;
