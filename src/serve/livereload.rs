//! Reloading open pages: every finished rebuild (good or failed), and the first part of an
//! incremental one, bumps a generation number; pages listen on a server-sent-events stream and
//! reload when it moves on with a change to their own file (an incremental update names the files
//! it wrote; anything else changes every page). While the last rebuild failed, every HTML page is
//! served with an overlay holding the same message the terminal printed.

use std::collections::{BTreeSet, VecDeque};
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

/// Where pages listen for rebuilds.
pub const EVENTS_PATH: &str = "/__safeguide/events";

/// How many generations' changed files are kept: a page further behind reloads whatever changed.
const HISTORY: usize = 64;

/// How often an idle stream sends a comment, so closed browser tabs are noticed and dropped.
const KEEPALIVE: Duration = Duration::from_secs(15);

#[derive(Debug, Default, Clone)]
pub struct Status {
    /// Counts finished rebuilds since the server started.
    pub generation: u64,
    /// The terminal's text of the last rebuild's errors, while they stand.
    pub error: Option<String>,
    /// The output files (relative, `/`-separated) each recent generation changed, oldest first;
    /// None where every page may have changed (a full build, an error, a fix).
    changed: VecDeque<(u64, Option<Arc<BTreeSet<String>>>)>,
}

/// Shared by the rebuild loop (which publishes) and the HTTP workers (which read and wait).
#[derive(Default)]
pub struct Hub {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Hub {
    pub fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A rebuild finished: with `error` set it failed, and the overlay shows that text. Every
    /// open page reloads.
    pub fn publish(&self, error: Option<String>) {
        let mut s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        s.error = error;
        Self::advance(&mut s, None);
        self.changed.notify_all();
    }

    /// Output files were rewritten (relative, `/`-separated): the pages showing them reload.
    /// While an error's overlay stands every page reloads, to lose it.
    pub fn publish_files(&self, files: BTreeSet<String>) {
        let mut s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let files = s.error.take().is_none().then(|| Arc::new(files));
        Self::advance(&mut s, files);
        self.changed.notify_all();
    }

    fn advance(s: &mut Status, files: Option<Arc<BTreeSet<String>>>) {
        s.generation += 1;
        s.changed.push_back((s.generation, files));
        if s.changed.len() > HISTORY {
            s.changed.pop_front();
        }
    }

    /// Waits until the generation differs from `seen` (returning the new one, and whether a
    /// generation since `seen` changed `file`, or anything when that is None) or `timeout` passes.
    fn wait_past(&self, seen: u64, file: Option<&str>, timeout: Duration) -> Option<(u64, bool)> {
        let s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| s.generation == seen)
            .unwrap_or_else(PoisonError::into_inner);
        if s.generation == seen {
            return None;
        }
        let recorded = s.changed.iter().filter(|(g, _)| *g > seen);
        // Generations older than the history are not known: reload.
        let touched = file.is_none()
            || recorded.clone().count() as u64 != s.generation.saturating_sub(seen)
            || recorded.clone().any(|(_, f)| {
                f.as_ref()
                    .is_none_or(|f| f.contains(file.unwrap_or_default()))
            });
        Some((s.generation, touched))
    }

