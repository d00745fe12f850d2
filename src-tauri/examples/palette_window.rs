//! The quick pick's road not taken, measured (ARCHITECTURE.md, "The quick pick"): a second web
//! view window created on open and destroyed on close, instead of a mode of the main window.
//! With the app's window and page (index.html) and its WebKit setup, it opens a 480×420 window
//! with the same page ten times and prints, for each, the time from the request to the first
//! frame painted after the page loaded, and the PSS of the process tree (the app and WebKit's
//! processes) with the second window open and after it was destroyed. The page's commands are
//! not registered here, so it stops at the unlock screen: the real palette would also wait for
//! its list, so these times are a lower bound.
//!
//! Run under an X server: `cargo run -p lockstep-app --example palette_window`.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

fn main() {
    // The app's WebKit setup, from the app itself (each variable unless the environment has it).
    #[cfg(target_os = "linux")]
    lockstep_app::prepare_webkit();
    tauri::Builder::default()
        .setup(|app| {
            let handle = app.handle().clone();
            std::thread::spawn(move || probe(&handle));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the probe could not start");
}

fn probe(app: &AppHandle) {
    std::thread::sleep(Duration::from_secs(10));
    let pid = std::process::id();
    println!("PSS, the main window only: {:.1} MiB", pss_mib(pid));
    let mut samples = Vec::new();
    for round in 0..10 {
        let (tx, rx) = mpsc::channel::<Duration>();
        let handle = app.clone();
        let start = Instant::now();
        let asked = app.run_on_main_thread(move || {
            let built = WebviewWindowBuilder::new(
                &handle,
                "palette",
                WebviewUrl::App("index.html".into()),
            )
            .inner_size(480.0, 420.0)
            .decorations(false)
            .always_on_top(true)
            .center()
            .on_page_load(|w, p| {
                if p.event() == PageLoadEvent::Finished {
                    let _ = w.eval(
                        "requestAnimationFrame(() => setTimeout(() => { document.title = 'painted'; }))",
                    );
                }
            })
            .build();
            match built {
                Ok(w) => {
                    let _ = w.with_webview(move |view| {
                        use webkit2gtk::WebViewExt;
                        view.inner().connect_title_notify(move |v| {
                            if v.title().as_deref() == Some("painted") {
                                let _ = tx.send(start.elapsed());
                            }
                        });
                    });
                }
                Err(e) => eprintln!("round {round}: no window: {e}"),
            }
        });
        if asked.is_err() {
            break;
        }
        let Ok(took) = rx.recv_timeout(Duration::from_secs(20)) else {
            println!("round {round}: no first frame within 20 s");
            continue;
        };
        let ms = took.as_secs_f64() * 1000.0;
        samples.push(ms);
        std::thread::sleep(Duration::from_secs(2));
        let open = pss_mib(pid);
        if let Some(w) = app.get_webview_window("palette") {
            let _ = w.destroy();
        }
        std::thread::sleep(Duration::from_secs(3));
        let closed = pss_mib(pid);
        println!(
            "round {round}: first frame after {ms:.0} ms; PSS with it open {open:.1} MiB, destroyed {closed:.1} MiB"
        );
    }
    samples.sort_by(f64::total_cmp);
    if let (Some(max), false) = (samples.last(), samples.is_empty()) {
        println!(
            "second window, request to first frame: median {:.0} ms, max {max:.0} ms over {} opens",
            samples[samples.len() / 2],
            samples.len()
        );
    }
    app.exit(0);
}

/// The process and every process below it (WebKit's web and network processes).
fn tree(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten();
    for task in tasks.flatten() {
        let children = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
        for child in children.split_whitespace().filter_map(|c| c.parse().ok()) {
            all.extend(tree(child));
        }
    }
    all
}

/// PSS of the tree in MiB (`/proc/PID/smaps_rollup`), as bench/desktop.sh sums it.
fn pss_mib(pid: u32) -> f64 {
    let kib: u64 = tree(pid)
        .iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok())
        .filter_map(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Pss:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .sum();
    kib as f64 / 1024.0
}
