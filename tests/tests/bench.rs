//! Measurements of the real window for docs/performance.md, not pass/fail tests: `#[ignore]`d,
//! run by `cargo xtask bench-app` against the release app (`-- --ignored --nocapture`).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use lockstep_e2e::{keys, make_vault, screenshot_dir, App, Config, Home};
use serde_json::json;

const PASSWORD: &str = "bench password 123";

/// The release app over a fresh vault of `n` TOTP accounts (auto-lock off), still locked; `None`
/// when LOCKSTEP_E2E_APP is not set (a plain `cargo test`).
fn app_with_accounts(n: u32, name: &str, env: Vec<(&'static str, String)>) -> Option<(Home, App)> {
    let Some(cfg) = Config::from_env() else {
        eprintln!("skipped: LOCKSTEP_E2E_APP is not set");
        return None;
    };
    let mut home = Home::new();
    home.extra_env = env;
    let links: Vec<String> = (0..n)
        .map(|i| {
            // 16 base32 letters (10 bytes), unique per account up to 26³.
            let letter = |k: u32| char::from(b'A' + (k % 26) as u8);
            format!(
                "otpauth://totp/Service{i:04}:user{i}@example.com?secret=JBSWY3DPEHPK{}{}{}A&issuer=Service{i:04}",
                letter(i),
                letter(i / 26),
                letter(i / 676)
            )
        })
        .collect();
    let refs: Vec<&str> = links.iter().map(String::as_str).collect();
    make_vault(&home.vault(), PASSWORD, &refs);
    home.write_settings(json!({"auto_lock_minutes": 0}));
    let app = App::start(&cfg, &home, name);
    Some((home, app))
}

/// "First codes visible ≤ 300 ms after the key derivation finishes", with 200 accounts: the time
/// from the unlock command returning (the KDF is done) to the first frame painted with codes,
/// from the page's own `performance` marks (see Unlock.svelte and EntryList.svelte). Ten unlocks
/// of one running app; prints each and the median.
#[test]
#[ignore = "a measurement: cargo xtask bench-app runs it"]
fn first_codes_after_unlock_200_accounts() {
    let Some((_home, app)) = app_with_accounts(200, "bench_first_codes", Vec::new()) else {
        return;
    };
    let mut samples = Vec::new();
    for round in 0..10 {
        if round > 0 {
            app.press(&[keys::CONTROL, "l"]);
        }
        app.js(
            "performance.clearMarks(); performance.clearMeasures()",
            json!([]),
        );
        app.unlock_with(PASSWORD);
        app.until("the first-codes measure", Duration::from_secs(10), |a| {
            a.js(
                "return performance.getEntriesByName('lockstep:unlock-to-codes').length",
                json!([]),
            )
            .as_u64()
                == Some(1)
        });
        let ms = app
            .js(
                "return performance.getEntriesByName('lockstep:unlock-to-codes')[0].duration",
                json!([]),
            )
            .as_f64()
            .unwrap_or(f64::NAN);
        println!("first codes visible after unlock, run {round}: {ms:.1} ms");
        samples.push(ms);
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "first codes visible after unlock (200 accounts): median {:.1} ms, min {:.1}, max {:.1} over {} unlocks",
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1],
        samples.len()
    );
}

/// "The list stays smooth with 1,000 accounts": the list scrolled from top to bottom and back,
/// 40 px (two thirds of a row) a frame, driven by `requestAnimationFrame` in the page; each frame's
/// interval is recorded. A frame that took over 1.5 × the median interval is counted as dropped:
/// the rows coming into view (Svelte's update, style, layout and paint) did not fit in a frame.
#[test]
#[ignore = "a measurement: cargo xtask bench-app runs it"]
fn scrolling_1000_accounts() {
    let Some((_home, app)) = app_with_accounts(1000, "bench_scroll", Vec::new()) else {
        return;
    };
    app.unlock_with(PASSWORD);
    app.wait("[data-testid=code]", Duration::from_secs(20));
    let mut all = Vec::new();
    for round in 0..3 {
        app.js(
            "window.__frames = null;
             const s = document.querySelector('[data-testid=scroller]');
             const step = 40, times = [];
             let dir = 1, last = null;
             s.scrollTop = 0;
             function frame(t) {
               if (last !== null) times.push(t - last);
               last = t;
               const max = s.scrollHeight - s.clientHeight;
               if (dir > 0 && s.scrollTop >= max) dir = -1;
               else if (dir < 0 && s.scrollTop <= 0) { window.__frames = times; return; }
               s.scrollTop += dir * step;
               requestAnimationFrame(frame);
             }
             requestAnimationFrame(frame);",
            json!([]),
        );
        app.until(
            "the scroll to the end and back",
            Duration::from_secs(120),
            |a| a.js("return window.__frames !== null", json!([])) == json!(true),
        );
        let frames: Vec<f64> = app
            .js("return window.__frames", json!([]))
            .as_array()
            .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default();
        assert!(
            frames.len() > 1000,
            "scrolled 2 × 60,000 px in 40 px frames"
        );
        println!("scroll round {round}: {}", summary(&frames));
        all.extend(frames);
    }
    println!("scrolling 1,000 accounts, all rounds: {}", summary(&all));
}

