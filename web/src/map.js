// The map: located events on Natural Earth's world outline (equirectangular,
// drawn once from a path made at build time), one circle per place sized by
// mentions and coloured by its most frequent QuadClass. Clicking a place
// (or Enter on it) shows its events.
import world from "world-outline";
import { $, QUADS, QUAD_COLOURS, plural } from "./util.js";

const NS = "http://www.w3.org/2000/svg";
const svg = (tag, attrs) => {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};

export function initMap() {
  const box = $("#map");
  const root = svg("svg", { viewBox: "0 5 360 148", role: "group", "aria-label": "Map of located events", preserveAspectRatio: "xMidYMid meet" });
  root.append(svg("rect", { x: 0, y: 0, width: 360, height: 180, class: "sea" }), svg("path", { d: world, class: "land" }), svg("g", { id: "map-points" }));
  box.replaceChildren(root);
}

/** Draws `places` (the API's rows); `selected` is a place key or "". */
export function drawMap(places, selected, onPick) {
  const g = $("#map-points");
  g.replaceChildren();
  const max = Math.max(1, ...places.map((p) => p.mentions));
  // Largest first, so small places stay clickable on top.
  for (const p of [...places].sort((a, b) => b.mentions - a.mentions)) {
    const { lat, lon, name, country_iso3 } = p.location;
    const q = p.quad.indexOf(Math.max(...p.quad));
    const c = svg("circle", {
      cx: (lon + 180).toFixed(2),
      cy: (90 - lat).toFixed(2),
      r: (1.2 + 5 * Math.sqrt(p.mentions / max)).toFixed(2),
      fill: QUAD_COLOURS[q],
      class: p.key === selected ? "place selected" : "place",
      tabindex: 0,
      role: "button",
      "aria-pressed": String(p.key === selected),
      "data-key": p.key,
    });
    const title = svg("title", {});
    title.textContent = `${name}, ${country_iso3}: ${plural(p.events, "event")}, ${plural(p.mentions, "mention")}; mostly ${QUADS[q]}`;
    c.append(title);
    c.addEventListener("click", () => onPick(p.key));
    c.addEventListener("keydown", (ev) => (ev.key === "Enter" || ev.key === " ") && (ev.preventDefault(), onPick(p.key)));
    g.append(c);
  }
  $("#map").dataset.places = String(places.length);
  $("#map-note").textContent = places.length ? `${plural(places.length, "place")} with located events` : "No located events for these filters.";
}
