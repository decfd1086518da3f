// End-to-end test of the dashboard in headless Chromium: builds a small
// database with the real `dyads ingest`, starts the real `dyads serve`, and
// drives every feature (filters and their URL state, chart bins and zoom,
// the map, the event view, paging, downloads, a phone-sized screen),
// comparing what the page shows with what the API answers. Any console
// error or uncaught exception fails it. Screenshots go to docs/.
// Usage: DYADS_BIN=target/debug/dyads node web/e2e.mjs  (exit code 1 on failure)
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";

const root = resolve(new URL("..", import.meta.url).pathname);
const bin = resolve(root, process.env.DYADS_BIN || "target/release/dyads");
const dir = mkdtempSync(join(tmpdir(), "dyads-e2e-"));

// Two years of reports: 60 US accusations of Iran (more than one page),
// meetings in Geneva and Baghdad (the map), an organisation dyad (NATO and
// the UN stay apart), an attributed report.
const docs = [];
const add = (date, text, extra = {}) =>
  docs.push({ id: `d${docs.length}`, date, source: `outlet${docs.length % 3}`, url: `https://news.example/${docs.length}`, title: `Report ${docs.length}`, text, ...extra });
const day = (n) => new Date(Date.UTC(2003, 0, 1) + n * 86400000).toISOString().slice(0, 10);
for (let i = 0; i < 60; i++) add(day(i * 12), "The United States accused Iran of harboring al Qaeda fighters.");
for (let i = 0; i < 6; i++) add(day(5 + i * 40), "American diplomats met Iranian officials in Geneva.");
for (let i = 0; i < 4; i++) add(day(9 + i * 50), "Iraqi officials met Turkish diplomats in Baghdad.");
for (let i = 0; i < 5; i++) add(day(20 + i * 30), "NATO accused Russia of violating the treaty.");
for (let i = 0; i < 5; i++) add(day(25 + i * 30), "The United Nations condemned Iran.");
add("2003-06-10", "Iran threatened to expel UN inspectors, a senior official told The New York Times.");
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

