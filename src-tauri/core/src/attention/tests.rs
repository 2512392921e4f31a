//! What needs attention, from reports and `now`: alerts, icon, title, the
//! next change, and other hosts' answers merged in.

use super::*;
use crate::store::CredentialType;
use crate::time::{DAY, MINUTE};

const NOW: EpochMs = 1_767_225_600_000;

fn profile(
    id: &str,
    kind: CredentialType,
    owner: Owner,
    refreshable: bool,
    expires_at: Option<EpochMs>,
    status: Status,
) -> ProfileReport {
    ProfileReport {
        profile_id: id.into(),
        provider: id.split(':').next().unwrap().into(),
        kind,
        status,
        reason_code: None,
        expires_at,
        owner,
        owner_text: crate::words::owner_words(owner).into(),
        label: id.into(),
        email: None,
        masked: "x...y".into(),
        inherited: false,
        refreshable,
        unusable: None,
        last_used: None,
    }
}

fn token(id: &str, expires: EpochMs, now: EpochMs) -> ProfileReport {
    let status = crate::health::status(
        &crate::store::Credential::parse(&serde_json::json!({"type": "token", "provider": "anthropic", "token": "t", "expires": expires})).unwrap(),
        now,
        DAY,
    )
    .0;
    profile(
        id,
        CredentialType::Token,
        Owner::Static,
        false,
        Some(expires),
        status,
    )
}

fn report(agent: &str, profiles: Vec<ProfileReport>) -> AgentReport {
    AgentReport {
        agent_id: agent.into(),
        agent_dir: "/a".into(),
        profiles,
        order: Default::default(),
        effective_order: vec![],
        skipped: vec![],
        loose_permissions: vec![],
        error: None,
    }
}

fn at(now: EpochMs, expires: EpochMs) -> Attention {
    model(
        &[report("work", vec![token("anthropic:work", expires, now)])],
        vec![],
        &BTreeSet::new(),
        now,
    )
}

#[test]
fn a_token_across_time() {
    let expires = NOW + 3 * DAY;
    let before = at(NOW, expires);
    assert_eq!(
        (before.icon, before.title.clone(), before.alerts.len()),
        (IconState::Ok, None, 0)
    );

    let inside = at(expires - 3 * HOUR, expires);
    assert_eq!(inside.icon, IconState::Warning);
    assert_eq!(inside.title.as_deref(), Some("1 expiring"));
    assert_eq!(
        inside.alerts[0].menu_text(expires - 3 * HOUR),
        "work · anthropic:work — expires in 3h"
    );

    let one_hour = at(expires - HOUR + MINUTE, expires);
    assert_eq!(
        one_hour.alerts[0].menu_text(expires - HOUR + MINUTE),
        "work · anthropic:work — expires in 59m"
    );

    let expired = at(expires + 2 * HOUR, expires);
    assert_eq!(
        (expired.icon, expired.title.as_deref()),
        (IconState::Expired, Some("1 expired"))
    );
    assert_eq!(
        expired.alerts[0].menu_text(expires + 2 * HOUR),
        "work · anthropic:work — expired 2h ago"
    );
}

#[test]
fn refreshable_oauth_is_quiet_until_the_chain_looks_broken() {
    let expires = NOW - 10 * MINUTE;
    let oauth = profile(
        "openai-codex:me",
        CredentialType::Oauth,
        Owner::Store,
        true,
        Some(expires),
        Status::Expired,
    );
    let quiet = model(
        &[report("main", vec![oauth.clone()])],
        vec![],
        &BTreeSet::new(),
        NOW,
    );
    assert_eq!(
        quiet.icon,
        IconState::Ok,
        "routine access-token expiry is not an alert"
    );
    let later = model(
        &[report("main", vec![oauth.clone()])],
        vec![],
        &BTreeSet::new(),
        NOW + 2 * HOUR,
    );
    assert_eq!(later.alerts[0].problem, Problem::NotRefreshed);
    let flagged: BTreeSet<_> = [("main".to_string(), "openai-codex:me".to_string())].into();
    let reconnect = model(&[report("main", vec![oauth])], vec![], &flagged, NOW);
    assert_eq!(
        (reconnect.icon, reconnect.alerts[0].menu_text(NOW)),
        (
            IconState::Expired,
            "main · openai-codex:me — needs reconnect".into()
        )
    );
}

