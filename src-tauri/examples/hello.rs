//! A minimal Tauri hello-world window: the baseline that bench/desktop.sh compares the app's
//! memory with (same Tauri, same WebKitGTK, same measurement).

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!("examples/hello.conf.json"))
        .expect("the hello-world window could not start");
}
