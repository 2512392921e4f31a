// Priority (drag by pointer and by keyboard), settings, add agent, and the
// remaining dialogs, in Chromium, with a screenshot of each in light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, useBrowser } from "./harness.js";

const stateDir = { path: "/home/ada/.openclaw", source: "openclaw", exists: true };
const agentList = {
  stateDir,
  agents: ["main", "work"].map((id) => ({ id, agentDir: `/home/ada/.openclaw/agents/${id}/agent`, hasStore: true, isDefault: id === "main" })),
  warnings: [],
  otherInstalls: [],
};

const session = useBrowser();

const calls = (page) => page.evaluate(() => window.__AUTHTRAY_CALLS__);
const rows = (page) => page.locator("[data-testid=priority-openrouter] ol li").evaluateAll((els) => els.map((e) => e.dataset.profile));

async function openPriority(page) {
  const panel = page.getByTestId("priority-openrouter");
  await panel.waitFor();
  await panel.scrollIntoViewIfNeeded();
  return panel;
}

for (const colorScheme of ["light", "dark"]) {
  test(`priority (${colorScheme}) shows the effective order and why profiles wait or are skipped`, async () => {
    const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList } }, { colorScheme });
    const panel = await openPriority(page);
    assert.deepEqual(await rows(page), ["openrouter:default", "openrouter:spare"]);
    assert.match(await panel.textContent(), /cooling down until .* \(rate_limit\)/);
    assert.match(await panel.textContent(), /openrouter:old\s*not in the order: never tried/);
    await page.screenshot({ path: await screenshot(page, `profiles-${colorScheme}`), fullPage: true });
    await panel.screenshot({ path: (await screenshot(page, `priority-${colorScheme}`)) });
    await page.context().close();
  });
}

test("priority: a keyboard drag (Space, arrow, Space) saves the new order and announces it", async () => {
  const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList }, set_order: { ok: null } });
  await openPriority(page);
  await page.locator("[data-testid=priority-openrouter] ol li").first().focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Space");
  await page.waitForFunction(() => window.__AUTHTRAY_CALLS__.some((c) => c.cmd === "set_order"));
  const set = (await calls(page)).find((c) => c.cmd === "set_order");
  assert.deepEqual(set.args, { host: null, agentId: "main", provider: "openrouter", profileIds: ["openrouter:spare", "openrouter:default"], scope: "agent" });
  assert.match(await page.getByTestId("priority-live").textContent(), /openrouter:default moved to position 2 of 2; saved for this agent/);
  await page.context().close();
});

test("priority: a pointer drag saves the new order; Move up works from the keyboard too", async () => {
  const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList }, set_order: { ok: null } });
  await openPriority(page);
  const items = page.locator("[data-testid=priority-openrouter] ol li");
  const from = await items.nth(1).boundingBox();
  const to = await items.nth(0).boundingBox();
  await page.mouse.move(from.x + 40, from.y + from.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(100);
  // In steps, as a hand moves: the library follows mousemove events.
  for (let i = 1; i <= 20; i++) {
    await page.mouse.move(from.x + 40, from.y + from.height / 2 - ((from.y - to.y + 15) * i) / 20);
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(200);
  await page.mouse.up();
  await page.waitForFunction(() => window.__AUTHTRAY_CALLS__.some((c) => c.cmd === "set_order"));
  let sets = (await calls(page)).filter((c) => c.cmd === "set_order");
  assert.deepEqual(sets[0].args.profileIds, ["openrouter:spare", "openrouter:default"]);

  // The mock's report does not change, so after the reload the old order is back.
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=priority-openrouter] ol li")].map((e) => e.dataset.profile).join() === "openrouter:default,openrouter:spare");
  await page.getByRole("button", { name: "Move openrouter:spare up" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.__AUTHTRAY_CALLS__.filter((c) => c.cmd === "set_order").length === 2);
  sets = (await calls(page)).filter((c) => c.cmd === "set_order");
  assert.deepEqual(sets[1].args.profileIds, ["openrouter:spare", "openrouter:default"]);
  await page.context().close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`settings (${colorScheme}): theme, alerts, state dir`, async () => {
    const dark = { startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false, warnHours: 24, notifications: true, theme: "dark", stateDir: null, remoteHosts: [] };
    const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList }, set_theme: { ok: dark } }, { colorScheme });
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByTestId("settings").waitFor();
    assert.equal(await page.getByTestId("settings-state-dir").textContent(), stateDir.path);
    await screenshot(page, `settings-${colorScheme}`);
    await page.getByRole("radio", { name: "Dark" }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, "rgb(22, 24, 29)", "the dark theme applies whatever the system says");
    await page.context().close();
  });
}

