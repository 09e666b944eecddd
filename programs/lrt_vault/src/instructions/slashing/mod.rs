pub mod apply_slash;
pub mod cancel_escrow;
pub mod sweep_escrow;

pub use apply_slash::*;
pub use cancel_escrow::*;
pub use sweep_escrow::*;
