//! `--host DEST`: the command runs against the install on that host, over
//! the user's OpenSSH, through `authtray-cli serve --stdio` there. The
//! command line is sent as it was typed (without `--host`); a secret is
//! read here and travels inside the protocol, never in ssh's arguments.
//! `login` is the exception: the browser and the loopback listener are on
//! this machine, the credential is saved there (`login::run_on`).

use super::session::{CliError, CliResult, Io, read_secret};
use super::{Cli, Command, login, profiles::ProfilesCommand};
use authtray_core::Env;
use authtray_core::remote::Host;
use std::ffi::OsString;

pub fn run(cli: Cli, args: &[OsString], env: Env, io: &mut Io<'_>) -> CliResult {
    let dest = cli.host.as_deref().expect("run only with --host");
    let host = Host::new(&env, dest, &authtray_core::paths::data_dir(&env))?;
    if cli.install_cli {
        let me = std::env::current_exe()
            .map_err(|e| CliError::Usage(format!("cannot find this authtray-cli: {e}")))?;
        let path = host.install_cli(&me)?;
        writeln!(
            io.out,
            "Installed authtray-cli {} on {dest} at {path}",
            env!("CARGO_PKG_VERSION")
        )?;
    }
    let command = match cli.command {
        None if cli.install_cli => return Ok(0),
        None => return Err(CliError::Usage("a command is needed after --host".into())),
        Some(Command::Serve(_)) => {
            return Err(CliError::Usage(
                "serve runs on the far side; it is not asked for with --host".into(),
            ));
        }
        Some(Command::Login(a)) => {
            return login::run_on(&host, cli.state_dir, cli.lock_timeout, a, &env, io);
        }
        Some(c) => c,
    };
    let stdin = match &command {
        Command::Profiles(ProfilesCommand::AddKey { .. }) => Some(read_secret(io, "API key")?),
        Command::Profiles(ProfilesCommand::PasteToken { .. }) => Some(read_secret(io, "token")?),
        _ => None,
    }
    .map(|s| format!("{}\n", s.expose()));
    let mut session = host.connect()?;
    let ran = session.run(forwarded(args)?, stdin)?;
    io.out.write_all(ran.stdout.as_bytes())?;
    io.err.write_all(ran.stderr.as_bytes())?;
    Ok(ran.exit)
}

/// The command line for the far side: without the program name, `--host`
/// and `--install-cli`.
fn forwarded(args: &[OsString]) -> Result<Vec<String>, CliError> {
    let mut out = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let a = a
            .to_str()
            .ok_or_else(|| CliError::Usage(format!("{a:?} is not UTF-8")))?;
        match a {
            "--host" => {
                it.next();
            }
            "--install-cli" => {}
            _ if a.starts_with("--host=") => {}
            _ => out.push(a.to_owned()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::forwarded;

    #[test]
    fn the_far_side_gets_the_command_as_typed_without_the_host() {
        let args: Vec<_> = [
            "authtray-cli",
            "--host",
            "gw",
            "status",
            "--all",
            "--host=other",
            "--state-dir",
            "/srv/oc",
            "--install-cli",
        ]
        .map(Into::into)
        .to_vec();
        assert_eq!(
            forwarded(&args).unwrap(),
            ["status", "--all", "--state-dir", "/srv/oc"]
        );
    }
}
