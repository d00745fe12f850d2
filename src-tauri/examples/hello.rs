//! A minimal Tauri hello-world window: the baseline that bench/desktop.sh compares the app's
//! memory with. Same Tauri and WebKitGTK build as the app, but no plugins, no commands, no tray,
//! and a one-line static page (ui/public/hello.html) instead of the UI. `HELLO_PAGE=tick.html`
//! shows the same page with one number changing once a second (the cost of a repaint a second).

use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let mut context = tauri::generate_context!();
    let page = std::env::var("HELLO_PAGE").unwrap_or_else(|_| "hello.html".to_owned());
    // Not the app's window: one plain window with the hello page.
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(|app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App(page.into()))
                .title("hello")
                .inner_size(420.0, 640.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the hello-world window could not start");
}
