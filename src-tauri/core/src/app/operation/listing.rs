//! Which profiles `openclaw.json` lists (`auth.profiles`, `auth.order`), as
//! a change an operation can make, check and take back. OpenClaw tries a
//! stored profile of a provider whose profiles the config lists only when
//! the config lists it too (`openclaw-store.md` §10.2 step 4, seen on
//! 2026.9.6 as well), so a profile Authtray stores is listed where its
//! provider's profiles are (§10.5, what OpenClaw's own logins do, §12.3),
//! and a profile removed from every store is unlisted (what 2026.9.6's
//! `models auth logout` does). Each entry keeps the value before and after,
//! so that it is only ever set where it still holds what it was computed
//! from, and taken back only where it still holds what was set.

use crate::config::{Config, set_auth_order};
use crate::store::model::provider_list;
use crate::store::normalize_provider;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// One value of the config, before and after (`None`: absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slot<T> {
    pub before: Option<T>,
    pub after: Option<T>,
}

/// A change to `auth.profiles` entries and `auth.order` lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub profiles: BTreeMap<String, Slot<Value>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub order: BTreeMap<String, Slot<Vec<String>>>,
}

/// A profile a store write makes present: its id, provider and type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub profile: String,
    pub provider: String,
    pub mode: String,
    /// A rename: the id it replaces, whose entry and places it takes.
    pub in_place_of: Option<String>,
}

/// What applying a listing came to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Something in the config changed.
    pub changed: bool,
    /// Entries someone else changed meanwhile, left as they are now.
    pub left: Vec<String>,
}

