//! `example_avs`: a real AVS. Operators sign attestations `(round, value)` with their
//! registered ed25519 key; two different signed values for one round by one operator
//! prove equivocation and make this program request a slash from the registry by CPI.
#![allow(unexpected_cfgs)]

use anchor_lang::prelude::*;

declare_id!("2nvBFYF6iy9babtWpbwT8Tuyri3XpCj3KzcbWxv4qCc9");

#[program]
pub mod example_avs {}
