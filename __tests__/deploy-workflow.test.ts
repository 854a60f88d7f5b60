import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { docSection } from "./doc-sections";
import { exampleRawConfig, Json, synthToDirectory } from "./support";

const ROOT = join(__dirname, "..");
const SCRIPT = join(ROOT, "scripts", "terraform-variables.js");

/** Required (no default) variables of a synthesized output directory. */
function requiredVariables(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  return Object.values(manifest.stacks as Record<string, { synthesizedStackPath: string }>).flatMap((stack) => {
    const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"));
    return Object.entries((json.variable ?? {}) as Record<string, Json>)
      .filter(([, variable]) => !("default" in variable))
      .map(([name]) => name);
  });
}

function runScript(outdir: string, secrets: Record<string, string>, args: string[] = []) {
  const githubEnv = join(mkdtempSync(join(tmpdir(), "github-env-")), "env");
  writeFileSync(githubEnv, "");
  const result = spawnSync(process.execPath, [SCRIPT, "--outdir", outdir, ...args], {
    env: { ...process.env, DEPLOY_SECRETS: JSON.stringify(secrets), GITHUB_ENV: githubEnv },
    encoding: "utf8",
  });
  return { ...result, exported: readFileSync(githubEnv, "utf8") };
}

/** A synthesized output in cdktf's layout: two stacks, one with a required and an optional variable. */
function fixtureOutdir(): string {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-out-"));
  const stacks = {
    certs: { variable: { optional_setting: { type: "string", default: "x" } } },
    app: { variable: { first_password: { type: "string", sensitive: true }, second_password: { type: "string", sensitive: true } } },
  };
  const manifest = {
    stacks: Object.fromEntries(Object.keys(stacks).map((name) => [name, { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` }])),
  };
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify(manifest));
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(outdir, "stacks", name), { recursive: true });
    writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  }
  return outdir;
}

const secretOf = (name: string) => `TF_VAR_${name.toUpperCase()}`;

describe("deploy workflow: every required Terraform variable comes from a secret", () => {
  const outdir = fixtureOutdir();
  const required = requiredVariables(outdir);

  test("required means declared without a default, in any stack", () => {
    expect(required).toEqual(["first_password", "second_password"]);
  });

  test("with all secrets present each required variable is exported for the following steps, and nothing else", () => {
    expect(required.length).toBeGreaterThan(0);
    const secrets = Object.fromEntries(required.map((name) => [secretOf(name), `value of ${name} with $pecial "chars"`]));
    const result = runScript(outdir, { ...secrets, UNRELATED_SECRET: "never exported" }, ["--backend", "s3"]);
    expect(result.status).toBe(0);
    for (const name of required) {
      expect(result.exported).toMatch(new RegExp(`^TF_VAR_${name}<<(EOF_[0-9a-f]+)\\nvalue of ${name} with \\$pecial "chars"\\n\\1$`, "m"));
    }
    expect(result.exported).not.toContain("never exported");
  });

  test("a missing secret stops the job before AWS is touched, naming every missing secret and its variable", () => {
    const [first, ...rest] = required;
    const result = runScript(outdir, Object.fromEntries(rest.map((name) => [secretOf(name), "x".repeat(16)])), ["--backend", "s3"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${secretOf(first)}   (variable ${first} of the app stack)`);
    expect(result.exported).toBe("");
  });

  test("Terraform Cloud remote runs get workspace variables instead: listed, not exported", () => {
    const result = runScript(outdir, {}, ["--backend", "cloud", "--execution", "remote"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`app: ${required[0]}`);
    expect(result.exported).toBe("");
  });

  test("docs/deploying.md names exactly the secrets the shipped configurations (with demo users) require", () => {
    // Variables follow the realm's users; demo users are the most there are (the examples add no other variable).
    const demo = exampleRawConfig();
    demo.keycloak.demoUsers = true;
    const shipped = requiredVariables(synthToDirectory(demo));
    const readme = docSection("docs/deploying.md", "Deploying from GitHub Actions");
    // The section that tells how secrets are named (also when no shipped configuration requires one).
    expect(readme).toContain("named `TF_VAR_<NAME>`");
    const documented = [...new Set([...readme.matchAll(/`(TF_VAR_[A-Z0-9_]+)`/g)].map((match) => match[1]))].sort();
    expect(documented).toEqual([...new Set(shipped.map(secretOf))].sort());
  });

  test("the workflow synthesizes, then exports the variables from secrets, then diffs and deploys that synthesis", () => {
    const workflow = parseYaml(readFileSync(join(ROOT, ".github", "workflows", "deploy.yml"), "utf8"));
    const steps: Json[] = workflow.jobs.deploy.steps;
    const index = (name: string) => steps.findIndex((step) => step.name === name);
    expect(index("Synthesize")).toBeGreaterThan(index("Check the configuration"));
    expect(index("Terraform variables from secrets")).toBeGreaterThan(index("Synthesize"));
    expect(index("Diff")).toBeGreaterThan(index("Terraform variables from secrets"));
    expect(index("Deploy")).toBeGreaterThan(index("Diff"));
    expect(steps[index("Synthesize")].run).toBe("npm run synth");
    expect(steps[index("Terraform variables from secrets")].env.DEPLOY_SECRETS).toBe("${{ toJSON(secrets) }}");
    for (const line of `${steps[index("Diff")].run}\n${steps[index("Deploy")].run}`.split("\n").filter((text) => text.includes("cdktf "))) {
      expect(line).toContain("--skip-synth");
    }
    expect(workflow.jobs.deploy["runs-on"]).toContain("vars.DEPLOY_RUNS_ON");
  });
});
