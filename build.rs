//! Collects every `style_sheet!` of the front end into one CSS file for Trunk to ship.

fn main() {
    // The server and the e2e tests also build this crate natively; they need no CSS.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        stylers::build(Some(String::from("./target/stylers.css")));
    }
    println!("cargo:rerun-if-changed=style");
    println!("cargo:rerun-if-changed=src");
}
