// Bundles the dashboard into crates/dyads-serve/assets/ (committed): the
// binary embeds these files, so building dyads never needs Node.js.
// The map's world outline is made here, once: Natural Earth's 1:110m
// countries (public domain, via the world-atlas package's TopoJSON) become
// one SVG path in an equirectangular projection (x = lon + 180, y = 90 - lat),
// so the page needs no map library and no tile server.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";

function worldPath() {
  const topology = JSON.parse(readFileSync("node_modules/world-atlas/countries-110m.json", "utf8"));
  const countries = feature(topology, topology.objects.countries);
  const r = (v) => Math.round(v * 5) / 5; // 0.2 degree: finer than the 110m data shows at page size
  let d = "";
  // A ring crossing the antimeridian (Russia, Fiji) is cut there into
  // pieces that each start and end on the map's edge, so neither stroke nor
  // fill runs across the map.
  const jumps = (a, b) => Math.abs(a[0] - b[0]) > 180;
  const ring = (coords) => {
    const n = coords.length;
    const start = coords.findIndex((c, i) => i > 0 && jumps(coords[i - 1], c));
    const pts = start < 0 ? coords : [...coords.slice(start), ...coords.slice(1, start + 1)];
    let last = null;
    const point = (cmd, lon, lat) => {
      const p = [r(lon + 180), r(90 - lat)];
      if (cmd === "L" && last && p[0] === last[0] && p[1] === last[1]) return;
      d += `${cmd}${p[0]} ${p[1]}`;
      last = p;
    };
    pts.forEach(([lon, lat], i) => {
      if (i === 0) return point("M", lon, lat);
      const [plon, plat] = pts[i - 1];
      if (Math.abs(lon - plon) > 180) {
        const edge = plon > 0 ? 180 : -180;
        const unwrapped = plon > 0 ? lon + 360 : lon - 360;
        const y = unwrapped === plon ? plat : plat + ((edge - plon) / (unwrapped - plon)) * (lat - plat);
        point("L", edge, y);
        point("M", -edge, y);
      }
      point("L", lon, lat);
    });
    if (start < 0 && n) d += "Z";
  };
  for (const f of countries.features) {
    const g = f.geometry;
    if (!g) continue;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    for (const poly of polys) for (const rg of poly) ring(rg);
  }
  return d.replace(/\.0(?=\D)/g, "").replace(/ -/g, "-").replace(/([ML])0\./g, "$1.");
}

const worldOutline = {
  name: "world-outline",
  setup(b) {
    b.onResolve({ filter: /^world-outline$/ }, () => ({ path: "world-outline", namespace: "world" }));
    b.onLoad({ filter: /.*/, namespace: "world" }, () => ({ contents: `export default ${JSON.stringify(worldPath())};`, loader: "js" }));
  },
};

const out = new URL("../crates/dyads-serve/assets/", import.meta.url).pathname;
await build({
  entryPoints: ["src/app.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: out + "app.js",
  legalComments: "inline",
  plugins: [worldOutline],
  banner: { js: "/* World outline: Natural Earth 1:110m countries (public domain), via world-atlas (ISC). */" },
});
const css = readFileSync("node_modules/uplot/dist/uPlot.min.css", "utf8") + "\n" + readFileSync("src/app.css", "utf8");
writeFileSync(out + "app.css", css);
console.log("wrote", out + "app.js", out + "app.css");
