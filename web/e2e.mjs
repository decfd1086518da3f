// End-to-end test of the dashboard in headless Chromium: builds a small
// database with the real `dyads ingest`, starts the real `dyads serve`, clicks
// a dyad, and checks that the chart and the table show the right counts.
// Usage: DYADS_BIN=target/release/dyads node web/e2e.mjs  (exit code 1 on failure)
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";

const root = resolve(new URL("..", import.meta.url).pathname);
const bin = resolve(root, process.env.DYADS_BIN || "target/release/dyads");
const dir = mkdtempSync(join(tmpdir(), "dyads-e2e-"));

// A month of reports: US-Iran accusations and meetings on different days,
// plus other dyads, so the chart has several points and two colours.
const docs = [];
const add = (day, text) => docs.push({ id: `d${docs.length}`, date: `2003-05-${String(day).padStart(2, "0")}`, source: `outlet${docs.length % 3}`, text });
for (let day = 1; day <= 20; day += 2) add(day, "The United States accused Iran of harboring al Qaeda fighters.");
for (let day = 2; day <= 12; day += 5) add(day, "American diplomats met Iranian officials in Geneva.");
for (let day = 3; day <= 9; day += 3) add(day, "Iran threatened to expel UN inspectors.");
writeFileSync(join(dir, "feed.jsonl"), docs.map((d) => JSON.stringify(d)).join("\n"));
const db = join(dir, "events.db");
execFileSync(bin, ["ingest", join(dir, "feed.jsonl"), "--db", db, "--no-progress"], { stdio: ["ignore", "ignore", "inherit"] });

const server = spawn(bin, ["serve", "--db", db, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
const base = await new Promise((ok, fail) => {
  let buf = "";
  server.stderr.on("data", (d) => {
    buf += d;
    const m = buf.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
    if (m) ok(`http://${m[1]}`);
  });
  server.on("exit", (code) => fail(new Error(`dyads serve exited with ${code}: ${buf}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "/");
  await page.waitForSelector("#top-dyads button");

  // What the API says, to compare with what the page shows.
  const api = async (path) => (await fetch(base + path)).json();
  const expected = await api("/api/events?dyad=USA,IRN&limit=1");
  const series = await api("/api/series?dyad=USA,IRN&by=day");
  assert.ok(expected.total > 0, "the corpus coded USA->IRN events");

  await page.click('#top-dyads button[data-dyad="USA,IRN"]');
  await page.waitForFunction(() => document.querySelector("#title").textContent === "USA → IRN");
  await page.waitForSelector("#chart canvas");
  const shown = await page.evaluate(() => ({
    total: Number(document.querySelector("#summary").dataset.total),
    rows: document.querySelectorAll("#events tbody tr").length,
    points: Number(document.querySelector("#chart").dataset.points),
    days: Number(document.querySelector("#chart").dataset.days),
    conflict: Number(document.querySelector("#chart").dataset.conflict),
    coop: Number(document.querySelector("#chart").dataset.coop),
    marks: [...document.querySelectorAll("#events tbody mark")].map((m) => m.textContent),
    active: document.querySelector("#top-dyads button.active")?.dataset.dyad,
  }));
  const q = (i) => series.series.reduce((a, r) => a + r.quad[i], 0);
  assert.equal(shown.total, expected.total, "summary count equals the API's");
  assert.equal(shown.rows, Math.min(expected.total, 100), "one table row per event");
  assert.equal(shown.days, series.series.length, "the chart drew every day with events");
  const span = (Date.parse(series.series.at(-1).period) - Date.parse(series.series[0].period)) / 86400000 + 1;
  assert.equal(shown.points, span, "one chart point per calendar day, quiet days at zero");
  assert.equal(shown.conflict, q(2) + q(3));
  assert.equal(shown.coop, q(0) + q(1));
  assert.ok(shown.conflict >= 10, `ten accusations are conflict events (got ${shown.conflict})`);
  assert.equal(shown.active, "USA,IRN");
  assert.ok(shown.marks.length === shown.rows && shown.marks.every((m) => m.length > 0), "every evidence sentence highlights its trigger");
  assert.ok(shown.marks.includes("accused"));
  assert.deepEqual(errors, [], "no script errors");

  mkdirSync(join(root, "docs"), { recursive: true });
  await page.screenshot({ path: join(root, "docs/dashboard.png"), fullPage: true });
  console.log(`e2e ok: ${shown.total} events, ${shown.points} days, ${shown.rows} rows; screenshot docs/dashboard.png`);
} catch (e) {
  failed = true;
  console.error("e2e FAILED:", e);
} finally {
  await browser.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
