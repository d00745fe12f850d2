//! Module dependencies run one way (issue 13, structural items): the error type depends on no
//! importer (it used to import `import::ImportFailure`, closing error → import → vault → error),
//! and FreeOTP is one folder whose backup and preferences readers share a token module instead of
//! importing each other.

use std::path::PathBuf;

fn src(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The code lines of a file (comments and doc comments dropped).
fn code(rel: &str) -> Vec<String> {
    src(rel)
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_error_module_uses_nothing_from_import() {
    for line in code("error.rs") {
        assert!(
            !line.contains("crate::import") && !line.contains("super::import"),
            "error.rs: {line}"
        );
    }
}

#[test]
fn freeotp_is_one_folder_and_its_parts_do_not_import_each_other() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/import");
    assert!(!root.join("freeotp.rs").exists());
    assert!(!root.join("freeotp_backup.rs").exists());
    // token.rs depends on no sibling; backup.rs and prefs.rs only on token.rs (`super::*` is a
    // test module using its own file).
    for (file, allowed) in [
        ("import/freeotp/token.rs", &[][..]),
        (
            "import/freeotp/backup.rs",
            &["super::token", "super::*"][..],
        ),
        ("import/freeotp/prefs.rs", &["super::token", "super::*"][..]),
    ] {
        for line in code(file) {
            if let Some(i) = line.find("super::") {
                let used = &line[i..];
                assert!(
                    allowed.iter().any(|a| used.starts_with(a)),
                    "{file}: {line}"
                );
            }
        }
    }
}