impl Listing {
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty() && self.order.is_empty()
    }

    /// Lists `entries` where OpenClaw would otherwise never try them: an
    /// entry in `auth.profiles` when it lists any profile of the provider,
    /// and first place in an existing `auth.order` list of the provider.
    pub fn to_list(config: &Config, entries: &[Entry]) -> Self {
        let mut auth = auth_of(config);
        let mut out = Self::default();
        for e in entries {
            let provider = normalize_provider(&e.provider);
            let replaced = e
                .in_place_of
                .as_ref()
                .and_then(|from| profiles_of(&auth).get(from).cloned());
            let listed = replaced.is_some()
                || profiles_of(&auth).values().any(|p| {
                    p.get("provider")
                        .and_then(Value::as_str)
                        .is_some_and(|p| normalize_provider(p) == provider)
                });
            if listed {
                let before = profiles_of(&auth).get(&e.profile).cloned();
                let mut entry = before
                    .clone()
                    .or(replaced)
                    .filter(Value::is_object)
                    .unwrap_or_else(|| json!({}));
                entry["provider"] = json!(provider);
                entry["mode"] = json!(e.mode);
                out.set_profile(&mut auth, &e.profile, before, Some(entry));
            }
            for (key, ids) in orders_of(&auth) {
                let at = e
                    .in_place_of
                    .as_ref()
                    .and_then(|from| ids.iter().position(|x| x == from));
                let next = match at {
                    Some(_) if ids.contains(&e.profile) => continue,
                    Some(i) => {
                        let mut next = ids.clone();
                        next.insert(i, e.profile.clone());
                        next
                    }
                    None if key == provider && e.in_place_of.is_none() => {
                        let mut next = ids.clone();
                        next.retain(|x| x != &e.profile);
                        next.insert(0, e.profile.clone());
                        next
                    }
                    None => continue,
                };
                out.set_order(&mut auth, &key, Some(ids), Some(next));
            }
        }
        out
    }

    /// Unlists `ids`: their `auth.profiles` entries, and their places in
    /// every `auth.order` list (a list left empty goes, as OpenClaw's
    /// logout does).
    pub fn to_unlist(config: &Config, ids: &[String]) -> Self {
        let mut auth = auth_of(config);
        let mut out = Self::default();
        for id in ids {
            if let Some(before) = profiles_of(&auth).get(id).cloned() {
                out.set_profile(&mut auth, id, Some(before), None);
            }
            for (provider, ids) in orders_of(&auth) {
                if ids.contains(id) {
                    let next: Vec<String> = ids.iter().filter(|x| *x != id).cloned().collect();
                    let next = (!next.is_empty()).then_some(next);
                    out.set_order(&mut auth, &provider, Some(ids), next);
                }
            }
        }
        out
    }

    /// Records one entry, first-seen `before` kept, and applies it to the
    /// working copy the next entries are computed from.
    fn set_profile(
        &mut self,
        auth: &mut Map<String, Value>,
        id: &str,
        before: Option<Value>,
        after: Option<Value>,
    ) {
        if before == after {
            return;
        }
        put_profile(auth, id, after.clone());
        let slot = self.profiles.entry(id.to_owned()).or_insert(Slot {
            before,
            after: None,
        });
        slot.after = after;
    }

    fn set_order(
        &mut self,
        auth: &mut Map<String, Value>,
        provider: &str,
        before: Option<Vec<String>>,
        after: Option<Vec<String>>,
    ) {
        if before == after {
            return;
        }
        set_auth_order(auth, provider, after.as_deref());
        let slot = self.order.entry(provider.to_owned()).or_insert(Slot {
            before,
            after: None,
        });
        slot.after = after;
    }

    /// Sets each entry that still holds its `before` to its `after`.
    pub fn apply(&self, auth: &mut Map<String, Value>) -> Applied {
        self.walk(
            auth,
            |slot| (&slot.before, &slot.after),
            |slot| (&slot.before, &slot.after),
        )
    }

    /// Takes back each entry that still holds its `after`.
    pub fn revert(&self, auth: &mut Map<String, Value>) -> Applied {
        self.walk(
            auth,
            |slot| (&slot.after, &slot.before),
            |slot| (&slot.after, &slot.before),
        )
    }

    fn walk(
        &self,
        auth: &mut Map<String, Value>,
        profile_way: impl Fn(&Slot<Value>) -> (&Option<Value>, &Option<Value>),
        order_way: impl Fn(&Slot<Vec<String>>) -> (&Option<Vec<String>>, &Option<Vec<String>>),
    ) -> Applied {
        let mut done = Applied::default();
        for (id, slot) in &self.profiles {
            let (from, to) = profile_way(slot);
            let now = profiles_of(auth).get(id).cloned();
            if now == *to {
                continue;
            }
            if now == *from {
                put_profile(auth, id, to.clone());
                done.changed = true;
            } else {
                done.left.push(format!("auth.profiles[{id:?}]"));
            }
        }
        for (provider, slot) in &self.order {
            let (from, to) = order_way(slot);
            let now = order_of(auth, provider);
            if now == *to {
                continue;
            }
            if now == *from {
                set_auth_order(auth, provider, to.as_deref());
                done.changed = true;
            } else {
                done.left.push(format!("auth.order[{provider:?}]"));
            }
        }
        done
    }
}

fn auth_of(config: &Config) -> Map<String, Value> {
    config
        .root
        .get("auth")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn profiles_of(auth: &Map<String, Value>) -> Map<String, Value> {
    auth.get("profiles")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Every `auth.order` list: its provider (normalised) and its ids.
fn orders_of(auth: &Map<String, Value>) -> Vec<(String, Vec<String>)> {
    auth.get("order")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, _)| normalize_provider(k))
        .filter_map(|p| order_of(auth, &p).map(|ids| (p, ids)))
        .collect()
}

fn order_of(auth: &Map<String, Value>, provider: &str) -> Option<Vec<String>> {
    provider_list(auth.get("order")?.as_object()?, provider)
}

