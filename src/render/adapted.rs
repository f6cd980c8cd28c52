//! Adapted copies of a model policy for one organisation: the Markdown source with values written
//! in, and the standalone HTML document (the theme's look, no site chrome).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use pulldown_cmark::{Event, Parser};
use serde::Serialize;

use super::urls::UrlStyle;
use super::{BodyOptions, Renderer};
use crate::diagnostics::Diagnostic;
use crate::load::logo::Logo;
use crate::markdown::{
    escape_markdown, options,
    placeholders::{find_all, shown, Placeholders},
};
use crate::resolve::Page;

/// site.yaml's `local:` values.
type LocalValues = std::collections::BTreeMap<String, crate::load::config::LocalValue>;

/// The page's Markdown with every declared placeholder replaced by its value (escaped, so it reads
/// literally) or, without one, by a labelled blank line, and local values from site.yaml. Front
/// matter keeps title, summary and kind.
pub fn markdown(page: &Page, p: &Placeholders<'_>, locals: &LocalValues) -> String {
    #[derive(Serialize)]
    struct Fm<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        summary: Option<&'a str>,
        kind: &'static str,
    }
    let fm = Fm {
        title: &page.src.fm.title,
        summary: page.src.fm.summary.as_deref(),
        kind: page.kind.id(),
    };
    let fm = serde_yaml::to_string(&fm).unwrap_or_default();
    let body = crate::markdown::locals::substitute(page.src.body(), locals);
    format!("---\n{fm}---\n\n{}", fill_markdown(&body, p))
}

/// Substitutes placeholders only where the HTML render does: in text, not code or raw HTML.
pub fn fill_markdown(body: &str, p: &Placeholders<'_>) -> String {
    let text_ranges: Vec<Range<usize>> = Parser::new_ext(body, options())
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Text(_)))
        .map(|(_, r)| r)
        .collect();
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for f in find_all(body) {
        let in_text = text_ranges.iter().any(|r| r.contains(&f.start));
        let Some(decl) = p.decl(f.key).filter(|_| in_text) else {
            continue;
        };
        out.push_str(&body[last..f.start]);
        match crate::markdown::placeholders::value_of(p, f.key, decl) {
            Some(v) => out.push_str(&escape_markdown(&v)),
            None => out.push_str(&escape_markdown(&format!("________ ({})", decl.label))),
        }
        last = f.end;
    }
    out.push_str(&body[last..]);
    out
}

/// The theme's stylesheets inlined, print rules included, so one HTML file looks right anywhere.
pub fn theme_css(renderer: &Renderer<'_>) -> String {
    let site = renderer.site;
    let read = |name: &str| -> String {
        // The site's static/ first, then its bases' (top layer first), then the theme's; each
        // read under the read rule, inside its own layer (a link out is never inlined).
        let mut overrides: Vec<(PathBuf, PathBuf)> = site
            .layers
            .dirs("static")
            .into_iter()
            .rev()
            .map(|d| (d.parent().unwrap_or(&d).to_path_buf(), d.join(name)))
            .collect();
        overrides.push((
            site.root.clone(),
            site.root
                .join("themes")
                .join(&site.config.theme)
                .join("static")
                .join(name),
        ));
        if let Some(text) = overrides.iter().find_map(|(root, p)| {
            crate::safe_fs::read::read_text(root, p, crate::safe_fs::read::TEXT_LIMIT).ok()
        }) {
            return text;
        }
        crate::embedded::DEFAULT_THEME
            .get_file(format!("static/{name}"))
            .and_then(|f| f.contents_utf8())
            .unwrap_or_default()
            .to_string()
    };
    // A stylesheet cannot end the <style> element it is inlined in.
    format!(
        "{}\n@media print{{\n{}\n}}\n",
        read("style.css"),
        read("print.css")
    )
    .replace("</", "<\\/")
}

/// The logo's box in the running header, in CSS pixels: 12 mm tall, at most 60 mm wide.
const LOGO_HEIGHT_PX: f64 = 12.0 * 96.0 / 25.4;
const LOGO_MAX_WIDTH_PX: f64 = 60.0 * 96.0 / 25.4;

