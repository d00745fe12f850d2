#!/usr/bin/env python3
"""QR decoding benchmark: `lockstep scan --json IMAGE` beside zxing-cpp on the same corpus
(bench/corpus, made by bench/make_corpus.py), printing a markdown table.

An image counts as decoded only when the set of payloads read equals the expected set exactly.
lockstep's time is wall-clock per image for a whole process (start, read, decode, print JSON, exit).
zxing-cpp is timed twice: in-process (image load + read_barcodes, the library's own speed) and as
a process per image (`python3 -c` importing zxingcpp, which mostly measures Python's start-up).

The photo corpus (bench/photo-corpus, made by bench/make_photo_corpus.py: camera frames and phone
photos of a phone screen or a printed page) runs the same way with --photos.

Usage: python3 bench/qr_corpus.py [--lockstep PATH] [--corpus DIR | --photos] [--runs N] [--no-zxing-process]
Needs: pip install zxing-cpp pillow segno; a release build of lockstep (cargo build --release -p lockstep-cli),
found in $CARGO_TARGET_DIR/release (default: target/release).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def pct(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_lockstep(binary, path):
    start = time.perf_counter()
    proc = subprocess.run([binary, "scan", "--json", path], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    payloads = []
    if proc.returncode in (0, 1) and proc.stdout.strip():
        payloads = [item["payload"] for item in json.loads(proc.stdout)]
    return elapsed, payloads, proc.returncode, proc.stderr.strip()


def run_zxing_inprocess(path):
    import zxingcpp
    from PIL import Image

    start = time.perf_counter()
    with Image.open(path) as img:
        img.load()
        results = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
    return time.perf_counter() - start, [r.text for r in results]


ZXING_CHILD = (
    "import sys,json,zxingcpp;from PIL import Image;"
    "print(json.dumps([r.text for r in zxingcpp.read_barcodes(Image.open(sys.argv[1]),"
    "formats=zxingcpp.BarcodeFormat.QRCode)]))"
)


def run_zxing_process(path):
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", ZXING_CHILD, path], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    return elapsed, json.loads(proc.stdout or "[]")


def main():
    ap = argparse.ArgumentParser()
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    ap.add_argument("--lockstep", default=os.path.join(target, "release", "lockstep"))
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--photos", action="store_true", help="the photo corpus (bench/photo-corpus)")
    ap.add_argument("--runs", type=int, default=1, help="timed runs per image (the median is kept)")
    ap.add_argument("--no-zxing-process", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list the images each decoder missed")
    args = ap.parse_args()
    if args.photos:
        args.corpus = os.path.join(HERE, "photo-corpus")
    load_before = os.getloadavg()

    with open(os.path.join(args.corpus, "expected.json")) as f:
        expected = json.load(f)
    names = sorted(expected)
    rows = {"lockstep scan": ([], 0, []), "zxing-cpp (in-process)": ([], 0, []), "zxing-cpp (process per image)": ([], 0, [])}

    def record(key, times, ok, name):
        t, n, missed = rows[key]
        t.append(statistics.median(times))
        if not ok:
            missed.append(name)
        rows[key] = (t, n + int(ok), missed)

    run_lockstep(args.lockstep, os.path.join(args.corpus, names[0]))  # warm the page cache
    for name in names:
        path = os.path.join(args.corpus, name)
        want = sorted(expected[name])
        times, got = [], []
        for _ in range(args.runs):
            t, got, code, err = run_lockstep(args.lockstep, path)
            times.append(t)
        if code == 2:
            print(f"lockstep error on {name}: {err}", file=sys.stderr)
        record("lockstep scan", times, sorted(got) == want, name)
        times = []
        for _ in range(args.runs):
            t, got = run_zxing_inprocess(path)
            times.append(t)
        record("zxing-cpp (in-process)", times, sorted(got) == want, name)
        if not args.no_zxing_process:
            t, got = run_zxing_process(path)
            record("zxing-cpp (process per image)", [t], sorted(got) == want, name)

    cpu = platform.processor() or platform.machine()
    print(f"Corpus: {len(names)} images ({args.corpus}); {os.cpu_count()} cores, {cpu}.")
    print(f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}.\n")
    print("| decoder | decoded | median ms/image | p95 ms/image | max ms |")
    print("|---|---:|---:|---:|---:|")
    for key, (times, ok, missed) in rows.items():
        if not times:
            continue
        ms = [t * 1000 for t in times]
        print(f"| {key} | {ok}/{len(names)} | {statistics.median(ms):.1f} | {pct(ms, 95):.1f} | {max(ms):.1f} |")
    if args.misses:
        for key, (_, _, missed) in rows.items():
            print(f"\n{key} missed: {', '.join(missed) or 'none'}")


if __name__ == "__main__":
    main()
