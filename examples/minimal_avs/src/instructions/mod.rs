//! One instruction per file: the admin's setup, and the admin's slash.
pub mod initialize;
pub mod slash;

pub use initialize::*;
pub use slash::*;
