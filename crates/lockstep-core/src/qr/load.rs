//! Untrusted image bytes to a grayscale picture, with the guards a hostile file needs: the format
//! is sniffed from the content (never the name), the header's size is checked before any pixel is
//! decoded, and the decoder runs under `image::Limits`. Owns nothing about QR codes.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageFormat, ImageReader, Limits};

use crate::error::{Error, Result};

/// Most pixels we decode (~50 megapixels: an 8K screen is 33).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Longest side we decode.
pub const MAX_SIDE: u32 = 65_535;
/// Most memory the image decoder may allocate (50 MP as RGBA plus headroom).
pub const MAX_DECODER_ALLOC: u64 = 320 * 1024 * 1024;
/// Largest encoded file we read (a 50 MP PNG screenshot is well under this).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

const FORMATS: [ImageFormat; 5] = [
    ImageFormat::Png,
    ImageFormat::Jpeg,
    ImageFormat::WebP,
    ImageFormat::Bmp,
    ImageFormat::Gif,
];

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    limits
}

/// Checks a size declared by a header or a capture against [`MAX_PIXELS`].
pub fn check_size(source: &str, w: u32, h: u32) -> Result<()> {
    if w == 0 || h == 0 {
        return Err(Error::EmptyImage(source.to_owned()));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS || w > MAX_SIDE || h > MAX_SIDE {
        return Err(Error::ImageTooLarge {
            source_name: source.to_owned(),
            w,
            h,
            limit: (MAX_PIXELS / 1_000_000) as u32,
        });
    }
    Ok(())
}

fn reader<'a>(source: &str, bytes: &'a [u8]) -> Result<ImageReader<Cursor<&'a [u8]>>> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Error::NotAnImage(source.to_owned()))?;
    match reader.format() {
        Some(f) if FORMATS.contains(&f) => Ok(reader),
        _ => Err(Error::NotAnImage(source.to_owned())),
    }
}

fn bad(source: &str, e: &image::ImageError) -> Error {
    use image::error::{ImageError, LimitErrorKind};
    let reason = match e {
        ImageError::Limits(l) => match l.kind() {
            LimitErrorKind::InsufficientMemory => {
                "decoding it would need more memory than allowed (an image bomb?)".to_owned()
            }
            _ => "it exceeds the size limits".to_owned(),
        },
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file is truncated".to_owned()
        }
        ImageError::Decoding(_) => format!("the file is damaged or truncated ({e})"),
        _ => e.to_string(),
    };
    Error::BadImage {
        source_name: source.to_owned(),
        reason,
    }
}

/// Width and height from a PNG's IHDR chunk, if the bytes start like a PNG.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(..8)? != b"\x89PNG\r\n\x1a\n" || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

/// The size an image's header declares, checked against [`MAX_PIXELS`] before any pixel is
/// decoded.
fn checked_size(source: &str, bytes: &[u8]) -> Result<(u32, u32)> {
    if bytes.is_empty() {
        return Err(Error::NotAnImage(source.to_owned()));
    }
    if let Some((w, h)) = png_size(bytes) {
        // The PNG decoder itself rejects a zero size as a generic format error; say what it is.
        check_size(source, w, h)?;
    }
    let (w, h) = reader(source, bytes)?
        .into_dimensions()
        .map_err(|e| bad(source, &e))?;
    check_size(source, w, h)?;
    Ok((w, h))
}

/// Decodes image bytes (PNG, JPEG, WebP, BMP, GIF; first frame) after checking the declared
/// size; `source` names the image in errors.
pub fn decode(source: &str, bytes: &[u8]) -> Result<DynamicImage> {
    checked_size(source, bytes)?;
    let mut reader = reader(source, bytes)?;
    reader.limits(limits());
    let image = reader.decode().map_err(|e| bad(source, &e))?;
    check_size(source, image.width(), image.height())?;
    Ok(image)
}

