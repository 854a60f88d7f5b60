#!/usr/bin/env node
// Synthesizes both stacks repeatedly, the way cdktf.json runs the app, through `npm run synth` (the dev loop: npm's
// start-up on top of the app) and the cdktf template's way (ts-node), and prints the median wall time and peak memory
// of each, and what npm run synth costs against the app alone. Usage: npm run bench [-- --runs N]
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join, resolve } = require("node:path");

const root = resolve(__dirname, "..");
const runsFlag = process.argv.indexOf("--runs");
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const preload = join(__dirname, "peak-memory.js");

const appCommand = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app.split(" ");
if (appCommand[0] !== "node") throw new Error(`cdktf.json app must start with node to be benchmarked: ${appCommand.join(" ")}`);

const node = (...args) => ({ command: process.execPath, args: () => args, env: (out) => ({ CDKTF_OUTDIR: out }) });
const variants = [
  { name: "cdktf.json app", ...node("-r", preload, ...appCommand.slice(1)) },
  {
    name: "npm run synth",
    command: "npm",
    args: (out) => ["run", "-s", "synth", "--", "--output", out],
    // Every node process npm starts records its peak; the largest counts.
    env: () => ({ NODE_OPTIONS: `--require ${preload}` }),
  },
  { name: "template (ts-node)", ...node("-r", preload, "-r", "ts-node/register", "main.ts") },
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const results = [];
for (const variant of variants) {
  const seconds = [];
  const memory = [];
  for (let run = 0; run < runs; run += 1) {
    const scratch = mkdtempSync(join(tmpdir(), "mcp-gateway-bench-"));
    const rssFile = join(scratch, "rss");
    writeFileSync(rssFile, "");
    const started = process.hrtime.bigint();
    const out = join(scratch, "out");
    const result = spawnSync(variant.command, variant.args(out), {
      cwd: root,
      env: { ...process.env, ...variant.env(out), BENCH_RSS_FILE: rssFile, TS_NODE_TRANSPILE_ONLY: "" },
      encoding: "utf8",
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      process.stderr.write(result.stderr);
      throw new Error(`${variant.name} failed`);
    }
    seconds.push(elapsed);
    memory.push(Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number)) / 1024);
    rmSync(scratch, { recursive: true, force: true });
  }
  results.push({ name: variant.name, seconds: median(seconds), megabytes: median(memory) });
}

console.log(`Synthesis of both stacks, median of ${runs} runs:`);
for (const result of results) {
  console.log(`  ${result.name.padEnd(20)} ${result.seconds.toFixed(2)} s  ${result.megabytes.toFixed(0)} MB peak`);
}
const [app, npmSynth, template] = results;
console.log(`  npm run synth / app:   ${(npmSynth.seconds / app.seconds).toFixed(2)}x`);
console.log(`  speed-up over ts-node: ${(template.seconds / app.seconds).toFixed(1)}x`);
