//! Turning a failed transaction into a message a user can act on: which program refused,
//! its error name and message (from the program's own Anchor log line), and what to do.
use anchor_lang::prelude::Pubkey;
use lrt_client::token_programs::{ASSOCIATED_TOKEN, TOKEN, TOKEN_2022};
use solana_transaction::TransactionError;

/// A program's own account of why it failed, as Anchor logs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramFailure {
    pub program: Option<Pubkey>,
    pub name: String,
    pub number: Option<u32>,
    pub message: String,
}

/// The human name of a program the CLI talks to.
pub fn program_name(id: &Pubkey) -> String {
    let known = [
        (lrt_vault::ID, "vault program"),
        (slasher_registry::ID, "slasher registry"),
        (example_avs::ID, "example AVS"),
        (TOKEN, "SPL Token program"),
        (TOKEN_2022, "Token-2022 program"),
        (ASSOCIATED_TOKEN, "Associated Token program"),
        (solana_sdk_ids::system_program::ID, "System program"),
    ];
    known
        .iter()
        .find(|(key, _)| key == id)
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|| format!("program {id}"))
}

/// A refusal decided before sending by the program's own state method (the same rule the
/// program applies): "the vault program would refuse it with DelegationLimitExceeded
/// (6034): the allocation would exceed the operator's concentration limit".
pub fn would_refuse(program: &Pubkey, error: &anchor_lang::error::Error) -> String {
    match error {
        anchor_lang::error::Error::AnchorError(e) => format!(
            "the {} would refuse it with {} ({}): {}",
            program_name(program),
            e.error_name,
            e.error_code_number,
            e.error_msg
        ),
        other => format!("the {} would refuse it: {other}", program_name(program)),
    }
}

/// The innermost failing program: the first "failed" line (the outer ones follow it).
fn failing_program(logs: &[String]) -> Option<Pubkey> {
    logs.iter().find_map(|line| {
        let rest = line.strip_prefix("Program ")?;
        let (id, tail) = rest.split_once(' ')?;
        tail.starts_with("failed")
            .then(|| id.parse::<Pubkey>().ok())?
    })
}

/// Finds the failing program and its Anchor error in simulation or transaction logs.
pub fn failure_from_logs(logs: &[String]) -> Option<ProgramFailure> {
    let program = failing_program(logs);
    for line in logs {
        if let Some(at) = line.find("Error Code: ") {
            let rest = &line[at + "Error Code: ".len()..];
            let (name, rest) = rest.split_once(". Error Number: ")?;
            let (number, message) = rest.split_once(". Error Message: ")?;
            return Some(ProgramFailure {
                program,
                name: name.to_string(),
                number: number.parse().ok(),
                message: message.trim_end_matches('.').to_string(),
            });
        }
    }
    // Not an Anchor program (SPL Token, System): "Program log: Error: insufficient funds".
    let message = logs.iter().rev().find_map(|line| {
        line.strip_prefix("Program log: Error: ")
            .or_else(|| line.strip_prefix("Transfer: "))
            .map(str::to_string)
    })?;
    Some(ProgramFailure {
        program,
        name: String::new(),
        number: None,
        message,
    })
}

/// Names a custom error `code` returned by `program`. Native builtins print their logs to
/// their own process's stdout, so the transaction logs only say "custom program error:
/// 0x..": the name and message come from the programs' error enums instead.
pub fn failure_from_code(program: Option<Pubkey>, code: u32) -> ProgramFailure {
    let named = |name: String, message: String| ProgramFailure {
        program,
        name,
        number: Some(code),
        message,
    };
    let user = code.checked_sub(anchor_lang::error::ERROR_CODE_OFFSET);
    match (program, user) {
        (Some(p), Some(i)) if p == lrt_vault::ID => {
            if let Some(e) = lrt_vault::errors::VaultError::from_repr(i) {
                return named(e.name(), e.to_string());
            }
        }
        (Some(p), Some(i)) if p == slasher_registry::ID => {
            if let Some(e) = slasher_registry::errors::RegistryError::from_repr(i) {
                return named(e.name(), e.to_string());
            }
        }
        (Some(p), Some(i)) if p == example_avs::ID => {
            if let Some(e) = example_avs::errors::AvsError::from_repr(i) {
                return named(e.name(), e.to_string());
            }
        }
        (Some(p), _) if p == TOKEN || p == TOKEN_2022 => {
            use anchor_spl::token::spl_token::error::TokenError;
            if let Ok(e) = TokenError::try_from(code) {
                return named(format!("{e:?}"), e.to_string());
            }
        }
        _ => {}
    }
    if let Some((name, message)) = anchor_framework_error(code) {
        return named(name.into(), message.into());
    }
    named(String::new(), format!("custom program error {code}"))
}

