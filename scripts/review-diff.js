#!/usr/bin/env node
// Compares two `cdktf synth` output directories and prints a Markdown review of the differences, per stack: which
// resource addresses are added, changed or removed, then a unified diff of the configuration normalised to YAML
// (cdktf's "//" metadata dropped, keys sorted), which reads like the Terraform it is.
//
//   node scripts/review-diff.js --base base/cdktf.out --head cdktf.out --title config/example.yaml
//
// A missing base directory (the base branch failed to synthesize, or did not have this configuration) is reported,
// and every stack of head then counts as added.
const { spawnSync } = require("node:child_process");
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { stringify } = require("yaml");

const MAX_DIFF_CHARS = 20000;

function parseArgs(argv) {
  const args = {};
  for (let index = 0; index < argv.length; index += 2) {
    const key = argv[index];
    if (!["--base", "--head", "--title"].includes(key) || argv[index + 1] === undefined) {
      throw new Error(`usage: review-diff.js --base <cdktf.out> --head <cdktf.out> --title <text> (got ${argv.join(" ")})`);
    }
    args[key.slice(2)] = argv[index + 1];
  }
  if (!args.head || !args.title) throw new Error("--head and --title are required");
  return args;
}

function withoutMetadata(value) {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "//")
        .map(([key, inner]) => [key, withoutMetadata(inner)]),
    );
  }
  return value;
}

/** Stack name → normalised configuration, from a synth output directory (empty when it does not exist). */
function readStacks(outdir) {
  const manifestPath = outdir && join(outdir, "manifest.json");
  if (!manifestPath || !existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  return Object.fromEntries(
    Object.values(manifest.stacks).map((stack) => [
      stack.name,
      withoutMetadata(JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"))),
    ]),
  );
}

/** `type.name` (and `data.type.name`) → canonical JSON of its configuration. */
function addressIndex(stack) {
  const index = new Map();
  for (const [prefix, section] of [
    ["", stack?.resource],
    ["data.", stack?.data],
    ["ephemeral.", stack?.ephemeral],
  ]) {
    for (const [type, byName] of Object.entries(section ?? {})) {
      for (const [name, body] of Object.entries(byName)) index.set(`${prefix}${type}.${name}`, stringify(body, { sortMapEntries: true }));
    }
  }
  return index;
}

function summarize(base, head) {
  const before = addressIndex(base);
  const after = addressIndex(head);
  const added = [...after.keys()].filter((address) => !before.has(address)).sort();
  const removed = [...before.keys()].filter((address) => !after.has(address)).sort();
  const changed = [...after.keys()].filter((address) => before.has(address) && before.get(address) !== after.get(address)).sort();
  return { added, removed, changed };
}

function unifiedDiff(base, head, stackName) {
  const directory = mkdtempSync(join(tmpdir(), "review-diff-"));
  const render = (stack) => (stack ? stringify(stack, { sortMapEntries: true, lineWidth: 0 }) : "");
  writeFileSync(join(directory, "base"), render(base));
  writeFileSync(join(directory, "head"), render(head));
  const result = spawnSync("diff", ["-u", "--label", `base/${stackName}`, "--label", `head/${stackName}`, "base", "head"], {
    cwd: directory,
    encoding: "utf8",
  });
  rmSync(directory, { recursive: true, force: true });
  if (result.status === 2 || result.error) throw new Error(`diff failed: ${result.stderr || result.error}`);
  return result.stdout;
}

function addressList(label, addresses) {
  if (addresses.length === 0) return [];
  const shown = addresses
    .slice(0, 30)
    .map((address) => `\`${address}\``)
    .join(", ");
  return [`- **${label}** (${addresses.length}): ${shown}${addresses.length > 30 ? ", …" : ""}`];
}

function review({ base: baseDir, head: headDir, title }) {
  const head = readStacks(headDir);
  if (!head) throw new Error(`${headDir} has no manifest.json; run cdktf synth first`);
  const base = readStacks(baseDir);
  const lines = [`### \`${title}\``, ""];
  if (!base) lines.push("_The base branch produced no synthesized output for this configuration; everything counts as added._", "");
  const names = [...new Set([...Object.keys(base ?? {}), ...Object.keys(head)])].sort();
  for (const name of names) {
    const diff = unifiedDiff(base?.[name], head[name], name);
    if (diff === "") {
      lines.push(`**Stack \`${name}\`**: no changes.`, "");
      continue;
    }
    const { added, removed, changed } = summarize(base?.[name], head[name]);
    const shown =
      diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n… (truncated; the full diff is in the workflow artifact)\n` : diff;
    lines.push(
      `**Stack \`${name}\`**: ${added.length} added, ${changed.length} changed, ${removed.length} removed`,
      ...addressList("Added", added),
      ...addressList("Changed", changed),
      ...addressList("Removed", removed),
      "",
      "<details><summary>Configuration diff</summary>",
      "",
      "```diff",
      shown.trimEnd(),
      "```",
      "",
      "</details>",
      "",
    );
  }
  return lines.join("\n");
}

try {
  process.stdout.write(`${review(parseArgs(process.argv.slice(2)))}\n`);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