/// "N frames, median M ms, p95, p99, max, D dropped (> 1.5 × median)".
fn summary(frames: &[f64]) -> String {
    let mut s = frames.to_vec();
    s.sort_by(f64::total_cmp);
    let at = |q: f64| s[((s.len() - 1) as f64 * q).round() as usize];
    let median = at(0.5);
    let dropped = s.iter().filter(|&&f| f > 1.5 * median).count();
    format!(
        "{} frames, median {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} dropped (> 1.5 × median, {:.2} %)",
        s.len(),
        median,
        at(0.95),
        at(0.99),
        s[s.len() - 1],
        dropped,
        100.0 * dropped as f64 / s.len() as f64
    )
}

/// What a person types in the search field in [`pss_after_use_200_accounts`]: 40 searches of a
/// few letters each (issuer, account and number fragments, two words, no match).
const SEARCHES: [&str; 40] = [
    "serv",
    "user1",
    "ex",
    "0042",
    "ice01",
    "user12",
    "s 3",
    "mpl",
    "xyz",
    "007",
    "service0",
    "user19",
    "am",
    "01",
    "vice",
    "user7",
    "0 9",
    "com",
    "qq",
    "se",
    "user",
    "0150",
    "ice",
    "user3",
    "exa",
    "19",
    "rvi",
    "user88",
    "s 0",
    "zz",
    "er1",
    "012",
    "le.c",
    "user4",
    "service01",
    "5",
    "vi",
    "user100",
    "ple",
    "08",
];

