import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { Attention } from "./lib/ipc";
import App from "./App.svelte";
import type { AgentList } from "./lib/ipc";
import type { ExternalLogin } from "./lib/ipc";
import type { AgentReport } from "./lib/ipc";

const stateDir = { path: "/home/ada/.openclaw", source: "openclaw", exists: true } as const;

function agents(ids: string[]): AgentList {
  return {
    stateDir,
    agents: ids.map((id) => ({
      id,
      agentDir: `${stateDir.path}/agents/${id}/agent`,
      hasStore: id !== "lab",
      isDefault: id === "main",
    })),
    warnings: [],
    otherInstalls: [],
  };
}

const calm: Attention = { icon: "ok", title: null, alerts: [], errors: [] };

const report: AgentReport = {
  agentId: "main",
  agentDir: "/home/ada/.openclaw/agents/main/agent",
  profiles: [
    { profileId: "anthropic:work", provider: "anthropic", type: "token", status: "expiring", reasonCode: null, expiresAt: Date.now() + 3 * 3_600_000 + 60_000, owner: "static", ownerText: "static", label: "anthropic:work", email: null, masked: "token:sk-ant-o...9f2a1b3c", inherited: false, refreshable: false, unusable: null, lastUsed: null },
    { profileId: "openai-codex:ada@example.com", provider: "openai-codex", type: "oauth", status: "ok", reasonCode: null, expiresAt: Date.now() + 5 * 86_400_000, owner: "store", ownerText: "kept alive by OpenClaw / Authtray", label: "openai-codex:ada@example.com", email: "ada@example.com", masked: "eyJhbGci...QssW5c", inherited: false, refreshable: true, unusable: null, lastUsed: null },
  ],
  order: {},
  effectiveOrder: [],
  skipped: [],
  loosePermissions: [],
};

const later = Date.now() + 5 * 3_600_000;
const external: ExternalLogin[] = [
  { source: "claude-code", name: "Claude Code", path: "/home/ada/.claude/.credentials.json", relogin: "claude", state: { kind: "present", refreshable: true, expiresAt: later, expiryEstimated: false, email: null, accountId: null, plan: "max" } },
  { source: "codex-cli", name: "Codex CLI", path: "/home/ada/.codex/auth.json", relogin: "codex login", state: { kind: "present", refreshable: true, expiresAt: later, expiryEstimated: true, email: "ada@example.com", accountId: "acct-1", plan: "plus" } },
  { source: "minimax-cli", name: "MiniMax CLI", path: "/home/ada/.minimax/oauth_creds.json", relogin: "minimax", state: { kind: "malformed", reason: "access_token, refresh_token or expiry_date is missing" } },
  { source: "gemini-cli", name: "Gemini CLI", path: "/home/ada/.gemini/oauth_creds.json", relogin: "gemini", state: { kind: "missing" } },
];

