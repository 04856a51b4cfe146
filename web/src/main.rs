//! Mounts the app.

fn main() {
    basm_web::dom::mark("basm:main");
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(basm_web::App);
}