/// The VP8 bitstream of a simple lossy WebP (`RIFF….WEBPVP8 `: no alpha, no animation), if the
/// bytes are one.
fn simple_lossy_webp(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..16)? != b"WEBPVP8 " {
        return None;
    }
    let len = u32::from_le_bytes(bytes.get(16..20)?.try_into().ok()?) as usize;
    let rest = bytes.get(20..)?;
    Some(&rest[..len.min(rest.len())])
}

/// A JPEG's luma (Y) plane, decoded by zune-jpeg without its colour conversion (what `image`
/// runs it with, then converts back to gray): a 12 MP phone photo's colour planes are never
/// upsampled. `None` when zune-jpeg cannot give luma for it (the caller falls back to [`decode`],
/// which then reports what is wrong with a damaged file).
fn jpeg_luma(source: &str, bytes: &[u8]) -> Result<Option<GrayImage>> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let (w, h) = checked_size(source, bytes)?;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize)
        .set_strict_mode(true);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let Ok(luma) = decoder.decode() else {
        return Ok(None);
    };
    let same = decoder
        .info()
        .is_some_and(|i| (u32::from(i.width), u32::from(i.height)) == (w, h));
    if !same || decoder.output_colorspace() != Some(ColorSpace::Luma) {
        return Ok(None);
    }
    Ok(GrayImage::from_raw(w, h, luma))
}

/// Grayscale straight from the decoder where that is cheaper than pixels then [`to_gray`]: a
/// JPEG's luma plane ([`jpeg_luma`]), and for a simple lossy WebP the VP8 luma plane itself
/// (converting a 4K WebP to RGB costs more than decoding it). `None` for every other image: use
/// [`decode`]. Same size checks as [`decode`].
pub fn decode_gray_direct(source: &str, bytes: &[u8]) -> Result<Option<GrayImage>> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return jpeg_luma(source, bytes);
    }
    let Some(vp8) = simple_lossy_webp(bytes) else {
        return Ok(None);
    };
    let (w, h) = checked_size(source, bytes)?;
    let frame = image_webp::vp8::Vp8Decoder::decode_frame(Cursor::new(vp8)).map_err(|e| {
        Error::BadImage {
            source_name: source.to_owned(),
            reason: format!("the file is damaged or truncated ({e})"),
        }
    })?;
    let damaged = || Error::BadImage {
        source_name: source.to_owned(),
        reason: "the WebP frame does not match its header".to_owned(),
    };
    if (u32::from(frame.width), u32::from(frame.height)) != (w, h) {
        return Err(damaged());
    }
    // The luma plane is stored in whole 16×16 macroblocks.
    let (w, h) = (w as usize, h as usize);
    let stride = w.div_ceil(16) * 16;
    if frame.ybuf.len() < stride * h {
        return Err(damaged());
    }
    let luma: Vec<u8> = frame
        .ybuf
        .chunks_exact(stride)
        .take(h)
        .flat_map(|row| &row[..w])
        .copied()
        .collect();
    Ok(GrayImage::from_raw(w as u32, h as u32, luma))
}

/// Luma of an sRGB pixel, BT.601 weights in 8-bit fixed point (77 + 150 + 29 = 256).
fn luma(r: u8, g: u8, b: u8) -> u32 {
    (u32::from(r) * 77 + u32::from(g) * 150 + u32::from(b) * 29 + 128) >> 8
}

