//! Minifies HTML with minify-html. Inline JavaScript is left as written: minify-html's JS minifier
//! has broken scripts elsewhere, and ours are small.

use std::sync::LazyLock;

static CFG: LazyLock<minify_html::Cfg> = LazyLock::new(|| {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = false;
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.allow_noncompliant_unquoted_attribute_values = false;
    cfg.allow_removing_spaces_between_attributes = false;
    cfg.allow_optimal_entities = false;
    cfg.remove_bangs = false;
    cfg
});

pub fn html(input: &str) -> Vec<u8> {
    minify_html::minify(input.as_bytes(), &CFG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_survive_and_whitespace_goes() {
        let src = "<!DOCTYPE html>\n<html lang=\"en\">\n  <head><title>x</title></head>\n  <body>\n    <p>  Hello   there </p>\n<script>\n  // a comment\n  var a = 1 < 2 && \"</p>\";\n  document.title = a;\n</script>\n  </body>\n</html>\n";
        let out = String::from_utf8(html(src)).unwrap();
        assert!(
            out.contains("<p>Hello there</p>") || out.contains("<p>Hello there </p>"),
            "{out}"
        );
        assert!(out.contains("var a = 1 < 2 && \"</p>\";"), "{out}");
        assert!(out.len() < src.len());
    }
}
