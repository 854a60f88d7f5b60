import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import {
  AUTH_SERVER_AUTH_CONFIG_MOUNT_PATH,
  AUTH_SERVER_SCOPES_CONFIG_PATH,
  REGISTRY_AUTH_CONFIG_MOUNT_PATH,
  REGISTRY_SCOPES_CONFIG_PATH,
  SCOPES_INIT_CONTAINER_NAME,
  SCOPES_INIT_SCRIPT,
  ScopesConfig,
} from "../src/constructs/scopes-config";
import { MCP_GATEWAY_ACCESS_MODEL } from "../src/keycloak/access-model";
import { renderScopesFile } from "../src/keycloak/scopes-file";
import { Json, resourceList } from "./support";

function synth(content: string): { stack: Json; scopes: ScopesConfig } {
  let scopes: ScopesConfig | undefined;
  const stack = JSON.parse(
    Testing.synthScope((scope) => {
      scopes = new ScopesConfig(scope, "scopes", { parameterName: "/mcp-gateway/auth-server/scopes.yml", content });
    }),
  );
  return { stack, scopes: scopes as ScopesConfig };
}

const content = renderScopesFile(MCP_GATEWAY_ACCESS_MODEL);

describe("scopes.yml in SSM Parameter Store", () => {
  const { stack, scopes } = synth(content);
  const [parameter] = resourceList(stack, "aws_ssm_parameter");

  test("stores the rendered file as a plain String parameter whose changes show in the plan", () => {
    expect(parameter).toMatchObject({ name: "/mcp-gateway/auth-server/scopes.yml", type: "String", insecure_value: content });
    expect(parameter).not.toHaveProperty("value");
  });

  test("sizes the tier to the content: Advanced above 4 KB, Standard below, an error above 8 KB", () => {
    expect(Buffer.byteLength(content)).toBeGreaterThan(4096);
    expect(parameter.tier).toBe("Advanced");
    expect(resourceList(synth("group_mappings: {}\n").stack, "aws_ssm_parameter")[0].tier).toBe("Standard");
    expect(() => synth("x".repeat(8193))).toThrow("scopes.yml is 8193 bytes; an SSM parameter holds at most 8192");
  });

  test("keeps Terraform template sequences in the content literal", () => {
    const [escaped] = resourceList(synth("note: ${not_a_reference} %{not_a_directive}\n").stack, "aws_ssm_parameter");
    expect(escaped.insecure_value).toBe("note: $${not_a_reference} %%{not_a_directive}\n");
  });

  test("exposes the content hash that rolls the consuming services", () => {
    expect(scopes.contentHash).toBe(createHash("sha256").update(content).digest("hex"));
    expect(synth(`${content}# changed\n`).scopes.contentHash).not.toBe(scopes.contentHash);
  });

  test("the init container gets the parameter through ECS and writes onto the auth_config access point", () => {
    const accessPoint = {
      name: "auth_config",
      accessPointId: "fsap-1",
      accessPointArn: "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1",
      fileSystemId: "fs-1",
      fileSystemArn: "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1",
    };
    expect(scopes.initContainer(accessPoint)).toEqual({
      name: SCOPES_INIT_CONTAINER_NAME,
      image: { reference: expect.stringMatching(/^public\.ecr\.aws\/docker\/library\/busybox:\d+\.\d+\.\d+$/) },
      essential: false,
      command: ["sh", "-c", SCOPES_INIT_SCRIPT],
      environment: { AUTH_CONFIG_DIR: "/mnt/auth_config" },
      parameters: { SCOPES_YML: { parameterArn: scopes.parameterArn } },
      mounts: [{ source: { kind: "efs", accessPoint }, containerPath: "/mnt/auth_config" }],
      readonlyRootFilesystem: true,
    });
    expect(scopes.startAfterInit).toEqual({ containerName: SCOPES_INIT_CONTAINER_NAME, condition: "SUCCESS" });
  });

  test("the registry and the auth server read the same file on the access point", () => {
    expect(REGISTRY_SCOPES_CONFIG_PATH).toBe("/app/auth_server/scopes.yml");
    expect(REGISTRY_SCOPES_CONFIG_PATH).toBe(`${REGISTRY_AUTH_CONFIG_MOUNT_PATH}/scopes.yml`);
    expect(AUTH_SERVER_SCOPES_CONFIG_PATH).toBe(`${AUTH_SERVER_AUTH_CONFIG_MOUNT_PATH}/scopes.yml`);
    expect(AUTH_SERVER_SCOPES_CONFIG_PATH).not.toContain("auth_config/auth_config");
  });

  test("the init script contains nothing Terraform would interpolate", () => {
    expect(SCOPES_INIT_SCRIPT).not.toMatch(/\$\{|%\{/);
  });
});

describe("the init script", () => {
  const run = (directory: string, scopesYml: string) =>
    execFileSync("sh", ["-c", SCOPES_INIT_SCRIPT], { env: { PATH: process.env.PATH, AUTH_CONFIG_DIR: directory, SCOPES_YML: scopesYml } }).toString();
  const directory = mkdtempSync(join(tmpdir(), "auth-config-"));
  const file = join(directory, "scopes.yml");

  test("writes scopes.yml when it is missing", () => {
    expect(run(directory, "group_mappings: {a: [x]}\n")).toMatch(/^wrote scopes.yml for model [0-9a-f]{64}$/m);
    expect(readFileSync(file, "utf8")).toBe("group_mappings: {a: [x]}\n");
  });

  test("keeps the registry's runtime changes when the model has not changed", () => {
    writeFileSync(file, "group_mappings: {a: [x, added-at-runtime]}\n");
    expect(run(directory, "group_mappings: {a: [x]}\n")).toMatch(/keeping the registry's runtime changes/);
    expect(readFileSync(file, "utf8")).toBe("group_mappings: {a: [x, added-at-runtime]}\n");
  });

  test("replaces the file when the model changes", () => {
    run(directory, "group_mappings: {b: [y]}\n");
    expect(readFileSync(file, "utf8")).toBe("group_mappings: {b: [y]}\n");
  });
});