fn put_profile(auth: &mut Map<String, Value>, id: &str, value: Option<Value>) {
    let profiles = auth.entry("profiles").or_insert_with(|| json!({}));
    if !profiles.is_object() {
        *profiles = json!({});
    }
    let profiles = profiles.as_object_mut().expect("an object");
    match value {
        Some(v) => {
            profiles.insert(id.to_owned(), v);
        }
        None => {
            profiles.shift_remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(text: &str) -> Config {
        Config::parse(Path::new("openclaw.json"), text).unwrap()
    }

    fn entry(id: &str) -> Entry {
        Entry {
            profile: id.into(),
            provider: id.split(':').next().unwrap().into(),
            mode: "api_key".into(),
            in_place_of: None,
        }
    }

    #[test]
    fn a_profile_is_listed_only_where_its_provider_is() {
        let c = config(
            r#"{"auth":{"profiles":{"openrouter:a":{"provider":"openrouter","mode":"api_key"}},"order":{"xai":["xai:a"]}}}"#,
        );
        let l = Listing::to_list(
            &c,
            &[entry("openrouter:b"), entry("xai:b"), entry("groq:b")],
        );
        let mut auth = auth_of(&c);
        assert!(l.apply(&mut auth).changed);
        assert_eq!(
            Value::Object(auth.clone()),
            json!({"profiles":{"openrouter:a":{"provider":"openrouter","mode":"api_key"},"openrouter:b":{"provider":"openrouter","mode":"api_key"}},"order":{"xai":["xai:b","xai:a"]}})
        );
        assert_eq!(
            l.apply(&mut auth),
            Applied::default(),
            "applied twice: no change"
        );
        assert!(l.revert(&mut auth).changed);
        assert_eq!(Value::Object(auth), Value::Object(auth_of(&c)));
    }

    #[test]
    fn a_renamed_profile_takes_the_entry_and_places_of_the_old_id() {
        let c = config(
            r#"{"auth":{"profiles":{"xai:a":{"provider":"xai","mode":"api_key","displayName":"A"}},"order":{"xai":["xai:z","xai:a"]}}}"#,
        );
        let to = Entry {
            in_place_of: Some("xai:a".into()),
            ..entry("xai:b")
        };
        let l = Listing::to_list(&c, &[to]);
        let mut auth = auth_of(&c);
        l.apply(&mut auth);
        let mut renamed = c.clone();
        renamed
            .root
            .insert("auth".into(), Value::Object(auth.clone()));
        Listing::to_unlist(&renamed, &["xai:a".into()]).apply(&mut auth);
        assert_eq!(
            Value::Object(auth),
            json!({"profiles":{"xai:b":{"provider":"xai","mode":"api_key","displayName":"A"}},"order":{"xai":["xai:z","xai:b"]}})
        );
    }

    #[test]
    fn unlisting_drops_entries_and_places_and_an_order_left_empty() {
        let c = config(
            r#"{"auth":{"profiles":{"xai:a":{"provider":"xai","mode":"api_key"},"xai:b":{"provider":"xai","mode":"api_key"}},"order":{"xai":["xai:b","xai:a"],"groq":["xai:a"]}}}"#,
        );
        let l = Listing::to_unlist(&c, &["xai:a".into()]);
        let mut auth = auth_of(&c);
        l.apply(&mut auth);
        assert_eq!(
            Value::Object(auth),
            json!({"profiles":{"xai:b":{"provider":"xai","mode":"api_key"}},"order":{"xai":["xai:b"]}})
        );
    }

    #[test]
    fn entries_someone_else_changed_are_left_and_named() {
        let c = config(r#"{"auth":{"profiles":{"xai:a":{"provider":"xai","mode":"api_key"}}}}"#);
        let l = Listing::to_list(&c, &[entry("xai:b")]);
        let mut auth = auth_of(&c);
        put_profile(
            &mut auth,
            "xai:b",
            Some(json!({"provider":"xai","mode":"token"})),
        );
        let applied = l.apply(&mut auth);
        assert!(!applied.changed);
        assert_eq!(applied.left, [r#"auth.profiles["xai:b"]"#]);
        assert_eq!(l.revert(&mut auth).left.len(), 1, "not taken back either");
    }
}
