import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, useBrowser } from "./harness.js";

const stateDir = { path: "/home/ada/.openclaw", source: "openclaw", exists: true };
const agentList = {
  stateDir,
  agents: ["main", "research", "support"].map((id) => ({
    id,
    agentDir: `/home/ada/.openclaw/agents/${id}/agent`,
    hasStore: id !== "support",
    isDefault: id === "main",
  })),
  warnings: [],
  otherInstalls: [],
};

const session = useBrowser();

for (const colorScheme of ["light", "dark"]) {
  test(`agents view (${colorScheme}) lists the agents and switches on click`, async () => {
    const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList } }, { colorScheme });
    const buttons = page.getByTestId("agent-list").getByRole("button");
    await buttons.first().waitFor();
    assert.deepEqual(
      (await buttons.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim()),
      ["main default", "research", "support no credentials"],
    );
    await page.getByRole("button", { name: /research/ }).click();
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "research");
    await screenshot(page, `agents-${colorScheme}`);
    assert.deepEqual(await page.evaluate(() => window.__AUTHTRAY_CALLS__.map((c) => c.cmd)), ["list_agents"]);
    await page.context().close();
  });
}

test("an agent with alerts lists what needs attention", async () => {
  const expiresAt = Date.now() + 3 * 3_600_000 + 60_000;
  const health = {
    icon: "expired",
    title: "1 expired · 1 expiring",
    errors: [],
    alerts: [
      { agentId: "main", profileId: "openai-codex:ada@example.com", provider: "openai-codex", owner: "store", problem: { kind: "needs_reconnect" }, expiresAt: null },
      { agentId: "main", profileId: "anthropic:team", provider: "anthropic", owner: "static", problem: { kind: "expiring" }, expiresAt },
    ],
  };
  const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList }, get_health: { ok: health } });
  const alerts = page.getByTestId("agent-alerts");
  await alerts.waitFor();
  assert.match(await alerts.textContent(), /anthropic:team — expires in 3h/);
  assert.match(await alerts.textContent(), /needs reconnect/);
  await screenshot(page, "agent-alerts");
  await page.context().close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`login dialog (${colorScheme}) waits for the browser with the paste box visible`, async () => {
    const started = { kind: "browser", browserOpened: false, attemptId: 1, authorizeUrl: "https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_x", port: 1455, busyNote: null };
    const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList }, start_login: { ok: started } }, { colorScheme });
    await page.getByRole("button", { name: "Log in with the browser…" }).click();
    await page.getByRole("button", { name: "Open the browser" }).click();
    await page.getByRole("textbox", { name: "Paste the redirect URL or code" }).waitFor();
    assert.match(await page.getByRole("dialog").textContent(), /Waiting for the browser/);
    await screenshot(page, `login-dialog-${colorScheme}`);
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.context().close();
  });
}

const catalog = [
  { id: "openai-codex", name: "OpenAI Codex (ChatGPT subscription)", methods: ["browser", "device"], envVars: [], note: null },
  { id: "github-copilot", name: "GitHub Copilot", methods: ["device", "token"], envVars: ["COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"], note: null },
  { id: "openrouter", name: "OpenRouter", methods: ["apiKey", "token"], envVars: ["OPENROUTER_API_KEY"], note: null },
];

for (const colorScheme of ["light", "dark"]) {
  test(`code login and API key dialogs (${colorScheme})`, async () => {
    const fixture = {
      list_agents: { ok: agentList },
      list_providers: { ok: catalog },
      start_login: { ok: { kind: "code", attemptId: 2, userCode: "WXYZ-1234", verificationUri: "https://github.com/login/device" } },
    };
    const page = await openApp(session.browser(), session.url(), fixture, { colorScheme });
    await page.getByRole("button", { name: "Log in with the browser…" }).click();
    await page.getByRole("listbox", { name: "Provider" }).selectOption("github-copilot");
    await page.getByRole("button", { name: "Show a code" }).click();
    assert.equal(await page.getByTestId("user-code").textContent(), "WXYZ-1234");
    await screenshot(page, `code-login-${colorScheme}`);
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });

    await page.getByRole("button", { name: "Add API key…" }).click();
    await page.getByRole("option", { name: "OpenRouter" }).waitFor({ state: "attached" });
    assert.match(await page.getByRole("dialog").textContent(), /OPENROUTER_API_KEY/);
    await screenshot(page, `api-key-dialog-${colorScheme}`);
    await page.context().close();
  });
}

for (const colorScheme of ["light", "dark"]) {
  test(`a first run (${colorScheme}) welcomes: where Authtray looked, a folder to pick, how to install OpenClaw`, async () => {
    const lookedAt = [
      { path: "/home/ada/.openclaw", source: "openclaw", found: "does not exist" },
      { path: "/home/ada/.clawdbot", source: "clawdbot", found: "does not exist" },
    ];
    const missing = { stateDir: { ...stateDir, source: "default", exists: false, lookedAt }, agents: [], warnings: [], otherInstalls: [] };
    const page = await openApp(session.browser(), session.url(), { list_agents: { ok: missing } }, { colorScheme });
    const welcome = page.getByTestId("welcome");
    await welcome.waitFor();
    const text = (await welcome.textContent()).replace(/\s+/g, " ");
    assert.match(text, /\/home\/ada\/\.openclaw \(default location\): does not exist/);
    assert.match(text, /openclaw onboard/);
    assert.equal(await page.getByRole("button", { name: "Use this folder" }).isDisabled(), true, "nothing to use yet");
    await screenshot(page, `welcome-${colorScheme}`);
    await page.context().close();
  });
}

test("a wire error is shown in words with Try again", async () => {
  const error = { code: "unreadable", message: "cannot read /home/ada/.openclaw/agents: Permission denied (os error 13)" };
  const page = await openApp(session.browser(), session.url(), { list_agents: { error } });
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /Authtray cannot read this folder/);
  assert.ok(await page.getByRole("button", { name: "Try again" }).isVisible());
  await screenshot(page, "error-state");
  await page.context().close();
});
