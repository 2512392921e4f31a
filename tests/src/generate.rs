//! Generates a realistic state dir: `agents` agents × `profiles` profiles
//! each (API keys, tokens, OAuth, with orders, cooldowns and usage stats),
//! plus the agents in `openclaw.json`. For benchmarks and scale tests.

use serde_json::{Map, Value, json};
use std::path::Path;

const PROVIDERS: [&str; 4] = [
    "anthropic",
    "openai-codex",
    "openrouter",
    "google-gemini-cli",
];

pub fn generate_state(state_dir: &Path, agents: usize, profiles: usize, now_ms: i64) {
    let mut list = Vec::new();
    for a in 0..agents {
        let id = if a == 0 {
            "main".to_string()
        } else {
            format!("agent{a:02}")
        };
        let dir = state_dir.join("agents").join(&id).join("agent");
        std::fs::create_dir_all(&dir).expect("agent dir");
        let mut store = Map::new();
        let mut stats = Map::new();
        for p in 0..profiles {
            let provider = PROVIDERS[p % PROVIDERS.len()];
            let pid = format!("{provider}:{id}-{p}");
            let cred = match p % 3 {
                0 => {
                    json!({"type": "api_key", "provider": provider, "key": format!("sk-{id}-{p}-0123456789abcdef0123456789")})
                }
                1 => {
                    json!({"type": "token", "provider": provider, "token": format!("tok-{id}-{p}-0123456789abcdef"), "expires": now_ms + (p as i64 + 1) * 3_600_000 * 7})
                }
                _ => {
                    json!({"type": "oauth", "provider": provider, "access": format!("eyJ-{id}-{p}"), "refresh": format!("rt-{id}-{p}"),
                            "expires": now_ms + (p as i64 - 4) * 3_600_000, "email": format!("{id}{p}@example.com"), "accountId": format!("acct-{p}")})
                }
            };
            store.insert(pid.clone(), cred);
            stats.insert(pid, json!({"lastUsed": now_ms - p as i64 * 1000, "errorCount": p % 2, "cooldownUntil": if p % 5 == 0 { now_ms + 60_000 } else { 0 }}));
        }
        let order: Map<String, Value> = PROVIDERS
            .iter()
            .take(2)
            .map(|pv| {
                let ids: Vec<&String> = store
                    .keys()
                    .filter(|k| k.starts_with(&format!("{pv}:")))
                    .collect();
                (pv.to_string(), json!(ids))
            })
            .collect();
        let profiles_json = json!({"version": 1, "profiles": store});
        let state_json = json!({"version": 1, "order": order, "usageStats": stats});
        std::fs::write(
            dir.join("auth-profiles.json"),
            serde_json::to_vec_pretty(&profiles_json).expect("json"),
        )
        .expect("write");
        std::fs::write(
            dir.join("auth-state.json"),
            serde_json::to_vec_pretty(&state_json).expect("json"),
        )
        .expect("write");
        list.push(json!({"id": id}));
    }
    let config = json!({"agents": {"list": list}, "meta": {"lastTouchedVersion": "2026.5.20"}});
    std::fs::write(
        state_dir.join("openclaw.json"),
        serde_json::to_vec_pretty(&config).expect("json"),
    )
    .expect("write");
}
