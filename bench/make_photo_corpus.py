#!/usr/bin/env python3
"""Builds the photo QR corpus: camera frames and phone photos of a QR code shown on a phone's
screen or printed on paper, the way a person holds one up to a laptop's webcam or photographs it.
The codes are made by segno, an encoder independent of Lockstep; the payloads are otpauth links
and Google Authenticator export codes (as bench/make_corpus.py makes them).

Each picture: a phone screen (a grid of RGB subpixels, resampled by the camera: moire) or a
printed page, tilted up to 35 degrees in perspective at any rotation, on a cluttered background;
uneven light, sometimes a glare spot; lower contrast, defocus or motion blur, sensor noise, JPEG.
Sizes: 1280x720 webcam frames, 1920x1080 frames, 3024x4032 and 4032x3024 phone photos.

Writes bench/photo-corpus/*.jpg and bench/photo-corpus/expected.json (file -> payloads), and
bench/photo-corpus/params.json (what was done to each picture). Deterministic (seeded).
Usage: python3 bench/make_photo_corpus.py [--out DIR] [--count N]
       python3 bench/make_photo_corpus.py --frames crates/lockstep-core/tests/fixtures/qr/frames
       (the few committed 1280x720 frames, with their payloads and corners, for the core's tests)
Needs: pip install segno pillow numpy opencv-python-headless
"""
import argparse
import io
import json
import math
import os
import random
import shutil

import cv2
import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFont

import make_corpus

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SEED = 20261207

rng = random.Random(SEED)
nrng = np.random.default_rng(SEED)
# make_corpus's link() and google_export() draw from its own generator: seed it too.
make_corpus.rng = random.Random(SEED + 1)

# (width, height, share of the corpus)
SIZES = [((1280, 720), 0.5), ((1920, 1080), 0.25), ((3024, 4032), 0.125), ((4032, 3024), 0.125)]


def qr_modules(text):
    """The code as a 0/1 numpy matrix of modules (1 = dark), with a quiet zone of 4; for no
    text, a blank square of the size of a small code (a screen without a code)."""
    if text is None:
        return np.zeros((37, 37), dtype=np.uint8)
    q = segno.make(text, error="m", micro=False)
    return np.array([[1 if v else 0 for v in row] for row in q.matrix_iter(scale=1, border=4)], dtype=np.uint8)


def font(size):
    return ImageFont.truetype(FONT, max(8, int(size)))


def phone_screen(text, dark_theme):
    """An RGB picture of a phone's screen (in screen pixels) showing the code, and the size of a
    module in screen pixels."""
    mods = qr_modules(text)
    n = mods.shape[0]
    # A phone shows the code ~60-80 % of its width; 720-1080 px wide screens.
    sw = rng.choice([720, 1080])
    sh = int(sw * rng.choice([16 / 9, 19.5 / 9, 20 / 9]))
    module = max(2, int(sw * rng.uniform(0.6, 0.8) / n))
    bg, fg = ((18, 18, 18), (230, 230, 230)) if dark_theme else ((250, 250, 250), (32, 32, 32))
    img = Image.new("RGB", (sw, sh), bg)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, sw, int(sh * 0.06)], fill=(40, 40, 40) if dark_theme else (230, 230, 230))
    d.text((int(sw * 0.06), int(sh * 0.09)), "Export accounts", fill=fg, font=font(sw * 0.06))
    d.text((int(sw * 0.06), int(sh * 0.15)), "Scan this QR code on your new device", fill=fg, font=font(sw * 0.035))
    # The code on a white card (dark themes draw the code on white too, as the apps do).
    code = Image.fromarray(((1 - mods) * 255).astype(np.uint8)).resize((n * module, n * module), Image.NEAREST)
    x = (sw - code.width) // 2
    y = int(sh * 0.22)
    img.paste(code.convert("RGB"), (x, y))
    d.text((int(sw * 0.4), y + code.height + int(sh * 0.03)), f"{rng.randint(1, 3)} of 3", fill=fg, font=font(sw * 0.045))
    d.rounded_rectangle([int(sw * 0.3), int(sh * 0.88), int(sw * 0.7), int(sh * 0.93)], radius=int(sw * 0.04), fill=(26, 115, 232))
    return np.asarray(img), module