/** Answers list_agents with `reply`, get_health with `health`; events are mocked. */
function serve(reply: (cmd: string) => unknown, health: Attention = calm) {
  const calls: string[] = [];
  mockIPC(
    (cmd, args) => {
      if (cmd === "get_health") return health;
      if (cmd === "get_agent_report") return report;
      if (cmd === "get_settings") return { startAtLogin: false, trayHost: false, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false };
      if (cmd === "list_providers") return [];
      if (cmd === "list_external") return external;
      if (cmd === "take_focus_request") return null;
      if (cmd === "list_installs") return { hosts: [], suggestions: [] };
      if (cmd === "get_usage") return { enabled: true, profiles: [] };
      calls.push(cmd);
      if (cmd === "set_start_at_login") return { startAtLogin: (args as { enabled: boolean }).enabled, trayHost: false, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false };
      if (cmd === "set_background_refresh") return { startAtLogin: false, trayHost: false, backgroundRefresh: (args as { enabled: boolean }).enabled, refreshWindowMinutes: 10, keepInactiveAlive: false };
      return reply(cmd);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

afterEach(async () => {
  cleanup();
  await new Promise((done) => setTimeout(done, 0)); // let unlisten run before the mocks go
  clearMocks();
});

describe("App", () => {
  it("lists the agents from list_agents, main first and selected", async () => {
    const calls = serve(() => agents(["main", "lab", "work"]));
    render(App);

    const items = await screen.findAllByRole("button", { name: /main|lab|work/ });
    expect(items.map((b) => b.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "main default",
      "lab no credentials",
      "work",
    ]);
    expect(calls).toEqual(["list_agents"]);
    expect(screen.getByTestId("state-dir-path").textContent).toBe("/home/ada/.openclaw");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("main");

    await fireEvent.click(items[2]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("work");
    expect(items[2].getAttribute("aria-current")).toBe("true");
  });

  it("reads the install again when its files changed, not when only the clock moved", async () => {
    let reports = 0;
    const calls: string[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "get_agent_report") reports += 1;
        if (cmd === "get_agent_report") return report;
        if (cmd === "get_health") return calm;
        if (cmd === "get_settings") return null;
        if (cmd === "list_installs") return { hosts: [], suggestions: [] };
        if (cmd === "list_external" || cmd === "list_providers") return [];
        if (cmd === "get_usage") return { enabled: false, profiles: [] };
        if (cmd === "take_focus_request") return null;
        calls.push(cmd);
        return agents(["main"]);
      },
      { shouldMockEvents: true },
    );
    render(App);
    await screen.findByText("anthropic:work");
    const lists = () => calls.filter((c) => c === "list_agents").length;
    expect([lists(), reports]).toEqual([1, 1]);
    await emit("install-changed", { health: calm, cause: "tick" });
    await new Promise((done) => setTimeout(done, 10));
    expect([lists(), reports]).toEqual([1, 1]);
    await emit("install-changed", { health: calm, cause: "files" });
    await waitFor(() => expect([lists(), reports]).toEqual([2, 2]));
  });

  it("shows openclaw.json problems without hiding the agents", async () => {
    serve(() => ({
      ...agents(["main"]),
      warnings: ["/s/openclaw.json is not valid JSON5: bad"],
      otherInstalls: ["/home/ada/.clawdbot"],
    }));
    render(App);
    const notes = (await screen.findByTestId("warnings")).textContent;
    expect(notes).toContain("not valid JSON5");
    expect(notes).toContain("OPENCLAW_STATE_DIR=/home/ada/.clawdbot");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("main");
  });

  it("shows what needs attention and focuses the profile the tray asks for", async () => {
    const expires = Date.now() + 3 * 3_600_000 + 60_000;
    const health: Attention = {
      icon: "warning",
      title: "1 expiring",
      errors: [],
      alerts: [
        { agentId: "work", profileId: "anthropic:work", provider: "anthropic", owner: "static", problem: { kind: "expiring" }, expiresAt: expires },
      ],
    };
    serve(() => agents(["main", "work"]), health);
    render(App);
    await screen.findAllByRole("button", { name: /main|work/ });
    expect(screen.queryByTestId("agent-alerts")).toBeNull();

    await emit("focus-requested", { agentId: "work", profileId: "anthropic:work" });
    const alerts = await screen.findByTestId("agent-alerts");
    expect(screen.getByRole("heading", { level: 1, name: "work" })).toBeTruthy();
    expect(alerts.textContent).toContain("anthropic:work — expires in 3h");
    expect(alerts.querySelector('[aria-current="true"]')?.textContent).toContain("anthropic:work");
    // A token profile's Reconnect is a new token for that same profile.
    expect((await screen.findByRole("dialog")).textContent).toContain("Reconnect anthropic:work");
  });

  it("a window opened from a tray alert asks which profile and reconnects it", async () => {
    const health: Attention = {
      icon: "expired",
      title: "1 expired",
      errors: [],
      alerts: [{ agentId: "work", profileId: "anthropic:work", provider: "anthropic", owner: "static", problem: { kind: "expired" }, expiresAt: Date.now() - 60_000 }],
    };
    let asked = 0;
    mockIPC((cmd) => {
      if (cmd === "get_health") return health;
      if (cmd === "take_focus_request") return asked++ === 0 ? { agentId: "work", profileId: "anthropic:work" } : null;
      if (cmd === "get_agent_report") return report;
      if (cmd === "list_providers" || cmd === "list_external") return [];
      if (cmd === "get_settings") return null;
      return agents(["main", "work"]);
    }, { shouldMockEvents: true });
    render(App);
    expect((await screen.findByRole("dialog")).textContent).toContain("Reconnect anthropic:work");
    expect(screen.getByRole("heading", { level: 1, name: "work" })).toBeTruthy();
    expect(asked).toBe(1);
  });

  it("turns start at login on from Settings and explains a missing tray", async () => {
    const calls = serve(() => agents(["main"]));
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
    const box = screen.getByRole("checkbox", { name: /Start Authtray when I log in/ }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(screen.getByTestId("settings").textContent).toContain("AppIndicator");
    await fireEvent.click(box);
    await new Promise((done) => setTimeout(done, 0));
    expect(calls).toContain("set_start_at_login");
    expect(box.checked).toBe(true);

    const refresh = screen.getByRole("checkbox", { name: /Refresh logins in the background, 10 minutes/ }) as HTMLInputElement;
    expect(refresh.checked).toBe(true);
    await fireEvent.click(refresh);
    await new Promise((done) => setTimeout(done, 0));
    expect(calls).toContain("set_background_refresh");
    expect(refresh.checked).toBe(false);
  });

  it("runs a browser login from the agent view: paste, progress, who logged in", async () => {
    const calls = serve((cmd) => {
      if (cmd === "start_login") {
        return { kind: "browser", attemptId: 7, authorizeUrl: "https://auth.example/authorize?x=1", port: 1455, busyNote: null, browserOpened: false };
      }
      if (cmd === "paste_login") return null;
      return agents(["main"]);
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Log in with the browser…" }));
    const dialog = screen.getByRole("dialog");
    await fireEvent.click(screen.getByRole("button", { name: "Open the browser" }));
    expect((await screen.findByRole("textbox", { name: "Login link" }) as HTMLInputElement).value).toBe("https://auth.example/authorize?x=1");
    expect(dialog.textContent).toContain("Waiting for the browser");

    await fireEvent.input(screen.getByRole("textbox", { name: "Paste the redirect URL or code" }), { target: { value: "http://localhost:1455/auth/callback?code=c&state=s" } });
    await fireEvent.click(screen.getByRole("button", { name: "Use it" }));
    await emit("login-progress", { step: "pasteRejected", attemptId: 7, message: "the pasted link belongs to another login attempt" });
    expect((await screen.findByRole("alert")).textContent).toContain("another login attempt");
    await emit("login-progress", { step: "exchanging", attemptId: 7 });
    await emit("login-progress", { step: "saved", attemptId: 7, profileId: "openai-codex:ada@example.com", email: "ada@example.com", account: "acct-1", plan: "plus" });
    expect((await screen.findByText(/Saved/)).textContent).toContain("openai-codex:ada@example.com — ada@example.com, account acct-1, plan plus");
    expect(calls).toEqual(["list_agents", "start_login", "paste_login"]);
  });

  it("a code login shows the code to type and ends with the saved profile", async () => {
    const started: unknown[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "get_health") return calm;
        if (cmd === "get_agent_report") return report;
        if (cmd === "get_settings") return { startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false };
        if (cmd === "list_providers") {
          return [
            { id: "github-copilot", name: "GitHub Copilot", methods: ["device", "token"], envVars: [], note: null },
            { id: "openrouter", name: "OpenRouter", methods: ["apiKey", "token"], envVars: [], note: null },
          ];
        }
        if (cmd === "start_login") {
          started.push(args);
          return { kind: "code", attemptId: 9, userCode: "WXYZ-1234", verificationUri: "https://github.com/login/device" };
        }
        return agents(["main"]);
      },
      { shouldMockEvents: true },
    );
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Log in with the browser…" }));
    await screen.findByRole("option", { name: "GitHub Copilot" });
    const select = screen.getByRole("listbox", { name: "Provider" }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(["github-copilot"]);
    expect(select.value).toBe("github-copilot");
    expect(screen.queryByRole("button", { name: "Open the browser" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Show a code" }));
    expect((await screen.findByTestId("user-code")).textContent).toBe("WXYZ-1234");
    expect(screen.getByRole("link", { name: "https://github.com/login/device" })).toBeTruthy();
    await emit("login-progress", { step: "saved", attemptId: 9, profileId: "github-copilot:github", email: null, account: null, plan: null });
    expect((await screen.findByText(/Saved/)).textContent).toContain("github-copilot:github");
    expect(started).toEqual([{ host: null, provider: "github-copilot", agentId: "main", method: "code", openBrowser: true, profileId: null }]);
  });

  it("shows the logins other CLIs keep, follows their changes and uses Claude Code's", async () => {
    const calls = serve((cmd) => (cmd === "sync_claude_code" ? { profileId: "anthropic:claude-cli", masked: "from Claude Code" } : agents(["main"])));
    render(App);
    const list = await screen.findByTestId("external-logins");
    await new Promise((done) => setTimeout(done, 0));
    expect(list.textContent).toContain("Claude Code plan max · access ends in 5h · Claude Code keeps it alive");
    expect(list.textContent).toContain("access ends in about 5h");
    expect(list.textContent).toContain("log in separately");
    expect(list.textContent).toContain("not usable: access_token, refresh_token or expiry_date is missing");
    await emit("external-logins-changed", { logins: [{ ...external[0], state: { kind: "missing" } }] });
    expect((await screen.findByTestId("external-logins")).textContent).toContain("Claude Code not logged in");
    await emit("external-logins-changed", { logins: external });
    await fireEvent.click(await screen.findByRole("button", { name: "Use in this agent" }));
    expect((await screen.findByText(/Claude Code keeps refreshing it/)).textContent).toContain("anthropic:claude-cli");
    expect(calls).toContain("sync_claude_code");
  });

  it("shows the profiles by provider, refreshes a store login now, removes one with Undo", async () => {
    const calls = serve((cmd) => {
      if (cmd === "refresh_now") return [{ agentId: "main", profileId: "openai-codex:ada@example.com", status: "refreshed", message: "valid for 10d" }];
      return cmd === "list_agents" ? agents(["main"]) : null;
    });
    render(App);
    const profiles = await screen.findByTestId("profiles");
    await screen.findByText("anthropic:work");
    expect(screen.getByRole("region", { name: "anthropic" }).textContent).toContain("expires in 3h");
    expect(profiles.textContent).toContain("token:sk-ant-o...9f2a1b3c");
    expect(profiles.textContent).toContain("kept alive by OpenClaw / Authtray");
    expect(screen.getAllByRole("button", { name: "Refresh now" })).toHaveLength(1);
    await fireEvent.click(screen.getByRole("button", { name: "Refresh now" }));
    expect((await screen.findByText(/refreshed, valid for 10d/)).textContent).toContain("openai-codex:ada@example.com");
    await fireEvent.click(screen.getByRole("button", { name: "Remove anthropic:work" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Undo" }));
    await new Promise((done) => setTimeout(done, 0));
    expect(calls.filter((c) => ["refresh_now", "remove_profile", "undo_change"].includes(c))).toEqual(["refresh_now", "remove_profile", "undo_change"]);
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();

    await fireEvent.click(screen.getByRole("button", { name: "Rename anthropic:work" }));
    await fireEvent.input(screen.getByRole("textbox", { name: "New id for anthropic:work" }), { target: { value: "anthropic:team" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByText(/Renamed anthropic:work to anthropic:team/)).textContent).toBeTruthy();
    expect(calls).toContain("rename_profile");
  });

  it("a card that is ending offers Reconnect, copies its secret in Rust, and says when it was last used", async () => {
    const calls = serve((cmd) => (cmd === "copy_secret" ? "token:sk-ant-o...9f2a1b3c" : cmd === "list_agents" ? agents(["main"]) : null));
    render(App);
    await screen.findByText("anthropic:work");
    expect(screen.getByRole("region", { name: "anthropic" }).textContent).toContain("never used");
    expect(screen.queryByRole("button", { name: "Reconnect openai-codex:ada@example.com" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Copy the secret of anthropic:work" }));
    expect((await screen.findByText(/Copied token:sk-ant-o...9f2a1b3c to the clipboard/)).textContent).toContain("cleared in 45 seconds");
    await fireEvent.click(screen.getByRole("button", { name: "Reconnect anthropic:work" }));
    expect((await screen.findByRole("dialog")).textContent).toContain("Reconnect anthropic:work");
    expect(calls).toContain("copy_secret");
  });

  it("moves an agent's keys to the keyring and says which, or why not", async () => {
    let fail = false;
    const calls = serve((cmd) => {
      if (cmd === "move_keys_to_keyring") {
        if (fail) throw { code: "unavailable", message: "the keyring is not available (locked); the key stays in the store" };
        return ["openrouter:default", "zai:manual"];
      }
      return agents(["main"]);
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Move keys to the keyring" }));
    expect((await screen.findByText(/Moved openrouter:default, zai:manual to the keyring/)).textContent).toContain("OpenClaw resolves them through Authtray");
    fail = true;
    await fireEvent.click(screen.getByRole("button", { name: "Move keys to the keyring" }));
    expect((await screen.findByText(/keyring is not available/)).textContent).toContain("stays in the store");
    expect(calls.filter((c) => c === "move_keys_to_keyring")).toHaveLength(2);
  });

  it("adds an API key from the catalog and shows only its masked form", async () => {
    const saved: unknown[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "get_health") return calm;
        if (cmd === "get_agent_report") return report;
        if (cmd === "get_settings") return { startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false };
        if (cmd === "list_providers") {
          return [
            { id: "openai-codex", name: "OpenAI Codex", methods: ["browser", "device"], envVars: [], note: null },
            { id: "openrouter", name: "OpenRouter", methods: ["apiKey", "token"], envVars: ["OPENROUTER_API_KEY"], note: null },
          ];
        }
        if (cmd === "save_api_key") {
          saved.push(args);
          return { profileId: "openrouter:default", masked: "sk-o…cdef" };
        }
        return agents(["main"]);
      },
      { shouldMockEvents: true },
    );
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Add API key…" }));
    const select = (await screen.findByRole("listbox", { name: "Provider" })) as HTMLSelectElement;
    await screen.findByRole("option", { name: "OpenRouter" });
    expect([...select.options].map((o) => o.value)).toEqual(["openrouter"]);
    expect(screen.getByRole("dialog").textContent).toContain("OPENROUTER_API_KEY");
    await fireEvent.input(screen.getByLabelText("API key"), { target: { value: "sk-or-v1-secret-0123456789abcdef" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("status")).textContent).toContain("Saved openrouter:default (sk-o…cdef)");
    expect(screen.getByRole("dialog").textContent).not.toContain("secret-0123456789");
    expect(saved).toEqual([{ host: null, agentId: "main", provider: "openrouter", profileId: null, secret: "sk-or-v1-secret-0123456789abcdef" }]);
  });

  it("Reconnect of an expired token profile asks for a new token for that profile", async () => {
    const health: Attention = {
      icon: "expired",
      title: "1 expired",
      errors: [],
      alerts: [{ agentId: "main", profileId: "anthropic:manual", provider: "anthropic", owner: "static", problem: { kind: "expired" }, expiresAt: Date.now() - 3_600_000 }],
    };
    const saved: unknown[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "get_health") return health;
        if (cmd === "get_agent_report") return report;
        if (cmd === "get_settings") return { startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false };
        if (cmd === "list_providers") return [{ id: "anthropic", name: "Anthropic", methods: ["browser", "token", "apiKey"], envVars: [], note: "Token: the output of `claude setup-token`." }];
        if (cmd === "save_token") {
          saved.push(args);
          throw { code: "invalid_input", message: "that is not an Anthropic setup-token" };
        }
        return agents(["main"]);
      },
      { shouldMockEvents: true },
    );
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Reconnect" }));
    expect((await screen.findByRole("dialog")).textContent).toContain("Reconnect anthropic:manual");
    await screen.findByText(/claude setup-token/);
    await fireEvent.input(screen.getByLabelText("Token"), { target: { value: "sk-ant-api03-wrong" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("not an Anthropic setup-token");
    expect((screen.getByLabelText("Token") as HTMLInputElement).value).toBe("");
    expect(saved).toEqual([{ host: null, agentId: "main", provider: "anthropic", profileId: "anthropic:manual", token: "sk-ant-api03-wrong", expiresIn: null }]);
  });

  it("Reconnect of a MiniMax portal login starts its code login into that profile", async () => {
    const health: Attention = {
      icon: "expired",
      title: "1 expired",
      errors: [],
      alerts: [{ agentId: "main", profileId: "minimax-portal:default", provider: "minimax-portal", owner: "store", problem: { kind: "needs_reconnect" }, expiresAt: null }],
    };
    const started: unknown[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "get_health") return health;
        if (cmd === "get_agent_report") return report;
        if (cmd === "get_settings") return { startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false };
        if (cmd === "list_providers") return [{ id: "minimax-portal", name: "MiniMax (portal login)", methods: ["device", "token"], envVars: [], note: null }];
        if (cmd === "start_login") {
          started.push(args);
          return { kind: "code", attemptId: 4, userCode: "MM-1234", verificationUri: "https://www.minimax.io/verify" };
        }
        if (cmd === "list_external") return [];
        return agents(["main"]);
      },
      { shouldMockEvents: true },
    );
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Reconnect" }));
    expect((await screen.findByTestId("user-code")).textContent).toBe("MM-1234");
    expect(started).toEqual([{ host: null, provider: "minimax-portal", agentId: "main", method: "code", openBrowser: true, profileId: "minimax-portal:default" }]);
  });

  it("a tray alert on a browser-login profile starts Reconnect into that profile", async () => {
    const health: Attention = {
      icon: "expired",
      title: "1 expired",
      errors: [],
      alerts: [{ agentId: "main", profileId: "openai-codex:work", provider: "openai-codex", owner: "store", problem: { kind: "needs_reconnect" }, expiresAt: null }],
    };
    const started: unknown[] = [];
    mockIPC(
      (cmd, args) => {
        if (cmd === "get_health") return health;
        if (cmd === "get_agent_report") return report;
        if (cmd === "get_settings") return { startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false };
        if (cmd === "start_login") {
          started.push(args);
          return { kind: "browser", attemptId: 3, authorizeUrl: "https://auth.example/a", port: 1455, busyNote: null, browserOpened: false };
        }
        if (cmd === "list_providers") return [];
        return agents(["main"]);
      },
      { shouldMockEvents: true },
    );
    render(App);
    await screen.findAllByRole("button", { name: /main/ });
    await new Promise((done) => setTimeout(done, 0));
    await emit("focus-requested", { agentId: "main", profileId: "openai-codex:work" });
    expect((await screen.findByRole("dialog")).textContent).toContain("Reconnect openai-codex:work");
    await screen.findByRole("textbox", { name: "Login link" });
    expect(started).toEqual([{ host: null, provider: "openai-codex", agentId: "main", method: "browser", openBrowser: true, profileId: "openai-codex:work" }]);
  });

  it("welcomes a first run: where it looked and what it found, a folder to pick, how to install OpenClaw", async () => {
    const lookedAt = [
      { path: "/home/ada/.openclaw", source: "openclaw" as const, found: "does not exist" },
      { path: "/home/ada/.clawdbot", source: "clawdbot" as const, found: "not a folder" },
    ];
    const calls = serve((cmd) => (cmd === "set_state_dir" ? { startAtLogin: false } : { stateDir: { ...stateDir, source: "default", exists: false, lookedAt }, agents: [], warnings: [], otherInstalls: [] }));
    render(App);

    expect(await screen.findByText("Welcome to Authtray")).toBeTruthy();
    const welcome = screen.getByTestId("welcome");
    expect(welcome.textContent).toContain("No OpenClaw state directory was found");
    const looked = screen.getByRole("list", { name: "Where Authtray looked" }).textContent!.replace(/\s+/g, " ");
    expect(looked).toContain("/home/ada/.openclaw (default location): does not exist");
    expect(looked).toContain("/home/ada/.clawdbot (legacy Clawdbot location): not a folder");
    expect(welcome.textContent).toContain("openclaw onboard");
    await fireEvent.input(screen.getByLabelText(/The folder that holds/), { target: { value: "/srv/openclaw" } });
    await fireEvent.click(screen.getByRole("button", { name: "Use this folder" }));
    await waitFor(() => expect(calls).toContain("restart_app"));
    expect(calls.slice(-2)).toEqual(["set_state_dir", "restart_app"]);
  });

  it("shows an empty state when the directory has no agents", async () => {
    serve(() => agents([]));
    render(App);
    expect(await screen.findByText("No agents yet")).toBeTruthy();
  });

  it("turns a wire error into words and retries", async () => {
    let fail = true;
    const calls = serve(() => {
      if (fail) throw { code: "invalid_layout", message: "/tmp/x is not a directory" };
      return agents(["main"]);
    });
    render(App);

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("This is not an OpenClaw state directory");
    expect(alert.textContent).toContain("/tmp/x is not a directory");

    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { level: 1, name: "main" })).toBeTruthy();
    expect(calls).toEqual(["list_agents", "list_agents"]);
  });
});
