// Serves the built UI (ui/dist) on 127.0.0.1 and drives it in the system
// Chromium through playwright-core, with the IPC bridge mocked.
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { after, before } from "node:test";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
export const artefacts = join(here, "..", "..", "target", "ui-screenshots");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };

export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(dist, path === "/" ? "index.html" : path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "text/html" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Opens the app with the given command fixtures: { cmd: {ok} | {error} }. */
export async function openApp(browser, url, fixture, { colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport: { width: 960, height: 640 }, colorScheme });
  const page = await context.newPage();
  await page.addInitScript({ path: join(here, "mock-ipc.js") });
  await page.addInitScript((f) => (window.__AUTHTRAY_FIXTURE__ = f), fixture);
  await page.goto(url);
  return page;
}

export async function screenshot(page, name) {
  await mkdir(artefacts, { recursive: true });
  const path = join(artefacts, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Serves the UI and starts Chromium once for a test file; the getters work inside tests. */
export function useBrowser() {
  let server;
  let browser;
  before(async () => {
    server = await serveDist();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
  return { browser: () => browser, url: () => server.url };
}
