// The time chart: events per day, week or month, one series per QuadClass
// and the mean Goldstein score on its own axis; dates in UTC; dragging
// across it zooms, and the zoom filters the table and the map.
import uPlot from "uplot";
import { $, el, QUADS, QUAD_COLOURS, boundTs, isoDay } from "./util.js";

const DAY = 86400;

/** The bin for a span of time: days up to four months, weeks up to three years, months beyond. */
export function autoBin(from, to) {
  const days = (to - from) / DAY;
  return days <= 120 ? "day" : days <= 3 * 366 ? "week" : "month";
}

/** Start of the bin holding `ts` (weeks start on Monday, as the API's). */
function binStart(ts, bin) {
  const d = new Date(ts * 1000);
  if (bin === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  if (bin === "week") return ts - ((d.getUTCDay() + 6) % 7) * DAY;
  return ts;
}

function nextBin(ts, bin) {
  if (bin === "month") {
    const d = new Date(ts * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
  }
  return ts + (bin === "week" ? 7 : 1) * DAY;
}

const periodTs = (p) => boundTs(p);

let plot = null;
// Counts per bin as stacked bars (a bin is a span of time): each QuadClass
// series holds the sum of itself and the ones below it, drawn tallest first.
const bars = uPlot.paths.bars({ size: [0.9, 40], align: 1 });

/**
 * Draws `series` (the API's rows) over the filter's range [since, until]
 * (either may be empty: the data's own range). `zoom` is [from, to] in
 * seconds or null; `onZoom(from, to)` is called when the user drags.
 */
export function drawChart({ series, bin, since, until, zoom, onZoom }) {
  const box = $("#chart");
  plot?.destroy();
  plot = null;
  box.replaceChildren();
  const total = series.reduce((a, r) => a + r.events, 0);
  box.dataset.events = String(total);
  box.dataset.bin = bin;
  if (!series.length) {
    box.dataset.points = "0";
    box.append(el("p", { class: "empty", text: "No events match these filters." }));
    describe("No events match these filters.");
    return;
  }
  const from = binStart(since ? boundTs(since) : periodTs(series[0].period), bin);
  const to = until ? boundTs(until, true) : periodTs(series[series.length - 1].period);
  const byPeriod = new Map(series.map((r) => [periodTs(r.period), r]));
  const xs = [], quads = [[], [], [], []], gold = [];
  for (let t = from; t <= to; t = nextBin(t, bin)) {
    const r = byPeriod.get(t);
    xs.push(t);
    for (let q = 0; q < 4; q++) quads[q].push(r ? r.quad[q] : 0);
    gold.push(r && r.events ? r.goldstein_sum / r.events : null);
  }
  const sums = quads.map((s) => s.reduce((a, b) => a + b, 0));
  box.dataset.points = String(xs.length);
  box.dataset.quads = sums.join(",");
  box.dataset.first = isoDay(xs[0]);
  box.dataset.last = isoDay(xs[xs.length - 1]);
  const goldAll = series.reduce((a, r) => a + r.goldstein_sum, 0) / Math.max(1, total);
  const few = xs.length <= 60;
  // Stacked: Q4 at the bottom, then Q3, Q2, Q1 on top.
  const stacked = [0, 1, 2, 3].map((q) => xs.map((_, i) => quads.slice(q).reduce((a, s) => a + s[i], 0)));
  plot = new uPlot(
    {
      width: Math.max(280, box.clientWidth),
      height: 260,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      cursor: { drag: { x: true, y: false, setScale: false } },
      scales: {
        x: { time: true, range: () => (zoom ? [zoom[0], zoom[1] + DAY - 1] : [xs[0], nextBin(xs[xs.length - 1], bin) - 1]) },
        n: { range: (u, min, max) => [0, Math.max(1, max)] },
        g: { range: [-10, 10] },
      },
      legend: { live: true },
      series: [
        { label: "UTC" },
        ...QUADS.map((label, q) => ({
          label: `Q${q + 1} ${label}`,
          stroke: QUAD_COLOURS[q],
          fill: QUAD_COLOURS[q],
          width: 0,
          points: { show: false },
          scale: "n",
          paths: bars,
          // The legend says the QuadClass's own count, not the stack's height.
          value: (u, v, si, i) => (i == null ? "--" : String(quads[q][i])),
        })),
        { label: "mean Goldstein", stroke: "#222", width: 1.5, dash: [6, 4], scale: "g", spanGaps: false, points: { show: few, size: 4 } },
      ],
      axes: [
        {},
        { scale: "n", label: `events per ${bin}`, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5] },
        { scale: "g", side: 1, label: "mean Goldstein", grid: { show: false } },
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 4) return;
            const a = u.posToVal(u.select.left, "x"), b = u.posToVal(u.select.left + u.select.width, "x");
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            onZoom(boundTs(isoDay(a)), boundTs(isoDay(b)));
          },
        ],
      },
    },
    [xs, ...stacked, gold],
    box
  );
  const range = zoom ? ` Zoomed to ${isoDay(zoom[0])} – ${isoDay(zoom[1])}.` : "";
  describe(
    `${total} event${total === 1 ? "" : "s"} from ${isoDay(xs[0])} to ${isoDay(nextBin(xs[xs.length - 1], bin) - DAY)}, by ${bin}: ` +
      QUADS.map((l, q) => `${sums[q]} ${l}`).join(", ") +
      `; mean Goldstein ${goldAll.toFixed(1)}.${range}`
  );
}

function describe(text) {
  $("#chart").setAttribute("aria-label", `Events over time. ${text}`);
  $("#chart-summary").textContent = text;
}

export function resizeChart() {
  if (plot) plot.setSize({ width: Math.max(280, $("#chart").clientWidth), height: 260 });
}
