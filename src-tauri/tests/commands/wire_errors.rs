//! A snapshot of `{code, message}` for every error variant that can
//! reach the window: `UPDATE_SNAPSHOTS=1 cargo test -p authtray wire`
//! rewrites `tests/snapshots/wire_errors.txt`. The exhaustive matches
//! below stop compiling when a variant is added without an example.

use authtray_core::agents::DiscoverError;
use authtray_core::app::AppError;
use authtray_core::app::delegate::DelegateError;
use authtray_core::app::{InputError, OperationError, OrderProblem, OtherAccount};
use authtray_core::cli_logins::ExternalError;
use authtray_core::config::ConfigError;
use authtray_core::files::FileError;
use authtray_core::install::AgentError;
use authtray_core::keychain::KeychainError;
use authtray_core::oauth::callback::BindError;
use authtray_core::oauth::http::HttpError;
use authtray_core::oauth::login::LoginError;
use authtray_core::openclaw_cli::OpenclawCliError;
use authtray_core::providers::manual::ManualError;
use authtray_core::remote::RemoteError;
use authtray_core::settings::SettingsError;
use authtray_core::store::StoreError;
use authtray_core::store::lock::{Holder, LockError};
use authtray_lib::error::{ErrorCode, WireError};
use std::io;
use std::path::PathBuf;

fn p(s: &str) -> PathBuf {
    PathBuf::from(s)
}

fn file_errors() -> Vec<FileError> {
    let io = || io::Error::new(io::ErrorKind::PermissionDenied, "Permission denied");
    let all = vec![
        FileError::Read {
            path: p("/s/agents/main/agent/auth-profiles.json"),
            source: io(),
        },
        FileError::Write {
            path: p("/s/agents/main/agent/auth-profiles.json"),
            source: io(),
        },
        FileError::Parse {
            path: p("/s/agents/main/agent/auth-profiles.json"),
            line: 3,
            column: 7,
            message: "EOF while parsing an object".into(),
        },
        FileError::TooLarge {
            path: p("/s/agents/main/agent/auth-profiles.json"),
            size: 20_000_000,
        },
        FileError::NotAFile {
            path: p("/s/agents/main/agent/auth-profiles.json"),
        },
    ];
    for e in &all {
        match e {
            FileError::Read { .. }
            | FileError::Write { .. }
            | FileError::Parse { .. }
            | FileError::TooLarge { .. }
            | FileError::NotAFile { .. } => {}
        }
    }
    all
}

