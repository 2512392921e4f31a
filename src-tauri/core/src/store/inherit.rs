//! Read-through inheritance (§8.1): a secondary agent sees main's store with
//! its own entries winning. Computed on read only; nothing is copied to disk,
//! and writes always go to the agent's own file.

use super::model::{AuthState, AuthStore};
use super::{Location, StoreContext, StoreError, load};
use serde_json::{Map, Value};
use std::path::Path;

/// An agent's store as the runtime sees it (`merged`), and the part in the
/// agent's own file (`own`; the same for main).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Effective {
    pub merged: AuthStore,
    pub own: AuthStore,
}

/// Loads the store an agent effectively uses: its own layer over the
/// shared one (main's store in the JSON era, the shared store of the
/// SQLite era). `shared` may be passed in when the caller already loaded it.
pub fn load_effective(
    ctx: &StoreContext,
    agent_id: &str,
    agent_dir: &Path,
    shared: Option<&AuthStore>,
) -> Result<Effective, StoreError> {
    let layers = ctx.layers(agent_id, agent_dir);
    let own = load(ctx, &layers.own)?;
    let Some(shared_loc) = &layers.shared else {
        return Ok(Effective {
            merged: own.clone(),
            own,
        });
    };
    let shared = match shared {
        Some(s) => s.clone(),
        None => load(ctx, shared_loc)?,
    };
    let merged = merged(&shared, &own);
    // Main of the state-DB layout keeps its credentials in the shared store:
    // they are its own, not inherited.
    let own = if &layers.credentials == shared_loc {
        merged.clone()
    } else {
        own
    };
    Ok(Effective { merged, own })
}

/// The shared store of an install (what every agent inherits), if any.
pub fn load_shared(ctx: &StoreContext) -> Result<Option<AuthStore>, StoreError> {
    let main = ctx.state.main_agent_dir();
    let layers = ctx.layers(crate::paths::MAIN_AGENT, &main);
    let loc = layers.shared.unwrap_or(layers.own);
    if let (Location::SharedDb(_), Some(read)) = (&loc, &ctx.format.shared_read) {
        return Ok(Some(read.clone()));
    }
    load(ctx, &loc).map(Some)
}

fn overlay(base: &Map<String, Value>, over: &Map<String, Value>) -> Map<String, Value> {
    let mut out = base.clone();
    for (k, v) in over {
        out.insert(k.clone(), v.clone());
    }
    out
}

/// `merge(base = main, override = agent)`: main's ids first, then the
/// agent's own; per id, per order/lastGood/usageStats key, the agent wins.
pub fn merged(main: &AuthStore, agent: &AuthStore) -> AuthStore {
    if agent.profiles.is_empty() && agent.state.is_empty() {
        return main.clone();
    }
    AuthStore {
        profiles: overlay(&main.profiles, &agent.profiles),
        extra: agent.extra.clone(),
        state: AuthState {
            order: overlay(&main.state.order, &agent.state.order),
            last_good: overlay(&main.state.last_good, &agent.state.last_good),
            usage_stats: overlay(&main.state.usage_stats, &agent.state.usage_stats),
            extra: agent.state.extra.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn store(v: Value) -> AuthStore {
        let state = v.get("state").cloned();
        AuthStore::from_json(&json!({"profiles": v["profiles"]}), state.as_ref()).unwrap()
    }

    #[test]
    fn agent_wins_and_main_ids_come_first() {
        let main = store(
            json!({"profiles": {"a:1": {"v": "main"}, "a:2": {"v": "main"}}, "state": {"order": {"a": ["a:2"]}, "lastGood": {"a": "a:2"}}}),
        );
        let agent = store(
            json!({"profiles": {"a:3": {"v": "agent"}, "a:1": {"v": "agent"}}, "state": {"lastGood": {"a": "a:3"}}}),
        );
        let m = merged(&main, &agent);
        assert_eq!(m.profiles.keys().collect::<Vec<_>>(), ["a:1", "a:2", "a:3"]);
        assert_eq!(m.profiles["a:1"]["v"], "agent");
        assert_eq!(
            m.order("a").unwrap(),
            ["a:2"],
            "main's order applies to agents without one"
        );
        assert_eq!(m.state.last_good["a"], "a:3");
    }

    #[test]
    fn an_empty_agent_sees_main() {
        let main = store(json!({"profiles": {"a:1": {}}}));
        assert_eq!(merged(&main, &AuthStore::default()), main);
    }
}
