//! The example AVS on the real registry and vault programs, with real Ed25519 signature
//! verification by the runtime: setup, equivocation reports that become registry slash
//! requests (and, end to end, a slash of a vault), every way a proof can be forged or
//! replayed, key rotations that no longer let an operator escape, and rewards paid from
//! the AVS's treasury through the vault. Every failure asserts the exact error of the
//! failing instruction and that no account changed.
#![allow(deprecated)] // see tests/src/lib.rs
mod full_flow;
mod initialize;
mod key_rotation;
mod proof_failures;
mod report;
mod rewards;
mod world;
