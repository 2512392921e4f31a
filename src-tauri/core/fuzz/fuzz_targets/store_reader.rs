//! `auth-profiles.json` / `auth-state.json` bytes → the strict reader, the
//! model, every credential, and the JSON written back.
#![no_main]
use authtray_core::store::AuthStore;
use authtray_core::store::io::parse_strict;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (profiles, state) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(profiles) = parse_strict(profiles) else { return };
    let state = state.and_then(|s| parse_strict(s).ok());
    if let Ok(store) = AuthStore::from_json(&profiles, state.as_ref()) {
        for (_, credential) in store.credentials() {
            if let Ok(c) = credential {
                let _ = c.expires_at();
                let _ = c.eligible(1_800_000_000_000);
            }
        }
        let _ = store.profiles_json();
        let _ = store.state.to_json();
    }
});
