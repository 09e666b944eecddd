//! Slash requests as a client sees them: what executing one would do to each vault
//! ([`plan`]), and sending the executions and sweeps ([`settle`]). Commands (`lrt avs`,
//! `lrt crank`, `lrt vault show`, `lrt deposit`) use these; none of them restates a
//! program rule.
pub mod plan;
pub mod settle;
