//! Where OpenClaw keeps its state: effective home, state directory, `~`
//! expansion — the 2026.5.20 rules of `openclaw-store.md` §1.1–1.2, computed
//! from an explicit [`Env`] rather than the process environment.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The id OpenClaw gives the default agent.
pub const MAIN_AGENT: &str = "main";

/// The environment a resolution runs in: variables, the OS home and the
/// working directory. Tests build one by hand; the app takes the process's.
#[derive(Clone, Debug, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
    os_home: Option<PathBuf>,
    cwd: PathBuf,
}

impl Env {
    pub fn new(
        vars: impl IntoIterator<Item = (String, String)>,
        os_home: Option<PathBuf>,
        cwd: PathBuf,
    ) -> Self {
        Self {
            vars: vars.into_iter().collect(),
            os_home,
            cwd,
        }
    }

    /// The running process's environment.
    pub fn from_process() -> Self {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        Self::new(std::env::vars(), std::env::home_dir(), cwd)
    }

    /// The same environment with one variable set.
    pub fn with_var(mut self, name: &str, value: &str) -> Self {
        self.vars.insert(name.to_owned(), value.to_owned());
        self
    }

    /// A variable as OpenClaw reads it: trimmed, empty counts as unset.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The OS home: `HOME`, else `USERPROFILE`, else the platform's, else the
    /// working directory (§1.1 steps 2–3).
    /// The user's own home (`HOME`), where other tools keep their files
    /// (`~/.claude`, `~/.codex`) — not `OPENCLAW_HOME`.
    pub fn user_home(&self) -> PathBuf {
        self.absolute(&self.os_home())
    }

    /// `raw` with a leading `~` expanded to [`Env::user_home`], made absolute.
    pub fn user_path(&self, raw: &str) -> PathBuf {
        self.absolute(&expand_tilde(raw, &self.os_home()))
    }

    fn os_home(&self) -> PathBuf {
        self.var("HOME")
            .or_else(|| self.var("USERPROFILE"))
            .map(PathBuf::from)
            .or_else(|| self.os_home.clone())
            .unwrap_or_else(|| self.cwd.clone())
    }

    /// Effective home `H` (§1.1): `OPENCLAW_HOME` (`undefined`/`null` count
    /// as unset, a leading `~` means the OS home), else the OS home; absolute.
    pub fn home(&self) -> PathBuf {
        let configured = self
            .var("OPENCLAW_HOME")
            .filter(|v| *v != "undefined" && *v != "null");
        let home = match configured {
            Some(v) => expand_tilde(v, &self.os_home()),
            None => self.os_home(),
        };
        self.absolute(&home)
    }

    /// A configured path as OpenClaw resolves it: `~` against `H`, relative
    /// paths against the working directory.
    pub fn resolve_user_path(&self, raw: &str) -> PathBuf {
        self.absolute(&expand_tilde(raw.trim(), &self.home()))
    }

    fn absolute(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.cwd.join(p)
        }
    }
}

/// Replaces a leading `~` followed by end of string, `/` or `\` with `home`.
fn expand_tilde(raw: &str, home: &Path) -> PathBuf {
    match raw.strip_prefix('~') {
        Some("") => home.to_path_buf(),
        Some(rest) if rest.starts_with('/') || rest.starts_with('\\') => home.join(&rest[1..]),
        _ => PathBuf::from(raw),
    }
}

/// Authtray's own data directory (undo history, notification memory):
/// `AUTHTRAY_DATA_DIR`, else the platform's data dir + `authtray`. Never
/// inside OpenClaw's state directory.
pub fn data_dir(env: &Env) -> PathBuf {
    if let Some(dir) = env.var("AUTHTRAY_DATA_DIR") {
        return env.resolve_user_path(dir);
    }
    let home = env.os_home();
    let base = if cfg!(target_os = "macos") {
        home.join("Library/Application Support")
    } else if cfg!(windows) {
        env.var("APPDATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join("AppData/Roaming"))
    } else {
        env.var("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| home.join(".local/share"))
    };
    base.join("authtray")
}

/// Why the state directory is where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum StateDirSource {
    /// `OPENCLAW_STATE_DIR` is set.
    Env,
    /// `~/.openclaw` exists.
    Openclaw,
    /// Only the legacy `~/.clawdbot` exists.
    Clawdbot,
    /// Nothing exists yet; OpenClaw would create `~/.openclaw`.
    Default,
}

/// A place the state directory was looked for, and what is there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Looked {
    pub path: PathBuf,
    /// The rule that names it (`OPENCLAW_STATE_DIR`, `~/.openclaw`, legacy `~/.clawdbot`).
    pub source: StateDirSource,
    /// `a folder: used`, `does not exist`, `not a folder`.
    pub found: String,
}

