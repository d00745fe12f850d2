//! `lockstep qr`: the account's otpauth:// link as a QR code in the terminal, to move it to a phone.

use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};

use crate::auth::Ctx;
use crate::error::{input, Result};
use crate::Outcome;

pub fn run(ctx: &Ctx, query: &str, png: Option<&std::path::Path>) -> Result<Outcome> {
    let s = ctx.open()?;
    let e = s.find_one(query)?;
    let link = lockstep_core::uri::format(&s.reveal(e.id)?);
    if let Some(path) = png {
        let bytes = lockstep_core::qr::render::png(&link, 0)?;
        s.write_private(path, &bytes)?;
        say!(
            "Wrote the QR code of {} to {} (it holds the secret).",
            e.display_name(),
            path.display()
        );
        return Ok(Outcome::Done);
    }
    let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
        .map_err(|e| input(format!("the link does not fit in a QR code: {e}")))?;
    // Light modules drawn as blocks: reads on dark and light terminals alike thanks to the quiet zone.
    let art = code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build();
    say!("{art}");
    eprintln!(
        "{} — this QR code holds the secret; clear the screen when done.",
        e.display_name()
    );
    Ok(Outcome::Done)
}
