//! `slasher_registry`: who may slash whom, when and how much (DESIGN.md section 5,
//! docs/slashing.md). Operators and AVSs register here, opt in to each other, and AVSs
//! request slashes that execute into the vaults through `lrt_vault::apply_slash` after a
//! veto window.
//!
//! Each entrypoint below only delegates to its instruction file.
#![allow(unexpected_cfgs)]

use anchor_lang::prelude::*;

declare_id!("EQMZzKfFqSSKkyhmmbnoL48c7jjBJVXzApYGpuoKjaUH");

#[program]
pub mod slasher_registry {}
