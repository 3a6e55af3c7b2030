//! Payment codes as images for the screen and for files: SVG and PNG, dark modules on white
//! with the four-module quiet zone the QR standard asks for. The same code as on paper.

use qrcode::Color;

/// The quiet zone around the code, in modules.
const QUIET: usize = 4;
/// Pixels per module in a PNG: large enough to print or show on a projector.
const PNG_SCALE: usize = 10;

/// The smallest QR code that holds `payload` as one byte-mode segment at level M.
pub(crate) fn qr_code(payload: &str) -> qrcode::QrCode {
    use qrcode::bits::Bits;
    use qrcode::{EcLevel, Version};
    for v in 1..=40 {
        let mut bits = Bits::new(Version::Normal(v));
        if bits.push_byte_data(payload.as_bytes()).is_ok()
            && bits.push_terminator(EcLevel::M).is_ok()
            && let Ok(code) = qrcode::QrCode::with_bits(bits, EcLevel::M)
        {
            return code;
        }
    }
    panic!("a payment code is at most 331 bytes and fits a QR code")
}

/// The code as an SVG document that scales to any size.
pub fn qr_svg(payload: &str) -> String {
    let code = qr_code(payload);
    let modules = code.width();
    let colors = code.to_colors();
    let size = modules + 2 * QUIET;
    let mut path = String::new();
    for row in 0..modules {
        let mut col = 0;
        while col < modules {
            if colors[row * modules + col] == Color::Dark {
                let start = col;
                while col < modules && colors[row * modules + col] == Color::Dark {
                    col += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    row + QUIET,
                    col - start,
                    col - start
                ));
            } else {
                col += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>\n"
    )
}

/// The code as a black-and-white PNG.
pub fn qr_png(payload: &str) -> Vec<u8> {
    let code = qr_code(payload);
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * PNG_SCALE;
    let mut pixels = vec![255u8; side * side];
    for row in 0..modules {
        for col in 0..modules {
            if colors[row * modules + col] == Color::Dark {
                for y in 0..PNG_SCALE {
                    let top = ((row + QUIET) * PNG_SCALE + y) * side + (col + QUIET) * PNG_SCALE;
                    pixels[top..top + PNG_SCALE].fill(0);
                }
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("writing to memory");
        writer.write_image_data(&pixels).expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_have_the_quiet_zone_and_the_codes_size() {
        let payload = "BCD\n002\n1\nSCT\n\nVerein\nDE89370400440532013000\n\n\nRF70TREES";
        let modules = qr_code(payload).width();
        let svg = qr_svg(payload);
        assert!(svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", modules + 8)));
        let png = qr_png(payload);
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().width as usize, (modules + 8) * PNG_SCALE);
    }
}
