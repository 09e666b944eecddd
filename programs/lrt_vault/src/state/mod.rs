//! Account types owned by the vault program, one file each.
pub mod bucket;
pub mod config;
pub mod ticket;
pub mod vault;

pub use bucket::*;
pub use config::*;
pub use ticket::*;
pub use vault::*;