#[test]
fn cli_owned_logins_alert_on_their_own_expiry() {
    let p = profile(
        "anthropic:claude-cli",
        CredentialType::Oauth,
        Owner::ClaudeCode,
        true,
        Some(NOW + HOUR),
        Status::Expiring,
    );
    let m = model(&[report("main", vec![p])], vec![], &BTreeSet::new(), NOW);
    assert_eq!(m.alerts[0].problem, Problem::Expiring);
}

#[test]
fn inherited_profiles_alert_once_and_errors_win_the_icon() {
    let mut inherited = token("anthropic:team", NOW + HOUR, NOW);
    inherited.inherited = true;
    let m = model(
        &[
            report("main", vec![token("anthropic:team", NOW + HOUR, NOW)]),
            report("work", vec![inherited]),
        ],
        vec!["ops: cannot read".into()],
        &BTreeSet::new(),
        NOW,
    );
    assert_eq!(m.alerts.len(), 1);
    assert_eq!(m.icon, IconState::Error);
}

#[test]
fn other_hosts_alerts_join_the_menu_tagged_and_a_silent_host_is_one_quiet_line() {
    let now = 1_000 * DAY;
    let local = at(now, now + 30 * DAY);
    assert!(local.alerts.is_empty());
    let gw = at(now, now + 2 * HOUR);
    let merged = with_remote(
        local,
        &[
            ("gw".into(), Ok(gw)),
            (
                "pi".into(),
                Err(crate::error::Failure::new(
                    crate::error::ErrorCode::Unavailable,
                    "cannot reach pi: No route to host",
                )),
            ),
        ],
    );
    assert_eq!(merged.alerts.len(), 1);
    assert_eq!(merged.alerts[0].host.as_deref(), Some("gw"));
    assert!(
        merged.alerts[0]
            .menu_text(now)
            .starts_with("gw: work · anthropic:work — expires in 2h"),
        "{}",
        merged.alerts[0].menu_text(now)
    );
    assert_eq!(merged.icon, IconState::Warning, "gw's alert counts");
    assert_eq!(merged.title.as_deref(), Some("1 expiring"));
    assert_eq!(merged.unreachable, ["pi: unreachable"]);
    let only_silent = with_remote(
        at(now, now + 30 * DAY),
        &[(
            "pi".into(),
            Err(crate::error::Failure::new(
                crate::error::ErrorCode::Unavailable,
                "x",
            )),
        )],
    );
    assert_eq!(
        (only_silent.icon, only_silent.title),
        (IconState::Ok, None),
        "no alert storm"
    );
    let wire = serde_json::to_value(&merged).unwrap();
    let back: Attention = serde_json::from_value(wire).unwrap();
    assert_eq!(
        back, merged,
        "a model read from another host is the one it sent"
    );
}

#[test]
fn the_next_change_is_the_nearest_threshold() {
    let expires = NOW + 3 * DAY;
    let reports = [report("work", vec![token("anthropic:work", expires, NOW)])];
    assert_eq!(next_change(&reports, DAY, NOW), Some(expires - DAY));
    assert_eq!(
        next_change(&reports, DAY, expires - DAY),
        Some(expires - HOUR)
    );
    assert_eq!(
        next_change(&reports, DAY, expires),
        Some(expires + REFRESH_GRACE_MS + 1)
    );
    assert_eq!(next_change(&[report("x", vec![])], DAY, NOW), None);
}
