//! A picture a person picks as an entry's icon: PNG or JPEG only (an SVG file is refused: it
//! can carry script and links), decoded under the QR loader's guards, scaled to fit
//! [`SIDE`] × [`SIDE`] and written again as a PNG `data:` URL, so the vault never holds the
//! file's own bytes.

use std::io::Cursor;

use data_encoding::BASE64;
use image::{imageops::FilterType, ImageFormat};

use crate::error::{Error, IconProblem, Result};

/// Largest picture file taken.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Longest side of a picture taken.
pub const MAX_SIDE: u32 = 4096;
/// The stored icon's longest side, in pixels.
pub const SIDE: u32 = 96;

/// The picture in `bytes` as a `data:image/png;base64,…` icon value. `source` names it in errors.
pub fn from_file(source: &str, bytes: &[u8]) -> Result<String> {
    let refuse = |why: IconProblem| Error::BadIcon {
        source_name: source.to_owned(),
        why,
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(refuse(IconProblem::TooLarge {
            mb: MAX_FILE_BYTES / 1024 / 1024,
        }));
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Png | ImageFormat::Jpeg) => {}
        _ => return Err(refuse(IconProblem::NotPngOrJpeg)),
    }
    let (w, h) = image::ImageReader::with_format(
        Cursor::new(bytes),
        image::guess_format(bytes).map_err(|_| refuse(IconProblem::NotAPicture))?,
    )
    .into_dimensions()
    .map_err(|e| refuse(IconProblem::Unreadable(e.to_string())))?;
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(Error::ImageTooLarge {
            source_name: source.to_owned(),
            w,
            h,
            limit: (u64::from(MAX_SIDE) * u64::from(MAX_SIDE) / 1_000_000) as u32,
        });
    }
    let image = crate::qr::load::decode(source, bytes)?;
    let small = if image.width() > SIDE || image.height() > SIDE {
        image.resize(SIDE, SIDE, FilterType::Triangle)
    } else {
        image
    };
    let mut png = Vec::new();
    small
        .to_rgba8()
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| refuse(IconProblem::Unwritable(e.to_string())))?;
    Ok(format!("data:image/png;base64,{}", BASE64.encode(&png)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 7, 255])
        });
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("png");
        out
    }

    fn decode(url: &str) -> image::DynamicImage {
        let b64 = url
            .strip_prefix("data:image/png;base64,")
            .expect("png data URL");
        image::load_from_memory(&BASE64.decode(b64.as_bytes()).expect("base64")).expect("png")
    }

    #[test]
    fn a_picture_is_scaled_down_and_written_as_png() {
        let url = from_file("logo.png", &png(400, 200)).expect("icon");
        let img = decode(&url);
        assert_eq!((img.width(), img.height()), (96, 48));
        assert!(url.len() < crate::vault::model::MAX_ICON_BYTES);
        let small = decode(&from_file("small.png", &png(20, 30)).expect("icon"));
        assert_eq!((small.width(), small.height()), (20, 30));
        assert_eq!(small.to_rgba8().get_pixel(3, 5).0, [3, 5, 7, 255]);
    }

    #[test]
    fn anything_else_is_refused() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        for (bytes, why) in [
            (&svg[..], "only PNG and JPEG"),
            (b"GIF89a\x01\0\x01\0\0\0\0;", "only PNG and JPEG"),
            (b"\x89PNG\r\n\x1a\nbroken", "cannot be read"),
        ] {
            let err = from_file("x", bytes).expect_err("refused").to_string();
            assert!(err.contains(why), "{err}");
        }
        assert!(matches!(
            from_file("huge.png", &png(4097, 1)),
            Err(Error::ImageTooLarge { .. })
        ));
    }
}
