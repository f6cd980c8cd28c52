//! safeguide: a static site generator for online-safety guidance.
//!
//! The build is a pipeline, one module per stage:
//!
//! 1. [`load`]: read `site.yaml`, the content tree, packs and profiles into typed values;
//! 2. [`resolve`]: URLs, sections, audiences, tags, glossary and cross-file checks;
//! 3. [`render`]: Markdown passes and Tera templates to HTML;
//! 4. [`write`]: URL rewriting, minifying and the atomic swap of the output folder.
//!
//! [`packs`] renders printable packs (and prints them to PDF) across the render and write stages.
//! [`engine`] plans every output with a key of what it reads, and renders and writes those whose
//! key changed (build, check and serve alike). [`pipeline`] loads and resolves; [`commands`] are the CLI's subcommands; every problem on the way
//! is a [`diagnostics::Diagnostic`]. [`returns`] reads audit returns back into the partnership's report.

// A Diagnostic is the error of every fallible step; it is built only on the cold error path, so its
// size does not matter and boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

mod check;
pub mod commands;
mod csv_cell;
pub mod diagnostics;
mod embedded;
mod engine;
mod html;
mod key;
mod load;
mod markdown;
mod packs;
pub mod pipeline;
mod plan;
mod progress;
mod render;
mod resolve;
mod returns;
mod safe_fs;
mod search;
mod serve;
mod timings;
mod write;

/// Calendar dates as the site prints them (the tests compare printed dates).
pub use load::date::Date;
/// The pulldown-cmark options every page is parsed with (the benchmark's floor program uses them).
pub use markdown::options as markdown_options;
/// The browser flags every headless Chromium run uses (the tests start Chromium with them too).
pub use packs::pdf::BROWSER_FLAGS;