/// The resolved state directory `S`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateDir {
    pub path: PathBuf,
    pub source: StateDirSource,
}

impl StateDir {
    /// Resolves `S` with OpenClaw 2026.5.20's rules (§1.2).
    pub fn resolve(env: &Env) -> Self {
        if let Some(dir) = env.var("OPENCLAW_STATE_DIR") {
            return Self {
                path: env.resolve_user_path(dir),
                source: StateDirSource::Env,
            };
        }
        let home = env.home();
        let openclaw = home.join(".openclaw");
        if env.var("OPENCLAW_TEST_FAST") == Some("1") || openclaw.is_dir() {
            return Self {
                path: openclaw,
                source: StateDirSource::Openclaw,
            };
        }
        let clawdbot = home.join(".clawdbot");
        if clawdbot.is_dir() {
            return Self {
                path: clawdbot,
                source: StateDirSource::Clawdbot,
            };
        }
        Self {
            path: openclaw,
            source: StateDirSource::Default,
        }
    }

    /// Where OpenClaw's rules look for the state directory, in order, and
    /// what each place holds — for a first run that finds none.
    pub fn looked_at(env: &Env) -> Vec<Looked> {
        let what = |path: PathBuf, source: StateDirSource| {
            let found = match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => "a folder: used",
                Ok(_) => "not a folder",
                Err(_) => "does not exist",
            };
            Looked {
                path,
                source,
                found: found.into(),
            }
        };
        if let Some(dir) = env.var("OPENCLAW_STATE_DIR") {
            return vec![what(env.resolve_user_path(dir), StateDirSource::Env)];
        }
        let home = env.home();
        vec![
            what(home.join(".openclaw"), StateDirSource::Openclaw),
            what(home.join(".clawdbot"), StateDirSource::Clawdbot),
        ]
    }

    /// A state directory given explicitly (`--state-dir`, a test).
    pub fn explicit(path: PathBuf) -> Self {
        Self {
            path,
            source: StateDirSource::Env,
        }
    }

    pub fn agents_dir(&self) -> PathBuf {
        self.path.join("agents")
    }

    /// The main agent's directory: the store every other agent inherits
    /// from (§1.7).
    pub fn main_agent_dir(&self) -> PathBuf {
        self.agents_dir().join(MAIN_AGENT).join("agent")
    }

    /// Other OpenClaw/Clawdbot/Moltbot installs on this machine, for
    /// read-only discovery (§1.2, §1.4): `$CLAWDBOT_STATE_DIR`,
    /// `$MOLTBOT_STATE_DIR`, `~/.clawdbot`, `~/.moltbot`, `~/.moldbot`,
    /// `~/.openclaw` and every `~/.openclaw-<name>` that exists and is not `self`.
    pub fn other_installs(&self, env: &Env) -> Vec<PathBuf> {
        let home = env.home();
        let mut candidates: Vec<PathBuf> = ["CLAWDBOT_STATE_DIR", "MOLTBOT_STATE_DIR"]
            .iter()
            .filter_map(|v| env.var(v).map(|d| env.resolve_user_path(d)))
            .collect();
        candidates.extend(
            [".openclaw", ".clawdbot", ".moltbot", ".moldbot"]
                .iter()
                .map(|d| home.join(d)),
        );
        if let Ok(entries) = std::fs::read_dir(&home) {
            let mut named: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| {
                    e.file_name().to_str().is_some_and(|n| {
                        n.starts_with(".openclaw-") && n != ".openclaw-auth-profile-secrets"
                    })
                })
                .map(|e| e.path())
                .collect();
            named.sort();
            candidates.extend(named);
        }
        let mine = std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        let mut out: Vec<PathBuf> = Vec::new();
        for c in candidates {
            let real = std::fs::canonicalize(&c).unwrap_or_else(|_| c.clone());
            if c.is_dir()
                && real != mine
                && !out
                    .iter()
                    .any(|o| std::fs::canonicalize(o).is_ok_and(|r| r == real))
            {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)], home: &Path) -> Env {
        Env::new(
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())),
            Some(home.to_path_buf()),
            PathBuf::from("/work/dir"),
        )
    }

    #[test]
    fn state_dir_env_var_wins_and_is_tilde_expanded() {
        let home = tempfile::tempdir().unwrap();
        let e = env(
            &[
                ("HOME", home.path().to_str().unwrap()),
                ("OPENCLAW_STATE_DIR", " ~/custom "),
            ],
            home.path(),
        );
        let s = StateDir::resolve(&e);
        assert_eq!(s.path, home.path().join("custom"));
        assert_eq!(s.source, StateDirSource::Env);
    }

    #[test]
    fn relative_state_dir_resolves_against_cwd() {
        let home = tempfile::tempdir().unwrap();
        let e = env(&[("OPENCLAW_STATE_DIR", "rel/state")], home.path());
        assert_eq!(
            StateDir::resolve(&e).path,
            PathBuf::from("/work/dir/rel/state")
        );
    }

    #[test]
    fn prefers_openclaw_then_clawdbot_then_default() {
        let home = tempfile::tempdir().unwrap();
        let e = env(&[("HOME", home.path().to_str().unwrap())], home.path());
        assert_eq!(StateDir::resolve(&e).source, StateDirSource::Default);
        assert_eq!(StateDir::resolve(&e).path, home.path().join(".openclaw"));

        std::fs::create_dir(home.path().join(".clawdbot")).unwrap();
        let s = StateDir::resolve(&e);
        assert_eq!(
            (s.path, s.source),
            (home.path().join(".clawdbot"), StateDirSource::Clawdbot)
        );

        std::fs::create_dir(home.path().join(".openclaw")).unwrap();
        let s = StateDir::resolve(&e);
        assert_eq!(
            (s.path, s.source),
            (home.path().join(".openclaw"), StateDirSource::Openclaw)
        );
    }

    #[test]
    fn openclaw_home_moves_the_home_and_ignores_undefined() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().to_str().unwrap();
        let e = env(&[("HOME", h), ("OPENCLAW_HOME", "~/alt")], home.path());
        assert_eq!(e.home(), home.path().join("alt"));
        let e = env(&[("HOME", h), ("OPENCLAW_HOME", "undefined")], home.path());
        assert_eq!(e.home(), home.path());
        let e = env(&[("USERPROFILE", h)], Path::new("/nowhere"));
        assert_eq!(e.home(), home.path());
    }

    #[test]
    fn other_installs_are_found_for_read_only_discovery() {
        let home = tempfile::tempdir().unwrap();
        for d in [
            ".openclaw",
            ".clawdbot",
            ".openclaw-dev",
            ".openclaw-auth-profile-secrets",
            "legacy",
        ] {
            std::fs::create_dir(home.path().join(d)).unwrap();
        }
        let h = home.path().to_str().unwrap();
        let legacy = home.path().join("legacy");
        let e = env(
            &[
                ("HOME", h),
                ("CLAWDBOT_STATE_DIR", legacy.to_str().unwrap()),
            ],
            home.path(),
        );
        let s = StateDir::resolve(&e);
        assert_eq!(s.path, home.path().join(".openclaw"));
        assert_eq!(
            s.other_installs(&e),
            [
                legacy,
                home.path().join(".clawdbot"),
                home.path().join(".openclaw-dev")
            ]
        );
    }

    #[test]
    fn tilde_only_expands_before_a_separator() {
        let home = Path::new("/h");
        assert_eq!(expand_tilde("~", home), PathBuf::from("/h"));
        assert_eq!(expand_tilde("~/a", home), PathBuf::from("/h/a"));
        assert_eq!(expand_tilde("~\\a", home), PathBuf::from("/h/a"));
        assert_eq!(expand_tilde("~bob/a", home), PathBuf::from("~bob/a"));
    }
}
