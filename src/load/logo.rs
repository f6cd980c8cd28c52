//! A school's or setting's logo (`logo:` in a profile), for the running header of its adopted
//! documents.
//!
//! The file is untrusted: it is read under the read rule, decoded with limits (a small file can
//! claim a huge picture), and written out again as a plain PNG of bounded size, so nothing of the
//! original file (metadata, trailing bytes, another format hiding inside) reaches a document.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Largest logo file read.
pub const FILE_LIMIT: u64 = 10 * 1024 * 1024;
/// Largest picture decoded, each way, and the most memory decoding may take.
const MAX_SIDE: u32 = 8_000;
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// The PNG kept is at most this tall (or wide): enough for a sharp header at print resolution.
const KEPT_HEIGHT: u32 = 300;
const KEPT_WIDTH: u32 = 1_200;

/// A logo decoded and re-encoded as PNG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl Logo {
    /// Decodes a PNG or JPEG file's bytes; the error says what is wrong in words for the user.
    pub fn decode(bytes: &[u8]) -> Result<Logo, String> {
        let format = image::guess_format(bytes)
            .map_err(|_| "it is not a PNG or JPEG picture".to_string())?;
        if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
            return Err(format!(
                "it is a {} picture; use a PNG or JPEG",
                format
                    .extensions_str()
                    .first()
                    .unwrap_or(&"different")
                    .to_uppercase()
            ));
        }
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_ALLOC);
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        reader.limits(limits);
        let picture = reader
            .decode()
            .map_err(|e| format!("the picture cannot be read ({e})"))?;
        if picture.width() == 0 || picture.height() == 0 {
            return Err("the picture is empty".into());
        }
        let picture = if picture.height() > KEPT_HEIGHT || picture.width() > KEPT_WIDTH {
            picture.resize(
                KEPT_WIDTH,
                KEPT_HEIGHT,
                image::imageops::FilterType::Lanczos3,
            )
        } else {
            picture
        };
        let mut png = Cursor::new(Vec::new());
        picture
            .write_to(&mut png, ImageFormat::Png)
            .map_err(|e| format!("the picture cannot be converted ({e})"))?;
        Ok(Logo {
            png: png.into_inner(),
            width: picture.width(),
            height: picture.height(),
        })
    }

    /// The PNG as a `data:` URL.
    pub fn data_url(&self) -> String {
        use base64::Engine;
        format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&self.png)
        )
    }

    /// Its size in a header at most `height` tall and `max_width` wide (any unit), aspect kept.
    pub fn fitted(&self, height: f64, max_width: f64) -> (f64, f64) {
        let (w, h) = (f64::from(self.width), f64::from(self.height));
        let scale = (height / h).min(max_width / w);
        (w * scale, h * scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_large_logo_is_kept_small_and_its_shape_kept() {
        let logo = Logo::decode(&png(2_000, 1_000)).unwrap();
        assert_eq!((logo.width, logo.height), (600, 300));
        assert!(logo.png.starts_with(b"\x89PNG"));
        let (w, h) = logo.fitted(12.0, 60.0);
        assert!((h - 12.0).abs() < 1e-9 && (w - 24.0).abs() < 1e-9);
        // A very wide logo is limited by the width instead.
        let wide = Logo::decode(&png(1_000, 50)).unwrap();
        let (w, h) = wide.fitted(12.0, 60.0);
        assert!((w - 60.0).abs() < 1e-9 && h < 12.0);
    }

    #[test]
    fn what_is_not_a_png_or_jpeg_is_refused_in_words() {
        assert!(Logo::decode(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
            .unwrap_err()
            .contains("not a PNG or JPEG"));
        assert!(Logo::decode(b"GIF89a\x01\x00\x01\x00")
            .unwrap_err()
            .contains("GIF"));
        // A PNG cut short.
        let mut cut = png(40, 40);
        cut.truncate(30);
        assert!(Logo::decode(&cut).unwrap_err().contains("cannot be read"));
    }

    #[test]
    fn a_picture_claiming_a_huge_size_is_refused_without_decoding_it() {
        // A valid PNG header claiming 100,000 x 100,000 pixels.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(Logo::decode(&bytes).is_err());
    }
}
