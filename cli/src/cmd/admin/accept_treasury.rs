//! `lrt admin accept-treasury`: the proposed treasury (the signer) takes the role.
use anyhow::Result;

use crate::{context::Ctx, handover, views::roles::Role};

pub fn run(ctx: &Ctx) -> Result<()> {
    handover::accept(ctx, Role::Treasury, None)
}
