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
