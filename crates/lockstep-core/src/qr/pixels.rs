//! Pixel work for the QR passes on gray pictures: inverting, scaling (half size by averaging, 3×
//! by interpolation), brightness, and thresholding (local adaptive, global Otsu) into 1/0
//! pictures. Integer arithmetic, by hand where `image`'s own is much slower. Owns no reading of
//! codes.

use image::imageops;
use image::GrayImage;

/// The picture with dark and light swapped.
pub(crate) fn invert(img: &GrayImage) -> GrayImage {
    let mut out = img.clone();
    imageops::invert(&mut out);
    out
}

/// A picture of 1 (black) and 0 (white) as 8-bit gray: 0 and 255.
pub(crate) fn to_black_on_white(bits: &GrayImage) -> GrayImage {
    let mut out = bits.clone();
    out.pixels_mut()
        .for_each(|p| p.0[0] = if p.0[0] == 1 { 0 } else { 255 });
    out
}

/// Half size by 2×2 averaging (fast, and keeps thin modules as gray rather than dropping them).
pub(crate) fn halve(img: &GrayImage) -> GrayImage {
    halve_luma(img.width(), img.height(), img.as_raw())
}

/// [`halve`] of a borrowed buffer of `w × h` gray bytes (`w, h > 0`, `luma.len() == w × h`). An
/// odd last row or column is left out (a side of one pixel stays one). Row by row, with no
/// clamping per pixel, so the compiler can vectorise it.
pub(crate) fn halve_luma(w: u32, h: u32, src: &[u8]) -> GrayImage {
    let (width, height) = (w as usize, h as usize);
    let (out_w, out_h) = ((width / 2).max(1), (height / 2).max(1));
    let mut out = vec![0u8; out_w * out_h];
    for (y, dst) in out.chunks_exact_mut(out_w).enumerate() {
        let top = &src[(2 * y).min(height - 1) * width..][..width];
        let bottom = &src[(2 * y + 1).min(height - 1) * width..][..width];
        if width >= 2 {
            for ((d, t), b) in dst
                .iter_mut()
                .zip(top.chunks_exact(2))
                .zip(bottom.chunks_exact(2))
            {
                let sum = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
                *d = ((sum + 2) / 4) as u8;
            }
        } else {
            dst[0] = ((2 * u16::from(top[0]) + 2 * u16::from(bottom[0]) + 2) / 4) as u8;
        }
    }
    GrayImage::from_raw(out_w as u32, out_h as u32, out).expect("a buffer of w/2 × h/2 bytes")
}

/// Three times larger by linear interpolation (each new pixel a third or two thirds of the way
/// between its neighbours' centres). Integer arithmetic; `imageops::resize` takes ~1 s for this.
pub(crate) fn triple(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    if w == 0 || h == 0 {
        return img.clone();
    }
    let src = img.as_raw();
    // a third of the way from `a` to `b`, rounded
    let third = |a: u8, b: u8| ((2 * u16::from(a) + u16::from(b) + 1) / 3) as u8;
    let mut wide = vec![0u8; w * 3 * h];
    for (row, out) in src.chunks_exact(w).zip(wide.chunks_exact_mut(w * 3)) {
        for x in 0..w {
            let (left, right) = (row[x.saturating_sub(1)], row[(x + 1).min(w - 1)]);
            out[3 * x] = third(row[x], left);
            out[3 * x + 1] = row[x];
            out[3 * x + 2] = third(row[x], right);
        }
    }
    let stride = w * 3;
    let mut tall = vec![0u8; stride * h * 3];
    for y in 0..h {
        let (up, down) = (y.saturating_sub(1), (y + 1).min(h - 1));
        for x in 0..stride {
            let (here, above, below) = (
                wide[y * stride + x],
                wide[up * stride + x],
                wide[down * stride + x],
            );
            tall[(3 * y) * stride + x] = third(here, above);
            tall[(3 * y + 1) * stride + x] = here;
            tall[(3 * y + 2) * stride + x] = third(here, below);
        }
    }
    GrayImage::from_raw(img.width() * 3, img.height() * 3, tall).expect("a buffer of 3w × 3h bytes")
}

pub(crate) fn mean(img: &GrayImage) -> u64 {
    // Every 7th pixel is plenty for a brightness estimate.
    let (sum, count) = img
        .as_raw()
        .iter()
        .step_by(7)
        .fold((0u64, 0u64), |(sum, n), &v| (sum + u64::from(v), n + 1));
    sum / count.max(1)
}

pub(crate) fn pixels(img: &GrayImage) -> u32 {
    img.width().saturating_mul(img.height())
}

/// Each pixel with the mean of the square around it (side ~1/8 of the picture's shorter side,
/// clipped at the edges): `f(pixel, sum of the square, pixels in the square)` for every pixel.
fn with_local_mean(img: &GrayImage, f: impl Fn(u64, u64, u64) -> u8) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let side = ((w.min(h) / 8) | 1).clamp(15, 255);
    let r = side / 2;
    // Integral image; u64 so any size within MAX_WORK_PIXELS is safe.
    let iw = w + 1;
    let mut integral = vec![0u64; iw * (h + 1)];
    let src = img.as_raw();
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(src[y * w + x]);
            integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row;
        }
    }
    let mut out = GrayImage::new(img.width(), img.height());
    let dst: &mut [u8] = &mut out;
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = integral[y1 * iw + x1] + integral[y0 * iw + x0]
                - integral[y0 * iw + x1]
                - integral[y1 * iw + x0];
            let area = ((y1 - y0) * (x1 - x0)) as u64;
            dst[y * w + x] = f(u64::from(src[y * w + x]), sum, area);
        }
    }
    out
}

