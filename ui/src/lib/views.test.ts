// Component tests for the priority, agent list, provider picker, settings
// and the dialogs' focus trap, each over mocked IPC.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import PriorityPanel from "./PriorityPanel.svelte";
import AgentList from "./AgentList.svelte";
import ProviderPicker from "./ProviderPicker.svelte";
import SettingsPanel from "./SettingsPanel.svelte";
import SecretDialog from "./SecretDialog.svelte";
import UpgradeFindings from "./UpgradeFindings.svelte";
import type { EffectiveOrder } from "./ipc";
import type { Settings } from "./api";
import type { ProviderInfo } from "./ipc";

afterEach(() => {
  cleanup();
  clearMocks();
});

const soon = new Date(2026, 10, 21, 14, 5).getTime();
const order: EffectiveOrder = {
  provider: "openai",
  source: "stored",
  tried: [
    { profileId: "openai:a", unusable: null },
    { profileId: "openai:b", unusable: { kind: "cooldown", reason: "rate_limit", until: soon } },
  ],
  excluded: [{ profileId: "openai:c", why: { kind: "notInOrder" } }],
};

/** Records every call; `fail` names commands that answer with a wire error. */
function record(fail: Record<string, { code: string; message: string }> = {}) {
  const calls: [string, unknown][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (fail[cmd]) throw fail[cmd];
    return null;
  });
  return calls;
}