/// Grayscale for QR detection. Transparent pixels are composited over white (QR images with a
/// transparent background are common), or over black when `over_black` is set (light codes
/// drawn on transparency). 8-bit pictures are converted in one integer pass (`to_luma8` goes
/// through floating point and costs ~50 ms on a 4K screenshot); others through `image`.
pub fn to_gray(image: &DynamicImage, over_black: bool) -> GrayImage {
    let bg: u32 = if over_black { 0 } else { 255 };
    let over = |l: u32, a: u8| {
        let a = u32::from(a);
        ((l * a + bg * (255 - a) + 127) / 255) as u8
    };
    let (w, h) = (image.width(), image.height());
    let gray: Vec<u8> = match image {
        DynamicImage::ImageLuma8(img) => return img.clone(),
        DynamicImage::ImageRgb8(img) => img
            .as_raw()
            .chunks_exact(3)
            .map(|p| luma(p[0], p[1], p[2]) as u8)
            .collect(),
        DynamicImage::ImageRgba8(img) => img
            .as_raw()
            .chunks_exact(4)
            .map(|p| over(luma(p[0], p[1], p[2]), p[3]))
            .collect(),
        DynamicImage::ImageLumaA8(img) => img
            .as_raw()
            .chunks_exact(2)
            .map(|p| over(u32::from(p[0]), p[1]))
            .collect(),
        other if !other.color().has_alpha() => return other.to_luma8(),
        other => other
            .to_rgba8()
            .as_raw()
            .chunks_exact(4)
            .map(|p| over(luma(p[0], p[1], p[2]), p[3]))
            .collect(),
    };
    GrayImage::from_raw(w, h, gray).expect("one gray byte per pixel of a w×h picture")
}

/// Whether the image has an alpha channel that [`to_gray`] composites.
pub fn has_alpha(image: &DynamicImage) -> bool {
    image.color().has_alpha()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked() {
        assert!(matches!(check_size("x", 0, 10), Err(Error::EmptyImage(_))));
        assert!(matches!(
            check_size("x", 100_000, 100_000),
            Err(Error::ImageTooLarge { .. })
        ));
        assert!(matches!(
            check_size("x", 70_000, 10),
            Err(Error::ImageTooLarge { .. })
        ));
        assert!(check_size("x", 7680, 4320).is_ok());
    }

    #[test]
    fn gray_is_luma_composited_over_the_background() {
        let rgba =
            image::RgbaImage::from_raw(3, 1, vec![255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 0])
                .expect("3 pixels");
        let img = DynamicImage::ImageRgba8(rgba);
        assert_eq!(to_gray(&img, false).as_raw(), &[255, 0, 255]);
        assert_eq!(to_gray(&img, true).as_raw(), &[255, 0, 0]);
        let rgb = image::RgbImage::from_raw(2, 1, vec![255, 0, 0, 0, 255, 0]).expect("2 pixels");
        // BT.601: red 29.9 %, green 58.7 % of white (76.2 and 149.7; 77/256 and 150/256 here).
        assert_eq!(
            to_gray(&DynamicImage::ImageRgb8(rgb), false).as_raw(),
            &[77, 149]
        );
        let rgb16 = DynamicImage::ImageRgb16(image::ImageBuffer::from_pixel(
            2,
            2,
            image::Rgb([65535u16, 65535, 65535]),
        ));
        assert_eq!(to_gray(&rgb16, false).as_raw(), &[255; 4]);
    }

    #[test]
    fn only_simple_lossy_webp_is_read_directly() {
        // PNG, lossless WebP (VP8L) and junk go through `decode`.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01";
        assert!(matches!(decode_gray_direct("a", png), Ok(None)));
        assert!(matches!(
            decode_gray_direct("a", b"RIFF\x10\0\0\0WEBPVP8L\0\0\0\0"),
            Ok(None)
        ));
        assert!(matches!(decode_gray_direct("a", b""), Ok(None)));
        // A lossy WebP header with no frame after it is an error, not a panic.
        let err = decode_gray_direct("a.webp", b"RIFF\x10\0\0\0WEBPVP8 \xff\0\0\0")
            .expect_err("no frame");
        assert!(matches!(err, Error::BadImage { .. } | Error::NotAnImage(_)));
    }

    #[test]
    fn junk_is_not_an_image() {
        assert!(matches!(decode("a.png", b""), Err(Error::NotAnImage(_))));
        assert!(matches!(
            decode("a.png", b"otpauth://totp/x"),
            Err(Error::NotAnImage(_))
        ));
        // A TIFF header: a real image format, but not one we accept.
        assert!(matches!(
            decode("a.tif", b"II*\0\x08\0\0\0"),
            Err(Error::NotAnImage(_))
        ));
    }
}
