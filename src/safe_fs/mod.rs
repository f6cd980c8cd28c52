//! The file rules every command follows, in one place: [`read`] opens every file safeguide reads
//! from a site, a base, a profile or a returns folder; [`write`] makes every file it writes
//! outside a build's staging folder. docs/security.md says what each guarantees.

pub mod read;
pub mod write;
