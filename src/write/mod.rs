//! Stage 4 of the pipeline: minify, rewrite URLs, write files, and swap the new site into place.

pub mod buildinfo;
pub mod minify;
pub mod output;
pub mod paths;
pub mod record;
pub mod sink;
