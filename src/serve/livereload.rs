//! Reloading open pages: every finished rebuild (good or failed) bumps a generation number; pages
//! listen on a server-sent-events stream and reload when it moves on. While the last rebuild failed,
//! every HTML page is served with an overlay holding the same message the terminal printed.

use std::io::Write;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// Where pages listen for rebuilds.
pub const EVENTS_PATH: &str = "/__safeguide/events";

/// How often an idle stream sends a comment, so closed browser tabs are noticed and dropped.
const KEEPALIVE: Duration = Duration::from_secs(15);

#[derive(Debug, Default, Clone)]
pub struct Status {
    /// Counts finished rebuilds since the server started.
    pub generation: u64,
    /// The terminal's text of the last rebuild's errors, while they stand.
    pub error: Option<String>,
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

    /// A rebuild finished: with `error` set it failed, and the overlay shows that text.
    pub fn publish(&self, error: Option<String>) {
        let mut s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        s.generation += 1;
        s.error = error;
        self.changed.notify_all();
    }

    /// Waits until the generation differs from `seen` (returning the new one) or `timeout` passes.
    fn wait_past(&self, seen: u64, timeout: Duration) -> Option<u64> {
        let s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| s.generation == seen)
            .unwrap_or_else(PoisonError::into_inner);
        (s.generation != seen).then_some(s.generation)
    }

    /// Serves one event stream until the client goes away. A page sends the generation it was
    /// served at (`since`), so a rebuild that finished between serving it and connecting still
    /// reloads it.
    pub fn stream(&self, mut out: impl Write, since: Option<u64>) {
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
            let msg = match self.wait_past(seen, KEEPALIVE) {
                Some(g) => {
                    seen = g;
                    format!("event: reload\ndata: {g}\n\n")
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
/// end when the page has none). Only served pages get this; nothing is written to disk.
pub fn inject(html: &str, status: &Status) -> String {
    let mut extra = String::new();
    if let Some(error) = &status.error {
        extra.push_str(&overlay(error));
    }
    extra.push_str(&format!(
        "<script>(function(){{var s=window.__safeguideEvents=new EventSource(\"{EVENTS_PATH}?since={}\");\
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
            error: None,
        };
        let out = inject("<html><body><p>x</p></BODY></html>", &s);
        assert!(out.contains("?since=3"));
        assert!(out.ends_with("</script></BODY></html>"));
        assert!(!out.contains("safeguide-error"));
        assert!(inject("no body", &s).starts_with("no body<script>"));
    }

    #[test]
    fn overlay_escapes_the_message() {
        let s = Status {
            generation: 1,
            error: Some("error: bad <b>\"x\"</b> & co".into()),
        };
        let out = inject("<body></body>", &s);
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
        hub.stream(&mut out, Some(0));
        let text = String::from_utf8(out.0).unwrap();
        assert!(text.contains("event: reload\ndata: 1\n"), "{text}");
    }
}
