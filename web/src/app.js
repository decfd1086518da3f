// The dyads dashboard. Every view (chart, map, table, top dyads, downloads)
// is drawn from one state, which lives in the URL's hash: a view can be
// shared and reloaded, and a change of any filter redraws all of them (a
// later answer always replaces an earlier one, never the reverse).
import { $, el, api, boundTs, checkDate, isoDay, plural } from "./util.js";
import { autoBin, drawChart, resizeChart } from "./chart.js";
import { initMap, drawMap } from "./map.js";
import { appendRows, markOpenRow, openEvent, setCodeNames } from "./events.js";

const FIELDS = ["a", "b", "dir", "root", "code", "quad", "since", "until", "bin", "place", "zoom", "event"];
let state = {};
let generation = 0;
let next = null;

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const s = {};
  for (const k of FIELDS) s[k] = p.get(k) || "";
  return s;
}

function writeHash(s, push = true) {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (s[k]) p.set(k, s[k]);
  const hash = "#" + p.toString();
  if (hash !== location.hash) history[push ? "pushState" : "replaceState"](null, "", hash || "#");
}

/** The API filters of a state; `zoomed`: narrowed to the chart's zoom. */
function filters(s, zoomed) {
  const f = { root: s.root, code: s.code, quad: s.quad, since: s.since, until: s.until };
  const both = s.dir === "both";
  if (s.a && s.b) Object.assign(f, { dyad: `${s.a},${s.b}`, undirected: both ? "true" : "" });
  else if (s.a) f[both ? "actor" : "source"] = s.a;
  else if (s.b) f[both ? "actor" : "target"] = s.b;
  if (zoomed && s.zoom) [f.since, f.until] = s.zoom.split("..");
  return f;
}

function title(s) {
  const arrow = s.dir === "both" ? " ↔ " : " → ";
  const who = s.a && s.b ? s.a + arrow + s.b : s.a ? (s.dir === "both" ? `${s.a} (either side)` : `${s.a} → anyone`) : s.b ? `anyone → ${s.b}` : "All events";
  const what = [s.root && `root ${s.root}`, s.code && `code ${s.code}`, s.quad && `QuadClass ${s.quad}`].filter(Boolean).join(", ");
  const when = s.since || s.until ? ` · ${s.since || "…"} to ${s.until || "…"}` : "";
  return who + (what ? ` · ${what}` : "") + when;
}

function showError(msg) {
  $("#error").textContent = msg || "";
}

function fillForm(s) {
  for (const k of ["a", "b", "root", "code", "quad", "since", "until"]) $(`#f-${k}`).value = s[k];
  $("#f-dir").value = s.dir || "directed";
  $("#f-bin").value = s.bin || "auto";
}

function formState() {
  const v = (k) => $(`#f-${k}`).value.trim();
  return {
    ...state,
    a: v("a").toUpperCase(),
    b: v("b").toUpperCase(),
    dir: v("dir") === "both" ? "both" : "",
    root: v("root"),
    code: v("code").split(/\s/)[0],
    quad: v("quad"),
    since: v("since"),
    until: v("until"),
    bin: v("bin") === "auto" ? "" : v("bin"),
    zoom: "",
    place: state.place,
    event: "",
  };
}

/** Problems the server would refuse, said before asking it. */
function invalid(s) {
  for (const k of ["since", "until"]) if (s[k] && !checkDate(s[k])) return `${k === "since" ? "Since" : "Until"}: ${JSON.stringify(s[k])} is not a date (YYYY, YYYY-MM or YYYY-MM-DD).`;
  if (s.since && s.until && s.since > s.until) return "Since is after until: no event can match.";
  if (s.code && !/^\d{2,4}$/.test(s.code)) return `Code: ${JSON.stringify(s.code)} is not a CAMEO code (two to four digits).`;
  for (const k of ["a", "b"]) if (s[k] && !/^[A-Z0-9]{1,64}$/.test(s[k])) return `Actor codes are letters and digits: ${JSON.stringify(s[k])}.`;
  return "";
}

