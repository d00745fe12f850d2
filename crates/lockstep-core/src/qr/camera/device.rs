//! What the sources of camera frames share, on every system: a raw buffer in the layout a camera
//! gives (MJPEG, YUYV, NV12, gray, RGB, BGR) to one gray [`Frame`] that fits 1280×720
//! ([`to_frame`], [`fit`]), which of a camera's formats to ask for ([`choose`]), and a device's
//! error worded for a person ([`explain`]). Pure: no device is opened here.

use image::imageops::FilterType;
use image::GrayImage;

use super::{Frame, MAX_HEIGHT, MAX_WIDTH};
use crate::error::{Error, Result};

/// How a camera lays out one frame's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Each frame a JPEG picture.
    Mjpeg,
    /// 4:2:2, two pixels in four bytes: Y0 U Y1 V.
    Yuyv,
    /// 4:2:0: the full Y plane, then interleaved U and V at half size.
    Nv12,
    /// One byte a pixel.
    Gray,
    /// Three bytes a pixel, red first.
    Rgb,
    /// Three bytes a pixel, blue first.
    Bgr,
}

/// One format a camera offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    pub layout: Layout,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
}

/// The format to capture in: the largest picture within 1280×720 (a QR code needs pixels, and
/// more than that is only scaled down again), then at least 10 frames a second, then the layout
/// cheapest to turn gray (a Y plane is read as it is; MJPEG must be decoded), then the highest
/// rate up to 30. Without any within 1280×720, the smallest. `None` for an empty list.
pub fn choose(offers: &[Offer]) -> Option<Offer> {
    let fits = |o: &Offer| o.width <= MAX_WIDTH && o.height <= MAX_HEIGHT;
    let cost = |l: Layout| match l {
        Layout::Gray | Layout::Nv12 | Layout::Yuyv => 0,
        Layout::Rgb | Layout::Bgr => 1,
        Layout::Mjpeg => 2,
    };
    let pixels = |o: &Offer| u64::from(o.width) * u64::from(o.height);
    let usable = offers.iter().filter(|o| o.width > 0 && o.height > 0);
    if let Some(best) = usable.clone().filter(|o| fits(o)).max_by_key(|o| {
        (
            pixels(o),
            o.fps >= 10,
            std::cmp::Reverse(cost(o.layout)),
            o.fps.min(30),
        )
    }) {
        return Some(*best);
    }
    usable
        .min_by_key(|o| {
            (
                pixels(o),
                std::cmp::Reverse(o.fps >= 10),
                cost(o.layout),
                std::cmp::Reverse(o.fps.min(30)),
            )
        })
        .copied()
}

fn bad_frame(what: &str, why: impl std::fmt::Display) -> Error {
    Error::Camera(format!("{what} gave an unreadable frame ({why})"))
}

/// A raw frame of `width × height` pixels in `layout` to a gray [`Frame`] within 1280×720.
/// `what` names the source for the error a malformed frame gives.
pub fn to_frame(what: &str, layout: Layout, width: u32, height: u32, data: &[u8]) -> Result<Frame> {
    if layout == Layout::Mjpeg {
        let gray = jpeg_gray(what, data)?;
        return Ok(fit(gray));
    }
    if width == 0 || height == 0 {
        return Err(bad_frame(what, "no pixels"));
    }
    let (w, h) = (width as usize, height as usize);
    let pixels = w * h;
    let need = match layout {
        Layout::Gray | Layout::Nv12 => pixels,
        Layout::Yuyv => pixels * 2,
        Layout::Rgb | Layout::Bgr => pixels * 3,
        Layout::Mjpeg => 0,
    };
    if data.len() < need {
        return Err(bad_frame(
            what,
            format!(
                "{} bytes for a {width}×{height} {layout:?} frame",
                data.len()
            ),
        ));
    }
    let luma: Vec<u8> = match layout {
        Layout::Gray | Layout::Nv12 => data[..pixels].to_vec(),
        Layout::Yuyv => data[..pixels * 2].iter().step_by(2).copied().collect(),
        Layout::Rgb => data[..pixels * 3]
            .chunks_exact(3)
            .map(|p| luma(p[0], p[1], p[2]))
            .collect(),
        Layout::Bgr => data[..pixels * 3]
            .chunks_exact(3)
            .map(|p| luma(p[2], p[1], p[0]))
            .collect(),
        Layout::Mjpeg => Vec::new(),
    };
    let gray = GrayImage::from_raw(width, height, luma)
        .ok_or_else(|| bad_frame(what, "its size does not match its bytes"))?;
    Ok(fit(gray))
}

