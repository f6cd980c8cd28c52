//! `nation:` in site.yaml: the UK nation a site serves. Safeguarding law, guidance and helplines
//! differ between England, Wales, Scotland and Northern Ireland.

use serde::{Deserialize, Serialize};

/// One of the four nations of the UK (`england`, `wales`, `scotland`, `northern-ireland`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    #[default]
    England,
    Wales,
    Scotland,
    NorthernIreland,
}
