//! `authtray-cli repair`: lets OpenClaw try stored profiles `openclaw.json`
//! does not list, and drops entries no store holds — what half-done writes
//! (anyone's) leave; `status` names them first.

use super::session::{CliResult, Io, Session, report_backup};
use authtray_core::app::untried::repair;
use clap::Args;

#[derive(Args, Debug)]
pub struct RepairArgs {
    /// Only this profile id
    #[arg(long)]
    profile_id: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(s: &mut Session, a: RepairArgs, io: &mut Io<'_>) -> CliResult {
    let done = repair(&mut s.install, a.profile_id.as_deref(), s.now)?;
    if a.json {
        io.json(&done)?;
        return Ok(0);
    }
    let config = s.install.config_path().display().to_string();
    for id in &done.listed {
        writeln!(io.out, "Listed {id} in {config}: OpenClaw tries it now.")?;
    }
    for id in &done.unlisted {
        writeln!(io.out, "Removed {id} from {config}: no store holds it.")?;
    }
    if done.listed.is_empty() && done.unlisted.is_empty() {
        writeln!(
            io.out,
            "Nothing to repair: every stored profile is listed where OpenClaw needs it, and every listed one is stored."
        )?;
    }
    report_backup(done.config_backup.as_deref(), io)?;
    Ok(0)
}