/// The Anchor framework's account-check errors a user can meet (a wrong or missing account).
fn anchor_framework_error(code: u32) -> Option<(&'static str, &'static str)> {
    Some(match code {
        2000 => ("ConstraintMut", "an account that must be writable is not"),
        2001 => (
            "ConstraintHasOne",
            "an account does not belong to the one it must",
        ),
        2002 => ("ConstraintSigner", "an account that must sign did not"),
        2003 => ("ConstraintRaw", "an account constraint was violated"),
        2006 => (
            "ConstraintSeeds",
            "an account is not at the address derived for it",
        ),
        2012 => ("ConstraintAddress", "an account is not the expected one"),
        3002 => (
            "AccountDiscriminatorMismatch",
            "an account is of the wrong type",
        ),
        3007 => (
            "AccountOwnedByWrongProgram",
            "an account is owned by the wrong program",
        ),
        3012 => (
            "AccountNotInitialized",
            "an account the instruction needs does not exist",
        ),
        _ => return None,
    })
}

/// What a user can do about a program error, when there is more to say than its message.
fn hint(name: &str, message: &str) -> Option<&'static str> {
    Some(match name {
        "StalePrice" | "StakePoolNotUpdated" => {
            "the LST's pricing account was not updated this Solana epoch; wait for its crank \
             (or on the local network, for the demo's price keeper) and try again"
        }
        "DepositsPaused" | "WithdrawalsPaused" | "ProtocolPaused" => {
            "the vault or protocol is paused; `lrt vault show` tells which"
        }
        "DepositCapExceeded" => "the asset's deposit cap is reached; `lrt vault show` lists caps",
        "TicketNotMature" => {
            "a ticket becomes claimable in the restaking epoch after its bucket's; `lrt withdraw \
             list` shows when"
        }
        "SlippageExceeded" => "the price moved; retry, or lower --min-out",
        "NotCurator"
        | "NotFeeAdmin"
        | "NotAdmin"
        | "NotTicketOwner"
        | "NotOperatorAuthority"
        | "NotTreasury"
        | "NotPauser"
        | "NotAvsAdmin" => "sign with the right keypair: -k/--keypair PATH",
        "NotPendingTreasury" | "NotPendingCurator" | "NotPendingFeeAdmin" => {
            "the role's holder proposes first (`lrt admin set-treasury`, `lrt vault \
             transfer-curator`, `lrt vault transfer-fee-admin`); then the proposed key signs the \
             acceptance with its own keypair (-k/--keypair)"
        }
        "FeeAboveMaximum" => {
            "the vault's fee in force is above the most this transaction accepts (--max-fee): \
             `lrt vault show` shows the fees in force and announced; run the command again to \
             accept the fee it prints, or pass a higher --max-fee"
        }
        "CommissionAboveCap" => "`lrt registry show` shows the registry's commission cap",
        "NothingToAnnounce" => {
            "these are the values announced last: `lrt registry show` and `lrt avs show` list \
             the values in force and announced"
        }
        "VetoWindowOpen" => "executions start once the veto window has passed; see `lrt avs show`",
        "DepositsAwaitSlashResolution" => {
            "a slash of this vault can still be cancelled; `lrt vault show` says from which slot \
             deposits reopen"
        }
        "TicketAwaitsSlashResolution" => {
            "a slash touched this ticket's bucket; `lrt withdraw list` says from which slot it \
             can be claimed"
        }
        "VaultWipedOut" => "this vault takes no more deposits; withdrawals and claims still work",
        "DelegationLimitExceeded" | "AllocationExceedsVault" => {
            "`lrt vault show` lists every operator's allocation and limit; `lrt curator \
             set-limit` changes a limit"
        }
        "ConcentrationLimitBelowAllocation" => {
            "decrease the allocation first with `lrt curator undelegate`"
        }
        "OperatorNotSlashable" => {
            "the operator's opt-in to this AVS must count in the current epoch; `lrt avs show` \
             lists the operators and when they are slashable"
        }
        "AccountNotInitialized" => {
            "an account the instruction needs does not exist yet (wrong address, or a step \
             missing before this one)"
        }
        _ => {
            if message.contains("insufficient funds") {
                "the source account holds less than the amount; `lrt balance` shows balances"
            } else {
                return None;
            }
        }
    })
}

