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
//! [`pipeline`] runs the stages; [`commands`] are the CLI's subcommands; every problem on the way
//! is a [`diagnostics::Diagnostic`]. [`returns`] reads audit returns back into the partnership's report.

// A Diagnostic is the error of every fallible step; it is built only on the cold error path, so its
// size does not matter and boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod commands;
pub mod diagnostics;
pub mod embedded;
pub mod load;
pub mod markdown;
pub mod packs;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod returns;
pub mod search;
pub mod serve;
pub mod timings;
pub mod write;
