//! `declare_program!(slasher_registry)` reads `idls/slasher_registry.json` without telling
//! cargo: rebuild when the committed IDL changes.
fn main() {
    println!("cargo:rerun-if-changed=idls/slasher_registry.json");
}
