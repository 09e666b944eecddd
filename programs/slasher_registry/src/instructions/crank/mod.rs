pub mod execute_slash;

pub use execute_slash::*;
