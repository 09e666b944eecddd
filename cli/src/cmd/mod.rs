//! One module per role; each owns its clap arguments and handlers.
pub mod avs;
pub mod crank;
pub mod curator;
pub mod depositor;
pub mod epoch;
pub mod operator;
pub mod vault;
pub mod watch;
