pub mod apply_slash;
pub mod sweep_escrow;

pub use apply_slash::*;
pub use sweep_escrow::*;
