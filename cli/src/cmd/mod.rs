//! One module per role; each owns its clap arguments and handlers.
pub mod admin;
pub mod avs;
pub mod crank;
pub mod curator;
pub mod depositor;
pub mod epoch;
pub mod operator;
pub mod registry;
pub mod treasury;
pub mod vault;
pub mod watch;
pub mod xchain;
