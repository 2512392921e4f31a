//! The effective order against the cases of `openclaw-store.md` §10.2.

use super::*;
use serde_json::json;

const NOW: EpochMs = 1_767_225_600_000;

fn store(profiles: Value, state: Value) -> AuthStore {
    AuthStore::from_json(&json!({"version": 1, "profiles": profiles}), Some(&state)).unwrap()
}

fn ids(o: &EffectiveOrder) -> Vec<&str> {
    o.tried.iter().map(|t| t.profile_id.as_str()).collect()
}

fn key(k: &str) -> Value {
    json!({"type": "api_key", "provider": "anthropic", "key": k})
}

#[test]
fn openai_codex_uses_the_openai_order_as_its_alias_with_its_own_profiles_merged() {
    let codex = json!({"type": "oauth", "provider": "openai-codex", "access": "a", "refresh": "r", "expires": NOW + 3_600_000});
    let openai_key = json!({"type": "api_key", "provider": "openai", "key": "sk"});
    let profiles = json!({"openai-codex:me": codex, "openai:key": openai_key});
    // The alias names no codex profile: the codex profiles go first.
    let s = store(
        profiles.clone(),
        json!({"order": {"openai": ["openai:key"]}}),
    );
    let o = effective_order(&s, &Config::default(), "openai-codex", NOW);
    assert_eq!(o.source, OrderSource::Stored);
    assert_eq!(ids(&o), ["openai-codex:me", "openai:key"]);
    assert!(o.excluded.is_empty(), "{:?}", o.excluded);
    // It names one: the others are appended.
    let two =
        json!({"openai-codex:me": codex, "openai-codex:work": codex, "openai:key": openai_key});
    let s = store(
        two,
        json!({"order": {"openai": ["openai:key", "openai-codex:work"]}}),
    );
    let o = effective_order(&s, &Config::default(), "openai-codex", NOW);
    assert_eq!(
        ids(&o),
        ["openai:key", "openai-codex:work", "openai-codex:me"]
    );
    // From config when nothing is stored; an openai-codex order of its own wins.
    let config = Config::parse(
        std::path::Path::new("c.json"),
        r#"{"auth":{"order":{"openai":["openai:key"]}}}"#,
    )
    .unwrap();
    let s = store(profiles.clone(), json!({}));
    assert_eq!(
        effective_order(&s, &config, "openai-codex", NOW).source,
        OrderSource::Config
    );
    let s = store(
        profiles,
        json!({"order": {"openai": ["openai:key"], "openai-codex": ["openai-codex:me"]}}),
    );
    let o = effective_order(&s, &config, "openai-codex", NOW);
    assert_eq!(ids(&o), ["openai-codex:me"]);
    // Plain openai orders are not affected.
    assert_eq!(
        ids(&effective_order(&s, &config, "openai", NOW)),
        ["openai:key"]
    );
}

#[test]
fn automatic_order_is_by_type_then_least_recently_used() {
    let s = store(
        json!({"anthropic:k1": key("a"), "anthropic:k2": key("b"), "anthropic:tok": {"type": "token", "provider": "anthropic", "token": "t"}}),
        json!({"usageStats": {"anthropic:k1": {"lastUsed": 20}, "anthropic:k2": {"lastUsed": 10}}}),
    );
    let o = effective_order(&s, &Config::default(), "anthropic", NOW);
    assert_eq!(o.source, OrderSource::Automatic);
    assert_eq!(ids(&o), ["anthropic:tok", "anthropic:k2", "anthropic:k1"]);
}

#[test]
fn an_explicit_order_excludes_the_rest_and_pushes_cooling_profiles_back() {
    let s = store(
        json!({"anthropic:a": key("a"), "anthropic:b": key("b"), "anthropic:c": key("c")}),
        json!({"order": {"anthropic": ["anthropic:b", "anthropic:a", "anthropic:gone"]},
               "usageStats": {"anthropic:b": {"cooldownUntil": NOW + 60_000, "cooldownReason": "rate_limit"}, "anthropic:a": {"cooldownUntil": NOW - 1}}}),
    );
    let o = effective_order(&s, &Config::default(), "anthropic", NOW);
    assert_eq!(o.source, OrderSource::Stored);
    assert_eq!(ids(&o), ["anthropic:a", "anthropic:b"]);
    assert_eq!(
        o.tried[1].unusable,
        Some(Unusable {
            kind: "cooldown".into(),
            reason: Some("rate_limit".into()),
            until: NOW + 60_000
        })
    );
    assert_eq!(
        o.excluded,
        [
            Excluded {
                profile_id: "anthropic:gone".into(),
                why: Exclusion::NotStored
            },
            Excluded {
                profile_id: "anthropic:c".into(),
                why: Exclusion::NotInOrder
            },
        ]
    );
}

#[test]
fn openrouter_never_cools_down_and_ineligible_tokens_are_named() {
    let s = store(
        json!({"openrouter:a": {"type": "api_key", "provider": "openrouter", "key": "k"},
               "openrouter:t": {"type": "token", "provider": "openrouter", "token": "t", "expires": NOW - 5}}),
        json!({"usageStats": {"openrouter:a": {"disabledUntil": NOW + 1000}}}),
    );
    let o = effective_order(&s, &Config::default(), "openrouter", NOW);
    assert_eq!(
        o.tried,
        [Tried {
            profile_id: "openrouter:a".into(),
            unusable: None
        }]
    );
    assert_eq!(
        o.excluded,
        [Excluded {
            profile_id: "openrouter:t".into(),
            why: Exclusion::Ineligible {
                detail: "expired".into()
            }
        }]
    );
}

#[test]
fn config_profiles_and_mode_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openclaw.json");
    std::fs::write(&path, r#"{"auth":{"profiles":{"anthropic:a":{"provider":"anthropic","mode":"token"},"anthropic:b":{"provider":"anthropic","mode":"api_key"}}}}"#).unwrap();
    let cfg = Config::read(&path).unwrap();
    let s = store(
        json!({"anthropic:a": key("a"), "anthropic:b": key("b"), "anthropic:c": key("c")}),
        json!({}),
    );
    let o = effective_order(&s, &cfg, "anthropic", NOW);
    assert_eq!(o.source, OrderSource::ConfigProfiles);
    assert_eq!(ids(&o), ["anthropic:b"]);
    assert!(matches!(o.excluded[0].why, Exclusion::Mismatch { .. }));
    assert_eq!(
        o.excluded[1],
        Excluded {
            profile_id: "anthropic:c".into(),
            why: Exclusion::NotInConfigProfiles
        }
    );
}
