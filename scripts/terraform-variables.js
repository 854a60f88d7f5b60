#!/usr/bin/env node
// Passes the stacks' required Terraform variables to Terraform in GitHub Actions, from repository or environment
// secrets named TF_VAR_<VARIABLE NAME IN UPPER CASE> (GitHub stores secret names in upper case; Terraform's are
// case-sensitive, and every variable of these stacks is lower case).
//
//   node scripts/terraform-variables.js --outdir cdktf.out [--backend local|s3|cloud] [--execution remote|agent|local]
//
// Reads the synthesized stacks, so a variable added to the code is required here without editing the workflow.
// Secrets come as JSON in DEPLOY_SECRETS (`toJSON(secrets)`); only TF_VAR_* entries are read. Each required variable
// found is appended to $GITHUB_ENV for the following steps; if any is missing, it exits 1 naming every missing secret.
// Terraform Cloud remote runs never see environment variables from here: then it lists the workspace variables to
// set instead and exports nothing.
const { appendFileSync, readFileSync } = require("node:fs");
const { randomBytes } = require("node:crypto");
const { join } = require("node:path");

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** Variables without a default, per stack: Terraform stops a non-interactive apply without them. */
function requiredVariables(outdir) {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  return Object.values(manifest.stacks).flatMap((stack) => {
    const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"));
    return Object.entries(json.variable ?? {})
      .filter(([, variable]) => !("default" in variable))
      .map(([name, variable]) => ({ stack: stack.name, name, sensitive: variable.sensitive === true }));
  });
}

const secretName = (variable) => `TF_VAR_${variable.toUpperCase()}`;

function main() {
  const outdir = argument("outdir", "cdktf.out");
  const backend = argument("backend", "local");
  const execution = argument("execution", "remote");
  const required = requiredVariables(outdir);
  if (required.length === 0) {
    console.log("No required Terraform variables.");
    return;
  }
  if (backend === "cloud" && execution === "remote") {
    console.log("Terraform Cloud remote runs read variables from their workspace, not from this runner. Set these as");
    console.log("sensitive Terraform variables on the workspaces:");
    for (const variable of required) console.log(`  ${variable.stack}: ${variable.name}`);
    return;
  }
  const secrets = JSON.parse(process.env.DEPLOY_SECRETS || "{}");
  const missing = required.filter((variable) => !secrets[secretName(variable.name)]);
  if (missing.length > 0) {
    console.error(`Missing ${missing.length} secret(s) for required Terraform variables; add them under Settings → Secrets and`);
    console.error("variables → Actions (repository) or to the deployment environment:");
    for (const variable of missing)
      console.error(`  ${secretName(variable.name)}   (variable ${variable.name} of the ${variable.stack} stack)`);
    process.exit(1);
  }
  const githubEnv = process.env.GITHUB_ENV;
  if (!githubEnv) {
    console.error("GITHUB_ENV is not set: run this inside GitHub Actions.");
    process.exit(1);
  }
  for (const variable of required) {
    const delimiter = `EOF_${randomBytes(12).toString("hex")}`;
    appendFileSync(githubEnv, `TF_VAR_${variable.name}<<${delimiter}\n${secrets[secretName(variable.name)]}\n${delimiter}\n`);
    console.log(`TF_VAR_${variable.name}: from secret ${secretName(variable.name)}`);
  }
}

main();