    /// Serves one event stream until the client goes away. A page sends the generation it was
    /// served at (`since`), so a rebuild that finished between serving it and connecting still
    /// reloads it, and the output file it shows (`file`), so that it reloads only when that
    /// changed; without `file` every rebuild reloads it.
    pub fn stream(&self, mut out: impl Write, since: Option<u64>, file: Option<&str>) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n: connected\n\n";
        if out
            .write_all(head.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
        let mut seen = since.unwrap_or_else(|| self.status().generation);
        loop {
            let msg = match self.wait_past(seen, file, KEEPALIVE) {
                Some((g, true)) => {
                    seen = g;
                    format!("event: reload\ndata: {g}\n\n")
                }
                Some((g, false)) => {
                    seen = g;
                    continue;
                }
                None if self.status().generation != seen => continue,
                None => ": keep-alive\n\n".to_string(),
            };
            if out
                .write_all(msg.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

/// Adds the reload script, and the error overlay when there is one, before `</body>` (or at the
/// end when the page has none). Only served pages get this; nothing is written to disk. `file` is
/// the output file the page is (relative, `/`-separated): the page reloads when that changes, or
/// at every rebuild when None (a "not found" page, which any new file may replace).
pub fn inject(html: &str, status: &Status, file: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(error) = &status.error {
        extra.push_str(&overlay(error));
    }
    let file = file
        .map(|f| {
            let encoded = percent_encoding::utf8_percent_encode(f, FILE_IN_QUERY);
            format!("&file={encoded}")
        })
        .unwrap_or_default();
    extra.push_str(&format!(
        "<script>(function(){{var s=window.__safeguideEvents=new EventSource(\"{EVENTS_PATH}?since={}{file}\");\
         s.addEventListener(\"reload\",function(){{s.close();location.reload();}});}})();</script>",
        status.generation
    ));
    let at = rfind_ascii_ci(html, "</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out
}

/// Everything but letters, digits and `-._~/` is percent-encoded in the `file` query value, so it
/// is safe inside the script's string and its URL.
const FILE_IN_QUERY: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

fn overlay(error: &str) -> String {
    format!(
        "<div id=\"safeguide-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
         overflow:auto;margin:0;padding:2rem;background:rgba(30,0,0,.94);color:#fff;font:16px/1.5 system-ui,sans-serif\">\
         <h2 style=\"margin:0 0 .5rem;color:#fff\">The site did not build</h2>\
         <p style=\"margin:0 0 1rem\">You are seeing the last version that built. Fix the file and save it: this page reloads by itself.</p>\
         <pre style=\"white-space:pre-wrap;margin:0;padding:1rem;background:#000;color:#fdd;font:14px/1.4 monospace\">{}</pre>\
         <button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"margin-top:1rem\">Hide this message</button></div>",
        crate::markdown::escape(error)
    )
}

fn rfind_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?)
        .rev()
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_close() {
        let s = Status {
            generation: 3,
            ..Status::default()
        };
        let out = inject("<html><body><p>x</p></BODY></html>", &s, None);
        assert!(out.contains("?since=3\""));
        assert!(out.ends_with("</script></BODY></html>"));
        assert!(!out.contains("safeguide-error"));
        assert!(inject("no body", &s, None).starts_with("no body<script>"));
        let out = inject("<body></body>", &s, Some("a b/\"</script>/index.html"));
        assert!(
            out.contains("?since=3&file=a%20b/%22%3C/script%3E/index.html\""),
            "{out}"
        );
    }

    #[test]
    fn overlay_escapes_the_message() {
        let s = Status {
            generation: 1,
            error: Some("error: bad <b>\"x\"</b> & co".into()),
            ..Status::default()
        };
        let out = inject("<body></body>", &s, None);
        assert!(out.contains("error: bad &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; co"));
        assert!(!out.contains("<b>"));
    }

    #[test]
    fn stream_reports_a_generation_the_page_missed() {
        let hub = Hub::default();
        hub.publish(None);
        // The page was served at generation 0; the hub is at 1, so the stream reloads at once.
        struct Once(Vec<u8>);
        impl Write for Once {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                // Keeps what was written, then hangs up once the reload is in.
                self.0.extend_from_slice(b);
                if self.0.windows(6).any(|w| w == b"reload") {
                    return Err(std::io::ErrorKind::BrokenPipe.into());
                }
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut out = Once(Vec::new());
        hub.stream(&mut out, Some(0), None);
        let text = String::from_utf8(out.0).unwrap();
        assert!(text.contains("event: reload\ndata: 1\n"), "{text}");
    }

    #[test]
    fn a_page_reloads_when_its_own_file_changed_or_anything_did() {
        let hub = Hub::default();
        let files = |f: &[&str]| f.iter().map(|s| s.to_string()).collect();
        hub.publish_files(files(&["a/index.html"]));
        hub.publish_files(files(&["b/index.html", "c.xml"]));
        let now = Duration::ZERO;
        assert_eq!(hub.wait_past(0, Some("a/index.html"), now), Some((2, true)));
        assert_eq!(
            hub.wait_past(1, Some("a/index.html"), now),
            Some((2, false))
        );
        assert_eq!(hub.wait_past(1, Some("b/index.html"), now), Some((2, true)));
        assert_eq!(
            hub.wait_past(0, Some("d/index.html"), now),
            Some((2, false))
        );
        // A page that watches no file, and one older than the history, reload whatever changed.
        assert_eq!(hub.wait_past(1, None, now), Some((2, true)));
        for _ in 0..HISTORY {
            hub.publish_files(files(&["e.html"]));
        }
        let g = 2 + HISTORY as u64;
        assert_eq!(hub.wait_past(1, Some("d/index.html"), now), Some((g, true)));
        assert_eq!(
            hub.wait_past(2, Some("d/index.html"), now),
            Some((g, false))
        );
        assert_eq!(hub.wait_past(g, Some("d/index.html"), now), None);
        // A full build or an error changes every page, and so does the fix after an error.
        hub.publish(Some("error".into()));
        assert_eq!(
            hub.wait_past(g, Some("d/index.html"), now),
            Some((g + 1, true))
        );
        hub.publish_files(files(&["e.html"]));
        assert_eq!(hub.status().error, None);
        assert_eq!(
            hub.wait_past(g + 1, Some("d/index.html"), now),
            Some((g + 2, true))
        );
        hub.publish_files(files(&["e.html"]));
        assert_eq!(
            hub.wait_past(g + 2, Some("d/index.html"), now),
            Some((g + 3, false))
        );
    }
}
