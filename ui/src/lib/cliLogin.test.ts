// Logins other programs own: the window asks the shell plugin for exactly the
// listed login by name (no program, no arguments of its own) and says what to
// do next, or why no terminal opened.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ExternalLogins from "./ExternalLogins.svelte";
import SecretDialog from "./SecretDialog.svelte";
import type { ExternalLogin } from "./ipc";
import type { ProviderInfo } from "./ipc";

afterEach(() => {
  cleanup();
  clearMocks();
});

const anthropic = { id: "anthropic", label: "Anthropic", methods: ["token", "apiKey"], envVars: [], note: null } as unknown as ProviderInfo;

function shell(fail: string | null = null) {
  const spawned: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "plugin:shell|spawn") {
      spawned.push(args);
      if (fail) throw fail;
      return 4242;
    }
    if (cmd === "list_providers") return [anthropic];
    return null;
  });
  return spawned;
}

const logins: ExternalLogin[] = [
  { source: "claude-code", name: "Claude Code", path: "/h/.claude/.credentials.json", state: { kind: "missing" }, relogin: "claude (then /login)" },
  { source: "codex-cli", name: "Codex CLI", path: "/h/.codex/auth.json", state: { kind: "missing" }, relogin: "codex login" },
  { source: "gemini-cli", name: "Gemini CLI", path: "/h/.gemini/oauth_creds.json", state: { kind: "missing" }, relogin: "gemini (then /auth)" },
] as unknown as ExternalLogin[];

describe("logins other programs own", () => {
  it("open exactly the listed login in a terminal, by name only", async () => {
    const spawned = shell();
    render(ExternalLogins, { logins, agentId: "main" });
    const buttons = screen.getAllByRole("button", { name: "Log in in a terminal…" });
    expect(buttons).toHaveLength(2); // Claude Code and Codex CLI; Gemini CLI has none
    await fireEvent.click(buttons[1]);
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("`codex login`"));
    expect(spawned).toHaveLength(1);
    expect(spawned[0]).toMatchObject({ program: "codex-login", args: [] });
  });

  it("no terminal: says what to run instead", async () => {
    shell("program not found");
    render(ExternalLogins, { logins, agentId: "main" });
    await fireEvent.click(screen.getAllByRole("button", { name: "Log in in a terminal…" })[0]);
    await waitFor(() => expect(screen.getByRole("status").textContent).toMatch(/Could not open a terminal \(program not found\): run `claude` in one/));
  });

  it("a Claude token comes from `claude setup-token` in a terminal, then is pasted", async () => {
    const spawned = shell();
    render(SecretDialog, { agentId: "main", kind: "token", initialProvider: "anthropic", onclose: () => {} });
    const get = await screen.findByRole("button", { name: "Get a long-lived Claude token…" });
    await fireEvent.click(get);
    await waitFor(() => expect(spawned[0]).toMatchObject({ program: "claude-setup-token", args: [] }));
    expect((await screen.findByText(/paste the token it prints here/)).textContent).toContain("claude setup-token");
  });
});