/// How many of the bench's accounts (`Service{i:04}`, `user{i}@example.com`) a query matches
/// when every word of it must be in the issuer or the account name, case aside: counted here
/// from the names, not by the app, so the page's count can be checked against it.
fn expected_matches(n: u32, query: &str) -> usize {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    (0..n)
        .filter(|i| {
            let hay = format!("service{i:04}\nuser{i}@example.com");
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .count()
}

/// "PSS after use ≤ 1.10 × hello-world in the app's own WebKit setup": the release app started
/// through tauri-driver, 200 accounts unlocked, 40 searches typed as a person does (a few letters
/// at typing speed, each result checked, the field cleared with Ctrl+A and Backspace), then PSS
/// summed over the app and its WebKit processes (`smaps_rollup`), 15 s and 45 s after the last
/// key (the list calms down 30 s after input). The hello-world window (`LOCKSTEP_BENCH_HELLO`) is
/// started through tauri-driver the same way, with the app's WebKit environment. Each process's
/// PSS by mapping goes to `target/e2e/pss-<measure>.txt` (what the searches and WebDriver add).
#[test]
#[ignore = "a measurement: cargo xtask bench-app runs it"]
fn pss_after_use_200_accounts() {
    let Some(cfg) = Config::from_env() else {
        eprintln!("skipped: LOCKSTEP_E2E_APP is not set");
        return;
    };
    let settle = Duration::from_secs(15);
    let hello = std::env::var_os("LOCKSTEP_BENCH_HELLO").filter(|h| !h.is_empty());
    let hello_pss = hello.map(|hello| {
        let hello_cfg = Config {
            app: hello.into(),
            driver: cfg.driver.clone(),
            cli: None,
        };
        let mut home = Home::new();
        // The app's WebKit setup (desktop.rs, prepare_webkit), which the app sets for itself.
        home.extra_env.extend([
            ("WEBKIT_DISABLE_COMPOSITING_MODE", "1".to_owned()),
            ("JSC_useJIT", "0".to_owned()),
            ("JSC_largeHeapSize", "2097152".to_owned()),
        ]);
        home.extra_env.extend(experiment_env());
        let hello = App::start(&hello_cfg, &home, "bench_pss_hello");
        // WebDriver's page side (its script world, element references) as the app gets it: an
        // element found, a key typed, a script run.
        let body = hello.find("body");
        hello.click(&body);
        hello.press(&["a"]);
        hello.js("return document.body.textContent.length", json!([]));
        std::thread::sleep(settle);
        let kib = report_pss("hello_driver", &hello, &hello_cfg.app);
        drop(hello);
        kib
    });

    let Some((_home, app)) = app_with_accounts(200, "bench_pss_after_use", experiment_env()) else {
        return;
    };
    app.unlock_with(PASSWORD);
    app.wait("[data-testid=code]", Duration::from_secs(20));
    std::thread::sleep(settle);
    let unlocked = report_pss("app_driver_unlocked", &app, &cfg.app);

    let field = app.find("[data-testid=search]");
    app.click(&field);
    let cols = app
        .js(
            "return Number(document.querySelector('[data-testid=scroller]').dataset.columns)",
            json!([]),
        )
        .as_u64()
        .unwrap_or(1)
        .max(1) as usize;
    // The virtual list is as tall as all the rows it could show: the number of matches.
    let list_rows = |a: &App| {
        a.js(
            "return parseFloat(document.querySelector('[data-testid=scroller] .list').style.height) / 60",
            json!([]),
        )
        .as_f64()
        .unwrap_or(-1.0)
        .round() as i64
    };
    for q in SEARCHES {
        // One key every 120 ms, as a person types.
        let mut actions = Vec::new();
        for c in q.chars() {
            actions.push(json!({"type": "keyDown", "value": c.to_string()}));
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
            actions.push(json!({"type": "pause", "duration": 120}));
        }
        app.actions(json!([{"type": "key", "id": "kbd", "actions": actions}]));
        let want = expected_matches(200, q).div_ceil(cols) as i64;
        app.until(
            &format!("the matches of {q:?}"),
            Duration::from_secs(10),
            |a| list_rows(a) == want,
        );
        std::thread::sleep(Duration::from_millis(400));
        app.press(&[keys::CONTROL, "a"]);
        app.press(&[keys::BACKSPACE]);
    }
    let all = 200usize.div_ceil(cols) as i64;
    app.until("the whole list again", Duration::from_secs(10), |a| {
        list_rows(a) == all
    });
    std::thread::sleep(settle);
    let used = report_pss("app_driver_after_use", &app, &cfg.app);
    std::thread::sleep(Duration::from_secs(30));
    let calm = report_pss("app_driver_after_use_calm", &app, &cfg.app);

    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "PSS through tauri-driver: app unlocked {:.1} MiB; after 40 searches {:.1} MiB (+15 s), {:.1} MiB (+45 s)",
        mib(unlocked),
        mib(used),
        mib(calm)
    );
    if let Some(hello) = hello_pss {
        println!(
            "PSS through tauri-driver: hello-world in the app's WebKit setup {:.1} MiB; after use / hello-world = {:.3} (+15 s), {:.3} (+45 s)",
            mib(hello),
            used as f64 / hello as f64,
            calm as f64 / hello as f64
        );
    }
}

/// More environment for both windows of [`pss_after_use_200_accounts`], to try a WebKit,
/// JavaScriptCore or allocator setting without a build:
/// `LOCKSTEP_BENCH_ENV="JSC_largeHeapSize=8388608 Malloc=1"` (names starting with `JSC_`,
/// `WEBKIT_`, `Malloc` or `MALLOC_`; the app keeps a value already set).
fn experiment_env() -> Vec<(&'static str, String)> {
    let spec = std::env::var("LOCKSTEP_BENCH_ENV").unwrap_or_default();
    let mut env = Vec::new();
    for pair in spec.split_whitespace() {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        assert!(
            ["JSC_", "WEBKIT_", "Malloc", "MALLOC_"]
                .iter()
                .any(|p| k.starts_with(p)),
            "LOCKSTEP_BENCH_ENV: {k} is not a JSC_, WEBKIT_ or allocator setting"
        );
        println!("experiment: {k}={v}");
        // A handful of names for one test run: leaking them is simpler than owning them.
        env.push((&*Box::leak(k.to_owned().into_boxed_str()), v.to_owned()));
    }
    env
}

/// Prints the PSS of the process started from `binary` under `under`'s tauri-driver and of its
/// descendants (its WebKit processes), and WebKitWebDriver's beside them (not counted); writes
/// each process's PSS by mapping to `target/e2e/pss-<name>.txt`. Returns the tree's PSS in KiB.
/// (Found from the driver's process down, not by name: another copy of the same binary may run.)
fn report_pss(name: &str, under: &App, binary: &Path) -> u64 {
    let mut below = vec![under.driver_pid()];
    let mut k = 0;
    while k < below.len() {
        below.extend(children(below[k]));
        k += 1;
    }
    let prefix = binary.display().to_string();
    let root = *below
        .iter()
        .find(|p| {
            std::fs::read(format!("/proc/{p}/cmdline"))
                .is_ok_and(|c| c.starts_with(prefix.as_bytes()))
        })
        .unwrap_or_else(|| panic!("{prefix} is not running under tauri-driver"));
    let mut pids = vec![root];
    let mut i = 0;
    while i < pids.len() {
        pids.extend(children(pids[i]));
        i += 1;
    }
    let (mut total, mut total_uss, mut total_anon) = (0, 0, 0);
    let mut lines = Vec::new();
    for &pid in &pids {
        let (comm, kib, maps) = process_pss(pid);
        let uss = rollup_kib(pid, &["Private_Clean:", "Private_Dirty:"]);
        let anon = rollup_kib(pid, &["Anonymous:"]);
        total += kib;
        total_uss += uss;
        total_anon += anon;
        println!("  {name}: {comm} ({pid}) PSS {kib} KiB, USS {uss} KiB, anonymous {anon} KiB");
        lines.extend(maps.into_iter().map(|(m, k)| format!("{comm}\t{m}\t{k}")));
    }
    for &pid in below.iter().filter(|p| !pids.contains(p)) {
        let (comm, kib, _) = process_pss(pid);
        if comm == "WebKitWebDriver" {
            println!("  {name}: {comm} ({pid}) PSS {kib} KiB, not counted");
        }
    }
    // PSS splits a shared page between every process that maps it, on the whole machine: other
    // WebKit windows running at the same time (other tests) lower it. So does USS (the pages only
    // this process maps): a page of a library another WebKit process has touched too is shared,
    // not private. Anonymous memory (heaps: JavaScript, DOM, style) is the process's own whatever
    // else runs, so it is what compares runs.
    println!(
        "{name}: {} processes, PSS {total} KiB, USS {total_uss} KiB, anonymous {total_anon} KiB",
        pids.len()
    );
    let _ = std::fs::write(
        screenshot_dir().join(format!("pss-{name}.txt")),
        lines.join("\n") + "\n",
    );
    total
}

/// The sum of `fields` in a process's `smaps_rollup`, in KiB.
fn rollup_kib(pid: u32, fields: &[&str]) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .filter(|l| fields.iter().any(|f| l.starts_with(f)))
        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .sum()
}