/// Black where a pixel is clearly darker than the mean of the square around it (side ~1/8 of the
/// picture's shorter side). Robust to uneven light, gradients, coloured backgrounds and blur.
pub(crate) fn adaptive_threshold(img: &GrayImage) -> GrayImage {
    // Dark if below 90 % of the local mean.
    with_local_mean(img, |v, sum, area| u8::from(v * area * 10 < sum * 9))
}

/// Local contrast raised: each pixel's difference from the mean of the square around it (as in
/// [`adaptive_threshold`]), doubled, around mid-gray. A photographed screen or page in uneven
/// light, glare or low contrast spans few gray levels per block, and rxing's binarizer takes a
/// block of under 24 levels for a flat one; this gives it the range back, keeping the gray for
/// its own thresholds. (Tripled, a glare spot beside the code clipped to white and black: the
/// phone photo `photo_073` of the photo corpus was read doubled only.)
pub(crate) fn local_contrast(img: &GrayImage) -> GrayImage {
    with_local_mean(img, |v, sum, area| {
        let diff = (v * area) as i64 - sum as i64;
        (128 + 2 * diff / area.max(1) as i64).clamp(0, 255) as u8
    })
}

/// Black below the Otsu threshold of the whole picture.
pub(crate) fn otsu(img: &GrayImage) -> GrayImage {
    let mut hist = [0u64; 256];
    img.as_raw().iter().for_each(|&v| hist[usize::from(v)] += 1);
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * c as f64)
        .sum();
    let (mut best, mut best_t, mut w_b, mut sum_b) = (0.0f64, 127u8, 0u64, 0.0f64);
    for (t, &c) in hist.iter().enumerate() {
        w_b += c;
        if w_b == 0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0 {
            break;
        }
        sum_b += t as f64 * c as f64;
        let m_b = sum_b / w_b as f64;
        let m_f = (sum_all - sum_b) / w_f as f64;
        let between = w_b as f64 * w_f as f64 * (m_b - m_f) * (m_b - m_f);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    let mut out = img.clone();
    out.pixels_mut()
        .for_each(|p| p.0[0] = u8::from(p.0[0] <= best_t));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tripling_interpolates_between_pixel_centres() {
        let img = GrayImage::from_raw(2, 1, vec![0, 255]).expect("2 pixels");
        let up = triple(&img);
        assert_eq!(up.dimensions(), (6, 3));
        assert_eq!(&up.as_raw()[..6], &[0, 0, 85, 170, 255, 255]);
        assert_eq!(up.as_raw()[..6], up.as_raw()[12..]);
        assert_eq!(triple(&GrayImage::new(1, 1)).dimensions(), (3, 3));
    }

    #[test]
    fn halving_averages_two_by_two_blocks() {
        // 5×3: the odd last column and row are left out; rounding half up.
        let img = GrayImage::from_raw(
            5,
            3,
            vec![0, 10, 20, 31, 99, 2, 4, 40, 50, 99, 99, 99, 99, 99, 99],
        )
        .expect("15 pixels");
        let half = halve(&img);
        assert_eq!(half.dimensions(), (2, 1));
        assert_eq!(half.as_raw(), &[4, 35]);
        // A side of one pixel stays one, averaged with itself.
        let column = GrayImage::from_raw(1, 4, vec![10, 21, 200, 0]).expect("4 pixels");
        assert_eq!(halve(&column).as_raw(), &[16, 100]);
    }

    #[test]
    fn thresholds_mark_dark_pixels_as_one() {
        let img = GrayImage::from_fn(64, 64, |x, _| image::Luma([if x < 32 { 20 } else { 230 }]));
        let o = otsu(&img);
        assert_eq!((o.get_pixel(0, 0).0[0], o.get_pixel(63, 0).0[0]), (1, 0));
        let a = adaptive_threshold(&img);
        assert_eq!((a.get_pixel(30, 10).0[0], a.get_pixel(34, 10).0[0]), (1, 0));
    }

    #[test]
    fn local_contrast_doubles_differences_from_the_local_mean() {
        // 100 and 110 side by side, squares of 15: beside the edge the square holds 8 columns
        // of one and 7 of the other (mean 104.67 or 105.33), so 128 - 9 and 128 + 9 (9.33
        // rounded toward zero); a flat picture stays mid-gray.
        let img = GrayImage::from_fn(64, 64, |x, _| image::Luma([if x < 32 { 100 } else { 110 }]));
        let c = local_contrast(&img);
        assert_eq!(
            (c.get_pixel(31, 10).0[0], c.get_pixel(32, 10).0[0]),
            (119, 137)
        );
        let flat = local_contrast(&GrayImage::from_pixel(40, 40, image::Luma([37])));
        assert!(flat.pixels().all(|p| p.0[0] == 128));
    }
}
