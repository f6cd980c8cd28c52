//! Where build time goes, for the benchmark: cumulative time per step across all threads.
//! Printed by `build` when SAFEGUIDE_TIMINGS is set; otherwise costs one atomic add per step.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub enum Step {
    Load,
    Resolve,
    Markdown,
    Templates,
    Minify,
    Write,
    Search,
}

const STEPS: [(&str, Step); 7] = [
    ("load (read + front matter)", Step::Load),
    ("resolve", Step::Resolve),
    ("markdown passes", Step::Markdown),
    ("templates", Step::Templates),
    ("minify + url rewrite", Step::Minify),
    ("write files", Step::Write),
    ("search index", Step::Search),
];

static NANOS: [AtomicU64; 7] = [const { AtomicU64::new(0) }; 7];

/// Runs `f`, adding its duration to `step`.
pub fn time<T>(step: Step, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    NANOS[step as usize].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    out
}

pub fn enabled() -> bool {
    std::env::var_os("SAFEGUIDE_TIMINGS").is_some()
}

/// A table of CPU time per step (summed over threads, so it can exceed wall time).
pub fn report() -> String {
    let mut out = String::from("step                           cpu ms (all threads)\n");
    for (name, step) in STEPS {
        let ms = NANOS[step as usize].load(Ordering::Relaxed) as f64 / 1e6;
        out.push_str(&format!("{name:<30} {ms:>10.1}\n"));
    }
    out
}

/// With SAFEGUIDE_TIMINGS set, where one run of a stage spent its wall time, lap by lap, printed
/// to stderr as one line (serve's updates, where per-step CPU totals hide what a save waits for).
pub struct Laps {
    name: &'static str,
    on: bool,
    last: Instant,
    laps: Vec<String>,
}

impl Laps {
    pub fn start(name: &'static str) -> Laps {
        Laps {
            name,
            on: enabled(),
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Ends a lap named `what`.
    pub fn lap(&mut self, what: &str) {
        if self.on {
            let now = Instant::now();
            let ms = (now - self.last).as_secs_f64() * 1e3;
            self.laps.push(format!("{what} {ms:.1} ms"));
            self.last = now;
        }
    }

    pub fn report(&self) {
        if self.on {
            eprintln!("{}: {}", self.name, self.laps.join(", "));
        }
    }
}
