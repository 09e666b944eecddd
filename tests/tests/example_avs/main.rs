//! The example AVS on the real registry and vault programs, with real Ed25519 signature
//! verification by the runtime: setup, equivocation reports that become registry slash
//! requests (and, end to end, a slash of a vault), and every way a proof can be forged or
//! replayed. Every failure asserts the exact error of the failing instruction and that no
//! account changed.
#![allow(deprecated)] // see tests/src/lib.rs
mod full_flow;
mod initialize;
mod key_rotation;
mod proof_failures;
mod report;
mod world;
