// Injected before the app's scripts: a stand-in for Tauri's IPC bridge that
// answers commands from window.__AUTHTRAY_FIXTURE__ and records every call.
window.__AUTHTRAY_CALLS__ = [];
// Events: the app's listeners by event name; tests fire them with window.__EMIT__.
const callbacks = new Map();
const listeners = {};
let nextId = 1;
window.__EMIT__ = (event, payload) => {
  for (const id of listeners[event] ?? []) callbacks.get(id)?.({ event, id, payload });
};
window.__TAURI_INTERNALS__ = {
  metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
  transformCallback: (cb) => {
    const id = nextId++;
    callbacks.set(id, cb);
    return id;
  },
  unregisterCallback: (id) => callbacks.delete(id),
  invoke: async (cmd, args) => {
    if (cmd === "plugin:event|listen") {
      (listeners[args.event] ??= []).push(args.handler);
      return args.handler;
    }
    if (cmd.startsWith("plugin:event|")) return 0;
    // A command for an install on another host answers from "<cmd>@<host>" when there is one.
    const remote = args?.host ? window.__AUTHTRAY_FIXTURE__?.[`${cmd}@${args.host}`] : undefined;
    if (remote !== undefined) return answer(cmd, args, remote);
    if (cmd === "take_focus_request" && !window.__AUTHTRAY_FIXTURE__?.take_focus_request) return null;
    if (cmd === "get_health" && !window.__AUTHTRAY_FIXTURE__?.get_health) {
      return { icon: "ok", title: null, alerts: [], errors: [] };
    }
    if (cmd === "get_settings" && !window.__AUTHTRAY_FIXTURE__?.get_settings) {
      return { startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false, warnHours: 24, notifications: true, theme: "system", usageChecks: true, keepOrderByQuota: false, stateDir: null, remoteHosts: [] };
    }
    if (cmd === "get_agent_report" && !window.__AUTHTRAY_FIXTURE__?.get_agent_report) {
      const day = 86_400_000;
      return {
        agentId: args.agentId, agentDir: `/home/ada/.openclaw/agents/${args.agentId}/agent`, order: { openrouter: ["openrouter:default", "openrouter:spare"] }, skipped: [], loosePermissions: [],
        effectiveOrder: [{
          provider: "openrouter", source: "stored",
          tried: [{ profileId: "openrouter:default", unusable: { kind: "cooldown", reason: "rate_limit", until: Date.now() + 600_000 }, lastUsed: Date.now() - 3 * 3_600_000 }, { profileId: "openrouter:spare", unusable: null, lastUsed: null }],
          excluded: [{ profileId: "openrouter:old", why: { kind: "notInOrder" } }],
        }],
        profiles: [
          { profileId: "anthropic:work", provider: "anthropic", type: "token", status: "expiring", reasonCode: null, expiresAt: Date.now() + 3 * 3_600_000 + 60_000, owner: "static", ownerText: "static", label: "anthropic:work (Work)", email: null, masked: "token:sk-ant-o...9f2a1b3c", inherited: false, refreshable: false, unusable: null, lastUsed: null },
          { profileId: "openai-codex:ada@example.com", provider: "openai-codex", type: "oauth", status: "ok", reasonCode: null, expiresAt: Date.now() + 5 * day, owner: "store", ownerText: "kept alive by OpenClaw / Authtray", label: "openai-codex:ada@example.com", email: "ada@example.com", masked: "eyJhbGci...QssW5c", inherited: false, refreshable: true, unusable: null, lastUsed: null },
          { profileId: "openrouter:default", provider: "openrouter", type: "api_key", status: "static", reasonCode: null, expiresAt: null, owner: "static", ownerText: "static", label: "openrouter:default", email: null, masked: "sk-or-v1...23456789", inherited: false, refreshable: false, unusable: { kind: "cooldown", reason: "rate_limit", until: Date.now() + 600_000 }, lastUsed: Date.now() - 3 * 3_600_000 },
          { profileId: "openrouter:spare", provider: "openrouter", type: "api_key", status: "static", reasonCode: null, expiresAt: null, owner: "static", ownerText: "static", label: "openrouter:spare", email: null, masked: "sk-or-v1...aa11bb22", inherited: false, refreshable: false, unusable: null, lastUsed: null },
          { profileId: "openrouter:old", provider: "openrouter", type: "api_key", status: "static", reasonCode: null, expiresAt: null, owner: "static", ownerText: "static", label: "openrouter:old", email: null, masked: "sk-or-v1...cc33dd44", inherited: false, refreshable: false, unusable: null, lastUsed: null },
        ],
      };
    }
    if (cmd === "list_installs" && !window.__AUTHTRAY_FIXTURE__?.list_installs) return { hosts: [], suggestions: [] };
    if (cmd === "get_usage" && !window.__AUTHTRAY_FIXTURE__?.get_usage) return { enabled: true, profiles: [] };
    if (cmd === "list_external" && !window.__AUTHTRAY_FIXTURE__?.list_external) {
      const later = Date.now() + 5 * 3_600_000;
      return [
        { source: "claude-code", name: "Claude Code", path: "~/.claude/.credentials.json", relogin: "claude", state: { kind: "present", refreshable: true, expiresAt: later, expiryEstimated: false, email: null, accountId: null, plan: "max" } },
        { source: "codex-cli", name: "Codex CLI", path: "~/.codex/auth.json", relogin: "codex login", state: { kind: "present", refreshable: true, expiresAt: later, expiryEstimated: true, email: "ada@example.com", accountId: "acct-1", plan: "plus" } },
        { source: "minimax-cli", name: "MiniMax CLI", path: "~/.minimax/oauth_creds.json", relogin: "minimax", state: { kind: "missing" } },
        { source: "gemini-cli", name: "Gemini CLI", path: "~/.gemini/oauth_creds.json", relogin: "gemini", state: { kind: "missing" } },
      ];
    }
    return answer(cmd, args, window.__AUTHTRAY_FIXTURE__?.[cmd]);
  },
};

/** Records the call and answers from its fixture: { ok } | { error } | { seq: [first, second, …] }. */
function answer(cmd, args, fixture) {
  window.__AUTHTRAY_CALLS__.push({ cmd, args });
  // One reply per call, the last one repeating.
  const reply = Array.isArray(fixture?.seq) ? (fixture.seq.length > 1 ? fixture.seq.shift() : fixture.seq[0]) : fixture;
  if (reply === undefined) throw { code: "internal", message: `no fixture for ${cmd}` };
  if (reply.error) throw reply.error;
  return reply.ok;
}