const api = async (path) => {
  const res = await fetch(base + path);
  assert.ok(res.ok, `${path}: ${res.status}`);
  return res.json();
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const errors = [];
const watch = (page) => {
  page.on("pageerror", (e) => errors.push(`uncaught: ${e}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()} ${JSON.stringify(m.location())}`));
};
const settled = (page) => page.waitForFunction(() => document.body.dataset.loading === "false");
const shown = (page) =>
  page.evaluate(() => ({
    title: document.querySelector("#title").textContent,
    total: Number(document.querySelector("#summary").dataset.total),
    rows: document.querySelectorAll("#events tbody tr").length,
    points: Number(document.querySelector("#chart").dataset.points),
    bin: document.querySelector("#chart").dataset.bin,
    chartEvents: Number(document.querySelector("#chart").dataset.events),
    quads: document.querySelector("#chart").dataset.quads,
    places: Number(document.querySelector("#map").dataset.places),
    error: document.querySelector("#error").textContent,
    hash: location.hash,
  }));
const step = (name) => console.log(`  - ${name}`);

let failed = false;
try {
  mkdirSync(join(root, "docs"), { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  watch(page);
  await page.goto(base + "/");
  await settled(page);

  step("first view: all events, top dyads with names, organisations apart");
  let s = await shown(page);
  const all = await api("/api/events?limit=1");
  assert.equal(s.total, all.total, "the summary counts every event");
  assert.equal(s.title, "All events");
  const top = await page.$$eval("#top-dyads button", (bs) => bs.map((b) => ({ dyad: b.dataset.dyad, text: b.textContent })));
  assert.ok(top.some((t) => t.dyad === "USA,IRN" && t.text.includes("Iran")), JSON.stringify(top));
  const orgs = top.filter((t) => t.dyad.startsWith("IGO")).map((t) => t.dyad.split(",")[0]);
  assert.ok(orgs.includes("IGOWSTNAT") && orgs.includes("IGOUNO"), `NATO and the UN are separate dyads: ${JSON.stringify(top)}`);
  assert.ok(top.find((t) => t.dyad.startsWith("IGOWSTNAT")).text.includes("North Atlantic Treaty Organization"));

  step("a dyad from the list: chart by week over two years, four QuadClass series, table, map");
  await page.click('#top-dyads button[data-dyad="USA,IRN"]');
  await settled(page);
  s = await shown(page);
  const dyadPage = await api("/api/events?dyad=USA,IRN&limit=1");
  assert.equal(s.title, "USA → IRN");
  assert.equal(s.total, dyadPage.total);
  assert.equal(s.rows, 50, "the first page of the table");
  assert.equal(s.bin, "week", "two years: weekly bins");
  const weekly = await api("/api/series?dyad=USA,IRN&by=week");
  assert.equal(s.chartEvents, weekly.series.reduce((a, r) => a + r.events, 0));
  const q = [0, 1, 2, 3].map((i) => weekly.series.reduce((a, r) => a + r.quad[i], 0));
  assert.equal(s.quads, q.join(","), "one series per QuadClass");
  const weeks = (Date.parse(weekly.series.at(-1).period) - Date.parse(weekly.series[0].period)) / (7 * 86400000) + 1;
  assert.equal(s.points, weeks, "one point per week, quiet weeks at zero");
  assert.ok(s.hash.includes("a=USA") && s.hash.includes("b=IRN"), s.hash);
  const active = await page.$eval("#top-dyads button.active", (b) => ({ pressed: b.getAttribute("aria-pressed"), mark: b.querySelector(".mark").textContent }));
  assert.deepEqual(active, { pressed: "true", mark: "▶ " }, "the selection is marked by more than colour");
  const label = await page.$eval("#chart", (c) => c.getAttribute("aria-label"));
  assert.ok(/Events over time\. \d+ events from/.test(label), label);
  assert.ok((await page.$eval("#chart-summary", (p) => p.getAttribute("aria-live"))) === "polite");
  const codeCell = await page.$eval("#events tbody tr td:nth-child(4)", (td) => td.textContent);
  assert.ok(/^112 \S/.test(codeCell), `codes are shown with their names: ${codeCell}`);
  await page.screenshot({ path: join(root, "docs/dashboard.png") });

  step("load more follows the cursor");
  await page.click("#more");
  await page.waitForFunction((n) => document.querySelectorAll("#events tbody tr").length === n, Math.min(dyadPage.total, 100));
  assert.equal(await page.$eval("#more", (b) => b.hidden), dyadPage.total <= 100);
  const ids = await page.$$eval("#events tbody tr", (trs) => trs.map((t) => t.dataset.id));
  assert.equal(new Set(ids).size, ids.length, "no row twice");

  step("bins switch to month");
  await page.selectOption("#f-bin", "month");
  await settled(page);
  s = await shown(page);
  const monthly = await api("/api/series?dyad=USA,IRN&by=month");
  assert.equal(s.bin, "month");
  assert.equal(s.chartEvents, monthly.series.reduce((a, r) => a + r.events, 0));

  step("zoom by dragging the chart filters the table");
  const over = await page.$("#chart .u-over");
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => location.hash.includes("zoom="));
  await settled(page);
  s = await shown(page);
  const [zfrom, zto] = decodeURIComponent(new URLSearchParams(s.hash.slice(1)).get("zoom")).split("..");
  const zoomed = await api(`/api/events?dyad=USA,IRN&since=${zfrom}&until=${zto}&limit=1`);
  assert.equal(s.total, zoomed.total, `the table shows the zoomed range ${zfrom}..${zto}`);
  assert.ok(s.total < dyadPage.total && s.total > 0, `zoom narrows: ${s.total}`);
  await page.click("#zoom-reset");
  await settled(page);
  assert.equal((await shown(page)).total, dyadPage.total);

  step("an event: code name, actors, dates, every mention with its link and highlights");
  await page.click("#events tbody tr:first-child");
  await page.waitForSelector("#event[open] .mentions li");
  const ev = await page.evaluate(() => ({
    title: document.querySelector("#event-title").textContent,
    body: document.querySelector("#event-body").textContent,
    links: [...document.querySelectorAll("#event .mentions a")].map((a) => a.href),
    marks: [...document.querySelectorAll("#event .mentions mark")].map((m) => `${m.className}:${m.textContent}`),
    row: document.querySelector("#events tbody tr.open")?.getAttribute("aria-selected"),
  }));
  assert.ok(ev.title.startsWith("112 "), ev.title);
  for (const want of ["QuadClass", "Goldstein", "USA", "IRN", "Event date", "Reported", "Location", "Attribution", "outlet"]) assert.ok(ev.body.includes(want), `${want} in ${ev.body}`);
  assert.ok(ev.links.length >= 1 && ev.links.every((l) => l.startsWith("https://news.example/")), JSON.stringify(ev.links));
  assert.ok(ev.marks.includes("trigger:accused") && ev.marks.some((m) => m.startsWith("source:")) && ev.marks.some((m) => m.startsWith("target:")), JSON.stringify(ev.marks));
  assert.equal(ev.row, "true", "the open row is marked");
  await page.screenshot({ path: join(root, "docs/dashboard-event.png") });
  const withEvent = page.url();
  assert.ok(withEvent.includes("event="), withEvent);
  await page.click("#event-close");
  await page.waitForFunction(() => !document.querySelector("#event").open && !location.hash.includes("event="));

  step("the state lives in the URL: reload shows the same view and the open event");
  await page.goto(withEvent);
  await page.waitForSelector("#event[open] .mentions li");
  await settled(page);
  s = await shown(page);
  assert.equal(s.title, "USA → IRN");
  assert.equal(s.bin, "month");
  await page.click("#event-close");

  step("both directions, root, QuadClass filters match the API");
  await page.selectOption("#f-dir", "both");
  await page.selectOption("#f-root", "11");
  await page.selectOption("#f-quad", "3");
  await page.click('#filters button[type="submit"]');
  await settled(page);
  s = await shown(page);
  const both = await api("/api/events?dyad=USA,IRN&undirected=true&root=11&quad=3&limit=1");
  assert.equal(s.total, both.total);
  assert.equal(s.title, "USA ↔ IRN · root 11, QuadClass 3");

  step("one actor on either side");
  await page.fill("#f-b", "");
  await page.selectOption("#f-root", "");
  await page.selectOption("#f-quad", "");
  await page.click('#filters button[type="submit"]');
  await settled(page);
  assert.equal((await shown(page)).total, (await api("/api/events?actor=USA&limit=1")).total);

  step("no stale state: clear the actors, set years, Show: every view follows");
  await page.fill("#f-a", "");
  await page.fill("#f-since", "2003");
  await page.fill("#f-until", "2003");
  await page.click('#filters button[type="submit"]');
  await settled(page);
  s = await shown(page);
  const year = await api("/api/events?since=2003&until=2003&limit=1");
  const yearSeries = await api("/api/series?since=2003&until=2003&by=week");
  assert.equal(s.title, "All events · 2003 to 2003");
  assert.equal(s.total, year.total);
  assert.equal(s.chartEvents, yearSeries.series.reduce((a, r) => a + r.events, 0));
  assert.equal(await page.$$eval("#top-dyads button.active", (b) => b.length), 0);

  step("a bad date is a message, not an error");
  await page.fill("#f-since", "2021-13");
  await page.click('#filters button[type="submit"]');
  await page.waitForFunction(() => document.querySelector("#error").textContent.includes("2021-13"));
  await page.fill("#f-since", "2004");
  await page.fill("#f-until", "2003");
  await page.click('#filters button[type="submit"]');
  await page.waitForFunction(() => document.querySelector("#error").textContent.includes("after"));

  step("no events: a clear state");
  await page.goto(base + "/#code=0874");
  await settled(page);
  s = await shown(page);
  assert.equal(s.total, 0);
  assert.equal(await page.$eval("#chart .empty", (p) => p.textContent), "No events match these filters.");

  step("map: located events, clicking a place shows its events");
  await page.goto(base + "/#");
  await settled(page);
  const places = await api("/api/places");
  s = await shown(page);
  assert.equal(s.places, places.places.length);
  assert.ok(places.places.some((p) => p.location.name === "Geneva"), JSON.stringify(places.places.map((p) => p.key)));
  const geneva = places.places.find((p) => p.location.name === "Geneva");
  const mapBox = await page.$("#map");
  await mapBox.scrollIntoViewIfNeeded();
  await mapBox.screenshot({ path: join(root, "docs/dashboard-map.png") });
  await page.click(`#map circle[data-key="${geneva.key}"]`, { force: true });
  await page.waitForFunction(() => location.hash.includes("place="));
  await settled(page);
  s = await shown(page);
  assert.equal(s.total, geneva.events);
  assert.equal(await page.$eval("#place-chip", (c) => c.hidden), false);
  assert.equal(await page.$eval(`#map circle[data-key="${geneva.key}"]`, (c) => c.getAttribute("aria-pressed")), "true");

  step("downloads of the current view: CSV and JSONL");
  const csvHref = await page.$eval("#dl-csv", (a) => a.href);
  const jsonlHref = await page.$eval("#dl-jsonl", (a) => a.href);
  const csv = (await (await fetch(csvHref)).text()).trim().split("\n");
  const jsonl = (await (await fetch(jsonlHref)).text()).trim().split("\n").map((l) => JSON.parse(l));
  assert.ok(csv[0].startsWith("id,event_date,source,target,code"), csv[0]);
  assert.equal(csv.length - 1, geneva.events);
  assert.equal(jsonl.length, geneva.events);
  assert.ok(jsonl.every((e) => e.location && e.location.name === "Geneva" && typeof e.location.lat === "number"));

  step("actor autocomplete from /api/actors, with names");
  await page.goto(base + "/");
  await settled(page);
  await page.fill("#f-a", "IR");
  await page.waitForFunction(() => [...document.querySelectorAll("#actor-list option")].some((o) => o.value === "IRN"));
  const irn = await page.$eval('#actor-list option[value="IRN"]', (o) => o.label);
  assert.ok(irn.startsWith("Iran"), irn);

  step("a phone-sized screen does not scroll sideways");
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  watch(phone);
  await phone.goto(base + "/#a=USA&b=IRN");
  await settled(phone);
  const widths = await phone.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
  assert.ok(widths.doc <= 390 && widths.body <= 390, JSON.stringify(widths));
  await phone.screenshot({ path: join(root, "docs/dashboard-phone.png") });

  step("favicon, and no console errors anywhere");
  assert.equal((await fetch(base + "/favicon.ico")).status, 200);
  assert.deepEqual(errors, [], "no script or console errors");
  console.log(`e2e ok: ${all.total} events; screenshots docs/dashboard.png, dashboard-event.png, dashboard-map.png, dashboard-phone.png`);
} catch (e) {
  failed = true;
  console.error("e2e FAILED:", e, errors);
} finally {
  await browser.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