async function loadTopDyads(s, gen) {
  const f = filters(s, true);
  delete f.dyad, delete f.undirected, delete f.actor, delete f.source, delete f.target;
  const { dyads } = await api("/api/dyads/top", { ...f, limit: 15 });
  if (gen !== generation) return;
  const list = $("#top-dyads");
  list.replaceChildren();
  for (const d of dyads) {
    const on = s.a === d.source && s.b === d.target;
    const b = el(
      "button",
      { type: "button", class: on ? "active" : "", "aria-pressed": String(on), dataset: { dyad: `${d.source},${d.target}` }, title: `${d.source_label || d.source} → ${d.target_label || d.target}` },
      el("span", { class: "pair" }, el("span", { class: "mark", "aria-hidden": "true" }, on ? "▶ " : ""), `${d.source} → ${d.target}`, el("small", { class: "label" }, `${d.source_label || ""} → ${d.target_label || ""}`)),
      el("span", { class: "n" }, String(d.events))
    );
    b.addEventListener("click", () => go({ ...state, a: d.source, b: d.target, dir: "", zoom: "", place: "", event: "" }));
    list.append(el("li", {}, b));
  }
}

async function loadEvents(s, gen, more = false) {
  const page = await api("/api/events", { ...filters(s, true), place: s.place, limit: 50, after: more ? next : "" });
  if (gen !== generation) return;
  if (!more) $("#events tbody").replaceChildren();
  next = page.next;
  appendRows(page.events, (id) => go({ ...state, event: String(id) }, true));
  const shown = $("#events tbody").children.length;
  const sum = $("#summary");
  sum.dataset.total = String(page.total);
  sum.textContent = page.total ? `${plural(page.total, "event")}${shown < page.total ? `, newest ${shown} shown` : ""}` : "No events match these filters.";
  $("#more").hidden = !next;
  $("#place-chip").hidden = !s.place;
  $("#place-name").textContent = s.place;
}

async function loadChart(s, gen) {
  const f = filters(s, false);
  let bin = s.bin;
  let series = null;
  if (!bin) {
    // Auto: from the filter's range, else from the data's: the monthly
    // series tells, and is the answer when months are the bin.
    let from = f.since, to = f.until, monthly = null;
    if (!from || !to) {
      monthly = (await api("/api/series", { ...f, by: "month" })).series;
      if (gen !== generation) return;
      from = from || monthly[0]?.period || "2000";
      to = to || monthly[monthly.length - 1]?.period || from;
    }
    const day = (d, end) => boundTs(d.length === 4 ? d : d.slice(0, 10), end);
    bin = autoBin(day(from, false), day(to, true));
    if (bin === "month" && monthly && !f.since && !f.until) series = monthly;
  }
  if (!series) {
    series = (await api("/api/series", { ...f, by: bin })).series;
    if (gen !== generation) return;
  }
  const zoom = s.zoom ? s.zoom.split("..").map((d) => Date.parse(d) / 1000) : null;
  drawChart({ series, bin, since: f.since, until: f.until, zoom, onZoom: (a, b) => go({ ...state, zoom: `${isoDay(a)}..${isoDay(b)}`, event: "" }) });
  $("#f-bin").dataset.used = bin;
  $("#zoom-reset").hidden = !s.zoom;
}

async function loadMap(s, gen) {
  const { places } = await api("/api/places", { ...filters(s, true), limit: 500 });
  if (gen !== generation) return;
  drawMap(places, s.place, (key) => {
    go({ ...state, place: state.place === key ? "" : key, event: "" });
    $("#summary").scrollIntoView({ block: "nearest" });
  });
}

function downloads(s) {
  const qs = new URLSearchParams(Object.entries({ ...filters(s, true), place: s.place }).filter(([, v]) => v));
  $("#dl-csv").href = `/api/export?format=csv&${qs}`;
  $("#dl-jsonl").href = `/api/export?format=jsonl&${qs}`;
}

