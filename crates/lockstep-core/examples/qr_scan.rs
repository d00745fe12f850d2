//! Decodes the QR codes in image files and prints `[{"source", "payload"}]` as JSON: the core's
//! decoder without the CLI, for profiling and benchmarks (`bench/qr_corpus.py --lockstep` accepts
//! it; a leading `scan` and `--json` are ignored so it takes the CLI's arguments).
//! Exit codes as `lockstep scan`: 0 found, 1 none, 2 error.

use std::process::ExitCode;

use lockstep_core::qr::{self, Source};

fn main() -> ExitCode {
    let sources: Vec<Source> = std::env::args()
        .skip(1)
        .filter(|a| a != "scan" && a != "--json")
        .map(|a| Source::from_arg(&a))
        .collect();
    let sources = match qr::expand(&sources) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut out = Vec::new();
    let mut failed = false;
    for source in &sources {
        match qr::scan(source) {
            Ok(found) => out.extend(found.into_iter().map(|f| {
                serde_json::json!({ "source": f.source, "payload": f.payload.as_str(), "accounts": f.accounts.len() })
            })),
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    println!("{}", serde_json::Value::Array(out.clone()));
    ExitCode::from(if failed {
        2
    } else if out.is_empty() {
        1
    } else {
        0
    })
}