fn store_errors() -> Vec<StoreError> {
    let mut all: Vec<StoreError> = file_errors().into_iter().map(StoreError::File).collect();
    all.extend([
        StoreError::Lock(LockError::Busy {
            path: p("/s/agents/main/agent/auth-profiles.json.lock"),
            holder: Holder {
                pid: Some(812),
                created_at: Some("2026-12-03T10:00:00.000Z".into()),
            },
        }),
        StoreError::Lock(LockError::Io {
            path: p("/s/locks/authtray.lock"),
            source: io::Error::other("disk full"),
        }),
        StoreError::NotAnObject {
            path: p("/s/agents/main/agent/auth-profiles.json"),
        },
        StoreError::Flat {
            path: p("/s/agents/main/agent/auth-profiles.json"),
        },
        StoreError::SqliteEra {
            path: p("/s/state/openclaw.sqlite"),
        },
        StoreError::ReadOnly,
        StoreError::NewerOpenclaw {
            version: "2026.9.6".into(),
        },
        StoreError::OldLayout { state: p("/s") },
        StoreError::NothingToUndo {
            store: "/s/agents/main/agent/auth-profiles.json".into(),
        },
        StoreError::NoProfile {
            id: "openrouter:x".into(),
            store: "/s/agents/main/agent/auth-profiles.json".into(),
        },
        StoreError::ProfileExists {
            id: "openrouter:b".into(),
            agent_dir: p("/s/agents/main/agent"),
        },
        StoreError::NotFlat {
            path: p("/s/agents/main/agent/auth-profiles.json"),
        },
        StoreError::NoOwnOrder {
            agent: "work".into(),
            provider: "openai".into(),
        },
        StoreError::Busy {
            path: p("/s/agents/work/agent/openclaw-agent.sqlite"),
        },
        StoreError::Sqlite {
            path: p("/s/agents/work/agent/openclaw-agent.sqlite"),
            message: "file is not a database".into(),
        },
        StoreError::Unverified {
            path: p("/s/agents/work/agent/openclaw-agent.sqlite"),
            version: 24,
            releases: "2026.5.20, 2026.6.35, 2026.7.35, 2026.9.6".into(),
        },
        StoreError::MissingColumn {
            path: p("/s/agents/work/agent/openclaw-agent.sqlite"),
            version: 24,
            table: "auth_profile_store".into(),
            column: "store_json".into(),
        },
        StoreError::MissingTable {
            path: p("/s/agents/work/agent/openclaw-agent.sqlite"),
            table: "auth_profile_state".into(),
        },
        StoreError::WrongAgent {
            path: p("/s/agents/work/agent/openclaw-agent.sqlite"),
            expected: "work".into(),
            found: "ops".into(),
        },
        StoreError::BadRow {
            path: p("/s/agents/work/agent/openclaw-agent.sqlite"),
            row: "primary".into(),
            message: "expected value at line 1 column 1".into(),
        },
        StoreError::NoDatabase {
            path: p("/s/agents/ops/agent/openclaw-agent.sqlite"),
        },
        StoreError::MigrationRequired {
            files: vec![p("/s/agents/work/agent/auth-profiles.json")],
        },
        StoreError::Maintenance {
            path: p("/s/state/openclaw.sqlite"),
        },
        StoreError::InvalidSharedStore {
            value: r#"{"location":"elsewhere"}"#.into(),
        },
        StoreError::NeedsOpenclaw {
            what: "creating an agent".into(),
            command: "openclaw agents add ops".into(),
        },
        StoreError::Fenced {
            id: "openai:work".into(),
        },
        StoreError::BrokenStateDb {
            path: p("/s/state/openclaw.sqlite"),
            why: "it holds no tables (an empty or truncated file)".into(),
        },
    ]);
    for e in &all {
        match e {
            StoreError::File(_)
            | StoreError::Lock(_)
            | StoreError::NotAnObject { .. }
            | StoreError::Flat { .. }
            | StoreError::SqliteEra { .. }
            | StoreError::ReadOnly
            | StoreError::NewerOpenclaw { .. }
            | StoreError::OldLayout { .. }
            | StoreError::NothingToUndo { .. }
            | StoreError::NoProfile { .. }
            | StoreError::ProfileExists { .. }
            | StoreError::NotFlat { .. }
            | StoreError::NoOwnOrder { .. }
            | StoreError::Busy { .. }
            | StoreError::Sqlite { .. }
            | StoreError::Unverified { .. }
            | StoreError::MissingColumn { .. }
            | StoreError::MissingTable { .. }
            | StoreError::WrongAgent { .. }
            | StoreError::BadRow { .. }
            | StoreError::NoDatabase { .. }
            | StoreError::MigrationRequired { .. }
            | StoreError::Maintenance { .. }
            | StoreError::InvalidSharedStore { .. }
            | StoreError::NeedsOpenclaw { .. }
            | StoreError::Fenced { .. }
            | StoreError::BrokenStateDb { .. } => {}
        }
    }
    all
}

fn config_errors() -> Vec<ConfigError> {
    let all = vec![
        ConfigError::File(file_errors().remove(0)),
        ConfigError::Parse {
            path: p("/s/openclaw.json"),
            message: "unexpected end of input".into(),
        },
        ConfigError::Include {
            path: p("/s/openclaw.json"),
        },
        ConfigError::Changed {
            path: p("/s/openclaw.json"),
        },
    ];
    for e in &all {
        match e {
            ConfigError::File(_)
            | ConfigError::Parse { .. }
            | ConfigError::Include { .. }
            | ConfigError::Changed { .. } => {}
        }
    }
    all
}

fn login_errors() -> Vec<LoginError> {
    let all = vec![
        LoginError::Cancelled,
        LoginError::TimedOut(10),
        LoginError::Denied("access_denied".into()),
        LoginError::Exchange("invalid_grant (HTTP 400)".into()),
        LoginError::Http(HttpError::Network("connection refused".into())),
        LoginError::Bind(BindError::Io(io::Error::other("no loopback"))),
        LoginError::Setup("Chutes logs in through your own OAuth app: set CHUTES_CLIENT_ID"),
        LoginError::CodeExpired,
        LoginError::Provider("the user-code reply is not JSON".into()),
    ];
    for e in &all {
        match e {
            LoginError::Cancelled
            | LoginError::TimedOut(_)
            | LoginError::Denied(_)
            | LoginError::Exchange(_)
            | LoginError::Http(_)
            | LoginError::Bind(_)
            | LoginError::Setup(_)
            | LoginError::CodeExpired
            | LoginError::Provider(_) => {}
        }
    }
    all
}

