// How long the dashboard takes to show data on a large store (figures for
// the record, not a test: nothing here asserts a time).
// Usage: DYADS_BIN=target/debug/dyads node web/perf.mjs STORE.db
//   (build one with `dyads bench-store --db STORE.db --events 300000`)
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const bin = resolve(root, process.env.DYADS_BIN || "target/release/dyads");
const db = process.argv[2];
if (!db) throw new Error("usage: node web/perf.mjs STORE.db");
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
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  for (const [name, hash] of [["all events", ""], ["all events (again)", ""], ["dyad USA,IRN", "#a=USA&b=IRN"], ["IRN either side, root 19", "#a=IRN&dir=both&root=19"], ["year 2015", "#since=2015&until=2015"]]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const t0 = Date.now();
    await page.goto(base + "/" + hash);
    // Data shown: table rows, the chart drawn, the map's places, nothing loading.
    await page.waitForFunction(() => document.body.dataset.loading === "false" && document.querySelector("#events tbody tr") && document.querySelector("#chart").dataset.points, null, { timeout: 60000 });
    const ms = Date.now() - t0;
    const shown = await page.evaluate(() => `${document.querySelector("#summary").dataset.total} events, ${document.querySelector("#map").dataset.places} places, ${document.querySelector("#chart").dataset.points} ${document.querySelector("#chart").dataset.bin}s`);
    console.log(`| ${name} | ${ms} ms | ${shown} |`);
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}
