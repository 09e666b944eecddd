//! Slash requests as a client sees them: where a request stands ([`status`]), what
//! executing one would do to each vault ([`plan`]), the requests pending against a vault
//! ([`pending`]), where an escrow stands ([`escrow`]), and sending the executions and
//! sweeps ([`settle`]). Commands (`lrt avs`, `lrt crank`, `lrt vault show`, `lrt deposit`)
//! use these; none of them restates a program rule.
pub mod escrow;
pub mod pending;
pub mod plan;
pub mod settle;
pub mod status;

#[cfg(test)]
mod tests;