/// The error to show for a transaction that failed in simulation or on chain.
///
/// `programs` are the transaction's top-level instructions' program ids, in order.
pub fn explain(
    what: &str,
    error: &TransactionError,
    logs: &[String],
    programs: &[Pubkey],
) -> anyhow::Error {
    use TransactionError as T;
    let head = match error {
        T::InsufficientFundsForFee | T::AccountNotFound => {
            return anyhow::anyhow!(
                "{what} not sent: the fee payer has no SOL or too little for the fee on this \
                 cluster; fund it (e.g. `solana airdrop 1` on a local network) or pass another \
                 -k/--keypair"
            )
        }
        T::BlockhashNotFound => {
            return anyhow::anyhow!("{what} expired before it landed (blockhash too old); retry")
        }
        T::InstructionError(index, instruction_error) => {
            let from_logs = failure_from_logs(logs).filter(|f| !f.name.is_empty());
            match (from_logs, instruction_error) {
                (Some(failure), _) => Some(failure),
                (None, solana_transaction::InstructionError::Custom(code)) => {
                    // the innermost failing program, else the top-level instruction's
                    let program = failing_program(logs)
                        .or_else(|| programs.get(usize::from(*index)).copied());
                    Some(failure_from_code(program, *code))
                }
                (None, _) => failure_from_logs(logs),
            }
        }
        _ => None,
    };
    match head {
        Some(failure) => {
            let who = failure
                .program
                .as_ref()
                .map(program_name)
                .unwrap_or_else(|| "a program".into());
            let mut text = if failure.name.is_empty() {
                format!("{what} failed: the {who} refused it: {}", failure.message)
            } else {
                let number = failure
                    .number
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                format!(
                    "{what} failed: the {who} refused it with {}{number}: {}",
                    failure.name, failure.message
                )
            };
            if let Some(hint) = hint(&failure.name, &failure.message) {
                text.push_str("\nhint: ");
                text.push_str(hint);
            }
            anyhow::anyhow!(text)
        }
        None => anyhow::anyhow!("{what} failed: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_anchor_error_and_the_failing_program() {
        let logs = vec![
            format!("Program {} invoke [1]", lrt_vault::ID),
            "Program log: Instruction: Deposit".into(),
            "Program log: AnchorError thrown in src/x.rs:10. Error Code: StalePrice. Error \
             Number: 6031. Error Message: price is stale."
                .into(),
            format!(
                "Program {} failed: custom program error: 0x178f",
                lrt_vault::ID
            ),
        ];
        let failure = failure_from_logs(&logs).unwrap();
        assert_eq!(failure.program, Some(lrt_vault::ID));
        assert_eq!(failure.name, "StalePrice");
        assert_eq!(failure.number, Some(6031));
        assert_eq!(failure.message, "price is stale");
        let text = explain(
            "deposit",
            &TransactionError::InstructionError(
                0,
                solana_transaction::InstructionError::Custom(6031),
            ),
            &logs,
            &[lrt_vault::ID],
        )
        .to_string();
        assert!(
            text.starts_with("deposit failed: the vault program refused it with StalePrice (6031)")
        );
        assert!(text.contains("hint:"), "{text}");
    }

    #[test]
    fn names_errors_from_their_code_when_logs_do_not() {
        use lrt_vault::errors::VaultError;
        let code = u32::from(VaultError::TicketNotMature);
        let logs = vec![format!(
            "Program {} failed: custom program error: {code:#x}",
            lrt_vault::ID
        )];
        let text = explain(
            "claim",
            &TransactionError::InstructionError(
                1,
                solana_transaction::InstructionError::Custom(code),
            ),
            &logs,
            &[TOKEN, lrt_vault::ID],
        )
        .to_string();
        assert!(
            text.starts_with(&format!(
                "claim failed: the vault program refused it with TicketNotMature ({code}): {}",
                VaultError::TicketNotMature
            )),
            "{text}"
        );
        // without logs, the top-level instruction names the program
        let failure = failure_from_code(Some(slasher_registry::ID), 6000);
        assert_eq!(
            failure.name,
            slasher_registry::errors::RegistryError::from_repr(0)
                .unwrap()
                .name()
        );
        let token = failure_from_code(Some(TOKEN), 1);
        assert_eq!(token.name, "InsufficientFunds");
        assert_eq!(failure_from_code(None, 3012).name, "AccountNotInitialized");
    }

    #[test]
    fn reads_token_program_errors() {
        let logs = vec![
            format!("Program {} invoke [2]", TOKEN),
            "Program log: Error: insufficient funds".into(),
            format!("Program {} failed: custom program error: 0x1", TOKEN),
            format!(
                "Program {} failed: custom program error: 0x1",
                lrt_vault::ID
            ),
        ];
        let failure = failure_from_logs(&logs).unwrap();
        assert_eq!(failure.program, Some(TOKEN));
        assert_eq!(failure.message, "insufficient funds");
    }
}
