// Preloaded into a benchmarked process: records its peak resident memory (KiB) when it exits.
const { appendFileSync } = require("node:fs");

process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
