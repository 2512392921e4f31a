//! One agent's store as it is on disk: `auth-profiles.json` plus
//! `auth-state.json` (§2–§4). Entries are kept as raw JSON so that fields and
//! profiles Authtray does not understand survive a rewrite (§5.7); the typed
//! view is [`Credential`].

use super::credential::{Credential, Rejection};
use super::provider::normalize_provider;
use serde_json::{Map, Value, json};

/// Top-level keys that are routing state (in `auth-profiles.json` for E1,
/// in `auth-state.json` since E2).
const STATE_KEYS: [&str; 3] = ["order", "lastGood", "usageStats"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthStore {
    /// Profile id → raw credential, in file order (§2.7).
    pub profiles: Map<String, Value>,
    /// Other top-level keys of `auth-profiles.json`, kept as found.
    pub extra: Map<String, Value>,
    pub state: AuthState,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthState {
    pub order: Map<String, Value>,
    pub last_good: Map<String, Value>,
    pub usage_stats: Map<String, Value>,
    /// Other top-level keys of `auth-state.json`, kept as found.
    pub extra: Map<String, Value>,
}

/// Why a parsed `auth-profiles.json` is not a store Authtray may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// The top level is not a JSON object.
    NotAnObject,
    /// No `profiles` object: the legacy flat layout (§7.3).
    Flat,
}

fn object(v: Option<&Value>) -> Map<String, Value> {
    v.and_then(Value::as_object).cloned().unwrap_or_default()
}

impl AuthState {
    pub fn from_json(v: &Value) -> Self {
        let mut extra = v.as_object().cloned().unwrap_or_default();
        extra.remove("version");
        let mut take = |k: &str| {
            extra
                .remove(k)
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default()
        };
        Self {
            order: take("order"),
            last_good: take("lastGood"),
            usage_stats: take("usageStats"),
            extra,
        }
    }

    /// E1 merge (§4): per key, `self` (auth-state.json) wins over `older`.
    fn merged_over(mut self, older: &Map<String, Value>) -> Self {
        for (key, section) in [
            ("order", &mut self.order),
            ("lastGood", &mut self.last_good),
            ("usageStats", &mut self.usage_stats),
        ] {
            for (k, v) in object(older.get(key)) {
                section.entry(k).or_insert(v);
            }
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
            && self.last_good.is_empty()
            && self.usage_stats.is_empty()
            && self.extra.is_empty()
    }

    /// `{"version":1, order?, lastGood?, usageStats?}`, or `None` when there
    /// is nothing to keep and the file is to be deleted (§3).
    pub fn to_json(&self) -> Option<Value> {
        if self.is_empty() {
            return None;
        }
        let mut out = Map::new();
        out.insert("version".into(), json!(1));
        for (key, section) in [
            ("order", &self.order),
            ("lastGood", &self.last_good),
            ("usageStats", &self.usage_stats),
        ] {
            if !section.is_empty() {
                out.insert(key.into(), Value::Object(section.clone()));
            }
        }
        out.extend(self.extra.clone());
        Some(Value::Object(out))
    }
}

impl AuthStore {
    /// Builds a store from the parsed files; `profiles_file` must be present.
    pub fn from_json(profiles_file: &Value, state_file: Option<&Value>) -> Result<Self, Unusable> {
        let top = profiles_file.as_object().ok_or(Unusable::NotAnObject)?;
        let profiles = top
            .get("profiles")
            .and_then(Value::as_object)
            .ok_or(Unusable::Flat)?
            .clone();
        let mut extra = top.clone();
        for k in ["version", "profiles"].iter().chain(STATE_KEYS.iter()) {
            extra.remove(*k);
        }
        let state = state_file
            .map(AuthState::from_json)
            .unwrap_or_default()
            .merged_over(top);
        Ok(Self {
            profiles,
            extra,
            state,
        })
    }

    /// `{"version":1,"profiles":{…}}` plus unknown top-level keys; E1 state
    /// keys move to `auth-state.json`.
    pub fn profiles_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("version".into(), json!(1));
        out.insert("profiles".into(), Value::Object(self.profiles.clone()));
        out.extend(self.extra.clone());
        Value::Object(out)
    }

    /// Every profile with its typed view (or why OpenClaw skips it).
    pub fn credentials(&self) -> impl Iterator<Item = (&str, Result<Credential, Rejection>)> {
        self.profiles
            .iter()
            .map(|(id, raw)| (id.as_str(), Credential::parse(raw)))
    }

    pub fn credential(&self, id: &str) -> Option<Credential> {
        self.profiles
            .get(id)
            .and_then(|raw| Credential::parse(raw).ok())
    }

    /// Inserts or replaces a profile; an existing id keeps its place, a new
    /// one goes to the end (§2.7).
    pub fn upsert(&mut self, id: &str, credential: Value) {
        self.profiles.insert(id.to_owned(), credential);
    }

    /// Removes a profile and every reference to it in this agent's state.
    pub fn remove(&mut self, id: &str) -> bool {
        let found = self.profiles.shift_remove(id).is_some();
        self.rewrite_refs(id, None);
        found
    }

    /// Renames a profile in place, with its references.
    pub fn rename(&mut self, from: &str, to: &str) -> bool {
        if !self.profiles.contains_key(from) {
            return false;
        }
        self.profiles = std::mem::take(&mut self.profiles)
            .into_iter()
            .map(|(k, v)| {
                if k == from {
                    (to.to_owned(), v)
                } else {
                    (k, v)
                }
            })
            .collect();
        self.rewrite_refs(from, Some(to));
        true
    }

    /// Points the references to `from` (order, last good, usage) at `to`:
    /// what a rename does beside the profile itself.
    pub fn repoint(&mut self, from: &str, to: &str) {
        self.rewrite_refs(from, Some(to));
    }

    /// Drops the references to a profile that is gone.
    pub fn forget(&mut self, id: &str) {
        self.rewrite_refs(id, None);
    }

    /// Puts `id` first in the provider's stored order if that order exists
    /// and does not name it yet.
    pub fn ensure_ordered(&mut self, provider: &str, id: &str) {
        if self
            .order(provider)
            .is_some_and(|ids| !ids.iter().any(|x| x == id))
        {
            self.promote(provider, id);
        }
    }

    fn rewrite_refs(&mut self, id: &str, to: Option<&str>) {
        let state = &mut self.state;
        for list in state.order.values_mut().filter_map(Value::as_array_mut) {
            match to {
                Some(to) => list
                    .iter_mut()
                    .filter(|v| v.as_str() == Some(id))
                    .for_each(|v| *v = json!(to)),
                None => list.retain(|v| v.as_str() != Some(id)),
            }
        }
        state
            .order
            .retain(|_, v| v.as_array().is_none_or(|a| !a.is_empty()));
        for v in state.last_good.values_mut() {
            if v.as_str() == Some(id) {
                *v = to.map_or(Value::Null, |t| json!(t));
            }
        }
        state.last_good.retain(|_, v| !v.is_null());
        if let Some(stats) = state.usage_stats.shift_remove(id)
            && let Some(to) = to
        {
            state.usage_stats.insert(to.to_owned(), stats);
        }
    }

    /// The stored order for a provider (keys compared after normalisation),
    /// trimmed and without blanks, as OpenClaw loads it (§3).
    pub fn order(&self, provider: &str) -> Option<Vec<String>> {
        provider_list(&self.state.order, provider)
    }

    /// Sets (or with `None` clears) `order[provider]` under the normalised key.
    pub fn set_order(&mut self, provider: &str, ids: Option<&[String]>) {
        let provider = normalize_provider(provider);
        self.state
            .order
            .retain(|k, _| normalize_provider(k) != provider);
        if let Some(ids) = ids.filter(|ids| !ids.is_empty()) {
            let mut unique: Vec<&String> = Vec::new();
            for id in ids {
                if !unique.contains(&id) {
                    unique.push(id);
                }
            }
            self.state.order.insert(provider, json!(unique));
        }
    }

    /// Puts `id` first in an existing stored order for its provider, as
    /// OpenClaw's login does (§10.5).
    pub fn promote(&mut self, provider: &str, id: &str) {
        if let Some(mut ids) = self.order(provider) {
            ids.retain(|x| x != id);
            ids.insert(0, id.to_owned());
            self.set_order(provider, Some(&ids));
        }
    }
}

/// The list under `provider` in a provider-keyed order map (keys compared
/// after normalisation), trimmed and without blanks; `None` when absent or empty.
pub fn provider_list(map: &Map<String, Value>, provider: &str) -> Option<Vec<String>> {
    let provider = normalize_provider(provider);
    map.iter()
        .filter(|(k, _)| normalize_provider(k) == provider)
        .find_map(|(_, v)| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|ids| !ids.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(profiles: Value, state: Option<Value>) -> AuthStore {
        AuthStore::from_json(&profiles, state.as_ref()).unwrap()
    }

    #[test]
    fn e1_state_merges_with_auth_state_winning_per_key() {
        let s = store(
            json!({"version": 1, "profiles": {}, "order": {"anthropic": ["a"], "openai": ["o"]}, "lastGood": {"openai": "o"}}),
            Some(json!({"version": 1, "order": {"anthropic": ["b"]}})),
        );
        assert_eq!(
            s.state.order,
            *json!({"anthropic": ["b"], "openai": ["o"]})
                .as_object()
                .unwrap()
        );
        assert_eq!(s.state.last_good["openai"], "o");
        assert_eq!(s.profiles_json(), json!({"version": 1, "profiles": {}}));
    }

    #[test]
    fn unknown_fields_and_keys_survive() {
        let raw = json!({"version": 1, "profiles": {"x:1": {"type": "token", "provider": "x", "token": "t", "future": {"a": 1}}}, "vendor": true});
        let s = store(
            raw.clone(),
            Some(json!({"version": 1, "order": {"x": ["x:1"]}, "later": 5})),
        );
        assert_eq!(s.profiles_json(), raw);
        assert_eq!(
            s.state.to_json().unwrap(),
            json!({"version": 1, "order": {"x": ["x:1"]}, "later": 5})
        );
    }

    #[test]
    fn flat_and_non_object_files_are_unusable() {
        assert_eq!(
            AuthStore::from_json(&json!({"openrouter": {"apiKey": "k"}}), None).unwrap_err(),
            Unusable::Flat
        );
        assert_eq!(
            AuthStore::from_json(&json!([1]), None).unwrap_err(),
            Unusable::NotAnObject
        );
    }

    #[test]
    fn rename_keeps_position_and_references() {
        let mut s = store(
            json!({"version": 1, "profiles": {"a": {}, "b": {}, "c": {}}}),
            Some(
                json!({"order": {"p": ["b", "a"]}, "lastGood": {"p": "b"}, "usageStats": {"b": {"lastUsed": 1}}}),
            ),
        );
        assert!(s.rename("b", "z"));
        assert_eq!(s.profiles.keys().collect::<Vec<_>>(), ["a", "z", "c"]);
        assert_eq!(s.order("p").unwrap(), ["z", "a"]);
        assert_eq!(s.state.last_good["p"], "z");
        assert!(s.state.usage_stats.contains_key("z"));
        assert!(s.remove("z"));
        assert_eq!(s.order("p").unwrap(), ["a"]);
        assert!(s.state.last_good.is_empty() && s.state.usage_stats.is_empty());
    }

    #[test]
    fn order_keys_are_normalised_and_empty_state_deletes_the_file() {
        let mut s = AuthStore::default();
        s.set_order(
            "Z.AI",
            Some(&["zai:1".into(), "zai:2".into(), "zai:1".into()]),
        );
        assert_eq!(
            s.state.order,
            *json!({"zai": ["zai:1", "zai:2"]}).as_object().unwrap()
        );
        s.promote("zai", "zai:2");
        assert_eq!(s.order("z-ai").unwrap(), ["zai:2", "zai:1"]);
        s.set_order("zai", None);
        assert_eq!(s.state.to_json(), None);
    }
}
