//! A short progress line for builds that take more than a second ("Building: 40 of 63 pages"),
//! redrawn in place on a terminal and cleared when the build ends. Silent when stderr is not a
//! terminal, so logs and pipes get only the summary.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

static PAGES_DONE: AtomicUsize = AtomicUsize::new(0);
static PAGES_TOTAL: AtomicUsize = AtomicUsize::new(0);
static STAGE: AtomicU8 = AtomicU8::new(0);

/// What the build is doing, for the progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Stage {
    Pages = 0,
    Search = 1,
    Pdfs = 2,
}

/// The build is about to render `total` pages.
pub fn pages(total: usize) {
    PAGES_TOTAL.store(total, Ordering::Relaxed);
    PAGES_DONE.store(0, Ordering::Relaxed);
    STAGE.store(Stage::Pages as u8, Ordering::Relaxed);
}

/// One more page rendered (or carried over).
pub fn page_done() {
    PAGES_DONE.fetch_add(1, Ordering::Relaxed);
}

pub fn stage(s: Stage) {
    STAGE.store(s as u8, Ordering::Relaxed);
}

/// The text of the progress line.
pub fn line(done: usize, total: usize, stage: Stage) -> String {
    match stage {
        Stage::Pages => format!("Building: {done} of {total} pages"),
        Stage::Search => format!("Building: {total} pages, writing the search index"),
        Stage::Pdfs => format!("Building: {total} pages, printing PDFs"),
    }
}

/// Draws the progress line while alive; dropping it clears the line.
pub struct Progress {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts drawing after a second, on a terminal only. `SAFEGUIDE_PROGRESS_AFTER_MS` changes
    /// the delay (the tests use 0 so that a fast build still shows it).
    pub fn start() -> Option<Progress> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let after = std::env::var("SAFEGUIDE_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut drawn = false;
            while !flag.load(Ordering::Relaxed) {
                if started.elapsed() >= Duration::from_millis(after) {
                    let stage = match STAGE.load(Ordering::Relaxed) {
                        1 => Stage::Search,
                        2 => Stage::Pdfs,
                        _ => Stage::Pages,
                    };
                    let text = line(
                        PAGES_DONE.load(Ordering::Relaxed),
                        PAGES_TOTAL.load(Ordering::Relaxed),
                        stage,
                    );
                    // Carriage return and erase-line: the line is redrawn in place.
                    let _ = write!(std::io::stderr(), "\r\x1b[2K{text}");
                    drawn = true;
                }
                std::thread::sleep(Duration::from_millis(if drawn { 200 } else { 50 }));
            }
            if drawn {
                let _ = write!(std::io::stderr(), "\r\x1b[2K");
            }
        });
        Some(Progress {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_line_names_the_stage() {
        use super::{line, Stage};
        assert_eq!(line(40, 63, Stage::Pages), "Building: 40 of 63 pages");
        assert_eq!(
            line(63, 63, Stage::Pdfs),
            "Building: 63 pages, printing PDFs"
        );
    }
}
