//! Which store format an install speaks, from what is on disk and in the
//! config (`openclaw-store.md` Appendix A, `openclaw-sqlite.md` (a), b.2):
//! JSON files (2026.5 and earlier), per-agent databases (2026.6–7, and
//! 2026.8+ before the shared store moved), or the shared store in the state
//! database (2026.8+, `auth.sharedStore = {"location":"state-db"}`).

use super::location::{AGENT_DB, Layers, Location, STATE_DB};
use crate::paths::StateDir;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The store era of an install, as the window and `status` name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Era {
    /// `auth-profiles.json` per agent: OpenClaw 2026.5 and earlier.
    Json,
    /// One database per agent, main's shared: OpenClaw 2026.6–2026.7 (and
    /// 2026.8+ before the shared store moved into the state database).
    SqliteAgent,
    /// The shared store in the state database: OpenClaw 2026.8 and later.
    SqliteShared,
}

impl Era {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Json => "JSON stores (OpenClaw 2026.5 and earlier)",
            Self::SqliteAgent => "SQLite, one database per agent (OpenClaw 2026.6–2026.7)",
            Self::SqliteShared => "SQLite, shared store in the state database (OpenClaw 2026.8+)",
        }
    }
}

/// The format, with what decided it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreFormat {
    pub era: Era,
    /// What on disk (or in the config) says so, for people.
    pub why: String,
    /// `auth.sharedStore` holds a value OpenClaw itself refuses.
    pub invalid_shared_store: Option<String>,
    /// The shared store as read while detecting (the state database is
    /// opened once per install; writes always re-read in their transaction).
    pub shared_read: Option<super::AuthStore>,
    /// The state database is there but is not one OpenClaw could use
    /// (unreadable, empty, its tables missing): why. Every read of the
    /// shared store and every write then fails with that, naming the file.
    pub broken: Option<String>,
    /// The state database's schema version (`PRAGMA user_version`).
    pub state_version: Option<i64>,
}

impl StoreFormat {
    pub fn json() -> Self {
        Self {
            era: Era::Json,
            why: "no OpenClaw database in the state dir".into(),
            invalid_shared_store: None,
            shared_read: None,
            broken: None,
            state_version: None,
        }
    }

    /// The era as people read it; an unusable state database says so.
    pub fn describe(&self) -> String {
        match &self.broken {
            Some(_) => "SQLite (OpenClaw 2026.6+), its state database unusable".into(),
            None => self.era.describe().into(),
        }
    }

    /// Detects the format of `state`; `newer_openclaw` is the config's
    /// `meta.lastTouchedVersion` when it is from the SQLite era.
    pub fn detect(state: &StateDir, newer_openclaw: Option<&str>) -> Self {
        let state_db = state.path.join(STATE_DB);
        if state_db.is_file() {
            return Self::of_state_db(&state_db);
        }
        if let Some(db) = any_agent_db(state) {
            return Self {
                era: Era::SqliteAgent,
                why: format!("{} exists", db.display()),
                invalid_shared_store: None,
                shared_read: None,
                broken: None,
                state_version: None,
            };
        }
        match newer_openclaw {
            Some(v) => Self {
                era: Era::SqliteShared,
                why: format!(
                    "openclaw.json was last written by OpenClaw {v}, which keeps credentials in SQLite (no database yet)"
                ),
                invalid_shared_store: None,
                shared_read: None,
                broken: None,
                state_version: None,
            },
            None => Self::json(),
        }
    }

    /// The format a state database tells, by what it holds — never by
    /// guessing: `config_machine_state` (2026.8+: `auth.sharedStore` says
    /// where the shared store is), the unused auth tables of a 2026.6–7
    /// state database (schema below 12, which folded them away), or else a
    /// database OpenClaw itself would refuse.
    fn of_state_db(state_db: &Path) -> Self {
        let shared = |why: String| Self {
            era: Era::SqliteShared,
            why,
            invalid_shared_store: None,
            shared_read: None,
            broken: None,
            state_version: None,
        };
        match StateDbFacts::read(state_db) {
            Ok(facts) => Self {
                state_version: Some(facts.version),
                ..Self::tell(state_db, facts)
            },
            Err(why) => Self {
                broken: Some(why.clone()),
                ..shared(format!("{} is not usable: {why}", state_db.display()))
            },
        }
    }