fn input_errors() -> Vec<InputError> {
    let all = vec![
        InputError::Manual(ManualError::Empty("API key")),
        InputError::Manual(ManualError::NotASetupToken),
        InputError::Manual(ManualError::NoProvider),
        InputError::Duration {
            given: "soon".into(),
            example: "365d, 12h or 1d12h",
        },
        InputError::ProfileId {
            given: "no-colon".into(),
        },
        InputError::NoLogin {
            provider: "openrouter".into(),
            method: "browser",
            has_other: false,
        },
        InputError::Retired {
            provider: "qwen-portal".into(),
            note: "portal.qwen.ai logins ended in OpenClaw 2026.3",
        },
        InputError::Order(OrderProblem::Empty {
            provider: "openai".into(),
        }),
        InputError::Order(OrderProblem::Twice {
            id: "openai:a".into(),
        }),
        InputError::Order(OrderProblem::NotStored {
            id: "openai:x".into(),
            agent: "work".into(),
        }),
        InputError::Order(OrderProblem::OtherProvider {
            id: "anthropic:a".into(),
            stored: "anthropic".into(),
            provider: "openai".into(),
        }),
        InputError::Order(OrderProblem::Inherited {
            id: "openai:shared".into(),
            agent: "work".into(),
        }),
        InputError::AgentId {
            given: "Ops Team".into(),
            normalized: "ops-team".into(),
        },
        InputError::AgentExists {
            id: "work".into(),
            dir: p("/s/agents/work/agent"),
        },
        InputError::NoProfile {
            id: "openai:x".into(),
            agent: "main".into(),
        },
        InputError::Reference {
            id: "openai:env".into(),
            reference: "env:OPENAI_API_KEY".into(),
        },
        InputError::NoSecret {
            id: "openai-codex:r".into(),
            why: "no secret is stored to copy",
        },
    ];
    for e in &all {
        match e {
            InputError::Manual(_)
            | InputError::Duration { .. }
            | InputError::ProfileId { .. }
            | InputError::NoLogin { .. }
            | InputError::Retired { .. }
            | InputError::Order(_)
            | InputError::AgentId { .. }
            | InputError::AgentExists { .. }
            | InputError::NoProfile { .. }
            | InputError::Reference { .. }
            | InputError::NoSecret { .. } => {}
        }
    }
    all
}

fn app_errors() -> Vec<AppError> {
    let mut all: Vec<AppError> = store_errors().into_iter().map(AppError::Store).collect();
    all.extend(config_errors().into_iter().map(AppError::Config));
    all.extend([
        AppError::Discover(DiscoverError::NotADirectory { path: p("/s") }),
        AppError::Discover(DiscoverError::Unreadable {
            path: p("/s/agents"),
            source: io::Error::other("Permission denied"),
        }),
        AppError::Agent(AgentError::Unknown {
            id: "nobody".into(),
        }),
        AppError::Agent(AgentError::Config(ConfigError::Include {
            path: p("/s/openclaw.json"),
        })),
    ]);
    all.extend(login_errors().into_iter().map(AppError::Login));
    all.extend(input_errors().into_iter().map(AppError::Input));
    all.push(AppError::OtherAccount(OtherAccount {
        profile_id: "openai-codex:work".into(),
        existing: "account acct-1".into(),
        new: "account acct-2".into(),
    }));
    all.extend(
        [
            KeychainError::NothingToMove("openai-codex:x".into()),
            KeychainError::NotInKeyring("openrouter:default".into()),
            KeychainError::NoProfile("openrouter:x".into()),
            KeychainError::TooLong(3000),
            KeychainError::Keyring("locked".into()),
        ]
        .map(AppError::Keychain),
    );
    all.extend(
        [
            ExternalError::TokenOnly,
            ExternalError::Missing {
                path: p("/h/.claude/.credentials.json"),
            },
            ExternalError::Unreadable {
                path: p("/h/.claude/.credentials.json"),
                reason: "Permission denied".into(),
            },
            ExternalError::Malformed {
                path: p("/h/.claude/.credentials.json"),
                reason: "not JSON".into(),
            },
        ]
        .map(AppError::External),
    );
    let lock = || {
        Box::new(AppError::Store(StoreError::Lock(LockError::Busy {
            path: p("/s/agents/main/agent/auth-profiles.json.lock"),
            holder: Holder {
                pid: Some(4242),
                created_at: None,
            },
        })))
    };
    all.extend(
        [
            OperationError::AfterSave {
                what: "remove openrouter:a (agent main)".into(),
                store: "/s/agents/main/agent/auth-profiles.json".into(),
                source: Box::new(AppError::Store(StoreError::File(file_errors().remove(1)))),
            },
            OperationError::ListedNotStored {
                what: "save openrouter:a for agent main".into(),
                left: r#"openclaw.json was changed meanwhile at auth.profiles["openrouter:a"], left as it is"#.into(),
                source: lock(),
            },
            OperationError::Unsettled {
                what: "save openrouter:a for agent main".into(),
                source: lock(),
            },
        ]
        .map(AppError::Operation),
    );
    all.extend(
        [
            DelegateError::NoWay {
                what: "removing openrouter:a from agent work".into(),
                why: "this OpenClaw's CLI has no `models auth logout`, and no gateway of it is running".into(),
                instead: "start its gateway (`openclaw gateway run`) and try again".into(),
            },
            DelegateError::Gateway {
                what: "saving the openrouter key for agent work".into(),
                port: 18789,
                said: authtray_core::gateway::GatewayError::Said("unauthorized: gateway token mismatch".into()),
            },
            DelegateError::Cli {
                what: "saving the openrouter key for agent work".into(),
                why: "its schema 19 is not one Authtray writes itself".into(),
                source: OpenclawCliError::NotFound {
                    looked: vec!["$AUTHTRAY_OPENCLAW (not set)".into(), "PATH (/usr/bin:/bin)".into()],
                },
            },
            DelegateError::Cli {
                what: "saving the openrouter token for agent work".into(),
                why: "OpenClaw has not created its database yet".into(),
                source: OpenclawCliError::Failed {
                    command: "openclaw models auth paste-token --agent work --provider anthropic".into(),
                    said: "Error: Token looks too short".into(),
                },
            },
        ]
        .map(AppError::Delegate),
    );
    for e in &all {
        match e {
            AppError::Store(_)
            | AppError::Config(_)
            | AppError::Discover(_)
            | AppError::Agent(_)
            | AppError::Login(_)
            | AppError::Input(_)
            | AppError::OtherAccount(_)
            | AppError::Keychain(_)
            | AppError::External(_)
            | AppError::Operation(_)
            | AppError::Delegate(_) => {}
        }
    }
    all
}

