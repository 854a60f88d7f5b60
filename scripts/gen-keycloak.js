#!/usr/bin/env node
// Regenerates the committed Keycloak provider bindings (.gen/: providers/keycloak, versions.json, constraints.json)
// for the pin in cdktf.json.
//
// `cdktf get` runs in a scratch copy of the project; the committed bindings are replaced only after it has produced
// new ones. Without Terraform, registry access or a provider mirror it stops with one message saying what is missing,
// and .gen/ stays exactly as committed.
const { spawnSync } = require("node:child_process");
const { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { delimiter, join } = require("node:path");

const root = join(__dirname, "..");
const generated = ".gen";
const cdktfJson = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8"));
const pin = cdktfJson.terraformProviders.find((provider) => provider.startsWith("keycloak/keycloak@"));

function fail(message) {
  process.stderr.write(`gen:keycloak: ${message}\n.gen/ is unchanged.\n`);
  process.exit(1);
}

if (!pin) fail("cdktf.json has no keycloak/keycloak@<version> in terraformProviders; add the pin first.");

const terraform = (process.env.PATH ?? "")
  .split(delimiter)
  .map((directory) => join(directory, "terraform"))
  .find((candidate) => existsSync(candidate));
if (!terraform) {
  fail(
    `needs terraform (>= 1.11) on PATH to fetch ${pin}'s schema. Install it, or run \`npm run toolchain -- rung1\` ` +
      "and put ~/.cache/mcp-gateway-cdktf/bin on PATH.",
  );
}

const scratch = mkdtempSync(join(tmpdir(), "gen-keycloak-"));
try {
  writeFileSync(join(scratch, "cdktf.json"), JSON.stringify({ ...cdktfJson, codeMakerOutput: ".gen" }, null, 2));
  cpSync(join(root, "package.json"), join(scratch, "package.json"));
  symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"));
  const result = spawnSync(join(root, "node_modules", ".bin", "cdktf"), ["get", "--force"], {
    cwd: scratch,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
    encoding: "utf8",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0 || !existsSync(join(scratch, generated, "providers", "keycloak", "provider", "index.ts"))) {
    const reason = /Failed to query available provider packages|could not connect|no such host|dial tcp|registry\.terraform\.io/i.test(
      output,
    )
      ? `could not download ${pin} (no access to registry.terraform.io?). Offline, point TF_CLI_CONFIG_FILE at a ` +
        'filesystem mirror that holds it (docs/testing.md, "The toolchain, offline").'
      : `cdktf get failed for ${pin}.`;
    // cdktf logs each line with colour and a timestamp, often twice; keep Terraform's own error sentences, once.
    const lines = output
      // eslint-disable-next-line no-control-regex -- removing the terminal's colour sequences is the point
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .map((line) =>
        line
          .replace(/^\[[^\]]*\] \[\w+\] default - /, "")
          .replace(/^[\s│╷╵]+/, "")
          .trim(),
      )
      .filter((line) => /^(Error:|Could not|Failed)/.test(line));
    const detail = [...new Set(lines)]
      .slice(0, 4)
      .map((line) => `  ${line}`)
      .join("\n");
    fail(detail ? `${reason}\n${detail}` : reason);
  }
  const previous = join(root, `${generated}.previous`);
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(join(root, generated))) renameSync(join(root, generated), previous);
  cpSync(join(scratch, generated), join(root, generated), { recursive: true });
  rmSync(previous, { recursive: true, force: true });
  process.stdout.write(`Regenerated ${generated} for ${pin}; review with git diff -- .gen\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
