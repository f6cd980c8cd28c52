//! Stage 1 of the pipeline: read the site's files into typed, validated values.
//!
//! Nothing here knows about other pages; cross-references are the resolve stage's job.

pub mod brand;
pub mod cite;
pub mod config;
pub mod content;
pub mod date;
pub mod framework_entries;
pub mod framework_law;
pub mod frameworks;
pub mod frontmatter;
pub mod hide;
pub use config::languages;
pub mod layers;
pub mod logo;
pub use config::local_text;
pub mod nation;
pub mod overrides;
pub mod packs;
pub mod profiles;
pub mod site_merge;
pub mod walk;
pub mod web_address;
pub mod yaml;
