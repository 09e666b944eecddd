//! One view per on-chain object the commands print, each `Serialize` (the JSON of
//! `--output json`) and `Display` (what people read), built once from the program's own
//! state type and reused by every command that shows the object: a command adds its own
//! fields next to a view (`#[serde(flatten)]`), never a second view of the same object.
//!
//! Parameters with notice (DESIGN.md section 7, invariant 10) are read only through their
//! state type's `*_at(epoch)` method ([`announced`]): the CLI never restates the rule
//! (`restaking_math::notice`) that decides which value is in force.
pub mod announced;
pub mod avs;
pub mod bond;
pub mod commission;
pub mod escrow;
pub mod execution;
pub mod fees;
pub mod operator;
pub mod opt_in;
pub mod registry;
pub mod request;
pub mod reward_split;
pub mod rewards;
pub mod roles;
pub mod vault;
pub mod xchain;

pub use announced::announced;