fn settings_errors() -> Vec<SettingsError> {
    vec![
        SettingsError::WarnWindow { hours: 0 },
        SettingsError::NotAFolder {
            path: p("/nowhere"),
        },
        SettingsError::File(file_errors().remove(1)),
    ]
}

fn remote_errors() -> Vec<RemoteError> {
    let host = || "gw".to_owned();
    let all = vec![
        RemoteError::BadHost("-oProxyCommand=x".into()),
        RemoteError::HostKey {
            host: host(),
            changed: true,
        },
        RemoteError::HostKey {
            host: host(),
            changed: false,
        },
        RemoteError::Auth {
            host: host(),
            detail: "root@127.0.0.1: Permission denied (publickey).".into(),
        },
        RemoteError::Unreachable {
            host: host(),
            detail: "ssh: connect to host 127.0.0.1 port 2222: Connection refused".into(),
        },
        RemoteError::NotInstalled { host: host() },
        RemoteError::Outdated { host: host() },
        RemoteError::Incompatible {
            host: host(),
            version: "0.9.0".into(),
            theirs: 2,
            ours: 1,
        },
        RemoteError::Architecture {
            host: host(),
            remote: "Linux aarch64".into(),
            local: "Linux x86_64".into(),
        },
        RemoteError::Dropped {
            host: host(),
            detail: None,
        },
        RemoteError::Protocol {
            host: host(),
            detail: "its first line was \"Welcome\"".into(),
        },
        RemoteError::Spawn {
            program: "ssh".into(),
            detail: "No such file or directory (os error 2)".into(),
        },
        RemoteError::Far {
            host: host(),
            failure: authtray_core::error::Failure::new(ErrorCode::Busy, "lock busy"),
        },
    ];
    for e in &all {
        match e {
            RemoteError::BadHost(_)
            | RemoteError::HostKey { .. }
            | RemoteError::Auth { .. }
            | RemoteError::Unreachable { .. }
            | RemoteError::NotInstalled { .. }
            | RemoteError::Outdated { .. }
            | RemoteError::Incompatible { .. }
            | RemoteError::Architecture { .. }
            | RemoteError::Dropped { .. }
            | RemoteError::Protocol { .. }
            | RemoteError::Spawn { .. }
            | RemoteError::Far { .. } => {}
        }
    }
    all
}

#[test]
fn wire_errors_match_the_snapshot() {
    let mut lines: Vec<String> = app_errors()
        .into_iter()
        .map(WireError::from)
        .chain(settings_errors().into_iter().map(WireError::from))
        .chain(remote_errors().into_iter().map(WireError::from))
        .map(|w| {
            format!(
                "{:<14} {}",
                serde_json::to_value(w.code).unwrap().as_str().unwrap(),
                w.message
            )
        })
        .collect();
    lines.push(String::new());
    let text = lines.join("\n");
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/wire_errors.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "wire errors changed; check them and run `UPDATE_SNAPSHOTS=1 cargo test -p authtray wire`:\n{text}"
    );
}
