#!/usr/bin/env python3
"""Makes a camera test clip: a phone held up to a webcam, showing a Google Authenticator export
of several QR codes one after another, as the frames of a video (JPEG files 00000.jpg, 00001.jpg,
... at 10 frames a second, Lockstep's LOCKSTEP_CAMERA_SOURCE folder format).

Independent of Lockstep: the export payloads are encoded here from the protobuf layout
(MigrationPayload, fields numbered as Google's app writes them), the QR codes are drawn by segno,
and the accounts' secrets come from this script's own seeded generator. The phone's screen is
tilted in perspective (about 30 degrees) and turned, lit unevenly with a glare, and every frame
gets its own sensor noise, a little blur and JPEG compression.

Writes OUT/NNNNN.jpg and OUT/expected.json:
  {"fps": 10, "links": [...], "accounts": [{"issuer", "name", "secret" (base32), "digits"}]}

Usage: camera_clip.py OUT [--parts 3] [--per-part 2] [--seconds 2] [--seed N] [--blank] [--show K]
  --blank: the phone shows no code at all (for time-out tests).
  --show K: only the first K codes of the export are shown (an unfinished transfer).
"""
import argparse
import base64
import json
import math
import os
import random
import urllib.parse

import segno
from PIL import Image, ImageChops, ImageDraw, ImageFilter

W, H = 1280, 720
FPS = 10


def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def migration_link(accounts, index, size, batch_id):
    """otpauth-migration://offline?data=... for one batch (protobuf written by hand)."""
    payload = b""
    for a in accounts:
        params = (
            field_bytes(1, base64.b32decode(a["secret"]))
            + field_bytes(2, f"{a['issuer']}:{a['name']}".encode())
            + field_bytes(3, a["issuer"].encode())
            + field_varint(4, 1)  # SHA1
            + field_varint(5, 1 if a["digits"] == 6 else 2)
            + field_varint(6, 2)  # TOTP
        )
        payload += field_bytes(1, params)
    payload += field_varint(2, 1) + field_varint(3, size) + field_varint(4, index)
    payload += field_varint(5, batch_id)
    data = base64.b64encode(payload).decode()
    return "otpauth-migration://offline?data=" + urllib.parse.quote(data, safe="")


def perspective_coeffs(dst, src):
    """Coefficients for Image.transform(PERSPECTIVE) mapping output points dst to input src."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    n = 8
    m = [r + [b] for r, b in zip(rows, rhs)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def phone(link, label):
    """The phone, face on: a dark body, a white screen, the code and a caption."""
    body = Image.new("L", (420, 760), 0)
    d = ImageDraw.Draw(body)
    d.rounded_rectangle((0, 0, 419, 759), radius=48, fill=28)
    d.rounded_rectangle((18, 60, 401, 700), radius=12, fill=236)
    d.text((40, 90), "Export accounts", fill=40)
    if link:
        qr = segno.make(link, error="l")
        scale = max(1, 340 // qr.symbol_size(border=2)[0])
        img = Image.open(qr_png(qr, scale)).convert("L")
        body.paste(img, ((420 - img.width) // 2, 150))
        d.text((170, 560), label, fill=40)
    return body


def qr_png(qr, scale):
    import io

    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=scale, border=2, dark="#202020", light="#ececec")
    buf.seek(0)
    return buf


def scene(face, rng):
    """The phone tilted ~30 degrees away at the top, turned a little, over a dim desk."""
    bg = Image.linear_gradient("L").rotate(90).resize((W, H))
    bg = bg.point(lambda v: 60 + v // 3)
    fw, fh = face.size
    cx, cy, s = W / 2 + rng.uniform(-60, 60), H / 2, 0.78
    turn = math.radians(rng.uniform(-12, 12))
    # top edge narrower than the bottom: the screen leans back ~30 degrees
    top, bottom, height = fw * s * 0.72, fw * s, fh * s * 0.86
    corners = [(-top / 2, -height / 2), (top / 2, -height / 2), (bottom / 2, height / 2),
               (-bottom / 2, height / 2)]
    dst = [(cx + x * math.cos(turn) - y * math.sin(turn), cy + x * math.sin(turn) + y * math.cos(turn))
           for x, y in corners]
    src = [(0, 0), (fw, 0), (fw, fh), (0, fh)]
    coeffs = perspective_coeffs(dst, src)
    warped = face.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0)
    mask = Image.new("L", face.size, 255).transform((W, H), Image.PERSPECTIVE, coeffs,
                                                      Image.BILINEAR, fillcolor=0)
    out = bg.copy()
    out.paste(warped, (0, 0), mask)
    # uneven light: darker on the left, a soft glare on the right of the screen
    shade = Image.linear_gradient("L").rotate(90).resize((W, H)).point(lambda v: 150 + v * 105 // 255)
    out = ImageChops.multiply(out, shade)
    glare = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glare).ellipse((cx + 20, cy - 220, cx + 200, cy - 60), fill=70)
    out = ImageChops.add(out, glare.filter(ImageFilter.GaussianBlur(40)))
    return out


def frame(base, rng):
    noise = Image.effect_noise((W, H), 14).point(lambda v: v - 128 if v > 128 else 0)
    dark = Image.effect_noise((W, H), 14).point(lambda v: 128 - v if v < 128 else 0)
    img = ImageChops.subtract(ImageChops.add(base, noise), dark)
    return img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--parts", type=int, default=3)
    ap.add_argument("--per-part", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--blank", action="store_true")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    accounts = []
    for i in range(args.parts * args.per_part):
        accounts.append({
            "issuer": ["GitHub", "Example Bank", "Mastodon", "Proton", "AWS", "Fastmail"][i % 6],
            "name": f"user{i}@example.com",
            "secret": base64.b32encode(bytes(rng.randrange(256) for _ in range(20))).decode(),
            "digits": 6 if i % 3 else 8,
        })
    batch_id = rng.randrange(1, 2**31)
    links = [
        migration_link(accounts[p * args.per_part:(p + 1) * args.per_part], p, args.parts, batch_id)
        for p in range(args.parts)
    ]

    n = 0
    per_part = max(1, int(args.seconds * FPS))
    shown = args.show if 0 < args.show < args.parts else args.parts
    for p in range(shown):
        label = f"{p + 1} of {args.parts}"
        base = scene(phone(None if args.blank else links[p], label), rng)
        for _ in range(per_part):
            frame(base, rng).save(os.path.join(args.out, f"{n:05d}.jpg"), quality=80)
            n += 1
        # the swipe to the next code: a few frames of the phone's empty screen
        if p + 1 < shown:
            empty = scene(phone(None, ""), rng)
            for _ in range(3):
                frame(empty, rng).save(os.path.join(args.out, f"{n:05d}.jpg"), quality=80)
                n += 1
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump({"fps": FPS, "frames": n, "links": [] if args.blank else links,
                   "accounts": [] if args.blank else accounts}, f, indent=1)


if __name__ == "__main__":
    main()