describe("PriorityPanel", () => {
  it("shows the effective order, why a profile waits and why another is never tried", () => {
    record();
    render(PriorityPanel, { agentId: "main", order, onchanged: () => {} });
    const rows = [...document.querySelectorAll("ol li")].map((li) => li.getAttribute("data-profile"));
    expect(rows).toEqual(["openai:a", "openai:b"]);
    expect(screen.getByText(/cooling down until .+ \(rate_limit\) — tried after the others/)).toBeTruthy();
    expect(screen.getByText("not in the order: never tried")).toBeTruthy();
    expect(screen.getByText(/kept for this agent/)).toBeTruthy();
    expect((screen.getByRole("radio", { name: "This agent" }) as HTMLInputElement).checked).toBe(true);
  });

  it("Move up writes the new order where it is kept and announces it", async () => {
    const calls = record();
    let reloaded = 0;
    render(PriorityPanel, { agentId: "work", order, onchanged: () => void reloaded++ });
    await fireEvent.click(screen.getByRole("radio", { name: "All agents" }));
    await fireEvent.click(screen.getByRole("button", { name: "Move openai:b up" }));
    await waitFor(() => expect(reloaded).toBe(1));
    expect(calls).toEqual([["set_order", { host: null, agentId: "work", provider: "openai", profileIds: ["openai:b", "openai:a"], scope: "global" }]]);
    expect(screen.getByTestId("priority-live").textContent).toBe("openai:b moved to position 1 of 2; saved for all agents.");
  });

  it("a refused order is explained and the list goes back", async () => {
    record({ set_order: { code: "invalid_input", message: "openai:b is inherited from main" } });
    render(PriorityPanel, { agentId: "work", order, onchanged: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Move openai:a down" }));
    // (svelte-dnd-action adds its own live region with role=alert)
    await waitFor(() => expect(document.querySelector(".error[role=alert]")?.textContent).toContain("inherited from main"));
    expect(screen.getByTestId("priority-live").textContent).toBe("Not saved: openai:b is inherited from main");
    const rows = [...document.querySelectorAll("ol li")].map((li) => li.getAttribute("data-profile"));
    expect(rows).toEqual(["openai:a", "openai:b"]);
  });

  it("adds an excluded profile to the end and resets to automatic", async () => {
    const calls = record();
    render(PriorityPanel, { agentId: "main", order, onchanged: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "Add to order" }));
    await waitFor(() => expect((screen.getByRole("button", { name: "Reset to automatic" }) as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByRole("button", { name: "Reset to automatic" }));
    await waitFor(() => expect(calls.length).toBe(2));
    expect(calls[0]).toEqual(["set_order", { host: null, agentId: "main", provider: "openai", profileIds: ["openai:a", "openai:b", "openai:c"], scope: "agent" }]);
    expect(calls[1]).toEqual(["reset_order", { host: null, agentId: "main", provider: "openai", scope: "agent" }]);
  });

  it("a profile openclaw.json does not list is listed there in one click, not forced into an order", async () => {
    const calls = record();
    let reloaded = 0;
    const unlisted: EffectiveOrder = { ...order, source: "config_profiles", excluded: [{ profileId: "openai:c", why: { kind: "notInConfigProfiles" } }] };
    render(PriorityPanel, { agentId: "main", order: unlisted, onchanged: () => void reloaded++ });
    expect(screen.getByText("not in openclaw.json auth.profiles: never tried")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Add to order" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Let OpenClaw try it" }));
    await waitFor(() => expect(reloaded).toBe(1));
    expect(calls).toEqual([["repair_listing", { host: null, profileId: "openai:c" }]]);
    expect(screen.getByTestId("priority-live").textContent).toBe("openai:c is listed in openclaw.json: OpenClaw tries it now.");
  });

  it("an order from openclaw.json defaults to all agents and has no move for a single profile", () => {
    record();
    render(PriorityPanel, { agentId: "main", order: { ...order, source: "config", tried: [order.tried[0]] }, onchanged: () => {} });
    expect((screen.getByRole("radio", { name: "All agents" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole("button", { name: "Move openai:a up" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Move openai:a down" }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("AgentList", () => {
  const summary = (id: string) => ({ id, agentDir: `/s/agents/${id}/agent`, hasStore: true, isDefault: id === "main" });

  it("adds an agent, or says why not, and badges agents that need attention", async () => {
    mockIPC((cmd, args) => {
      const id = (args as { agentId: string }).agentId;
      if (id === "Bad Id") throw { code: "invalid_input", message: 'agent id "Bad Id" is not valid; OpenClaw would call it "bad-id" — use that' };
      return { stateDir: { path: "/s", source: "env", exists: true }, agents: [summary("main"), summary(id)], warnings: [], otherInstalls: [] };
    });
    const added: string[] = [];
    render(AgentList, { agents: [summary("main")], selected: "main", onselect: () => {}, attention: { main: 2 }, onadded: (_l: unknown, id: string) => added.push(id) });
    expect(screen.getByTestId("attention-badge").textContent?.replace(/\s+/g, " ")).toBe("2 need attention");
    await fireEvent.click(screen.getByRole("button", { name: "+ Add agent" }));
    const input = screen.getByLabelText("New agent id");
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: "Bad Id" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect((await screen.findByRole("alert")).textContent).toContain('"bad-id"');
    await fireEvent.input(input, { target: { value: "work" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(added).toEqual(["work"]));
  });
});

describe("ProviderPicker", () => {
  const providers: ProviderInfo[] = [
    { id: "anthropic", name: "Anthropic", methods: ["apiKey"], envVars: [], note: null },
    { id: "openai", name: "OpenAI", methods: ["apiKey"], envVars: [], note: null },
    { id: "openrouter", name: "OpenRouter", methods: ["apiKey"], envVars: [], note: null },
  ];

  it("typing filters the list and picks the first match; no match says so", async () => {
    let chosen = "anthropic";
    render(ProviderPicker, {
      providers,
      get value() {
        return chosen;
      },
      set value(v: string) {
        chosen = v;
      },
    });
    const search = screen.getByLabelText("Search providers");
    await fireEvent.input(search, { target: { value: "router" } });
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["OpenRouter"]);
    expect(chosen).toBe("openrouter");
    await fireEvent.input(search, { target: { value: "zzz" } });
    expect(screen.getByRole("status").textContent).toContain("No provider matches");
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["OpenRouter"]);
  });
});

describe("SettingsPanel", () => {
  const settings: Settings = {
    startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false,
    warnHours: 24, notifications: true, theme: "system", usageChecks: true, keepOrderByQuota: false, stateDir: null, remoteHosts: [],
  };

  it("changes theme, warning window and notifications, and explains a refused state dir", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "set_state_dir") throw { code: "invalid_input", message: "/nope is not a folder; pick the folder that holds openclaw.json and agents/" };
      return settings;
    });
    render(SettingsPanel, { settings, stateDir: { path: "/home/ada/.openclaw", source: "openclaw", exists: true } });
    expect(screen.getByTestId("settings-state-dir").textContent).toBe("/home/ada/.openclaw");
    const idle = () => waitFor(() => expect((screen.getByRole("radio", { name: "Dark" }) as HTMLInputElement).disabled).toBe(false));
    await fireEvent.click(screen.getByRole("radio", { name: "Dark" }));
    await idle();
    await fireEvent.click(screen.getByRole("checkbox", { name: /Desktop notifications/ }));
    await idle();
    await fireEvent.change(screen.getByLabelText("Warning window"), { target: { value: "48" } });
    await idle();
    await fireEvent.click(screen.getByRole("checkbox", { name: /how much quota each account has left/ }));
    await idle();
    await fireEvent.input(screen.getByLabelText("Use another folder"), { target: { value: "/nope" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("is not a folder");
    expect(calls).toEqual([
      ["set_theme", { theme: "dark" }],
      ["set_alerts", { warnHours: 24, notifications: false }],
      ["set_alerts", { warnHours: 48, notifications: true }],
      ["set_usage_checks", { enabled: false, keepOrderByQuota: false }],
      ["set_state_dir", { path: "/nope" }],
    ]);
  });
});

describe("dialogs", () => {
  it("trap Tab inside, close on Escape and give focus back", async () => {
    mockIPC(() => [{ id: "openai", name: "OpenAI", methods: ["apiKey"], envVars: ["OPENAI_API_KEY"], note: null }]);
    const opener = document.createElement("button");
    document.body.append(opener);
    opener.focus();
    let closed = 0;
    const { unmount } = render(SecretDialog, { agentId: "main", kind: "apiKey", onclose: () => void closed++ });
    const dialog = screen.getByRole("dialog");
    expect(dialog.contains(document.activeElement)).toBe(true);
    const buttons = [...dialog.querySelectorAll("button")];
    buttons[buttons.length - 2].focus(); // Cancel: the last enabled button (Save waits for a key)
    await fireEvent.keyDown(document.activeElement!, { key: "Tab" });
    expect(document.activeElement).toBe(screen.getByLabelText("Search providers"));
    await fireEvent.keyDown(document.activeElement!, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(buttons[buttons.length - 2]);
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(closed).toBe(1);
    unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});

describe("UpgradeFindings", () => {
  it("names what the upgrade stranded, its risk and next step, and imports only when asked", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { stateDir: { path: "/s", source: "env", exists: true }, agents: [], warnings: [], otherInstalls: [] };
    });
    const changed: unknown[] = [];
    render(UpgradeFindings, {
      findings: [
        {
          kind: "stranded",
          agentId: "work",
          detail: "1 profile(s) only in retired JSON files: mistral:json",
          risk: "OpenClaw never reads them: the agent runs without these credentials",
          nextStep: "run `openclaw doctor --fix`, or `authtray-cli upgrade import --agent work`",
          files: ["/s/agents/work/agent/auth-profiles.json"],
          profiles: ["mistral:json"],
          importable: true,
        },
        { kind: "archives", agentId: "main", detail: "1 archive(s) of files OpenClaw migrated", risk: "none", nextStep: "nothing to do", files: [], profiles: [], importable: false },
      ],
      onchange: (list) => changed.push(list),
    });
    const section = screen.getByTestId("upgrade-findings");
    expect(section.textContent).toContain("work: 1 profile(s) only in retired JSON files: mistral:json");
    expect(section.textContent).toContain("Risk: OpenClaw never reads them");
    expect(section.textContent).toContain("openclaw doctor --fix");
    expect(calls).toEqual([]);
    expect(screen.getAllByRole("button")).toHaveLength(1);
    await fireEvent.click(screen.getByRole("button", { name: "Import into work" }));
    await waitFor(() => expect(changed).toHaveLength(1));
    expect(calls).toEqual([["import_stranded", { host: null, agentId: "work" }]]);
    expect(screen.getByRole("status").textContent).toContain("archived");
  });

  it("offers the fix of what a half-done write left and says what it did", async () => {
    const calls: [string, unknown][] = [];
    const list = { stateDir: { path: "/s", source: "env", exists: true }, agents: [], warnings: [], otherInstalls: [] };
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "repair_listing" ? { listed: ["openrouter:b"], unlisted: ["openrouter:gone"], configBackup: null } : list;
    });
    const changed: unknown[] = [];
    const finding = (kind: "never_tried" | "listed_not_stored", detail: string) => ({
      kind, agentId: kind === "never_tried" ? "main" : null, detail, risk: "r", nextStep: "`authtray-cli repair`", files: [], profiles: [], importable: false,
    });
    render(UpgradeFindings, {
      findings: [
        finding("never_tried", "stored but never tried by OpenClaw: openrouter:b (openclaw.json lists other profiles of the provider, not these)"),
        finding("listed_not_stored", "openclaw.json lists openrouter:gone but no store holds it"),
      ],
      onchange: (l) => changed.push(l),
    });
    expect(screen.getByTestId("upgrade-findings").textContent).toContain("main: stored but never tried by OpenClaw: openrouter:b");
    await fireEvent.click(screen.getByRole("button", { name: "List in openclaw.json" }));
    await waitFor(() => expect(changed).toHaveLength(1));
    expect(calls).toEqual([["repair_listing", { host: null, profileId: null }], ["list_agents", { host: null }]]);
    expect(screen.getByRole("status").textContent).toBe("OpenClaw now tries openrouter:b; openclaw.json no longer lists openrouter:gone.");
    expect(screen.getByRole("button", { name: "Remove from openclaw.json" })).toBeTruthy();
  });
});
