// Bundles the dashboard into crates/dyads-serve/assets/ (committed): the
// binary embeds these files, so building dyads never needs Node.js.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";

const out = new URL("../crates/dyads-serve/assets/", import.meta.url).pathname;
await build({
  entryPoints: ["src/app.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: out + "app.js",
  legalComments: "inline",
});
const css = readFileSync("node_modules/uplot/dist/uPlot.min.css", "utf8") + "\n" + readFileSync("src/app.css", "utf8");
writeFileSync(out + "app.css", css);
console.log("wrote", out + "app.js", out + "app.css");
