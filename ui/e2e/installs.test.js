import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, useBrowser } from "./harness.js";

const session = useBrowser();

const list = (path, ids, era) => ({
  stateDir: { path, source: "openclaw", exists: true },
  format: era ? { era: "sqlite-shared", name: era, why: "auth.sharedStore = state-db" } : null,
  agents: ids.map((id) => ({ id, agentDir: `${path}/agents/${id}/agent`, hasStore: true, isDefault: id === "main" })),
  warnings: [],
  otherInstalls: [],
});
const era = "SQLite, shared store in the state database (OpenClaw 2026.8+)";
const alert = {
  agentId: "ops", profileId: "anthropic:work", provider: "anthropic", problem: { kind: "expiring", expiresAt: Date.now() + 3_600_000 },
  owner: "static", ownerText: "static", label: "anthropic:work",
};
const fixture = {
  list_installs: { ok: { hosts: ["gw", "pi"], suggestions: ["vps"] } },
  list_agents: { ok: list("/home/ada/.openclaw", ["main"], null) },
  "list_agents@gw": { ok: list("/srv/openclaw", ["main", "ops"], era) },
  "list_agents@pi": { error: { code: "unavailable", message: "cannot reach pi: ssh: connect to host pi port 22: No route to host" } },
  "get_health@gw": { ok: { icon: "warning", title: null, alerts: [alert], errors: [] } },
  save_api_key: { ok: { profileId: "openrouter:default", masked: "sk-o…cdef" } },
  list_providers: { ok: [{ id: "openrouter", name: "OpenRouter", methods: ["apiKey"], envVars: ["OPENROUTER_API_KEY"], note: null }] },
};

const calls = (page) => page.evaluate(() => window.__AUTHTRAY_CALLS__.map((c) => ({ cmd: c.cmd, host: c.args?.host ?? null })));

for (const colorScheme of ["light", "dark"]) {
  test(`installs (${colorScheme}): each host with its state; a remote one is shown and written "on gw"`, async () => {
    const page = await openApp(session.browser(), session.url(), fixture, { colorScheme });
    const installs = page.getByTestId("install-list");
    await installs.getByText("This computer").waitFor();
    await page.getByTestId("install-pi").getByText("unreachable").waitFor();
    await page.getByTestId("install-gw").getByText("1").waitFor();
    // (svelte-dnd-action keeps an empty role=alert live region of its own)
    assert.equal(await page.getByRole("alert").filter({ hasText: "pi" }).count(), 0, "an unreachable host is a quiet line, not an alert");
    assert.match(await page.getByTestId("install-pi").getAttribute("title"), /No route to host/);

    await page.getByTestId("install-gw").click();
    await page.getByTestId("on-host").getByText("on gw").waitFor();
    await page.getByTestId("state-dir-path").getByText("/srv/openclaw").waitFor();
    const agents = page.getByTestId("agent-list").getByRole("button");
    await agents.nth(1).waitFor();
    assert.deepEqual((await agents.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim()), ["main default", "ops 1 need attention"], "gw's alerts on its agent");
    await screenshot(page, `installs-remote-${colorScheme}`);

    await page.getByRole("button", { name: "Add API key…" }).click();
    await page.getByRole("heading", { name: "Add an API key on gw" }).waitFor();
    await page.getByRole("textbox", { name: "API key" }).fill("sk-or-v1-secret-0123456789abcdef");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("into agent main on gw").waitFor();
    const saves = (await calls(page)).filter((c) => c.cmd === "save_api_key");
    assert.deepEqual(saves, [{ cmd: "save_api_key", host: "gw" }], "the write went to gw");

    await page.getByRole("button", { name: "Done" }).click();
    await page.getByText("This computer").click();
    await page.getByTestId("state-dir-path").getByText("/home/ada/.openclaw").waitFor();
    assert.equal(await page.getByTestId("on-host").count(), 0);
    await page.context().close();
  });
}

test("add install: the connection is tested, a missing authtray-cli is installed, state dir and era shown", async () => {
  const page = await openApp(session.browser(), session.url(), {
    ...fixture,
    list_installs: { ok: { hosts: [], suggestions: ["vps"] } },
    "add_install@vps": {
      seq: [
        { error: { code: "not_found", message: "vps has no authtray-cli; install this build there with `authtray-cli --host vps --install-cli` (or the window's Install)" } },
        { ok: list("/home/deploy/.openclaw", ["main"], era) },
      ],
    },
    "install_remote_cli@vps": { ok: "/home/deploy/.local/share/authtray/bin/authtray-cli" },
    "list_agents@vps": { ok: list("/home/deploy/.openclaw", ["main"], era) },
  });
  await page.getByRole("button", { name: "+ Add install…" }).click();
  const dialog = page.getByTestId("add-install-dialog");
  await dialog.getByLabel("Host").fill("vps");
  await dialog.getByRole("button", { name: "Test connection" }).click();
  await dialog.getByRole("alert").getByText("vps has no authtray-cli").waitFor();
  await screenshot(page, "add-install-not-installed");
  await dialog.getByRole("button", { name: "Install authtray-cli on vps" }).click();
  await dialog.getByTestId("remote-state-dir").getByText("/home/deploy/.openclaw").waitFor();
  assert.equal(await dialog.getByTestId("remote-era").textContent(), era);
  await dialog.getByText("authtray-cli installed at /home/deploy/.local/share/authtray/bin/authtray-cli").waitFor();
  await screenshot(page, "add-install-connected");
  await dialog.getByRole("button", { name: "Show vps" }).click();
  await page.getByTestId("on-host").getByText("on vps").waitFor();
  await page.getByTestId("install-vps").waitFor();
  const cmds = (await calls(page)).filter((c) => c.host === "vps").map((c) => c.cmd);
  assert.deepEqual(cmds.slice(0, 3), ["add_install", "install_remote_cli", "add_install"]);
  await page.context().close();
});
