// The reference MJML compiler (npm mjml 4.x), for bench/bench_render.py.
//   node mjml_reference.js SOURCE.mjml ITERATIONS
// Compiles the file ITERATIONS times in this one process and prints JSON: the time of
// each compile in ms, wall (process.hrtime) and CPU (process.cpuUsage, user + system),
// the require excluded, the HTML size and the
// number of validation errors. Options match ours: no web fonts, comments kept.
"use strict";
const fs = require("fs");
const mjml2html = require("mjml");

const [file, count] = [process.argv[2], Number(process.argv[3] || 1)];
const source = fs.readFileSync(file, "utf8");
const times = [];
const cpuTimes = [];
let result = null;
for (let i = 0; i < count; i += 1) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  result = mjml2html(source, { fonts: {}, keepComments: true, validationLevel: "soft" });
  const used = process.cpuUsage(cpu);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  cpuTimes.push((used.user + used.system) / 1000);
}
process.stdout.write(JSON.stringify({
  version: require("mjml/package.json").version,
  times_ms: times,
  cpu_ms: cpuTimes,
  html_bytes: Buffer.byteLength(result.html),
  errors: result.errors.length,
}));
