//! What the effective order says: where it came from, what is tried (with
//! the window that pushes a profile back), what is excluded and why.

use crate::time::EpochMs;
use serde::{Deserialize, Serialize};

/// Where the order came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OrderSource {
    /// `order[provider]` in the agent's `auth-state.json` (or inherited from main).
    Stored,
    /// `auth.order[provider]` in `openclaw.json`.
    Config,
    /// The ids of `auth.profiles` for the provider.
    ConfigProfiles,
    /// No order anywhere: round-robin by type, then least recently used.
    Automatic,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Exclusion {
    /// Not listed in the explicit order: never tried.
    NotInOrder,
    /// Config `auth.profiles` lists other profiles of this provider.
    NotInConfigProfiles,
    /// Listed, but no such profile is stored.
    NotStored,
    /// Listed for another provider, or config says another mode.
    Mismatch { detail: String },
    /// Stored but unusable as it is (`missing_credential`, `expired`, …).
    Ineligible { detail: String },
}

/// A profile in the order, with the window that pushes it back if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Tried {
    pub profile_id: String,
    /// `cooldown`, `disabled` or `blocked` while `now < until`.
    pub unusable: Option<Unusable>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Unusable {
    pub kind: String,
    pub reason: Option<String>,
    pub until: EpochMs,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Excluded {
    pub profile_id: String,
    pub why: Exclusion,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveOrder {
    pub provider: String,
    pub source: OrderSource,
    pub tried: Vec<Tried>,
    pub excluded: Vec<Excluded>,
}
