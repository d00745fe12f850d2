//! Generates one permission per app command (`allow-<command>`), granted in capabilities/main.json.

/// Every command the window may call; keep in step with `commands.rs` and `ui/src/lib/api.ts`.
const COMMANDS: &[&str] = &[
    "status",
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
    "export_accounts",
    "sync_status",
    "sync_start",
    "sync_now",
    "sync_off",
    "sync_unlock_copies",
    "join_synced",
    "icon_search",
    "icon_from_picture",
    "icon_packs",
    "import_icon_pack",
    "remove_icon_pack",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: see the message above");
}