    fn tell(state_db: &Path, facts: StateDbFacts) -> Self {
        let shared = |why: String| Self {
            era: Era::SqliteShared,
            why,
            invalid_shared_store: None,
            shared_read: None,
            broken: None,
            state_version: None,
        };
        match facts {
            StateDbFacts {
                machine_state: true,
                setting: Some(v),
                shared: read,
                ..
            } if v == r#"{"location":"state-db"}"# || is_state_db(&v) => Self {
                shared_read: read,
                ..shared(format!("{} holds the shared store", state_db.display()))
            },
            StateDbFacts {
                machine_state: true,
                setting: Some(other),
                ..
            } => Self {
                invalid_shared_store: Some(other),
                ..shared(format!("{} exists", state_db.display()))
            },
            StateDbFacts {
                machine_state: true,
                setting: None,
                ..
            } => Self {
                era: Era::SqliteAgent,
                ..shared(format!(
                    "{} has no auth.sharedStore: the shared store is main's agent database",
                    state_db.display()
                ))
            },
            StateDbFacts {
                legacy_auth_tables: true,
                version,
                ..
            } if version < 12 => Self {
                era: Era::SqliteAgent,
                ..shared(format!(
                    "{} is a 2026.6–2026.7 state database (schema {version}): the shared store is main's agent database",
                    state_db.display()
                ))
            },
            StateDbFacts { tables: 0, .. } => {
                let why = "it holds no tables (an empty or truncated file)".to_owned();
                Self {
                    broken: Some(why.clone()),
                    ..shared(format!("{} is not usable: {why}", state_db.display()))
                }
            }
            StateDbFacts { version, .. } => {
                let why =
                    format!("it has no config_machine_state table (schema version {version})");
                Self {
                    broken: Some(why.clone()),
                    ..shared(format!("{} is not usable: {why}", state_db.display()))
                }
            }
        }
    }

    pub fn is_sqlite(&self) -> bool {
        self.era != Era::Json
    }

    /// A provider id as this era's OpenClaw names it: normalised, and in the
    /// SQLite era with the retired aliases renamed (`openai-codex` → `openai`,
    /// `google-gemini-cli` → `google`, `claude-cli` → `anthropic`;
    /// `openclaw-sqlite.md` (d)). Either spelling is accepted.
    pub fn provider_id(&self, provider: &str) -> String {
        let id = super::normalize_provider(provider);
        if !self.is_sqlite() {
            return id;
        }
        match id.as_str() {
            "openai-codex" | "codex" | "codex-cli" => "openai".into(),
            "claude-cli" => "anthropic".into(),
            "google-gemini-cli" => "google".into(),
            _ => id,
        }
    }

    /// A profile id as this era names it: its provider prefix renamed like
    /// the provider (`openai-codex:ada@example.com` → `openai:ada@example.com`).
    pub fn profile_id(&self, id: &str) -> String {
        match id.split_once(':') {
            Some((provider, name)) => format!("{}:{name}", self.provider_id(provider)),
            None => id.to_owned(),
        }
    }

    /// The stores agent `id` (folder `dir`) sees, and where its writes go.
    pub fn layers(&self, state: &StateDir, id: &str, dir: &Path) -> Layers {
        let main_dir = state.main_agent_dir();
        let is_main = id == crate::paths::MAIN_AGENT || dir == main_dir;
        match self.era {
            Era::Json => Layers {
                own: Location::Files(dir.to_path_buf()),
                shared: (!is_main).then_some(Location::Files(main_dir)),
                credentials: Location::Files(dir.to_path_buf()),
            },
            Era::SqliteAgent => {
                let own = Location::AgentDb {
                    dir: dir.to_path_buf(),
                    agent: id.to_owned(),
                };
                Layers {
                    credentials: own.clone(),
                    own,
                    shared: (!is_main).then(|| Location::AgentDb {
                        dir: main_dir,
                        agent: crate::paths::MAIN_AGENT.into(),
                    }),
                }
            }
            Era::SqliteShared => {
                let shared = Location::SharedDb(state.path.clone());
                let own = Location::AgentDb {
                    dir: dir.to_path_buf(),
                    agent: id.to_owned(),
                };
                Layers {
                    credentials: if is_main { shared.clone() } else { own.clone() },
                    own,
                    shared: Some(shared),
                }
            }
        }
    }
}

fn is_state_db(v: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(v)
        .ok()
        .is_some_and(|j| j["location"] == "state-db")
}

/// What a state database holds, as far as telling the era goes.
struct StateDbFacts {
    version: i64,
    tables: i64,
    /// `config_machine_state` (2026.8+).
    machine_state: bool,
    /// The `auth_profile_stores` table of a 2026.6–7 state database.
    legacy_auth_tables: bool,
    /// The raw `auth.sharedStore` row.
    setting: Option<String>,
    /// The shared store it points to, read on the same connection.
    shared: Option<super::AuthStore>,
}

impl StateDbFacts {
    /// Reads them; `Err` says why the file is not a database at all.
    fn read(state_db: &Path) -> Result<Self, String> {
        let conn = Connection::open_with_flags(
            state_db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| format!("it cannot be opened ({e})"))?;
        let (version, tables, machine_state, legacy_auth_tables) = conn
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version), \
                 (SELECT count(*) FROM sqlite_master WHERE type = 'table'), \
                 EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'config_machine_state'), \
                 EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'auth_profile_stores')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(|e| format!("it cannot be read as a SQLite database ({e})"))?;
        let mut facts = Self {
            version,
            tables,
            machine_state,
            legacy_auth_tables,
            setting: None,
            shared: None,
        };
        if !machine_state {
            return Ok(facts);
        }
        facts.setting = conn
            .query_row(
                "SELECT value_json FROM config_machine_state WHERE state_key = 'auth.sharedStore'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| format!("its config_machine_state cannot be read ({e})"))?;
        let state = state_db
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."))
            .to_path_buf();
        facts.shared = super::sqlite::load_on(&conn, &Location::SharedDb(state))
            .ok()
            .map(|(s, _)| s);
        Ok(facts)
    }
}

fn any_agent_db(state: &StateDir) -> Option<PathBuf> {
    std::fs::read_dir(state.agents_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("agent").join(AGENT_DB))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_era_names_providers_as_2026_9_does() {
        let sqlite = StoreFormat {
            era: Era::SqliteShared,
            why: String::new(),
            invalid_shared_store: None,
            shared_read: None,
            broken: None,
            state_version: None,
        };
        assert_eq!(sqlite.provider_id("openai-codex"), "openai");
        assert_eq!(sqlite.provider_id("Google-Gemini-CLI"), "google");
        assert_eq!(sqlite.provider_id("anthropic-cli"), "anthropic");
        assert_eq!(sqlite.provider_id("openrouter"), "openrouter");
        assert_eq!(
            sqlite.profile_id("openai-codex:ada@example.com"),
            "openai:ada@example.com"
        );
        assert_eq!(
            StoreFormat::json().provider_id("openai-codex"),
            "openai-codex"
        );
        assert_eq!(
            StoreFormat::json().profile_id("openai-codex:a"),
            "openai-codex:a"
        );
    }
}
