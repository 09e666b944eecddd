pub mod veto_slash;

pub use veto_slash::*;