/// The standalone HTML document of page `idx` filled with `values`; site links become full URLs.
pub fn html(
    renderer: &Renderer<'_>,
    idx: usize,
    values: &BTreeMap<String, String>,
    logo: Option<&Logo>,
    styles: &str,
) -> Result<String, Vec<Diagnostic>> {
    let site = renderer.site;
    let page = &site.pages[idx];
    let (body, errors) = renderer.render_body(
        page,
        BodyOptions {
            facilitator_notes: false,
            participant: false,
            values: Some(values),
        },
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let cx = renderer.page_cx(idx, &body, Some(values));
    let name = site
        .config
        .placeholders
        .get(super::docx::ORGANISATION_KEY)
        .or_else(|| page.src.fm.placeholders.get(super::docx::ORGANISATION_KEY))
        .and_then(|decl| {
            values
                .get(super::docx::ORGANISATION_KEY)
                .and_then(|v| shown(decl, v))
        });
    let lang = page.lang.as_deref();
    let p = Placeholders {
        site: &site.config.placeholders,
        page: &page.src.fm.placeholders,
        values: Some(values),
    };
    let word = |key: &str| renderer.word(lang, key);
    let long = renderer.dates_in(lang);
    let title = filled(
        page.src.fm.adopted_title.as_deref().unwrap_or(page.title()),
        &p,
    );
    let version = super::edition::version_text(page, &long, &word);
    // The adopted copy's footer: its title and version, then when it was adopted and is due for
    // review, so each printed page says which edition it is.
    let mut dates = Vec::new();
    for (key, phrase) in [
        (super::docx::ADOPTED_KEY, "adopted_on"),
        (super::docx::REVIEW_KEY, "review_on"),
    ] {
        if p.decl(key).is_some() {
            let value = filled(&format!("{{{{ {key} }}}}"), &p);
            dates.push(word(phrase).replace("{date}", &value));
        }
    }
    let version_and_dates: Vec<String> = version.into_iter().chain(dates).collect();
    let version_and_dates = version_and_dates.join(" — ");
    let footer = super::edition::print_footer(
        &title,
        (!version_and_dates.is_empty()).then_some(version_and_dates.as_str()),
        None,
    );
    let header = name
        .as_deref()
        .map(|n| format!("\"{}\"", super::context::css_string_body(n)));
    let based_on = super::edition::based_on_text(page, &site.config.title, &long, &word);
    // The logo heads every printed page beside the name (a margin box's content is an image
    // whose resolution sets its size) and the copy on screen.
    let print_logo = logo.map(|l| {
        let (w, _) = l.fitted(LOGO_HEIGHT_PX, LOGO_MAX_WIDTH_PX);
        format!(
            "image-set(url(\"{}\") {:.3}x)",
            l.data_url(),
            f64::from(l.width) / w
        )
    });
    let logo_img = logo.map(|l| {
        let (w, h) = l.fitted(LOGO_HEIGHT_PX, LOGO_MAX_WIDTH_PX);
        serde_json::json!({"src": l.data_url(), "width": w.round(), "height": h.round()})
    });
    let string = |v: Option<String>| v.map_or(serde_json::Value::Null, serde_json::Value::String);
    let extra = [
        ("styles", serde_json::Value::String(styles.to_string())),
        ("adapted_for", string(name)),
        ("adopted_title", serde_json::Value::String(title)),
        ("print_footer", serde_json::Value::String(footer)),
        ("print_header", string(header)),
        ("print_logo", string(print_logo)),
        ("logo", logo_img.unwrap_or(serde_json::Value::Null)),
        ("based_on", serde_json::Value::String(based_on)),
    ];
    let html = if renderer.templates.has("adapted.html") {
        renderer.render_template("adapted.html", &cx, &extra, Some(&page.src.display))
    } else {
        // A theme of the site's own without adapted.html: use the built-in one.
        let builtin =
            super::templates::Templates::load(&site.root, "default").map_err(|d| d.into_vec())?;
        let r = Renderer::new(site, &builtin, false);
        r.render_template("adapted.html", &cx, &extra, Some(&page.src.display))
    }
    .map_err(|e| vec![e])?;
    let base_url = site.config.base_url.trim_end_matches('/');
    if base_url.is_empty() {
        // No site to link to (`adapt` outside a site): its links become their text.
        return Ok(unlinked_site_links(&html));
    }
    let absolute = UrlStyle::Served {
        prefix: base_url.to_string(),
    };
    Ok(absolute.rewrite_html(&html, &page.path).into_owned())
}

/// `text` with its placeholders written in: values as shown, blanks as labelled lines.
fn filled(text: &str, p: &Placeholders<'_>) -> String {
    let mut out = String::new();
    let mut last = 0;
    for f in find_all(text) {
        let Some(decl) = p.decl(f.key) else { continue };
        out.push_str(&text[last..f.start]);
        match crate::markdown::placeholders::value_of(p, f.key, decl) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&format!("________ ({})", decl.label)),
        }
        last = f.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The document with every link into the site (`href="/..."`) replaced by its text.
fn unlinked_site_links(html: &str) -> String {
    crate::html::rewrite_elements(html, "a[href^='/']", |el, _| {
        el.remove_and_keep_content();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::config::PlaceholderDecl;

    #[test]
    fn markdown_values_are_escaped_and_only_text_is_filled() {
        let site = BTreeMap::from([(
            "name".to_string(),
            PlaceholderDecl {
                label: "School name".into(),
                hint: None,
                ..Default::default()
            },
        )]);
        let page = BTreeMap::new();
        let values = BTreeMap::from([(
            "name".to_string(),
            "**bold** <script>x</script> [l](u) 1. -- a...".to_string(),
        )]);
        let p = Placeholders {
            site: &site,
            page: &page,
            values: Some(&values),
        };
        let md = fill_markdown("{{ name }} and `{{ name }}`", &p);
        assert!(md.ends_with("and `{{ name }}`"), "{md}");
        let html = crate::markdown::to_html(crate::markdown::parse(&md));
        assert!(
            html.contains("**bold** &lt;script&gt;x&lt;/script&gt; [l](u) 1. -- a..."),
            "{html}"
        );
        let p = Placeholders { values: None, ..p };
        let html =
            crate::markdown::to_html(crate::markdown::parse(&fill_markdown("- {{ name }}", &p)));
        assert!(html.contains("<li>________ (School name)</li>"), "{html}");
    }

    #[test]
    fn leading_list_markers_are_escaped() {
        assert_eq!(escape_markdown("- x"), "\\- x");
        assert_eq!(escape_markdown("12. x"), "12\\. x");
        assert_eq!(escape_markdown("2027-09-01"), "2027-09-01");
    }
}
