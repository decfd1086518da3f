// Small helpers shared by the dashboard's views.

export const $ = (sel) => document.querySelector(sel);

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null) e.append(c);
  return e;
}

/** GET a JSON route; a non-2xx answer throws its `error` message. */
export async function api(path, params = {}) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null && v !== false));
  const res = await fetch(qs.toString() ? `${path}?${qs}` : path);
  const body = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

export const QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
export const QUAD_COLOURS = ["#4a90c8", "#1f5f99", "#e08a3c", "#b8322a"];

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD" that is a real calendar date, else null. */
export function checkDate(s) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
  if (mo < 1 || mo > 12) return null;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > last) return null;
  return s;
}

/** First (or, with `end`, last) day of a date bound, as a UTC timestamp in seconds. */
export function boundTs(s, end = false) {
  const [y, m, d] = s.split("-").map(Number);
  if (!end) return Date.UTC(y, (m || 1) - 1, d || 1) / 1000;
  if (d) return Date.UTC(y, m - 1, d) / 1000;
  if (m) return Date.UTC(y, m, 0) / 1000;
  return Date.UTC(y, 11, 31) / 1000;
}

export const isoDay = (ts) => new Date(ts * 1000).toISOString().slice(0, 10);

/** A date with its precision or range, as a reader says it. */
export function describeDate(e) {
  if (e.date_range) {
    const [a, b] = e.date_range;
    if (a && b) return `between ${a} and ${b}`;
    if (b) return `before ${b}`;
    if (a) return `after ${a}`;
  }
  const p = { day: "", week: " (within the week)", month: " (month)", year: " (year)", report: " (report date: no date in the text)", range: "" }[e.date_precision] ?? ` (${e.date_precision})`;
  return e.event_date + p;
}

/**
 * The sentence with byte spans (UTF-8, as the API gives them) marked:
 * `spans` are [start, end, className, label]; earlier spans win overlaps.
 */
export function highlighted(sentence, spans) {
  const bytes = new TextEncoder().encode(sentence);
  const dec = new TextDecoder();
  const cuts = new Set([0, bytes.length]);
  const valid = spans.filter((s) => s && s[0] >= 0 && s[1] <= bytes.length && s[0] < s[1]);
  for (const [a, b] of valid) cuts.add(a), cuts.add(b);
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const part = dec.decode(bytes.slice(a, b));
    const span = valid.find(([s, e]) => s <= a && b <= e);
    out.push(span ? el("mark", { class: span[2], title: span[3] }, part) : part);
  }
  return out;
}

/** "1 event", "2 events". */
export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
