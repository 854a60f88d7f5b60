#!/usr/bin/env node
// Writes both stacks as HCL into synth-hcl/ for reading only. cdktf's HCL renderer garbles JSON strings that contain
// references (policies, dashboards), so the app stack's HCL does not parse; the exit to plain Terraform is the JSON
// in cdktf.out (docs/deploying.md, "Leaving cdktf").
//
// Never into cdktf.out: Terraform loads every *.tf and *.tf.json in a stack directory, so cdk.tf next to cdk.tf.json
// would declare everything twice. cdktf's HCL renderer drops top-level blocks that come from stack overrides (here
// the `ephemeral` blocks: ECR token, generated passwords); they are copied from the JSON synthesis into
// overrides.tf.json beside cdk.tf, which Terraform reads together with it.
const { execFileSync } = require("node:child_process");
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const root = join(__dirname, "..");
const output = join(root, "synth-hcl");
const cdktf = join(root, "node_modules", ".bin", "cdktf");
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };

function synth(outdir, extraArgs) {
  execFileSync(cdktf, ["synth", "--output", outdir, ...extraArgs], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  return JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
}

rmSync(output, { recursive: true, force: true });
const manifest = synth(output, ["--hcl"]);

let json;
for (const [name, stack] of Object.entries(manifest.stacks)) {
  const metadata = JSON.parse(readFileSync(join(output, stack.stackMetadataPath), "utf8"))["//"].metadata;
  const dropped = (metadata.overrides?.stack ?? []).filter((key) => key !== "terraform");
  if (dropped.length === 0) continue;
  json ??= mkdtempSync(join(tmpdir(), "synth-json-"));
  if (!existsSync(join(json, "manifest.json"))) synth(json, []);
  const full = JSON.parse(readFileSync(join(json, "stacks", name, "cdk.tf.json"), "utf8"));
  const blocks = Object.fromEntries(dropped.map((key) => [key, full[key]]));
  writeFileSync(join(output, stack.workingDirectory, "overrides.tf.json"), `${JSON.stringify(blocks, null, 2)}\n`);
}
if (json) rmSync(json, { recursive: true, force: true });

for (const stack of Object.values(manifest.stacks)) {
  const extra = existsSync(join(output, stack.workingDirectory, "overrides.tf.json")) ? " (+ overrides.tf.json)" : "";
  process.stdout.write(`HCL for ${stack.name}: synth-hcl/${stack.synthesizedStackPath}${extra}\n`);
}
process.stdout.write(
  "For reading only: cdktf's HCL rendering garbles strings that contain references, so Terraform cannot parse it.\n" +
    'To leave cdktf, use cdktf.out/stacks/<stack>/cdk.tf.json with plain Terraform (docs/deploying.md, "Leaving cdktf").\n',
);
