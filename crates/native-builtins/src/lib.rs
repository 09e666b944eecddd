//! Our three programs as native builtins, for solana-program-test (the integration tests)
//! and surfpool (the local network) alike: there is no SBF toolchain here, see
//! `../shared/docs/solana-native.md`.
//!
//! solana-program-test 3.x marks its API as "unstable" (deprecated) ahead of v4; we only
//! borrow its `processor!` glue, so the notices are silenced here.
#![allow(deprecated)]

use anchor_lang::prelude::{AccountInfo, Pubkey};
use solana_program_runtime::invoke_context::BuiltinFunctionWithContext;
use solana_program_test::processor;

/// Anchor's `entry` ties every lifetime together; program-test's `invoke_builtin_function`
/// hands out independent ones. Narrowing them is sound because the slice outlives the call.
macro_rules! native_entry {
    ($name:ident, $program:ident) => {
        fn $name(
            program_id: &Pubkey,
            accounts: &[AccountInfo],
            data: &[u8],
        ) -> anchor_lang::solana_program::entrypoint::ProgramResult {
            let accounts: &[AccountInfo] = unsafe { std::mem::transmute(accounts) };
            $program::entry(program_id, accounts, data)
        }
    };
}
native_entry!(vault_entry, lrt_vault);
native_entry!(registry_entry, slasher_registry);
native_entry!(avs_entry, example_avs);

/// One program: its name (as program-test labels it), id and builtin entry.
pub struct Builtin {
    pub name: &'static str,
    pub program_id: Pubkey,
    pub entry: BuiltinFunctionWithContext,
}

/// `lrt_vault`, `slasher_registry` and `example_avs`.
pub fn builtins() -> [Builtin; 3] {
    let vault: Option<BuiltinFunctionWithContext> = processor!(vault_entry);
    let registry: Option<BuiltinFunctionWithContext> = processor!(registry_entry);
    let avs: Option<BuiltinFunctionWithContext> = processor!(avs_entry);
    let some = "processor! always gives Some";
    [
        Builtin {
            name: "lrt_vault",
            program_id: lrt_vault::ID,
            entry: vault.expect(some),
        },
        Builtin {
            name: "slasher_registry",
            program_id: slasher_registry::ID,
            entry: registry.expect(some),
        },
        Builtin {
            name: "example_avs",
            program_id: example_avs::ID,
            entry: avs.expect(some),
        },
    ]
}
