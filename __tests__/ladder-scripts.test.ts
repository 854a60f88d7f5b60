import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { Json, synthStacks } from "./support";

const ROOT = join(__dirname, "..");
const ARCHIVE = "terraform-provider-aws_v6.25.0-standin_linux_amd64.xz";
const BINARY = "terraform-provider-aws_v6.25.0";

/** The values scripts/e2e/lib.sh records for the prebuilt provider. */
function recorded(name: string): string {
  const match = readFileSync(join(ROOT, "scripts/e2e/lib.sh"), "utf8").match(new RegExp(`^${name}="([0-9a-f]{64})"$`, "m"));
  if (!match) throw new Error(`scripts/e2e/lib.sh records no ${name}`);
  return match[1];
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("scripts/toolchain.sh with MCP_GATEWAY_PREBUILT_TOOLS", () => {
  function installFrom(prebuilt: string) {
    const cache = mkdtempSync(join(tmpdir(), "mcp-gateway-toolchain-"));
    const run = spawnSync("bash", [join(ROOT, "scripts/toolchain.sh"), "aws-provider"], {
      env: { ...process.env, MCP_GATEWAY_CACHE: cache, MCP_GATEWAY_PREBUILT_TOOLS: prebuilt },
      encoding: "utf8",
    });
    const binary = join(cache, "providers/registry.terraform.io/hashicorp/aws/6.25.0/linux_amd64", BINARY);
    return {
      status: run.status,
      output: `${run.stdout}${run.stderr}`,
      installed: existsSync(binary),
      partial: existsSync(`${binary}.partial`),
    };
  }

  function prebuiltDirectory(archive: string, sums: { archive?: string; binary?: string } = {}): string {
    const directory = mkdtempSync(join(tmpdir(), "mcp-gateway-prebuilt-"));
    writeFileSync(join(directory, ARCHIVE), archive);
    writeFileSync(
      join(directory, "SHA256SUMS.xz"),
      `${sums.archive ?? recorded("E2E_AWS_PROVIDER_PREBUILT_ARCHIVE_SHA256")}  ${ARCHIVE}\n`,
    );
    writeFileSync(join(directory, "SHA256SUMS"), `${sums.binary ?? recorded("E2E_AWS_PROVIDER_PREBUILT_BINARY_SHA256")}  ${BINARY}\n`);
    return directory;
  }

  it("refuses an archive whose sha256 is not the recorded one, before unpacking, and does not build instead", () => {
    const archive = "not the provider";
    const result = installFrom(prebuiltDirectory(archive));
    expect(result.status).toBe(1);
    expect(result.output).toContain(`has sha256 ${sha256(archive)}`);
    expect(result.output).toContain(recorded("E2E_AWS_PROVIDER_PREBUILT_ARCHIVE_SHA256"));
    expect(result.output).not.toMatch(/building a STAND-IN/);
    expect(result.installed).toBe(false);
    expect(result.partial).toBe(false);
  });

  it("refuses a directory whose SHA256SUMS lists another binary than the one recorded", () => {
    const other = "0".repeat(64);
    const result = installFrom(prebuiltDirectory("irrelevant", { binary: other }));
    expect(result.status).toBe(1);
    expect(result.output).toContain(`SHA256SUMS lists sha256 '${other}' for ${BINARY}`);
    expect(result.installed).toBe(false);
  });

  it("refuses a directory whose SHA256SUMS.xz lists another archive than the one recorded", () => {
    const result = installFrom(prebuiltDirectory("irrelevant", { archive: "f".repeat(64) }));
    expect(result.status).toBe(1);
    expect(result.output).toContain(`SHA256SUMS.xz lists sha256 '${"f".repeat(64)}' for ${ARCHIVE}`);
    expect(result.installed).toBe(false);
  });

  it("fails clearly when the named directory does not exist or lacks the archive", () => {
    const missing = installFrom(join(tmpdir(), "mcp-gateway-no-such-directory"));
    expect(missing.status).toBe(1);
    expect(missing.output).toMatch(/MCP_GATEWAY_PREBUILT_TOOLS=\S+ is not a directory; unset MCP_GATEWAY_PREBUILT_TOOLS to build/);
    const empty = mkdtempSync(join(tmpdir(), "mcp-gateway-prebuilt-"));
    mkdirSync(join(empty, "unrelated"));
    const lacking = installFrom(empty);
    expect(lacking.status).toBe(1);
    expect(lacking.output).toContain(`holds no ${ARCHIVE}`);
  });
});

describe("scripts/e2e/without-provider.js (rung 1a)", () => {
  function withoutKeycloak(app: Json) {
    const file = join(mkdtempSync(join(tmpdir(), "mcp-gateway-rung1a-")), "cdk.tf.json");
    writeFileSync(file, JSON.stringify(app));
    const run = spawnSync("node", [join(ROOT, "scripts/e2e/without-provider.js"), file, "keycloak"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    return { pruned: JSON.parse(readFileSync(file, "utf8")) as Json, summary: JSON.parse(run.stdout) as Json };
  }

  it("removes exactly the keycloak provider's blocks and the orderings and triggers naming them, keeping every AWS block", () => {
    const { app } = synthStacks();
    const keycloakTypes = Object.keys(app.resource).filter((type) => type.startsWith("keycloak_"));
    expect(keycloakTypes.length).toBeGreaterThan(0);
    // An AWS block ordered after, and replaced with, a Keycloak resource (the stacks declare none today: client
    // secrets are stored before Keycloak reads them), so the script's pruning of such edges stays exercised.
    const planted = app.resource.aws_secretsmanager_secret_version.keycloak_client_secret_mcp_gateway_web_value;
    planted.depends_on = ["keycloak_openid_client.mcp_gateway_web"];
    planted.lifecycle = { replace_triggered_by: ["keycloak_openid_client.mcp_gateway_web.id"] };
    const { pruned, summary } = withoutKeycloak(app);
    expect(pruned.resource.aws_secretsmanager_secret_version.keycloak_client_secret_mcp_gateway_web_value).not.toHaveProperty("lifecycle");

    expect(Object.keys(pruned.resource).filter((type) => type.startsWith("keycloak_"))).toEqual([]);
    expect(pruned.provider.keycloak).toBeUndefined();
    expect(pruned.terraform.required_providers.keycloak).toBeUndefined();
    // A reference starts an expression or a depends_on entry (aws_ecs_service.keycloak_service is an AWS address).
    const references = (stack: Json) => JSON.stringify(stack).match(/(\$\{|"|\()keycloak_[a-z_]+\.[a-z0-9_]+/g) ?? [];
    expect(references(app).length).toBeGreaterThan(0);
    expect(references(pruned)).toEqual([]);
    const count = (stack: Json, kind: string, keep: (type: string) => boolean) =>
      Object.entries<Json>(stack[kind] ?? {})
        .filter(([type]) => keep(type))
        .reduce((n, [, blocks]) => n + Object.keys(blocks).length, 0);
    const aws = (type: string) => !type.startsWith("keycloak_");
    // The steps that act on Keycloak objects through its admin API (users' passwords) go with the provider.
    const keycloakSteps = Object.entries<Json>(app.resource.terraform_data ?? {})
      .filter(([, body]) => /\$\{keycloak_/.test(JSON.stringify({ ...body, depends_on: undefined })))
      .map(([name]) => name);
    expect(keycloakSteps.length).toBeGreaterThan(0);
    expect(Object.keys(pruned.resource.terraform_data ?? {}).filter((name) => keycloakSteps.includes(name))).toEqual([]);
    expect(summary.dependentStepsRemoved).toBe(keycloakSteps.length);
    for (const kind of ["data", "ephemeral"]) {
      expect(count(pruned, kind, aws)).toBe(count(app, kind, aws));
    }
    expect(count(pruned, "resource", aws)).toBe(count(app, "resource", aws) - keycloakSteps.length);
    expect(summary.removed.resource).toBe(count(app, "resource", (type) => type.startsWith("keycloak_")));
    expect(summary.kept.resource).toBe(count(app, "resource", aws) - keycloakSteps.length);
    expect(summary.dependsOnEdgesRemoved).toBeGreaterThan(0);
    expect(summary.replaceTriggersRemoved).toBeGreaterThan(0);
  });
});

describe("scripts/e2e/destroy-refusal.js (rung 3, destroy with deletionProtection: true)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { judge, terraformErrors } = require("../scripts/e2e/destroy-refusal.js");
  const profile = parseYaml(readFileSync(join(ROOT, "config/examples/emulator.yaml"), "utf8"));
  const protectedApp = synthStacks({ ...profile, deletionProtection: true }).app;
  const unprotectedApp = synthStacks(profile).app;

  /** A state holding one instance of every synthesized resource, as `cdktf deploy` leaves it, with the given dependencies. */
  function stateOf(stack: Json, dependencies: Record<string, string[]> = {}): Json {
    const resources = Object.entries<Json>(stack.resource).flatMap(([type, blocks]) =>
      Object.keys(blocks).map((name) => ({
        mode: "managed",
        type,
        name,
        instances: [{ attributes: {}, dependencies: dependencies[`${type}.${name}`] ?? [] }],
      })),
    );
    return { version: 4, resources };
  }

  /** Terraform's refusal for one resource, word-wrapped at 78 columns as it prints it without a terminal. */
  function refusal(address: string): string {
    const detail = `Resource ${address} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target option.`;
    const lines: string[] = [];
    for (const word of detail.split(" ")) {
      if (lines.length && `${lines[lines.length - 1]} ${word}`.length <= 78) lines[lines.length - 1] += ` ${word}`;
      else lines.push(word);
    }
    return `\nError: Instance cannot be destroyed\n\n  on cdk.tf.json line 1, in resource:\n   1: {\n\n${lines.join("\n")}\n`;
  }

  const prevented = (stack: Json) =>
    Object.entries<Json>(stack.resource).flatMap(([type, blocks]) =>
      Object.entries<Json>(blocks)
        .filter(([, block]) => block.lifecycle?.prevent_destroy === true)
        .map(([name]) => `${type}.${name}`),
    );
  const plan = "Plan: 0 to add, 0 to change, 240 to destroy.\n";

  it("accepts a refusal naming exactly every protected instance in the state, of every stateful kind the emulator holds", () => {
    const addresses = prevented(protectedApp);
    const types = new Set(addresses.map((address) => address.split(".")[0]));
    for (const type of ["aws_rds_cluster", "aws_efs_file_system", "aws_kms_key", "aws_secretsmanager_secret"])
      expect(types).toContain(type);
    const result = judge({ log: plan + addresses.map(refusal).join(""), synth: protectedApp, state: stateOf(protectedApp) });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.refused).toEqual([...addresses].sort());
  });

  it("fails when one protected resource was not refused, when another error occurred, or when anything was destroyed", () => {
    const addresses = prevented(protectedApp);
    expect(addresses.length).toBeGreaterThan(1);
    const state = stateOf(protectedApp);
    const missing = judge({ log: plan + addresses.slice(1).map(refusal).join(""), synth: protectedApp, state });
    expect(missing.ok).toBe(false);
    expect(missing.problems).toEqual([
      `${addresses[0]} is protected and in the state, but Terraform did not refuse to destroy it (and nothing depending on it was refused)`,
    ]);

    const other = judge({
      log: plan + addresses.map(refusal).join("") + "\nError: deleting ELBv2 Listener (arn:x): ListenerNotFound\n",
      synth: protectedApp,
      state,
    });
    expect(other.problems).toEqual(["an error other than a prevent_destroy refusal: deleting ELBv2 Listener (arn:x): ListenerNotFound"]);

    const destroyed = judge({
      log: "aws_lb.main: Destroying... [id=arn:x]\n" + addresses.map(refusal).join(""),
      synth: protectedApp,
      state,
    });
    expect(destroyed.problems).toEqual(["the log shows resources being destroyed"]);
  });

  it("accepts a protected key left unplanned because the protected file system that depends on it was refused first", () => {
    // Terraform destroys dependents first and skips what waits on a refused node: the key is never reached.
    const [[fileSystem, block]] = Object.entries<Json>(protectedApp.resource.aws_efs_file_system);
    const key = String(block.kms_key_id).match(/aws_kms_key\.[a-z0-9_]+/)?.[0] ?? "";
    expect(prevented(protectedApp)).toEqual(expect.arrayContaining([`aws_efs_file_system.${fileSystem}`, key]));
    const refusedFirst = prevented(protectedApp).filter((address) => address !== key);
    const log = plan + refusedFirst.map(refusal).join("");
    const waiting = judge({ log, synth: protectedApp, state: stateOf(protectedApp, { [`aws_efs_file_system.${fileSystem}`]: [key] }) });
    expect(waiting.problems).toEqual([]);
    expect(waiting.unreached).toEqual([key]);
    // Without that dependency nothing explains why the key was not refused.
    expect(judge({ log, synth: protectedApp, state: stateOf(protectedApp) }).ok).toBe(false);
  });

  it("fails for a stack synthesized without protection, and for a state holding none of the protected resources", () => {
    expect(prevented(unprotectedApp)).toEqual([]);
    const unprotected = judge({ log: "", synth: unprotectedApp, state: stateOf(unprotectedApp) });
    expect(unprotected.ok).toBe(false);
    expect(unprotected.problems).toContain("the synthesized stack protects no resource with lifecycle.prevent_destroy");
    const empty = judge({ log: "", synth: protectedApp, state: { version: 4, resources: [] } });
    expect(empty.problems).toEqual(["no protected resource is in the state, so there was nothing to refuse"]);
  });

  it("reads Terraform's own wrapped output, including indexed instance addresses", () => {
    const log = [
      "Error: Instance cannot be destroyed",
      "",
      "  on main.tf.json line 1, in resource.terraform_data:",
      "",
      'Resource terraform_data.keep["a"] has lifecycle.prevent_destroy set, but the',
      "plan calls for this resource to be destroyed.",
      "",
      "Error: Instance cannot be destroyed",
      "",
      "Resource terraform_data.keep_two[0] has lifecycle.prevent_destroy set, but",
      "the plan calls for this resource to be destroyed.",
    ].join("\n");
    expect(terraformErrors(log)).toEqual([
      { summary: "Instance cannot be destroyed", resource: 'terraform_data.keep["a"]' },
      { summary: "Instance cannot be destroyed", resource: "terraform_data.keep_two[0]" },
    ]);
  });
});

describe("scripts/e2e/emulator_server.py (rung 3: answers lost by the emulator's server)", () => {
  test("replays successful answers to re-sent requests only, and carries out everything else", () => {
    const run = spawnSync("python3", [join(ROOT, "scripts/e2e/emulator_server_test.py"), "-v"], { encoding: "utf8" });
    expect(run.stderr).toMatch(/Ran 4 tests/);
    expect(run.status).toBe(0);
  });
});