/// BT.601 luma in 8-bit fixed point, as `qr::load` computes it for pictures.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b)) >> 8) as u8
}

/// A JPEG frame's gray picture: its luma plane when zune-jpeg gives it, otherwise decoded and
/// converted, under the same size limits as any picture.
pub fn jpeg_gray(what: &str, bytes: &[u8]) -> Result<GrayImage> {
    if let Some(gray) = crate::qr::load::decode_gray_direct(what, bytes)? {
        return Ok(gray);
    }
    let image = crate::qr::load::decode(what, bytes)?;
    Ok(crate::qr::load::to_gray(&image, false))
}

/// The picture scaled down (aspect kept) to fit 1280×720; a smaller one as it is.
pub fn fit(gray: GrayImage) -> Frame {
    let (w, h) = gray.dimensions();
    let gray = if w > MAX_WIDTH || h > MAX_HEIGHT {
        let scale = f64::min(
            f64::from(MAX_WIDTH) / f64::from(w),
            f64::from(MAX_HEIGHT) / f64::from(h),
        );
        let nw = ((f64::from(w) * scale).round() as u32).clamp(1, MAX_WIDTH);
        let nh = ((f64::from(h) * scale).round() as u32).clamp(1, MAX_HEIGHT);
        image::imageops::resize(&gray, nw, nh, FilterType::Triangle)
    } else {
        gray
    };
    let (width, height) = gray.dimensions();
    Frame {
        width,
        height,
        luma: gray.into_raw(),
    }
}

