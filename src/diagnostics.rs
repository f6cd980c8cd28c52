//! One diagnostic type for every problem safeguide reports.
//!
//! Each stage of the pipeline collects `Diagnostic`s instead of stopping at the first problem, so an
//! author sees every mistake in one run. A diagnostic knows the file, line and column, the offending
//! line itself, what is wrong and how to fix it; `Diagnostics::render` prints them the same way for the
//! terminal, the `serve` overlay and the `check` report.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Notice,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short machine-readable name of the rule, e.g. `broken-link`.
    pub rule: &'static str,
    pub message: String,
    /// Path as the author knows it, relative to the site root (`content/parents/gaming.md`).
    pub file: Option<PathBuf>,
    /// 1-based; 0 when the problem has no particular line.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// The text of the offending line, shown under the location.
    pub source_line: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            rule,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            source_line: None,
            help: None,
        }
    }

    pub fn error(rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, rule, message)
    }

    pub fn warning(rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, rule, message)
    }

    pub fn notice(rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Notice, rule, message)
    }

    /// Names the file without pointing at a line (e.g. a file that cannot be read).
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Points at a byte offset in `text`, the full contents of `file`.
    pub fn at_offset(self, file: impl AsRef<Path>, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.at_line_col(file, text, line, column)
    }

    /// Points at a 1-based line and column in `text`, the full contents of `file`.
    pub fn at_line_col(
        self,
        file: impl AsRef<Path>,
        text: &str,
        line: usize,
        column: usize,
    ) -> Self {
        let source = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r'));
        self.with_place(file, line, column, source)
    }

    fn with_place(
        mut self,
        file: impl AsRef<Path>,
        line: usize,
        column: usize,
        source: Option<&str>,
    ) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self.line = line;
        self.column = column.max(1);
        self.source_line = source.map(str::to_string);
        self
    }

    /// As [`Diagnostic::at_line_col`], finding the line through `index` (made from `text`).
    pub fn at_indexed_line(
        self,
        file: impl AsRef<Path>,
        text: &str,
        index: &LineIndex,
        line: usize,
        column: usize,
    ) -> Self {
        self.with_place(file, line, column, index.line(text, line))
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` as editors understand it.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (0, _) => file,
            (l, c) => format!("{file}:{l}:{c}"),
        })
    }

    /// The plain-text form, rustc style: used in the terminal, the browser overlay and reports.
    pub fn render(&self) -> String {
        self.render_as(false, false)
    }

    /// As `render`, with the rule after the severity (`warning[readability]: ...`), for `check`,
    /// whose readers need to know which rule fired.
    pub fn render_with_rule(&self) -> String {
        self.render_as(true, false)
    }

    fn render_as(&self, with_rule: bool, styled: bool) -> String {
        let s = Styles::new(styled, self.severity);
        let label = match with_rule {
            true => format!("{}[{}]", self.severity.label(), self.rule),
            false => self.severity.label().to_string(),
        };
        let mut out = format!(
            "{}{label}{}: {}{}{}\n",
            s.severity.render(),
            s.severity.render_reset(),
            s.strong.render(),
            self.message,
            s.strong.render_reset()
        );
        let (gutter, reset) = (s.gutter.render(), s.gutter.render_reset());
        if let Some(loc) = self.location() {
            let _ = writeln!(out, "  {gutter}-->{reset} {loc}");
        }
        if let Some(src) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "{pad} {gutter}|{reset}");
            let _ = writeln!(out, "{gutter}{number} |{reset} {src}");
            let caret_pad: String = src
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(
                out,
                "{pad} {gutter}|{reset} {caret_pad}{}^{}",
                s.severity.render(),
                s.severity.render_reset()
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(
                out,
                "  {gutter}={reset} {}help{}: {help}",
                s.strong.render(),
                s.strong.render_reset()
            );
        }
        out
    }
}

/// The colours of a diagnostic on a terminal, as rustc uses them: red errors, yellow warnings, blue
/// gutter. All plain when not styled.
struct Styles {
    severity: anstyle::Style,
    strong: anstyle::Style,
    gutter: anstyle::Style,
}

impl Styles {
    fn new(styled: bool, severity: Severity) -> Styles {
        use anstyle::{AnsiColor, Style};
        if !styled {
            return Styles {
                severity: Style::new(),
                strong: Style::new(),
                gutter: Style::new(),
            };
        }
        let colour = match severity {
            Severity::Error => AnsiColor::BrightRed,
            Severity::Warning => AnsiColor::BrightYellow,
            Severity::Notice => AnsiColor::BrightCyan,
        };
        Styles {
            severity: Style::new().bold().fg_color(Some(colour.into())),
            strong: Style::new().bold(),
            gutter: Style::new()
                .bold()
                .fg_color(Some(AnsiColor::BrightBlue.into())),
        }
    }
}

/// Writes text with ANSI styles to stderr: kept on a terminal, stripped when stderr is piped or
/// redirected, or when NO_COLOR is set (anstream decides, as cargo does).
pub fn eprint_styled(text: &str) {
    use std::io::Write as _;
    let mut err = anstream::stderr();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// A one-word styled `error:` (or `warning:`) prefix for messages that are not diagnostics.
pub fn styled_label(severity: Severity) -> String {
    let s = Styles::new(true, severity);
    format!(
        "{}{}{}:",
        s.severity.render(),
        severity.label(),
        s.severity.render_reset()
    )
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Where each line of a text starts: to point many diagnostics into one long text (a return of
/// thousands of rows) without counting its lines from the start for each one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let ends = text.match_indices('\n').map(|(i, _)| i + 1);
        LineIndex {
            starts: std::iter::once(0).chain(ends).collect(),
        }
    }

    /// The 1-based line of the byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// As [`line_col`]: the 1-based line and character column of the byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line - 1].min(offset);
        (line, text[start..offset].chars().count() + 1)
    }

    /// Line `line` (1-based) of `text`, without its line ending, as `str::lines` gives it.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        if start >= text.len() && line > 1 {
            return None;
        }
        let l = text.get(start..end)?;
        let l = l.strip_suffix('\n').unwrap_or(l);
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

/// Every diagnostic of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn into_vec(mut self) -> Vec<Diagnostic> {
        self.sort();
        self.items
    }

    /// Sorted by file, then position, so parallel stages report in a repeatable order.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
    }

    /// All diagnostics followed by a one-line summary.
    pub fn render(&self) -> String {
        self.render_as(false, false)
    }

    /// As `render`, naming each diagnostic's rule.
    pub fn render_with_rules(&self) -> String {
        self.render_as(true, false)
    }

    /// As `render`, with ANSI colours for [`eprint_styled`] (which drops them off a terminal).
    pub fn render_styled(&self) -> String {
        self.render_as(false, true)
    }

    /// As `render_with_rules`, with ANSI colours.
    pub fn render_with_rules_styled(&self) -> String {
        self.render_as(true, true)
    }

    /// The first `n` diagnostics (styled, with their rules), then how many more there are: what
    /// `build` and `serve` show, pointing to `check` for the whole list.
    pub fn render_first(&self, n: usize) -> String {
        let mut sorted = self.clone();
        sorted.sort();
        let mut out = String::new();
        for d in sorted.items.iter().take(n) {
            out.push_str(&d.render_as(true, true));
            out.push('\n');
        }
        let rest = sorted.items.len().saturating_sub(n);
        if rest > 0 {
            let _ = writeln!(
                out,
                "... and {rest} more (run `safeguide check` to see them all)"
            );
        }
        out
    }

    /// "no warnings", "1 warning" or "3 warnings (run `safeguide check` for details)".
    pub fn warnings_phrase(&self) -> String {
        match self.count(Severity::Warning) {
            0 => "no warnings".to_string(),
            n => format!(
                "{n} warning{} (run `safeguide check` for details)",
                if n == 1 { "" } else { "s" }
            ),
        }
    }

    fn render_as(&self, with_rules: bool, styled: bool) -> String {
        let mut sorted = self.clone();
        sorted.sort();
        let mut out = String::new();
        for d in &sorted.items {
            out.push_str(&d.render_as(with_rules, styled));
            out.push('\n');
        }
        let (e, w) = (self.count(Severity::Error), self.count(Severity::Warning));
        if e > 0 || w > 0 {
            let _ = writeln!(
                out,
                "{e} error{}, {w} warning{}",
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            );
        }
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// One problem as a list of problems, so `?` works where a function reports several.
impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// Why a command failed, which decides the exit code: 1 for problems in the site's files, 2 for
/// problems with how the command was used (bad flags, an output folder we must not replace), 130
/// when stopped by Ctrl-C (the shell's convention for SIGINT).
#[derive(Debug)]
pub enum Failure {
    Content(Diagnostics),
    Usage(String),
    Interrupted,
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Content(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Interrupted => 130,
        }
    }
}

impl Failure {
    /// What to tell the user, for failures that are not diagnostics.
    pub const INTERRUPTED: &'static str =
        "interrupted: the build stopped before it finished; the output folder was not changed";
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Content(d)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Content(std::iter::once(d).collect())
    }
}

/// Every rule id a diagnostic can carry, in one table. Rule ids are what `check` prints beside each
/// problem and what people filter by, so each is written once; a typo at a call site is then a
/// compile error, not a new rule.
pub mod rule {
    pub const ADAPT_TRANSLATION: &str = "adapt-translation";
    pub const ALIAS: &str = "alias";
    pub const AUDIENCE_EMPTY: &str = "audience-empty";
    pub const AUDIENCE_FROM_HOME: &str = "audience-from-home";
    pub const AUDIENCE_NO_REPORT_ROUTE: &str = "audience-no-report-route";
    pub const AUDIT_QUESTION: &str = "audit-question";
    pub const AUDIT_QUESTION_ID: &str = "audit-question-id";
    pub const AUDIT_VERSION: &str = "audit-version";
    pub const BAD_ANSWER: &str = "bad-answer";
    pub const BAD_DATE: &str = "bad-date";
    pub const BAD_QUESTION_ID: &str = "bad-question-id";
    pub const BASE: &str = "base";
    pub const BASE_MOVED_ON: &str = "base-moved-on";
    pub const BRAND: &str = "brand";
    pub const BRAND_CONTRAST: &str = "brand-contrast";
    pub const BROKEN_ANCHOR: &str = "broken-anchor";
    pub const BROKEN_LINK: &str = "broken-link";
    pub const CLOSE_NAME: &str = "close-name";
    pub const CONFIG: &str = "config";
    pub const CONTENT: &str = "content";
    pub const DUPLICATE_ANSWER: &str = "duplicate-answer";
    pub const DUPLICATE_ORGANISATION: &str = "duplicate-organisation";
    pub const DUPLICATE_TERM: &str = "duplicate-term";
    pub const DUPLICATE_TITLE: &str = "duplicate-title";
    pub const DUPLICATE_URL: &str = "duplicate-url";
    pub const EMPTY_SUMMARY: &str = "empty-summary";
    pub const ENCODING: &str = "encoding";
    pub const EXPECTED_LIST: &str = "expected-list";
    pub const FRAMEWORKS: &str = "frameworks";
    pub const FRAMEWORK_NOT_IN_FORCE: &str = "framework-not-in-force";
    pub const FRAMEWORK_REPLACED_SOON: &str = "framework-replaced-soon";
    pub const FRAMEWORK_SUPERSEDED: &str = "framework-superseded";
    pub const FRAMEWORK_STALE: &str = "framework-stale";
    pub const FRAMEWORK_OTHER_NATION: &str = "framework-other-nation";
    pub const CONSULTATION_OVERDUE: &str = "consultation-overdue";
    pub const PROVISION_NOT_IN_FORCE: &str = "provision-not-in-force";
    pub const PROVISION_NOW_IN_FORCE: &str = "provision-now-in-force";
    pub const FRONT_MATTER: &str = "front-matter";
    pub const GLOSSARY: &str = "glossary";
    pub const HEADING_LEVEL: &str = "heading-level";
    pub const HIDDEN_LINK: &str = "hidden-link";
    pub const HIDE: &str = "hide";
    pub const I18N: &str = "i18n";
    pub const IMAGE_ALT: &str = "image-alt";
    pub const INTERNAL: &str = "internal";
    pub const IO: &str = "io";
    pub const LOCAL_UNSET: &str = "local-unset";
    pub const MALFORMED_CSV: &str = "malformed-csv";
    pub const MALFORMED_JSON: &str = "malformed-json";
    pub const MISSING_ANSWERS: &str = "missing-answers";
    pub const MISSING_RETURN: &str = "missing-return";
    pub const MISSING_VALUE: &str = "missing-value";
    pub const MIXED_RETURN: &str = "mixed-return";
    pub const NOT_A_RETURN: &str = "not-a-return";
    pub const NO_ORGANISATION: &str = "no-organisation";
    pub const OLDER_VERSION: &str = "older-version";
    pub const ORGANISATION_TYPE: &str = "organisation-type";
    pub const ORPHAN_PAGE: &str = "orphan-page";
    pub const OUTDATED_EDITION: &str = "outdated-edition";
    pub const OUTDATED_TERM: &str = "outdated-term";
    pub const PACK: &str = "pack";
    pub const PACK_TRANSLATION: &str = "pack-translation";
    pub const PDF: &str = "pdf";
    pub const PLACEHOLDER_OUTSIDE_POLICY: &str = "placeholder-outside-policy";
    pub const PROFILE_DATE: &str = "profile-date";
    pub const PROFILE_LOGO: &str = "profile-logo";
    pub const READABILITY: &str = "readability";
    pub const REVIEW_DUE: &str = "review-due";
    pub const REVIEW_MISSING: &str = "review-missing";
    pub const REVIEW_OVERDUE: &str = "review-overdue";
    pub const SYMLINK: &str = "symlink";
    pub const TEMPLATE: &str = "template";
    pub const THEME: &str = "theme";
    pub const TOO_DEEP: &str = "too-deep";
    pub const TRANSLATION: &str = "translation";
    pub const TRANSLATION_UNLISTED: &str = "translation-unlisted";
    pub const TRANSLATION_UNREVIEWED: &str = "translation-unreviewed";
    pub const UNDECLARED_PLACEHOLDER: &str = "undeclared-placeholder";
    pub const UNEXPECTED_ORGANISATION: &str = "unexpected-organisation";
    pub const UNKNOWN_AUDIENCE: &str = "unknown-audience";
    pub const UNKNOWN_AUDIT: &str = "unknown-audit";
    pub const UNKNOWN_FRAMEWORK: &str = "unknown-framework";
    pub const UNKNOWN_LOCAL: &str = "unknown-local";
    pub const UNKNOWN_PROFILE_KEY: &str = "unknown-profile-key";
    pub const UNKNOWN_QUESTION: &str = "unknown-question";
    pub const UNLINKED_HIDDEN: &str = "unlinked-hidden";
    pub const UNSAFE_LINK: &str = "unsafe-link";
    pub const WRONG_AUDIT: &str = "wrong-audit";
    pub const YAML: &str = "yaml";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "first\nsé x\n";
        let off = text.find('x').unwrap();
        assert_eq!(line_col(text, off), (2, 4));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn render_shows_location_source_line_caret_and_help() {
        let text = "---\ntitel: Gaming\n---\n";
        let d = Diagnostic::error(rule::FRONT_MATTER, "unknown key `titel`")
            .at_line_col("content/a.md", text, 2, 1)
            .help("did you mean `title`?");
        let r = d.render();
        assert!(r.contains("error: unknown key `titel`"), "{r}");
        assert!(r.contains("--> content/a.md:2:1"), "{r}");
        assert!(r.contains("2 | titel: Gaming"), "{r}");
        assert!(r.contains("= help: did you mean `title`?"), "{r}");
        assert!(d
            .render_with_rule()
            .starts_with("error[front-matter]: unknown key `titel`\n"));
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("x", "a"));
        ds.push(Diagnostic::error("x", "b"));
        ds.push(Diagnostic::warning("x", "c"));
        assert!(ds.render().ends_with("2 errors, 1 warning\n"));
    }

    #[test]
    fn styled_render_colours_the_same_text() {
        let text = "---\ntitel: Gaming\n---\n";
        let d = Diagnostic::warning(rule::FRONT_MATTER, "unknown key `titel`")
            .at_line_col("content/a.md", text, 2, 1)
            .help("did you mean `title`?");
        let ds: Diagnostics = std::iter::once(d).collect();
        let styled = ds.render_styled();
        // Yellow and bold for a warning, then reset.
        assert!(
            styled.contains("\x1b[1m\x1b[93mwarning\x1b[0m"),
            "{styled:?}"
        );
        assert!(!ds.render().contains('\x1b'));
        // Stripping the styles gives the plain text back, so nothing is lost when piped.
        assert_eq!(
            anstream::adapter::strip_str(&styled).to_string(),
            ds.render()
        );
    }

    #[test]
    fn first_few_then_how_many_more() {
        let ds: Diagnostics = (0..5)
            .map(|i| Diagnostic::warning(rule::IMAGE_ALT, format!("image {i}")))
            .collect();
        let r = anstream::adapter::strip_str(&ds.render_first(3)).to_string();
        assert_eq!(r.matches("warning[image-alt]").count(), 3, "{r}");
        assert!(r.contains("... and 2 more (run `safeguide check`"), "{r}");
        assert_eq!(
            ds.warnings_phrase(),
            "5 warnings (run `safeguide check` for details)"
        );
        assert_eq!(Diagnostics::new().warnings_phrase(), "no warnings");
    }
}
