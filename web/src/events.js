// The events table (rows open the event; "load more" follows the API's
// cursor) and the event view: everything the store knows about one event.
import { $, el, api, QUADS, describeDate, highlighted, plural } from "./util.js";

const codeNames = new Map();

export function setCodeNames(codes) {
  for (const c of codes) codeNames.set(c.code, c.name);
}

const actorCell = (code, label) => el("td", { title: label || null }, code || "—", label ? el("small", { class: "label" }, label) : null);

/** Appends table rows for `events`; `onOpen(id)` when one is chosen. */
export function appendRows(events, onOpen) {
  const tbody = $("#events tbody");
  for (const e of events) {
    const ev = e.evidence;
    const tr = el(
      "tr",
      { tabindex: 0, dataset: { id: String(e.id) }, onclick: () => onOpen(e.id), onkeydown: (k) => k.key === "Enter" && onOpen(e.id) },
      el("td", { class: "date" }, e.event_date),
      actorCell(e.source, e.source_label),
      actorCell(e.target, e.target_label),
      el("td", { class: `q${e.quad_class}`, title: QUADS[e.quad_class - 1] || null }, el("span", { class: "code" }, e.code), " ", codeNames.get(e.code) || e.code_name || ""),
      el("td", { class: "num" }, e.goldstein.toFixed(1)),
      el("td", { class: "num" }, String(e.num_mentions)),
      el("td", { class: "evidence" }, ev ? highlighted(ev.sentence_text, [[...ev.trigger_in_sentence, "trigger", "trigger"]]) : "")
    );
    tbody.append(tr);
  }
}

export function markOpenRow(id) {
  for (const tr of document.querySelectorAll("#events tbody tr")) {
    const on = tr.dataset.id === String(id);
    tr.classList.toggle("open", on);
    tr.setAttribute("aria-selected", String(on));
  }
}

function field(name, ...value) {
  return [el("dt", { text: name }), el("dd", {}, ...value)];
}

function actorLine(code, label, text) {
  if (!code) return "none (an act without a recipient)";
  return [el("span", { class: "code" }, code), label ? ` ${label}` : "", text ? el("span", { class: "muted" }, ` — “${text}”`) : ""];
}

function chain(attribution) {
  return attribution.map((a) => a.text + (a.actor ? ` (${a.actor})` : "")).join(" → ");
}

function mentionItem(m) {
  const spans = [
    [...m.trigger_in_sentence, "trigger", "trigger"],
    [...m.source_in_sentence, "source", "source"],
    m.target_in_sentence ? [...m.target_in_sentence, "target", "target"] : null,
  ];
  const doc = m.url ? el("a", { href: m.url, target: "_blank", rel: "noopener noreferrer" }, m.title || m.url) : el("span", {}, m.title || m.doc_id);
  return el(
    "li",
    {},
    el("div", { class: "doc" }, doc, el("span", { class: "muted" }, ` · ${m.outlet || "unknown outlet"} · ${m.report_date}`), m.hypothetical ? el("span", { class: "muted" }, " · hypothetical") : null),
    el("blockquote", {}, highlighted(m.sentence_text, spans)),
    m.attribution.length ? el("div", { class: "muted" }, "reported by ", chain(m.attribution)) : null,
    el("div", { class: "muted small" }, `sentence ${m.sentence} of ${m.doc_id} · rule ${m.rule}`)
  );
}

/** Opens the event view for `id`; `onClose` when the user closes it. */
export async function openEvent(id, onClose) {
  const dlg = $("#event");
  const body = $("#event-body");
  body.replaceChildren(el("p", { text: "Loading…" }));
  if (!dlg.open) dlg.showModal();
  dlg.onclose = onClose;
  try {
    const e = await api(`/api/events/${encodeURIComponent(id)}`, {});
    const loc = e.location;
    $("#event-title").textContent = `${e.code} ${e.code_name || codeNames.get(e.code) || ""}`;
    body.replaceChildren(
      el(
        "dl",
        {},
        field("QuadClass", `${e.quad_class} ${QUADS[e.quad_class - 1] || ""}`),
        field("Goldstein", e.goldstein.toFixed(1)),
        field("Source", actorLine(e.source, e.source_label, e.source_text)),
        field("Target", actorLine(e.target, e.target_label, e.target_text)),
        field("Event date", describeDate(e)),
        field("Reported", e.first_seen === e.last_seen ? e.first_seen : `${e.first_seen} to ${e.last_seen}`),
        field("Location", loc ? `${loc.name}, ${loc.country_iso3} (${loc.precision}; ${loc.lat}, ${loc.lon}; GeoNames ${loc.geonames_id})` : "not located"),
        field("Attribution", e.attribution.length ? chain(e.attribution) : "none: the text states it"),
        field("Counts", `${plural(e.num_mentions, "mention")} in ${plural(e.num_articles, "article")} from ${plural(e.num_sources, "source")}`)
      ),
      el("h3", { text: `Mentions (${e.mentions.length}${e.mentions.length < e.num_mentions ? ` of ${e.num_mentions}` : ""})` }),
      el("p", { class: "legend" }, el("mark", { class: "trigger" }, "trigger"), " ", el("mark", { class: "source" }, "source"), " ", el("mark", { class: "target" }, "target")),
      el("ol", { class: "mentions" }, e.mentions.map(mentionItem))
    );
    dlg.dataset.id = String(e.id);
  } catch (err) {
    body.replaceChildren(el("p", { class: "error", role: "alert", text: String(err.message || err) }));
  }
}