/// A camera device's error as a sentence: access refused by the system's privacy settings is
/// said as such, with where to turn it on (Windows answers `E_ACCESSDENIED`, 0x80070005, when
/// "Let desktop apps access your camera" is off); anything else as the device said it.
pub fn explain(message: &str) -> Error {
    let lower = message.to_ascii_lowercase();
    if lower.contains("0x80070005") || lower.contains("access is denied") {
        let settings = if cfg!(target_os = "macos") {
            "System Settings → Privacy & Security → Camera"
        } else {
            "Settings → Privacy & security → Camera → \"Let desktop apps access your camera\""
        };
        return Error::Camera(format!(
            "access to the camera is turned off in the system's privacy settings (turn it on in \
             {settings}, then try again)"
        ));
    }
    Error::Camera(format!("the camera could not be started ({message})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(layout: Layout, width: u32, height: u32, fps: u32) -> Offer {
        Offer {
            layout,
            width,
            height,
            fps,
        }
    }

    #[test]
    fn the_largest_picture_within_720p_at_a_usable_rate_in_the_cheapest_layout() {
        let offers = [
            offer(Layout::Mjpeg, 1920, 1080, 30),
            offer(Layout::Mjpeg, 1280, 720, 30),
            offer(Layout::Yuyv, 1280, 720, 10),
            offer(Layout::Yuyv, 1280, 720, 5),
            offer(Layout::Yuyv, 640, 480, 30),
        ];
        assert_eq!(choose(&offers), Some(offer(Layout::Yuyv, 1280, 720, 10)));
        // 5 frames a second is too slow: MJPEG at 30 instead.
        assert_eq!(
            choose(&[offers[0], offers[1], offers[3]]),
            Some(offer(Layout::Mjpeg, 1280, 720, 30))
        );
        // Only larger pictures: the smallest of them.
        assert_eq!(
            choose(&[offers[0], offer(Layout::Nv12, 3840, 2160, 30)]),
            Some(offers[0])
        );
        assert_eq!(choose(&[offer(Layout::Gray, 0, 0, 30)]), None);
        assert_eq!(choose(&[]), None);
    }

    #[test]
    fn every_layout_gives_the_same_gray() {
        // 4×2 pixels: (r, g, b) and their BT.601 luma worked out by hand.
        let rgb: [(u8, u8, u8); 8] = [
            (255, 255, 255),
            (0, 0, 0),
            (255, 0, 0),
            (0, 255, 0),
            (0, 0, 255),
            (128, 128, 128),
            (10, 200, 30),
            (200, 10, 30),
        ];
        let want: Vec<u8> = vec![255, 0, 76, 149, 28, 128, 123, 69];
        let flat_rgb: Vec<u8> = rgb.iter().flat_map(|&(r, g, b)| [r, g, b]).collect();
        let flat_bgr: Vec<u8> = rgb.iter().flat_map(|&(r, g, b)| [b, g, r]).collect();
        let frame = to_frame("test", Layout::Rgb, 4, 2, &flat_rgb).expect("rgb");
        assert_eq!((frame.width, frame.height, &frame.luma), (4, 2, &want));
        let frame = to_frame("test", Layout::Bgr, 4, 2, &flat_bgr).expect("bgr");
        assert_eq!(frame.luma, want);
        // YUYV: Y0 U Y1 V; NV12: the Y plane then half-size UV.
        let yuyv: Vec<u8> = want.chunks(2).flat_map(|y| [y[0], 90, y[1], 160]).collect();
        assert_eq!(
            to_frame("test", Layout::Yuyv, 4, 2, &yuyv)
                .expect("yuyv")
                .luma,
            want
        );
        let mut nv12 = want.clone();
        nv12.extend_from_slice(&[90, 160, 90, 160]);
        assert_eq!(
            to_frame("test", Layout::Nv12, 4, 2, &nv12)
                .expect("nv12")
                .luma,
            want
        );
        assert_eq!(
            to_frame("test", Layout::Gray, 4, 2, &want)
                .expect("gray")
                .luma,
            want
        );
    }

    #[test]
    fn a_short_or_broken_frame_is_an_error_not_a_panic() {
        let e = to_frame("the camera", Layout::Yuyv, 640, 480, &[0; 100])
            .err()
            .expect("too short");
        assert!(e.to_string().contains("unreadable frame"), "{e}");
        assert!(to_frame("the camera", Layout::Gray, 0, 480, &[]).is_err());
        assert!(to_frame(
            "the camera",
            Layout::Mjpeg,
            640,
            480,
            &[0xFF, 0xD8, 0xFF, 0]
        )
        .is_err());
        assert!(to_frame("the camera", Layout::Mjpeg, 640, 480, b"not a jpeg").is_err());
    }

    #[test]
    fn an_mjpeg_frame_is_decoded_and_scaled_to_fit() {
        // A 1920×1080 gradient encoded by the `image` crate's JPEG encoder.
        let img = GrayImage::from_fn(1920, 1080, |x, _| image::Luma([(x / 8 % 256) as u8]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
            .encode(&img, 1920, 1080, image::ExtendedColorType::L8)
            .expect("encodes");
        let frame = to_frame("the camera", Layout::Mjpeg, 0, 0, &jpeg).expect("decodes");
        assert_eq!((frame.width, frame.height), (1280, 720));
        assert_eq!(frame.luma.len(), 1280 * 720);
        // Dark on the left, lighter to the right (x / 8 at 1.5× scale).
        assert!(frame.luma[1] < 8, "{}", frame.luma[1]);
        assert!(frame.luma[1000].abs_diff(187) < 8, "{}", frame.luma[1000]);
    }

    #[test]
    fn refused_access_names_the_privacy_setting() {
        let e = explain("Could not open device 0: Access is denied. (0x80070005)");
        let text = e.to_string();
        assert!(text.contains("privacy settings"), "{text}");
        assert!(text.contains("Camera"), "{text}");
        let e = explain("Could not open device 0: No device");
        assert_eq!(
            e.to_string(),
            "camera: the camera could not be started (Could not open device 0: No device)"
        );
    }
}
