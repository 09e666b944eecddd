//! Account types owned by the vault program, one file each.
pub mod bond;
pub mod bucket;
pub mod config;
pub mod delegation;
pub mod escrow;
pub mod handover;
pub mod ticket;
pub mod vault;

pub use bond::*;
pub use bucket::*;
pub use config::*;
pub use delegation::*;
pub use escrow::*;
pub use handover::*;
pub use ticket::*;
pub use vault::*;