def subpixel_grid(screen):
    """Each screen pixel as 3x3 camera-visible subpixels: R, G and B stripes with a dark row
    below (an LCD/OLED grid, which a camera resamples into moire)."""
    h, w, _ = screen.shape
    out = np.zeros((h * 3, w * 3, 3), dtype=np.uint8)
    for c in range(3):
        out[0::3, c::3, c] = screen[:, :, c]
        out[1::3, c::3, c] = screen[:, :, c]
        out[2::3, c::3, c] = (screen[:, :, c].astype(np.uint16) * 2 // 5).astype(np.uint8)
    return out


def printed_page(text):
    """An RGB picture of a printed page holding the code, and the module size in page pixels."""
    mods = qr_modules(text)
    n = mods.shape[0]
    pw = rng.choice([1200, 1600])
    ph = int(pw * 1.414)
    module = max(3, int(pw * rng.uniform(0.3, 0.5) / n))
    paper = rng.choice([(245, 245, 240), (238, 236, 226), (250, 250, 250)])
    img = Image.new("RGB", (pw, ph), paper)
    d = ImageDraw.Draw(img)
    ink = (40, 40, 45)
    d.text((int(pw * 0.08), int(ph * 0.05)), "Two-factor authentication backup", fill=ink, font=font(pw * 0.035))
    for i in range(8):
        d.text((int(pw * 0.08), int(ph * (0.10 + 0.025 * i))), "Keep this page somewhere safe. " * 2, fill=ink, font=font(pw * 0.018))
    code = Image.fromarray(((1 - mods) * 255).astype(np.uint8)).resize((n * module, n * module), Image.NEAREST)
    code = Image.fromarray(np.minimum(np.asarray(code.convert("RGB")), np.array(paper, dtype=np.uint8)))
    x = (pw - code.width) // 2
    img.paste(code, (x, int(ph * 0.35)))
    for i in range(6):
        d.text((int(pw * 0.08), int(ph * (0.35 + 0.03 * i)) + code.height + 40), "Recovery code: " + "%04d-%04d" % (rng.randrange(10**4), rng.randrange(10**4)), fill=ink, font=font(pw * 0.02))
    arr = np.asarray(img).astype(np.float32)
    arr += nrng.normal(0, 3, arr.shape[:2])[..., None]  # paper texture
    return np.clip(arr, 0, 255).astype(np.uint8), module


def background(w, h):
    """A desk or room: a gradient with a few soft coloured shapes."""
    base = np.array([rng.randint(40, 200) for _ in range(3)], dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    grad = (np.cos(angle) * xx / w + np.sin(angle) * yy / h)[..., None]
    img = base + 60 * grad * np.array([rng.uniform(-1, 1) for _ in range(3)], dtype=np.float32)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    for _ in range(rng.randint(3, 8)):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        r = rng.randint(w // 20, w // 4)
        col = tuple(rng.randint(0, 255) for _ in range(3))
        if rng.random() < 0.5:
            d.ellipse([x0 - r, y0 - r, x0 + r, y0 + r], fill=col)
        else:
            d.rectangle([x0 - r, y0 - r // 2, x0 + r, y0 + r // 2], fill=col)
    return cv2.GaussianBlur(np.asarray(pil), (0, 0), max(1.0, w / 300))


def homography(src_w, src_h, out_w, out_h, target, tilt, tilt_dir, roll, share=None):
    """Where the source rectangle lands in the camera picture: tilted `tilt` degrees about an
    axis at `tilt_dir` degrees in its plane, rolled `roll` degrees, seen by a pinhole camera and
    scaled so that the region `target` = (x0, y0, x1, y1) of the source spans about a given
    share of the picture, placed at random but inside it."""
    f = max(out_w, out_h) * rng.uniform(0.8, 1.3)
    corners = np.array([[0, 0], [src_w, 0], [src_w, src_h], [0, src_h]], dtype=np.float64)
    centred = corners - np.array([src_w / 2, src_h / 2])
    a, t, r = math.radians(tilt_dir), math.radians(tilt), math.radians(roll)
    # rotate in-plane so the tilt axis is x, tilt about x, rotate back, then roll.
    def rz(th):
        return np.array([[math.cos(th), -math.sin(th), 0], [math.sin(th), math.cos(th), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])
    rot = rz(r) @ rz(a) @ rx @ rz(-a)
    pts3 = np.c_[centred, np.zeros(4)] @ rot.T
    depth = f * max(src_w, src_h) / (min(out_w, out_h) * 0.9)
    proj = pts3[:, :2] * f / (depth + pts3[:, 2:3])
    # Scale: the code region spans `share` of the picture's shorter side.
    tx0, ty0, tx1, ty1 = target
    tpts = np.array([[tx0, ty0], [tx1, ty0], [tx1, ty1], [tx0, ty1]], dtype=np.float64) - np.array([src_w / 2, src_h / 2])
    tp3 = np.c_[tpts, np.zeros(4)] @ rot.T
    tproj = tp3[:, :2] * f / (depth + tp3[:, 2:3])
    span = max(tproj[:, 0].max() - tproj[:, 0].min(), tproj[:, 1].max() - tproj[:, 1].min())
    share = share or rng.uniform(0.35, 0.8)
    k = share * min(out_w, out_h) / span
    proj *= k
    tproj *= k
    # Place the code region inside the picture (the rest of the phone or page may be cut off).
    lo, hi = tproj.min(axis=0), tproj.max(axis=0)
    margin = 0.03 * min(out_w, out_h)
    ox = rng.uniform(margin - lo[0], out_w - margin - hi[0]) if out_w - 2 * margin > hi[0] - lo[0] else out_w / 2
    oy = rng.uniform(margin - lo[1], out_h - margin - hi[1]) if out_h - 2 * margin > hi[1] - lo[1] else out_h / 2
    dst = proj + np.array([ox, oy])
    return cv2.getPerspectiveTransform(corners.astype(np.float32), dst.astype(np.float32)), dst


def light_field(w, h):
    """Uneven light: a tilted plane of brightness times a vignette, 0.45-1.15."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, 2 * math.pi)
    plane = 1 + rng.uniform(0.1, 0.45) * (np.cos(a) * (xx / w - 0.5) + np.sin(a) * (yy / h - 0.5)) * 2
    r2 = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) / 0.5
    vignette = 1 - rng.uniform(0.1, 0.4) * r2
    return np.clip(plane * vignette, 0.45, 1.15)


def glare(w, h, quad):
    """A soft bright spot somewhere on the screen or page (a lamp's reflection)."""
    c = quad.mean(axis=0) + (quad[rng.randrange(4)] - quad.mean(axis=0)) * rng.uniform(0.2, 0.8)
    size = np.linalg.norm(quad[0] - quad[2]) * rng.uniform(0.05, 0.2)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    return rng.uniform(80, 200) * np.exp(-((xx - c[0]) ** 2 + (yy - c[1]) ** 2) / (2 * size**2))


def photo(text, w, h, params, force=None):
    """A camera picture of `text`'s code; `force` fixes some of the random choices (kind, tilt,
    share, blur, noise, glare) for the test fixtures."""
    force = force or {}
    kind = force.get("kind") or ("screen" if rng.random() < 0.7 else "paper")
    params["kind"] = kind
    if kind == "screen":
        dark = rng.random() < 0.3
        params["dark_theme"] = dark
        screen, module = phone_screen(text, dark)
        src = subpixel_grid(screen)
        unit = 3
        # Bezel: the screen sits in a black phone body.
        bez = int(src.shape[1] * 0.04)
        body = np.full((src.shape[0] + 2 * bez, src.shape[1] + 2 * bez, 3), 12, dtype=np.uint8)
        body[bez:-bez, bez:-bez] = src
        src, offset = body, bez
    else:
        src, module = printed_page(text)
        unit, offset = 1, 0
    sh_, sw_ = src.shape[:2]
    n = qr_modules(text).shape[0]
    # The code region in source pixels (where the screen drew it).
    if kind == "screen":
        qw = n * module * unit
        x0 = offset + ((screen.shape[1] - n * module) // 2) * unit
        y0 = offset + int(screen.shape[0] * 0.22) * unit
    else:
        qw = n * module
        x0 = (sw_ - qw) // 2
        y0 = int(sw_ * 1.414 * 0.35)
    tilt = force.get("tilt", rng.uniform(0, 35))
    tilt_dir = rng.uniform(0, 360)
    roll = force.get("roll", rng.uniform(0, 360))
    params.update(tilt=round(tilt, 1), tilt_dir=round(tilt_dir), roll=round(roll))
    H, quad = homography(sw_, sh_, w, h, (x0, y0, x0 + qw, y0 + qw), tilt, tilt_dir, roll, force.get("share"))
    # The symbol's corners (inside the 4-module quiet zone) in the picture: top left, top
    # right, bottom right, bottom left of the code.
    q = 4 * qw / n
    sym = np.array([[[x0 + q, y0 + q], [x0 + qw - q, y0 + q], [x0 + qw - q, y0 + qw - q], [x0 + q, y0 + qw - q]]], dtype=np.float64)
    params["corners"] = [[round(float(x), 1), round(float(y), 1)] for x, y in cv2.perspectiveTransform(sym, H)[0]]
    bg = background(w, h).astype(np.float32)
    # Downscaling warps alias (moire on the subpixel grid), as a camera's sensor does; a screen
    # is pre-blurred a little only when it would shrink very far (lens blur).
    shrink = math.sqrt(abs(np.linalg.det(H[:2, :2])))
    if shrink < 0.25:
        src = cv2.GaussianBlur(src, (0, 0), 0.3 / shrink)
    warped = cv2.warpPerspective(src, H, (w, h), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0)).astype(np.float32)
    mask = cv2.warpPerspective(np.ones((sh_, sw_), np.float32), H, (w, h), flags=cv2.INTER_LINEAR)[..., None]
    img = bg * (1 - mask) + warped * mask
    if kind == "screen":
        # The camera exposes for the screen (its subpixel grid lights about 27 % of the
        # surface), and a screen glows: its black is grey in a photo.
        gain = 3.6 * rng.uniform(0.7, 1.0)
        lift = rng.uniform(10, 50)
        img = img * (1 - mask) + (lift + img * gain) * mask
    # Lower contrast overall, uneven light, glare.
    contrast = rng.uniform(0.55, 1.0)
    img = 128 + (img - 128) * contrast
    img *= light_field(w, h)[..., None]
    params["contrast"] = round(contrast, 2)
    if force.get("glare", rng.random() < 0.35):
        img += glare(w, h, quad)[..., None]
        params["glare"] = True
    img = np.clip(img, 0, 255).astype(np.uint8)
    # Focus and motion: blur scaled to the picture (a 4K photo's blur covers more pixels).
    scale = min(w, h) / 720
    if "blur" in force or rng.random() < 0.5:
        sigma = force.get("blur") or rng.uniform(0.5, 1.8) * scale
        img = cv2.GaussianBlur(img, (0, 0), sigma)
        params["blur"] = round(sigma, 2)
    elif rng.random() < 0.5:
        length = max(3, int(rng.uniform(3, 9) * scale))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1 / length
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
        kernel = cv2.warpAffine(kernel, rot, (length, length))
        kernel /= kernel.sum()
        img = cv2.filter2D(img, -1, kernel)
        params["motion_blur"] = length
    # Sensor noise: webcams are noisy, more so in dim light.
    sigma = force.get("noise") or (rng.uniform(2, 10) if w <= 1920 else rng.uniform(2, 6))
    noise = nrng.normal(0, sigma, img.shape).astype(np.float32)
    img = np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    params["noise"] = round(sigma, 1)
    return img


# The committed camera-frame fixtures of lockstep-core (tests/qr_frames.rs, benches/qr_frame.rs):
# name -> (payload kind, forced choices).
FRAMES = {
    "frame_screen_straight.jpg": ("otpauth", {"kind": "screen", "tilt": 5, "share": 0.5, "noise": 3}),
    "frame_screen_tilted_noisy.jpg": ("otpauth", {"kind": "screen", "tilt": 32, "share": 0.55, "noise": 9, "blur": 1.0}),
    "frame_screen_google3.jpg": ("google3", {"kind": "screen", "tilt": 20, "share": 0.7, "noise": 6}),
    "frame_paper_glare.jpg": ("otpauth", {"kind": "paper", "tilt": 28, "share": 0.5, "noise": 5, "glare": True}),
    "frame_screen_no_code.jpg": (None, {"kind": "screen", "tilt": 15, "share": 0.5, "noise": 6}),
}


def frames(out):
    """1280x720 webcam frames with known payloads and corners, for lockstep-core's tests."""
    expected = {}
    for name, (what, force) in FRAMES.items():
        if what == "otpauth":
            text = make_corpus.link()
        elif what == "google3":
            text = make_corpus.google_export(3, 0, 1)
        else:
            text = None
        params = {}
        img = photo(text, 1280, 720, params, force)
        Image.fromarray(img).save(os.path.join(out, name), quality=80)
        expected[name] = {"payloads": [text] if text else [], "corners": params["corners"] if text else None, "params": {k: v for k, v in params.items() if k != "corners"}}
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print(f"{len(expected)} frames in {out}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "photo-corpus"))
    ap.add_argument("--count", type=int, default=96)
    ap.add_argument("--frames", metavar="DIR", help="write the camera-frame test fixtures into DIR instead")
    args = ap.parse_args()
    if args.frames:
        os.makedirs(args.frames, exist_ok=True)
        frames(args.frames)
        return
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    expected, params_all = {}, {}
    plan = []
    for (size, share) in SIZES:
        plan += [size] * round(args.count * share)
    for i, (w, h) in enumerate(plan):
        if i % 3 == 2:
            n = rng.randint(1, 10)
            text = make_corpus.google_export(n, rng.randrange(3), 3)
            what = f"google{n}"
        else:
            text = make_corpus.link()
            what = "otpauth"
        params = {"payload": what}
        img = photo(text, w, h, params)
        quality = rng.randint(50, 92)
        params["jpeg"] = quality
        name = f"photo_{i:03d}_{w}x{h}_{params['kind']}_{what}.jpg"
        Image.fromarray(img).save(os.path.join(args.out, name), quality=quality)
        expected[name] = [text]
        params_all[name] = params
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    with open(os.path.join(args.out, "params.json"), "w") as f:
        json.dump(params_all, f, indent=1, sort_keys=True)
    print(f"{len(expected)} images in {args.out}")


if __name__ == "__main__":
    main()
