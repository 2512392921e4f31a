import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, useBrowser } from "./harness.js";

const session = useBrowser();
const stateDir = { path: "/home/ada/.openclaw", source: "openclaw", exists: true };
const agentList = {
  stateDir,
  agents: [{ id: "main", agentDir: "/home/ada/.openclaw/agents/main/agent", hasStore: true, isDefault: true }],
  warnings: [],
  otherInstalls: [],
};
const hour = 3_600_000;
const usage = (now) => ({
  enabled: true,
  profiles: [
    {
      agentId: "main", profileId: "openai-codex:ada@example.com", provider: "openai-codex",
      usage: { plan: "pro", credits: null, windows: [
        { name: "5h", usedPercent: 83, resetsAt: now + 2 * hour + 60_000, windowSecs: 18000 },
        { name: "7d", usedPercent: 40, resetsAt: now + 4 * 24 * hour, windowSecs: 604800 },
      ] },
      readAt: now - 60_000, unavailable: null, checkedAt: now - 60_000,
    },
    {
      agentId: "main", profileId: "anthropic:work", provider: "anthropic", usage: null, readAt: null,
      unavailable: "the access token has expired; usage is unknown until the next refresh", checkedAt: now - 60_000,
    },
  ],
  // Core's summary (usage::suggest::summarize, tested there), shown as told.
  summaries: [
    { agentId: "main", provider: "openai-codex", text: "1 account · most headroom: openai-codex:ada@example.com (17% left)" },
  ],
});

for (const colorScheme of ["light", "dark"]) {
  test(`usage (${colorScheme}): a bar per window, the plan, the provider's summary, unavailable in words`, async () => {
    const now = Date.now();
    const page = await openApp(session.browser(), session.url(), { list_agents: { ok: agentList }, get_usage: { ok: usage(now) } }, { colorScheme });
    const card = page.getByTestId("usage-openai-codex:ada@example.com");
    await card.waitFor();
    const text = (await card.textContent()).replace(/\s+/g, " ");
    assert.match(text, /pro/);
    assert.match(text, /5h\s*83%\s*resets in 2h/);
    assert.match(text, /7d\s*40%\s*resets in 4d/);
    assert.equal(await card.getByRole("meter", { name: "5h window used" }).getAttribute("aria-valuenow"), "83");
    assert.equal(
      (await page.getByTestId("usage-summary-openai-codex").textContent()).trim(),
      "· 1 account · most headroom: openai-codex:ada@example.com (17% left)",
    );
    await page.getByTestId("usage-anthropic:work").getByText("usage unavailable (the access token has expired; usage is unknown until the next refresh)").waitFor();
    await page.getByTestId("usage-openai-codex:ada@example.com").scrollIntoViewIfNeeded();
    await screenshot(page, `usage-${colorScheme}`);
    await page.getByRole("button", { name: "Check usage now" }).click();
    const asked = await page.evaluate(() => window.__AUTHTRAY_CALLS__.filter((c) => c.cmd === "get_usage").map((c) => c.args.now));
    assert.deepEqual(asked.slice(-1), [true], "on demand asks now");
    assert.equal(asked[0], false, "the view itself reads within the five-minute limit");
    await page.context().close();
  });
}

for (const colorScheme of ["light", "dark"]) {
test(`priority with quota (${colorScheme}): an exhausted account says until when; Suggest order explains and Apply saves it`, async () => {
  const now = Date.now();
  const ids = ["openai-codex:spent", "openai-codex:busy", "openai-codex:fresh"];
  const card = (id) => ({
    profileId: id, provider: "openai-codex", type: "oauth", status: "ok", reasonCode: null, expiresAt: now + 5 * 24 * hour,
    owner: "store", ownerText: "kept alive by OpenClaw / Authtray", label: id, email: null, masked: "eyJhbGci...QssW5c", inherited: false, refreshable: true, unusable: null, lastUsed: null,
  });
  const report = {
    agentId: "main", agentDir: "/home/ada/.openclaw/agents/main/agent", order: { "openai-codex": ids }, skipped: [], loosePermissions: [],
    effectiveOrder: [{ provider: "openai-codex", source: "stored", tried: ids.map((profileId) => ({ profileId, unusable: null, lastUsed: null })), excluded: [] }],
    profiles: ids.map(card),
  };
  const at = (used, inMs) => ({ plan: "plus", credits: null, windows: [{ name: "5h", usedPercent: used, resetsAt: now + inMs, windowSecs: 18000 }] });
  const u = (profileId, usage) => ({ agentId: "main", profileId, provider: "openai-codex", usage, readAt: now, unavailable: null, checkedAt: now });
  const suggested = {
    agentId: "main", provider: "openai-codex", current: ids,
    suggested: [
      { profileId: "openai-codex:fresh", why: "95% left in its 5h window", exhaustedUntil: null },
      { profileId: "openai-codex:busy", why: "15% left in its 5h window", exhaustedUntil: null },
      { profileId: "openai-codex:spent", why: "5h window exhausted; resets in 1h", exhaustedUntil: now + hour },
    ],
  };
  const page = await openApp(session.browser(), session.url(), {
    list_agents: { ok: agentList },
    get_agent_report: { ok: report },
    get_usage: { ok: { enabled: true, profiles: [u(ids[0], at(100, hour)), u(ids[1], at(85, hour)), u(ids[2], at(5, hour))] } },
    suggest_order: { ok: suggested },
    set_order: { ok: null },
  }, { colorScheme });
  const panel = page.getByTestId("priority-openai-codex");
  await panel.locator("li[data-profile='openai-codex:spent'] .exhausted").getByText(/exhausted until/).waitFor();
  await panel.getByRole("button", { name: "Suggest order" }).click();
  const list = page.getByTestId("suggestion-openai-codex");
  await list.getByText("5h window exhausted; resets in 1h").waitFor();
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, `priority-suggest-${colorScheme}`);
  await list.getByRole("button", { name: "Apply this order" }).click();
  await page.waitForFunction(() => window.__AUTHTRAY_CALLS__.some((c) => c.cmd === "set_order"));
  const saved = await page.evaluate(() => window.__AUTHTRAY_CALLS__.find((c) => c.cmd === "set_order").args);
  assert.deepEqual(saved.profileIds, ["openai-codex:fresh", "openai-codex:busy", "openai-codex:spent"]);
  assert.equal(saved.scope, "agent");
  await page.context().close();
});
}
