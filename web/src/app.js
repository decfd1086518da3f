// The dyads dashboard: top dyads, a dyad's daily cooperation/conflict chart
// and its events with the evidence sentence and the trigger highlighted.
import uPlot from "uplot";

const $ = (sel) => document.querySelector(sel);
const state = { dyad: null, since: "", until: "", chart: null };

async function api(path, params) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));
  const res = await fetch(`${path}?${qs}`);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function text(tag, content, cls) {
  const el = document.createElement(tag);
  el.textContent = content;
  if (cls) el.className = cls;
  return el;
}

function period() {
  return { since: state.since, until: state.until };
}

async function loadTopDyads() {
  const { dyads } = await api("/api/dyads/top", { ...period(), limit: 15 });
  const list = $("#top-dyads");
  list.replaceChildren();
  for (const d of dyads) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.dataset.dyad = `${d.source},${d.target}`;
    b.append(text("span", `${d.source} → ${d.target}`), text("span", String(d.events)));
    b.addEventListener("click", () => selectDyad(b.dataset.dyad));
    li.append(b);
    list.append(li);
  }
  if (!state.dyad && dyads.length) selectDyad(`${dyads[0].source},${dyads[0].target}`);
}

function drawChart(series) {
  // The API lists only days with events: fill the gaps with zeros so the
  // lines do not interpolate across quiet days.
  const byDay = new Map(series.map((r) => [Date.parse(r.period) / 1000, r]));
  const xs = [], coop = [], conf = [];
  if (series.length) {
    const first = Date.parse(series[0].period) / 1000, last = Date.parse(series[series.length - 1].period) / 1000;
    for (let t = first; t <= last; t += 86400) {
      const r = byDay.get(t);
      xs.push(t);
      coop.push(r ? r.quad[0] + r.quad[1] : 0);
      conf.push(r ? r.quad[2] + r.quad[3] : 0);
    }
  }
  const el = $("#chart");
  el.replaceChildren();
  state.chart = new uPlot(
    {
      width: Math.max(400, el.clientWidth - 10),
      height: 240,
      series: [
        {},
        { label: "cooperation (Q1+Q2)", stroke: "#2a7ab9", fill: "rgba(42,122,185,0.15)", points: { show: true } },
        { label: "conflict (Q3+Q4)", stroke: "#c8412f", fill: "rgba(200,65,47,0.12)", points: { show: true } },
      ],
      axes: [{}, { label: "events" }],
    },
    [xs, coop, conf],
    el
  );
  el.dataset.points = String(xs.length);
  el.dataset.days = String(series.length);
  el.dataset.coop = String(coop.reduce((a, b) => a + b, 0));
  el.dataset.conflict = String(conf.reduce((a, b) => a + b, 0));
}

function evidenceCell(ev) {
  const td = document.createElement("td");
  if (!ev) return td;
  // Spans are byte offsets (UTF-8): slice the encoded sentence, not the JS string.
  const bytes = new TextEncoder().encode(ev.sentence_text);
  const dec = new TextDecoder();
  const [a, b] = ev.trigger_in_sentence;
  td.append(dec.decode(bytes.slice(0, a)), text("mark", dec.decode(bytes.slice(a, b))), dec.decode(bytes.slice(b)));
  td.title = `${ev.doc_id} (${ev.report_date}) rule ${ev.rule}`;
  return td;
}

async function selectDyad(dyad) {
  state.dyad = dyad;
  for (const b of document.querySelectorAll("#top-dyads button")) b.classList.toggle("active", b.dataset.dyad === dyad);
  $("#dyad").value = dyad;
  const params = { dyad, ...period() };
  try {
    const [{ series }, page] = await Promise.all([
      api("/api/series", { ...params, by: "day" }),
      api("/api/events", { ...params, limit: 100 }),
    ]);
    $("#title").textContent = dyad.replace(",", " → ");
    drawChart(series);
    $("#summary").textContent = `${page.total} events` + (page.total > page.count ? ` (newest ${page.count} shown)` : "");
    $("#summary").dataset.total = String(page.total);
    const tbody = $("#events tbody");
    tbody.replaceChildren();
    for (const e of page.events) {
      const tr = document.createElement("tr");
      tr.append(
        text("td", e.event_date),
        text("td", e.source),
        text("td", e.target),
        text("td", e.code, `q${e.quad_class}`),
        text("td", e.goldstein.toFixed(1), "num"),
        text("td", String(e.num_mentions), "num"),
        evidenceCell(e.evidence)
      );
      tbody.append(tr);
    }
    $("#error").textContent = "";
  } catch (err) {
    $("#error").textContent = String(err.message || err);
  }
}

async function main() {
  const stats = await api("/api/stats", {});
  $("#stats").textContent = `${stats.documents} documents · ${stats.events} distinct events · ${stats.mentions} mentions`;
  $("#filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.since = $("#since").value.trim();
    state.until = $("#until").value.trim();
    const d = $("#dyad").value.trim().toUpperCase();
    loadTopDyads().then(() => d && selectDyad(d));
  });
  await loadTopDyads();
}

main().catch((err) => ($("#error").textContent = String(err.message || err)));
