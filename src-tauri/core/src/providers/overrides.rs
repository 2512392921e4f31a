//! Endpoint, client and port overrides for self-hosted servers and tests:
//! `AUTHTRAY_OAUTH_<PROVIDER>_{AUTHORIZE_URL,TOKEN_URL,USERINFO_URL,CLIENT_ID,CLIENT_SECRET,PORTS,CODE_URL}`
//! (provider upper-cased, `-` → `_`; `PORTS` comma-separated, `0` = any).

use crate::oauth::client::RedirectLogin;
use crate::oauth::device::DeviceLogin;
use crate::paths::Env;

/// The overrides of one provider.
struct Overrides<'a> {
    env: &'a Env,
    prefix: String,
}

impl<'a> Overrides<'a> {
    fn of(provider: &str, env: &'a Env) -> Self {
        Self {
            env,
            prefix: format!(
                "AUTHTRAY_OAUTH_{}_",
                provider.to_ascii_uppercase().replace('-', "_")
            ),
        }
    }

    fn get(&self, name: &str) -> Option<String> {
        self.env
            .var(&format!("{}{name}", self.prefix))
            .map(str::to_owned)
    }

    fn set(&self, name: &str, field: &mut String) {
        if let Some(v) = self.get(name) {
            *field = v;
        }
    }
}

pub fn redirect_login(mut login: RedirectLogin, env: &Env) -> RedirectLogin {
    let o = Overrides::of(login.provider, env);
    o.set("AUTHORIZE_URL", &mut login.authorize_url);
    o.set("TOKEN_URL", &mut login.token_url);
    o.set("CLIENT_ID", &mut login.client_id);
    if let Some(v) = o.get("CLIENT_SECRET") {
        login.client_secret = Some(v);
    }
    if let Some(v) = o.get("USERINFO_URL") {
        login.userinfo_url = Some(v);
    }
    if let Some(ports) = o
        .get("PORTS")
        .map(|v| {
            v.split(',')
                .filter_map(|p| p.trim().parse().ok())
                .collect::<Vec<u16>>()
        })
        .filter(|p| !p.is_empty())
    {
        login.ports = ports;
    }
    login
}

pub fn device_login(mut login: DeviceLogin, env: &Env) -> DeviceLogin {
    let o = Overrides::of(login.provider, env);
    if let Some(v) = o.get("CODE_URL") {
        login.code_url = v;
        login.expected_verification_uri = None;
    }
    o.set("TOKEN_URL", &mut login.token_url);
    o.set("CLIENT_ID", &mut login.client_id);
    login
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_can_be_overridden() {
        let env = Env::default()
            .with_var(
                "AUTHTRAY_OAUTH_OPENAI_CODEX_TOKEN_URL",
                "http://127.0.0.1:9/token",
            )
            .with_var("AUTHTRAY_OAUTH_OPENAI_CODEX_PORTS", "0");
        let login = crate::providers::get("openai-codex")
            .unwrap()
            .browser_client(&env)
            .unwrap();
        assert_eq!(
            (login.token_url.as_str(), login.ports.as_slice()),
            ("http://127.0.0.1:9/token", &[0][..])
        );
        assert!(crate::providers::get("nobody").is_none());
    }
}
