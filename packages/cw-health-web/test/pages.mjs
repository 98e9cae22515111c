// What the browser tests share: the built pages served on localhost, a headless Chromium, and a
// page that records every request it makes (the pages may talk to nothing but themselves and the
// node's RPC) and every error it logs. Set by scripts/web.sh:
//   CW_HEALTH_WEB_DIST     the built pages (config.json included)
//   CW_HEALTH_RPC          the node's RPC address
//   CW_HEALTH_SCREENSHOTS  where the tests write their screenshots
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./browser.mjs";
import { serve } from "./serve.mjs";

export const env = process.env;
export const skip = !env.CW_HEALTH_WEB_DIST && "CW_HEALTH_WEB_DIST is not set (run scripts/web.sh)";

let server;
let browser;
if (!skip) {
  before(async () => {
    server = await serve(env.CW_HEALTH_WEB_DIST);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/**
 * Opens PATH of the served pages (after running the script INIT in it, if given) and waits
 * until its setup is done; `done()` asserts no page error and no foreign request.
 */
export async function open(path, init) {
  const page = await browser.context.newPage();
  if (init) await page.addInitScript(init);
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${server.url}/${path}`);
  // The page is served busy and stays so until its setup is done (configuration read, forms wired).
  await idle(page);
  return {
    page,
    done: async () => {
      const foreign = requests.filter((u) => !u.startsWith(`${server.url}/`) && !u.startsWith(env.CW_HEALTH_RPC));
      assert.deepEqual(foreign, [], "the page talks only to its server and the node's RPC");
      assert.deepEqual(errors, [], "no error in the page");
      await page.close();
    },
  };
}

/** Waits until the page is idle (`body:not(.busy)`). */
export const idle = (page) => page.waitForSelector("body:not(.busy)", { timeout: 60_000 });

/** The visible text of the first element matching SELECTOR. */
export const text = async (page, selector) => (await page.locator(selector).first().innerText()).trim();

/** Writes a full-page screenshot NAME.png into CW_HEALTH_SCREENSHOTS. */
export async function screenshot(page, name) {
  const dir = env.CW_HEALTH_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
