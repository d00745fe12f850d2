#!/usr/bin/env python3
"""Builds the QR benchmark corpus: screenshot-like pictures of otpauth QR codes, made by an
encoder independent of Lockstep (segno), in the ways people meet them: 1x/2x/4K screens, light
and dark themes, small codes in pages, JPEG'd mail attachments, coloured codes, slight rotation
and blur, several codes at once, and Google export codes. With Chromium installed, real browser
renderings at device pixel ratio 1 and 2, light and dark, are added.

Writes bench/corpus/*.{png,jpg,webp} and bench/corpus/expected.json (file -> payloads).
Deterministic (seeded). Usage: python3 bench/make_corpus.py [--no-chromium]
"""
import base64
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
rng = random.Random(20261123)
EXPECTED = {}

ISSUERS = ["GitHub", "Example Bank", "ACME Co", "Proton", "Mastodon", "AWS", "Dropbox", "Fastmail"]


def secret(nbytes):
    return base64.b32encode(bytes(rng.randrange(256) for _ in range(nbytes))).decode().rstrip("=")


def link():
    issuer = rng.choice(ISSUERS)
    user = rng.choice(["alice", "bob.smith", "carol@example.com", "d.jones+2fa@example.org"])
    params = {"secret": secret(rng.choice([10, 16, 20, 32])), "issuer": issuer}
    if rng.random() < 0.3:
        params["algorithm"] = rng.choice(["SHA256", "SHA512"])
    if rng.random() < 0.2:
        params["digits"] = "8"
    label = urllib.parse.quote(f"{issuer}:{user}", safe=":@")
    return f"otpauth://totp/{label}?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field(tag, wire, value):
    key = varint(tag << 3 | wire)
    return key + (varint(value) if wire == 0 else varint(len(value)) + value)


def google_export(count, index=0, size=1):
    body = b""
    for i in range(count):
        issuer = rng.choice(ISSUERS)
        p = field(1, 2, bytes(rng.randrange(256) for _ in range(20)))
        p += field(2, 2, f"{issuer}:user{i}@example.com".encode()) + field(3, 2, issuer.encode())
        p += field(4, 0, 1) + field(5, 0, 1) + field(6, 0, 2)
        body += field(1, 2, p)
    body += field(2, 0, 1) + field(3, 0, size) + field(4, 0, index) + field(5, 0, rng.randrange(1 << 31))
    return "otpauth-migration://offline?data=" + urllib.parse.quote(base64.b64encode(body).decode(), safe="")


def code(text, scale, dark="#000000", light="#ffffff", border=4):
    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buf, kind="png", scale=scale, dark=dark, light=light, border=border)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


THEMES = {
    "light": {"bg": "#ffffff", "fg": "#24292f", "bar": "#f6f8fa", "qr_dark": "#000000", "qr_light": "#ffffff"},
    "dark": {"bg": "#0d1117", "fg": "#c9d1d9", "bar": "#161b22", "qr_dark": "#e6edf3", "qr_light": "#0d1117"},
    "dark-card": {"bg": "#1e1e1e", "fg": "#d4d4d4", "bar": "#252526", "qr_dark": "#000000", "qr_light": "#ffffff"},
}


