//! Mounts the app; everything else is in the library.

fn main() {
    // In a debug build a panic says what and where in the browser's console; the release
    // build is made with immediate-abort panics and shows a bare trap.
    #[cfg(all(debug_assertions, target_arch = "wasm32"))]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(switchboard::App);
}