/** Redraws every view for state `s`. */
async function render(s) {
  state = s;
  const gen = ++generation;
  fillForm(s);
  const problem = invalid(s);
  showError(problem);
  if (problem) return;
  $("#title").textContent = title(s);
  downloads(s);
  document.body.dataset.loading = "true";
  const done = await Promise.allSettled([loadChart(s, gen), loadEvents(s, gen), loadMap(s, gen), loadTopDyads(s, gen)]);
  if (gen !== generation) return;
  const failed = done.find((r) => r.status === "rejected");
  showError(failed ? String(failed.reason.message || failed.reason) : "");
  document.body.dataset.loading = "false";
  if (s.event) openEvent(s.event, () => state.event && go({ ...state, event: "" }, false));
}

function go(s, push = true) {
  writeHash(s, push);
  if (s.event && state.event !== s.event && sameView(s, state)) {
    // Opening an event redraws nothing else.
    state = s;
    markOpenRow(s.event);
    openEvent(s.event, () => state.event && go({ ...state, event: "" }, false));
    return;
  }
  if (!s.event && state.event && sameView(s, state)) {
    state = s;
    markOpenRow("");
    if ($("#event").open) $("#event").close();
    return;
  }
  render(s);
}

const sameView = (x, y) => FIELDS.every((k) => k === "event" || (x[k] || "") === (y[k] || ""));

function autocomplete() {
  let timer = null;
  // Answers by prefix, kept for the page's life (the list of all actors
  // costs a scan of the store).
  const cache = new Map();
  const fill = async (input) => {
    const prefix = input.value.trim().toUpperCase();
    if (!/^[A-Z0-9]{0,64}$/.test(prefix)) return;
    try {
      if (!cache.has(prefix)) cache.set(prefix, api("/api/actors", { prefix, limit: 20 }));
      const { actors } = await cache.get(prefix).catch((err) => (cache.delete(prefix), Promise.reject(err)));
      $("#actor-list").replaceChildren(...actors.map((x) => el("option", { value: x.code, label: `${x.name || x.description.join(", ")} (${x.events})` })));
    } catch (err) {
      showError(String(err.message || err));
    }
  };
  for (const id of ["#f-a", "#f-b"]) {
    const input = $(id);
    input.addEventListener("input", () => (clearTimeout(timer), (timer = setTimeout(() => fill(input), 150))));
    input.addEventListener("focus", () => fill(input));
  }
}

async function main() {
  initMap();
  const [stats, { codes }] = await Promise.all([api("/api/stats"), api("/api/codes")]);
  $("#stats").textContent = `${stats.documents} documents · ${stats.events} distinct events · ${stats.mentions} mentions`;
  setCodeNames(codes);
  $("#code-list").replaceChildren(...codes.filter((c) => c.level > 2).map((c) => el("option", { value: c.code, label: c.name })));
  $("#f-root").append(...codes.filter((c) => c.level === 2).map((c) => el("option", { value: c.code }, `${c.code} ${c.name.toLowerCase()}`)));
  autocomplete();
  $("#filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    go(formState());
  });
  $("#reset").addEventListener("click", () => go({}));
  $("#f-bin").addEventListener("change", () => go({ ...state, bin: $("#f-bin").value === "auto" ? "" : $("#f-bin").value }));
  $("#zoom-reset").addEventListener("click", () => go({ ...state, zoom: "" }));
  $("#place-clear").addEventListener("click", () => go({ ...state, place: "" }));
  $("#more").addEventListener("click", () => loadEvents(state, generation, true).catch((err) => showError(String(err.message || err))));
  $("#event-close").addEventListener("click", () => $("#event").close());
  window.addEventListener("popstate", () => render(readHash()));
  let resize = null;
  window.addEventListener("resize", () => (clearTimeout(resize), (resize = setTimeout(resizeChart, 100))));
  await render(readHash());
}

main().catch((err) => showError(String(err.message || err)));