/// The child processes of `pid`.
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|c| {
            c.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

/// A process's name, its PSS (`smaps_rollup`) and its PSS by mapping (`smaps`, summed by file
/// name; anonymous memory as `[anon]`), in KiB.
fn process_pss(pid: u32) -> (String, u64, BTreeMap<String, u64>) {
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let pss_of = |text: &str| -> u64 {
        text.lines()
            .filter_map(|l| l.strip_prefix("Pss:"))
            .filter_map(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .sum()
    };
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let mut maps = BTreeMap::new();
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut current = String::new();
    for line in smaps.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields
            .first()
            .is_some_and(|f| f.contains('-') && !f.ends_with(':'))
        {
            current = match fields.get(5) {
                Some(path) => path.rsplit('/').next().unwrap_or(path).to_owned(),
                None => "[anon]".to_owned(),
            };
        } else if let Some(v) = line.strip_prefix("Pss:") {
            let kib: u64 = v
                .split_whitespace()
                .next()
                .and_then(|k| k.parse().ok())
                .unwrap_or(0);
            *maps.entry(current.clone()).or_insert(0) += kib;
        }
    }
    (comm, pss_of(&rollup), maps)
}

/// PSS by screen, to see what each adds: the release app through tauri-driver with 200 accounts,
/// on the unlock screen and then unlocked, 15 s after each (`target/e2e/pss-screen_*.txt`). Run
/// with `LOCKSTEP_BENCH_FILTER=pss_by_screen cargo xtask bench-app after-use [--dev]`.
#[test]
#[ignore = "a measurement: cargo xtask bench-app runs it when asked"]
fn pss_by_screen_200_accounts() {
    let settle = Duration::from_secs(15);
    let Some((_home, app)) = app_with_accounts(200, "bench_pss_by_screen", experiment_env()) else {
        return;
    };
    let Some(cfg) = Config::from_env() else {
        return;
    };
    app.wait("[data-testid=unlock-password]", Duration::from_secs(20));
    std::thread::sleep(settle);
    report_pss("screen_locked", &app, &cfg.app);
    app.unlock_with(PASSWORD);
    app.wait("[data-testid=code]", Duration::from_secs(20));
    std::thread::sleep(settle);
    report_pss("screen_unlocked", &app, &cfg.app);
}
