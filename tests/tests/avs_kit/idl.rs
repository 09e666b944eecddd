//! The minimal AVS compiles against the committed registry IDL, not the registry crate:
//! what `declare_program!` generated from it must agree with the program that runs.
use crate::*;
use minimal_avs::slasher_registry as from_idl;
use slasher_registry::errors::RegistryError;

#[test]
fn the_idl_names_the_registry_program_and_its_errors_as_the_program_does() {
    assert_eq!(from_idl::ID, slasher_registry::ID);
    let idl: serde_json::Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../idl/slasher_registry.json"
    )))
    .unwrap();
    let errors = idl["errors"].as_array().expect("errors");
    assert!(!errors.is_empty());
    let mut codes = Vec::new();
    for error in errors {
        let code = u32::try_from(error["code"].as_u64().unwrap()).unwrap();
        let name = error["name"].as_str().unwrap();
        let program = RegistryError::from_repr(code - anchor_lang::error::ERROR_CODE_OFFSET)
            .unwrap_or_else(|| panic!("{code} {name} is not a registry error"));
        assert_eq!(format!("{program:?}"), name, "code {code}");
        assert_eq!(
            error["msg"].as_str().unwrap(),
            program.to_string(),
            "{name}"
        );
        codes.push(code);
    }
    // every error the program has is in the IDL
    let count = (0..)
        .take_while(|i| RegistryError::from_repr(*i).is_some())
        .count();
    assert_eq!(codes.len(), count);
    // the generated enum carries the IDL's codes
    for (generated, program) in [
        (
            from_idl::error::SlasherRegistryError::InvalidSlashWad,
            RegistryError::InvalidSlashWad,
        ),
        (
            from_idl::error::SlasherRegistryError::OperatorNotSlashable,
            RegistryError::OperatorNotSlashable,
        ),
        (
            from_idl::error::SlasherRegistryError::AvsInactive,
            RegistryError::AvsInactive,
        ),
        (
            from_idl::error::SlasherRegistryError::NotSlashAuthority,
            RegistryError::NotSlashAuthority,
        ),
    ] {
        assert_eq!(
            registry_error(generated),
            anchor_lang::error::ERROR_CODE_OFFSET + program as u32
        );
    }
}
