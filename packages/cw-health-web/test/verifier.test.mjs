// The pack verifier in headless Chromium against a fresh local node seeded by scripts/web.sh: a
// genuine pack (commissioned, shipped and received by a pharmacy), a pack the pharmacy flagged as
// suspect, a pack of a recalled lot, an unknown serial and a lot mismatch, entered as a scanner
// sends the code, with parenthesised AIs, and as the four fields. Asserts what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { env, idle, open, screenshot, skip, text } from "./pages.mjs";

const GS = "\u001d";
const gtin = env.CW_HEALTH_GTIN;
const expiry = env.CW_HEALTH_EXPIRY;

/** Enters CODE in the scan field, reads it, and returns what the result shows. */
async function scan(page, code) {
  await page.fill("[data-testid=element-string]", code);
  await page.click("[data-testid=read-code]");
  return result(page);
}

async function result(page) {
  await idle(page);
  await page.locator("[data-testid=verdict]").waitFor();
  return {
    status: await page.getAttribute("[data-testid=verdict]", "data-status"),
    shown: await text(page, "[data-testid=status]"),
    alerts: await page.locator("[data-testid=alert] code").allInnerTexts(),
    recall: await text(page, "[data-testid=recall]"),
    quarantine: await text(page, "[data-testid=quarantine]"),
  };
}

test("a genuine pack scanned with FNC1/GS separators is active, without alert", { skip }, async () => {
  const { page, done } = await open("verify.html");
  const r = await scan(page, `]d201${gtin}17${expiry}10LOT-A26${GS}21SN-GENUINE-1`);
  assert.equal(r.status, "active");
  assert.equal(r.shown, "ACTIVE");
  assert.deepEqual(r.alerts, []);
  assert.match(await text(page, "[data-testid=alerts]"), /No FMD alert/);
  assert.equal(r.recall, "Not recalled");
  assert.equal(r.quarantine, "Not quarantined");
  // The code filled in the four fields.
  assert.equal(await page.inputValue("[data-testid=gtin]"), gtin);
  assert.equal(await page.inputValue("[data-testid=serial]"), "SN-GENUINE-1");
  assert.equal(await page.inputValue("[data-testid=lot]"), "LOT-A26");
  assert.equal(await page.inputValue("[data-testid=expiry]"), expiry);
  await done();
});

test("a pack of a recalled lot (parenthesised AIs) shows RECALLED and its Class I recall", { skip }, async () => {
  const { page, done } = await open("verify.html");
  const r = await scan(page, `(01)${gtin}(21)SN-RECALL-1(10)LOT-B26(17)${expiry}`);
  assert.equal(r.status, "recalled");
  assert.equal(r.shown, "RECALLED");
  assert.deepEqual(r.alerts, []);
  assert.match(r.recall, /^Class I recall since \d{4}-\d{2}-\d{2} by wasm1/);
  assert.equal(r.quarantine, "Not quarantined");
  assert.match(await text(page, "[data-testid=verdict]"), /do not supply/);
  await screenshot(page, "verifier");
  await done();
});

test("a pack flagged as suspect (GS typed as <GS>) shows QUARANTINED and its open investigation", { skip }, async () => {
  const { page, done } = await open("verify.html");
  const r = await scan(page, `01${gtin}21SN-SUSPECT-1<GS>10LOT-A26<GS>17${expiry}`);
  assert.equal(r.status, "quarantined");
  assert.equal(r.shown, "QUARANTINED");
  assert.deepEqual(r.alerts, []);
  assert.match(r.quarantine, /^Quarantined: investigation #\d+ \(tampered\) opened \d{4}-\d{2}-\d{2} by wasm1\S+, determination due \d{4}-\d{2}-\d{2}$/);
  assert.equal(r.recall, "Not recalled");
  await done();
});

test("an unknown serial typed in the four fields is UNKNOWN with alert NMVS_NC_PC_02", { skip }, async () => {
  const { page, done } = await open("verify.html");
  await page.fill("[data-testid=gtin]", gtin);
  await page.fill("[data-testid=serial]", "SN-NEVER-MADE");
  await page.fill("[data-testid=lot]", "LOT-A26");
  await page.fill("[data-testid=expiry]", expiry);
  await page.click("[data-testid=verify]");
  const r = await result(page);
  assert.equal(r.status, "unknown");
  assert.equal(r.shown, "UNKNOWN");
  assert.deepEqual(r.alerts, ["NMVS_NC_PC_02"]);
  assert.match(await text(page, "[data-testid=alerts]"), /serial number is unknown/);
  assert.equal(r.recall, "Not recalled");
  await done();
});

test("a genuine serial printed with another lot raises NMVS_FE_LOT_13; a bad code is refused", { skip }, async () => {
  const { page, done } = await open("verify.html");
  const r = await scan(page, `(01)${gtin}(21)SN-GENUINE-1(10)LOT-FAKE(17)${expiry}`);
  assert.deepEqual(r.alerts, ["NMVS_FE_LOT_13"]);
  assert.match(await text(page, "[data-testid=alerts]"), /lot on the pack differs/);
  // A code without a serial is refused by the page before any query.
  await page.fill("[data-testid=element-string]", `(01)${gtin}(10)LOT-A26(17)${expiry}`);
  await page.click("[data-testid=read-code]");
  assert.equal(await text(page, "#notice[role=alert]"), "Cannot read the code: the element string has no serial (AI 21)");
  await done();
});
