//! Drawing QR codes for phones to scan: a PNG of any text (an otpauth link for `lockstep qr --png`,
//! each Google export batch for `export --format google-qr`). Encoding by the `qrcode` crate, with
//! a quiet zone and medium error correction, as authenticator apps show them.

use image::{ImageFormat, Luma};
use qrcode::{EcLevel, QrCode};

use crate::error::{Error, Result};

/// Pixels per module in PNGs we write (a 10-account export, version ~20, becomes ~800 px).
pub const MODULE_PIXELS: u32 = 8;

/// Encodes text as a QR code PNG with `module_px` pixels per module (0 means [`MODULE_PIXELS`]).
pub fn png(text: &str, module_px: u32) -> Result<Vec<u8>> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L))
        .map_err(|_| Error::QrTooLong(text.len()))?;
    let px = if module_px == 0 {
        MODULE_PIXELS
    } else {
        module_px.min(64)
    };
    let image = code
        .render::<Luma<u8>>()
        .module_dimensions(px, px)
        .quiet_zone(true)
        .build();
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|e| Error::BadImage {
            source_name: "QR code".into(),
            reason: e.to_string(),
        })?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_png_our_decoder_reads_back() {
        let text = "otpauth://totp/Ex:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ex";
        let bytes = png(text, 4).expect("renders");
        assert_eq!(&bytes[1..4], b"PNG");
        let found = crate::qr::scan_bytes("t.png", &bytes).expect("decodes");
        assert_eq!(found.len(), 1);
        assert_eq!(&*found[0].payload, text);
    }

    #[test]
    fn too_long_text_is_an_error() {
        assert!(png(&"x".repeat(5000), 1).is_err());
    }
}