def screenshot(w, h, theme, dpr):
    t = THEMES[theme]
    img = Image.new("RGB", (w, h), t["bg"])
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, int(14 * dpr))
    big = ImageFont.truetype(FONT, int(22 * dpr))
    d.rectangle([0, 0, w, int(56 * dpr)], fill=t["bar"])
    d.text((int(20 * dpr), int(16 * dpr)), "Security settings - Two-factor authentication", fill=t["fg"], font=big)
    y = int(90 * dpr)
    while y < h - 40 * dpr:
        d.text((int(32 * dpr), y), "Scan the QR code with your authenticator app. " * rng.randint(1, 3), fill=t["fg"], font=font)
        y += int(24 * dpr)
    for _ in range(4):
        x0, y0 = rng.randrange(w // 2), rng.randrange(h // 2)
        d.rounded_rectangle([x0, y0, x0 + int(120 * dpr), y0 + int(36 * dpr)], radius=int(6 * dpr), fill="#238636")
    return img


def place(page, img, avoid=None):
    w, h = page.size
    x = rng.randrange(max(1, w - img.width))
    y = rng.randrange(int(60 * (h / 800)), max(int(60 * (h / 800)) + 1, h - img.height))
    page.paste(img, (x, y))
    return (x, y)


def save(name, img, payloads, fmt="png", **kw):
    path = os.path.join(OUT, f"{name}.{fmt}")
    if fmt == "jpg":
        img.save(path, quality=kw.get("quality", 80))
    elif fmt == "webp":
        img.save(path, quality=kw.get("quality", 85))
    else:
        img.save(path, optimize=True)
    EXPECTED[os.path.basename(path)] = payloads


def synthetic():
    screens = [(1366, 768, 1), (1920, 1080, 1), (2560, 1440, 2), (2880, 1800, 2), (3840, 2160, 2)]
    n = 0
    for w, h, dpr in screens:
        for theme in THEMES:
            for variant in range(4):
                n += 1
                text = link() if variant != 3 else google_export(rng.randint(3, 10))
                page = screenshot(w, h, theme, dpr)
                module = rng.choice([2, 3, 4, 5]) * dpr if variant != 1 else rng.choice([2, 3])
                t = THEMES[theme]
                qr = code(text, module, t["qr_dark"], t["qr_light"])
                if variant == 2:
                    qr = qr.rotate(rng.uniform(-8, 8), resample=Image.BICUBIC, expand=True, fillcolor=t["qr_light"])
                place(page, qr)
                fmt = ["png", "png", "jpg", "webp"][variant]
                save(f"screen_{w}x{h}_{theme}_{variant}", page, [text], fmt, quality=rng.choice([60, 75, 90]))

    # Mail attachments and phone photos of a screen: small, JPEG, blur, colour.
    for i in range(10):
        text = link()
        dark, light = rng.choice([("#000000", "#ffffff"), ("#1c3d8f", "#fff3bf"), ("#5c2d91", "#eaeaea"), ("#222222", "#f0f0f0")])
        img = code(text, rng.choice([3, 4, 6, 8]), dark, light)
        if i % 2:
            img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.4)))
        if i % 3 == 0:
            img = img.rotate(rng.uniform(-6, 6), resample=Image.BICUBIC, expand=True, fillcolor=light)
        save(f"attachment_{i}", img, [text], "jpg", quality=rng.choice([35, 50, 70]))

    # Several codes in one screenshot (a Google export of 2-3 batches shown side by side, or a
    # page listing several accounts).
    for i in range(6):
        page = screenshot(1920, 1080, rng.choice(list(THEMES)), 1)
        texts = [link() for _ in range(rng.randint(2, 3))] if i % 2 else [google_export(10, k, 2) for k in range(2)]
        for k, text in enumerate(texts):
            page.paste(code(text, 4), (80 + k * 600, 250 + (k % 2) * 120))
        save(f"multi_{i}", page, texts)
    return n


HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; font: 15px/1.5 system-ui, sans-serif; background: {bg}; color: {fg}; }}
header {{ background: {bar}; padding: 14px 24px; font-size: 20px; }}
main {{ display: flex; gap: 32px; padding: 24px; }}
.card {{ border: 1px solid #8884; border-radius: 8px; padding: 16px; max-width: 520px; }}
img {{ width: {css}px; height: {css}px; {rendering} }}
</style></head><body><header>Enable two-factor authentication</header>
<main><div class="card"><p>1. Install an authenticator app.</p><p>2. Scan this QR code:</p>
<img src="data:image/png;base64,{png}"><p>Or enter the key manually.</p></div>
<div class="card"><p>{filler}</p></div></main></body></html>"""


def chromium_corpus(binary):
    made = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (theme, dpr, css, smooth) in enumerate(
            [(t, d, c, s) for t in ("light", "dark") for d in (1, 1.25, 1.5, 2) for c in (132, 200) for s in (False, True)]
        ):
            text = link() if i % 4 else google_export(rng.randint(2, 8))
            t = THEMES[theme]
            buf = io.BytesIO()
            segno.make(text, error="m", micro=False).save(buf, kind="png", scale=1, border=4, dark=t["qr_dark"], light=t["qr_light"])
            html = HTML.format(
                bg=t["bg"], fg=t["fg"], bar=t["bar"], css=css,
                rendering="" if smooth else "image-rendering: pixelated;",
                png=base64.b64encode(buf.getvalue()).decode(), filler="Backup codes and help text. " * 40,
            )
            page = os.path.join(tmp, f"p{i}.html")
            with open(page, "w") as f:
                f.write(html)
            out = os.path.join(OUT, f"chromium_{theme}_dpr{dpr}_{css}px_{'smooth' if smooth else 'pixelated'}.png")
            subprocess.run(
                [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                 f"--user-data-dir={tmp}/profile", f"--force-device-scale-factor={dpr}",
                 "--window-size=1280,800", f"--screenshot={out}", f"file://{page}"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
            )
            EXPECTED[os.path.basename(out)] = [text]
            made += 1
    return made


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    n = synthetic()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary and "--no-chromium" not in sys.argv:
        n += chromium_corpus(binary)
    else:
        print("chromium not found: browser renderings skipped", file=sys.stderr)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(EXPECTED, f, indent=1, sort_keys=True)
    print(f"{len(EXPECTED)} images in {OUT}")


if __name__ == "__main__":
    main()
