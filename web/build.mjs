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
  const ring = (coords) => {
    let last = null;
    for (const [lon, lat] of coords) {
      const p = [r(lon + 180), r(90 - lat)];
      if (last && p[0] === last[0] && p[1] === last[1]) continue;
      // A ring crossing the antimeridian (Russia, Fiji) jumps across the map: start a new subpath instead.
      const cmd = !last || Math.abs(p[0] - last[0]) > 180 ? "M" : "L";
      d += `${cmd}${p[0]} ${p[1]}`;
      last = p;
    }
    d += "Z";
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
