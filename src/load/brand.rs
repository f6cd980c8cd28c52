//! `brand:` in site.yaml: the logo and colour a partnership puts on the default theme, without
//! editing CSS. The colour carries white text (header, buttons), so it must meet WCAG 2.2 AA
//! contrast (4.5:1); a colour that does not is refused with the nearest one that does.

use crate::diagnostics::rule;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::layers::Layers;
use super::yaml::Embedded;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// WCAG 2.2 AA for normal text.
pub const AA: f64 = 4.5;

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// An SVG or PNG under the site's (or a base's) static/ folder: `static/logo.svg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// `#rrggbb` or `#rgb`: header, navigation and buttons, under white text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` or `#rgb`.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?;
        match digits[..] {
            [r, g, b] => Some(Rgb(r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] => Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
            _ => None,
        }
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// Contrast ratio of white text on this colour.
    pub fn contrast_with_white(self) -> f64 {
        1.05 / (self.luminance() + 0.05)
    }

    /// This colour mixed with black: `amount` 0 is itself, 1 is black.
    pub fn darker(self, amount: f64) -> Rgb {
        let f = |c: u8| (f64::from(c) * (1.0 - amount)).round().clamp(0.0, 255.0) as u8;
        Rgb(f(self.0), f(self.1), f(self.2))
    }

    /// The closest colour of the same hue (this one darkened as little as possible) that white
    /// text meets `ratio` on.
    pub fn nearest_passing(self, ratio: f64) -> Rgb {
        (0..=1000)
            .map(|i| self.darker(f64::from(i) / 1000.0))
            .find(|c| c.contrast_with_white() >= ratio)
            .unwrap_or(Rgb(0, 0, 0))
    }
}

/// The colour checks that need only site.yaml: the format and the contrast, at the line.
pub fn check_colour(brand: &Brand, at: Embedded<'_>) -> Vec<Diagnostic> {
    let Some(colour) = &brand.colour else {
        return Vec::new();
    };
    let Some(rgb) = Rgb::parse(colour) else {
        return vec![at.at_key(
            Diagnostic::error(
                rule::BRAND,
                format!("`{colour}` is not a colour safeguide can read"),
            )
            .help("write it as a hex colour in quotes, e.g. colour: \"#5a2d82\""),
            "colour",
            None,
        )];
    };
    let ratio = rgb.contrast_with_white();
    if ratio >= AA {
        return Vec::new();
    }
    let nearest = rgb.nearest_passing(AA);
    vec![at.at_key(
        Diagnostic::error(
            rule::BRAND_CONTRAST,
            format!(
                "white text on the brand colour {} has a contrast ratio of {:.2}:1, below the \
                 4.5:1 WCAG 2.2 AA needs for the header, menus and buttons",
                rgb.hex(),
                floor2(ratio)
            ),
        )
        .help(format!(
            "use a darker shade: \"{}\" is the nearest that passes ({:.2}:1)",
            nearest.hex(),
            floor2(nearest.contrast_with_white())
        )),
        "colour",
        None,
    )]
}

/// Rounded down, so a ratio shown as 4.50 never hides a 4.499 that fails.
fn floor2(x: f64) -> f64 {
    (x * 100.0).floor() / 100.0
}

/// The published URL of `brand.logo`, or the error at its line: it must be an SVG or PNG in
/// static/ of the site or a base.
pub fn logo_url(
    brand: &Brand,
    layers: &Layers,
    root: &Path,
) -> Result<Option<String>, Diagnostics> {
    let Some(logo) = &brand.logo else {
        return Ok(None);
    };
    let text = crate::safe_fs::read::text_or_empty(root, "site.yaml");
    let at = Embedded::whole(Path::new("site.yaml"), &text);
    let fail = |why: String| {
        Err(Diagnostics::from_iter([at.at_key(
            Diagnostic::error(rule::BRAND, format!("the logo `{logo}` {why}")).help(
                "put an SVG or PNG file in the site's static/ folder and give its path, e.g. \
                 logo: static/northshire-logo.svg",
            ),
            "logo",
            None,
        )]))
    };
    let lower = logo.to_ascii_lowercase();
    if !(lower.ends_with(".svg") || lower.ends_with(".png")) {
        return fail("is not an SVG or PNG file".into());
    }
    let Some(rel) = logo.strip_prefix("static/") else {
        return fail("is not in the static/ folder, so it would not be published".into());
    };
    let (files, _) = layers.files("static", usize::MAX);
    if !files.iter().any(|f| f.rel == rel) {
        return fail("does not exist".into());
    }
    // A URL, not a file name: `a#b.svg` must not end at the `#`.
    Ok(Some(format!("/{}", super::web_address::encode_path(rel))))
}

/// The CSS custom properties the theme takes the brand from (and the rules for a second shade
/// and the logo's size); `None` without a brand, so an unbranded site's pages are unchanged.
pub fn css(brand: &Brand) -> Option<String> {
    let mut css = String::new();
    if let Some(rgb) = brand.colour.as_deref().and_then(Rgb::parse) {
        let dark = rgb.darker(0.3).hex();
        css.push_str(&format!(
            ":root{{--header:{c};--brand:{c};--brand-dark:{dark}}}.audience-nav{{background:var(--brand-dark)}}",
            c = rgb.hex()
        ));
    }
    if brand.logo.is_some() {
        css.push_str(".site-logo{display:block;max-height:3.5rem;max-width:100%;width:auto}");
    }
    (!css.is_empty()).then_some(css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        let white = Rgb::parse("#fff").unwrap();
        assert!((white.contrast_with_white() - 1.0).abs() < 1e-9);
        let black = Rgb::parse("#000000").unwrap();
        assert!((black.contrast_with_white() - 21.0).abs() < 1e-9);
        // The default header navy passes; GOV.UK's link blue #1d70b8 is 5.17:1.
        assert!((Rgb::parse("#1d70b8").unwrap().contrast_with_white() - 5.17).abs() < 0.01);
    }

    #[test]
    fn the_nearest_passing_colour_is_the_least_darkening_that_passes() {
        let pale = Rgb::parse("#7fb2e5").unwrap();
        assert!(pale.contrast_with_white() < AA);
        let near = pale.nearest_passing(AA);
        assert!(near.contrast_with_white() >= AA);
        // One step lighter fails: it is the nearest.
        let lighter = Rgb(
            near.0.saturating_add(2),
            near.1.saturating_add(2),
            near.2.saturating_add(2),
        );
        assert!(lighter.contrast_with_white() < AA, "{}", near.hex());
    }

    #[test]
    fn a_pale_colour_is_an_error_at_its_line_with_the_ratio_and_a_fix() {
        let text = "title: T\nbrand:\n  colour: \"#ffcc00\"\n";
        let brand = Brand {
            colour: Some("#ffcc00".into()),
            ..Default::default()
        };
        let ds = check_colour(&brand, Embedded::whole(Path::new("site.yaml"), text));
        assert_eq!(ds.len(), 1);
        assert_eq!((ds[0].line, ds[0].column), (3, 3));
        assert!(ds[0].message.contains("1.51:1"), "{}", ds[0].message);
        assert!(ds[0]
            .help
            .as_deref()
            .unwrap()
            .contains("nearest that passes"));
    }
}
