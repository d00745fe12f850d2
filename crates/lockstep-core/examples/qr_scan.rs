//! Decodes the QR codes in image files and prints `[{"source", "payload"}]` as JSON: the core's
//! decoder without the CLI, for profiling and benchmarks (`bench/qr_corpus.py --lockstep` accepts
//! it; a leading `scan` and `--json` are ignored so it takes the CLI's arguments).
//! Exit codes as `lockstep scan`: 0 found, 1 none, 2 error. With `--timings`, prints to stderr
//! how long each file took to read, decode into gray pixels and scan for codes, which pass
//! read it, and when each pass run ended (ms from the start of the scan).

use std::process::ExitCode;

use lockstep_core::qr::{self, Source};

/// Times the stages of one image file's scan, for profiling.
fn timings(path: &std::path::Path) {
    use lockstep_core::qr::{decode, load};
    let start = std::time::Instant::now();
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let read = start.elapsed();
    let gray = match load::decode_gray_direct("x", &bytes) {
        Ok(Some(gray)) => gray,
        Ok(None) => match load::decode("x", &bytes) {
            Ok(image) => load::to_gray(&image, false),
            Err(_) => return,
        },
        Err(_) => return,
    };
    let loaded = start.elapsed();
    let (found, trace) = decode::decode_gray_traced(&gray);
    let done = start.elapsed();
    let steps: Vec<String> = trace
        .steps
        .iter()
        .map(|(pass, at)| format!("{pass} {:.1}", at.as_secs_f64() * 1e3))
        .collect();
    eprintln!(
        "{}: read {:.1} ms, pixels+gray {:.1} ms, scan {:.1} ms, {} code(s), pass {} ({})",
        path.display(),
        read.as_secs_f64() * 1e3,
        (loaded - read).as_secs_f64() * 1e3,
        (done - loaded).as_secs_f64() * 1e3,
        found.len(),
        trace.pass,
        steps.join(", "),
    );
}

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "--timings") {
        for arg in std::env::args().skip(1).filter(|a| !a.starts_with("--")) {
            timings(std::path::Path::new(&arg));
        }
        return ExitCode::SUCCESS;
    }
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