for (const colorScheme of ["light", "dark"]) {
  test(`add agent and paste token (${colorScheme})`, async () => {
    const catalog = [{ id: "anthropic", name: "Anthropic", methods: ["browser", "apiKey", "token"], envVars: ["ANTHROPIC_API_KEY"], note: "Paste the output of `claude setup-token`." }];
    const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList }, list_providers: { ok: catalog }, add_agent: { error: { code: "invalid_input", message: 'agent id "Ops Team" is not valid; OpenClaw would call it "ops-team" — use that' } } }, { colorScheme });
    await page.getByRole("button", { name: "+ Add agent" }).click();
    await page.getByLabel("New agent id").fill("Ops Team");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByText(/would call it "ops-team"/).waitFor();
    await screenshot(page, `add-agent-${colorScheme}`);

    await page.getByRole("button", { name: "Paste token…" }).click();
    await page.getByRole("option", { name: "Anthropic" }).waitFor({ state: "attached" });
    assert.match(await page.getByRole("dialog").textContent(), /claude setup-token/);
    // Tab stays in the dialog
    for (let i = 0; i < 8; i++) await page.keyboard.press("Tab");
    assert.ok(await page.evaluate(() => document.querySelector("[role=dialog]").contains(document.activeElement)));
    await screenshot(page, `token-dialog-${colorScheme}`);
    await page.context().close();
  });
}

for (const colorScheme of ["light", "dark"]) {
  test(`login (${colorScheme}): another account asks before replacing, then says who logged in`, async () => {
    const started = { kind: "browser", browserOpened: false, attemptId: 7, authorizeUrl: "https://auth.openai.com/oauth/authorize?client_id=app_x", port: 1455, busyNote: null };
    const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList }, start_login: { ok: started }, confirm_login: { ok: null } }, { colorScheme });
    await page.getByRole("button", { name: "Log in with the browser…" }).click();
    await page.getByRole("button", { name: "Open the browser" }).click();
    await page.getByRole("textbox", { name: "Paste the redirect URL or code" }).waitFor();
    const emit = (payload) => page.evaluate((p) => window.__EMIT__("login-progress", p), payload);
    await emit({ step: "needsConfirmation", attemptId: 7, profileId: "openai-codex:default", message: "openai-codex:default belongs to ada@example.com (account acct-1); this login is bob@example.com (account acct-2). Replace it?" });
    await page.getByRole("button", { name: "Replace it" }).waitFor();
    await screenshot(page, `login-confirm-${colorScheme}`);
    await page.getByRole("button", { name: "Replace it" }).click();
    await emit({ step: "saved", attemptId: 7, profileId: "openai-codex:default", email: "bob@example.com", account: "acct-2", plan: "plus" });
    const status = page.getByRole("dialog").getByRole("status");
    await status.filter({ hasText: "Saved" }).waitFor();
    assert.match(await status.textContent(), /openai-codex:default — bob@example.com, account acct-2, plan plus/);
    await screenshot(page, `login-saved-${colorScheme}`);
    assert.ok((await calls(page)).some((c) => c.cmd === "confirm_login" && c.args.attemptId === 7));
    await page.context().close();
  });
}
