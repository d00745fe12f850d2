//! Generates one permission per app command (`allow-<command>`), granted in capabilities/main.json,
//! and the tray's words from the window's message catalogs (`$OUT_DIR/tray_words.rs`); lays the
//! release app's startup code out together ([`startup_order`]).

use std::path::Path;

/// Every command the window may call; keep in step with `commands.rs` and `ui/src/lib/api.ts`.
const COMMANDS: &[&str] = &[
    "status",
    "next_events",
    "create_vault",
    "unlock",
    "restore_vault",
    "lock",
    "activity",
    "codes",
    "search",
    "password_strength",
    "export_formats",
    "copy_code",
    "hotp_next",
    "preview_text",
    "preview_file",
    "cancel_import",
    "preview_image",
    "preview_clipboard",
    "scan_screen",
    "camera_start",
    "camera_stop",
    "preview_manual",
    "commit_import",
    "update_entry",
    "delete_entry",
    "undo_delete",
    "move_entry",
    "reveal_entry",
    "get_settings",
    "set_settings",
    "change_password",
    "rotate_recovery",
    "members",
    "add_member",
    "remove_member",
    "remember_device",
    "forget_device",
    "list_backups",
    "backup_now",
    "plan_restore_file",
    "plan_restore_auto",
    "commit_restore",
    "backup_health",
    "verify_backup",
    "snooze_backup_reminder",
    "export_accounts",
    "sync_status",
    "sync_start",
    "sync_now",
    "sync_off",
    "sync_unlock_copies",
    "join_synced",
    "palette_is_open",
    "palette_items",
    "palette_shown",
    "palette_close",
    "icon_glyph",
    "icon_search",
    "icon_from_picture",
    "icon_packs",
    "import_icon_pack",
    "remove_icon_pack",
];

/// The languages of `ui/src/locales/`, in the order `i18n.rs` lists them.
const LANGUAGES: [&str; 3] = ["en", "sv", "de"];

/// Only the `tray.*` messages go into the binary: the whole catalogs are 95 KB that the webview's
/// bundle already holds, and the release app has a 15 MB budget (docs/performance.md).
fn tray_words() {
    let mut out = String::from("&[\n");
    for lang in LANGUAGES {
        let path = format!("../ui/src/locales/{lang}.json");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let catalog: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        out.push_str(&format!("    ({lang:?}, &[\n"));
        for (key, value) in &catalog {
            if let (true, Some(text)) = (key.starts_with("tray."), value.as_str()) {
                out.push_str(&format!("        ({key:?}, {text:?}),\n"));
            }
        }
        out.push_str("    ]),\n");
    }
    out.push(']');
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo");
    std::fs::write(Path::new(&dir).join("tray_words.rs"), out).expect("write tray_words.rs");
}

/// The functions the release app runs from its start through unlocking, the list and searches
/// (`startup-order.txt`, made by `bench/startup-order.sh`) go first in its code, in one stretch,
/// through LLD's `--symbol-ordering-file`. Spread over the 9 MB of code as the linker lays it out
/// otherwise, their ~1.5 MB kept most of it resident: the kernel maps 64 KiB around each page
/// that faults (docs/performance.md, "Startup code together"). A name the binary no longer has is
/// skipped, so a stale list costs memory, never a failed build.
///
/// Only where LLD links: x86_64 Linux with Rust 1.90 or newer and no linker of one's own (GNU ld
/// has no such option); release only (the dev app is not measured).
fn startup_order() {
    println!("cargo:rerun-if-changed=startup-order.txt");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("TARGET") != "x86_64-unknown-linux-gnu" || var("PROFILE") != "release" {
        return;
    }
    if !var("RUSTC_LINKER").is_empty() || var("CARGO_ENCODED_RUSTFLAGS").contains("link") {
        return;
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let minor = std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .ok()
        .and_then(|out| {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let release = text
                .lines()
                .find_map(|l| l.strip_prefix("release: "))?
                .to_owned();
            release.split('.').nth(1)?.parse::<u32>().ok()
        });
    if minor.is_none_or(|m| m < 90) {
        return;
    }
    let list = Path::new(&var("CARGO_MANIFEST_DIR")).join("startup-order.txt");
    println!(
        "cargo:rustc-link-arg-bin=lockstep-app=-Wl,--symbol-ordering-file={}",
        list.display()
    );
    println!("cargo:rustc-link-arg-bin=lockstep-app=-Wl,--no-warn-symbol-ordering");
}

fn main() {
    tray_words();
    startup_order();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: see the message above");
}
