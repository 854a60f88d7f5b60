import { exampleRawConfig, Json, synthWithManifest } from "./support";

function synthWithBackend(backend: Json, deployment: { namePrefix?: string; region?: string } = {}) {
  const raw = exampleRawConfig();
  raw.backend = backend;
  Object.assign(raw, deployment);
  return synthWithManifest(raw);
}

/** Where a stack's state lives, whatever the backend: one string per location. */
function stateLocation(stack: Json): string {
  const { backend, cloud } = stack.terraform;
  if (cloud) return `cloud:${cloud.hostname ?? ""}/${cloud.organization}/${cloud.workspaces.name}`;
  if (backend.local) return `local:${backend.local.path}`;
  return `s3:${backend.s3.bucket}/${backend.s3.key}`;
}

describe("local backend", () => {
  const { certs, app } = synthWithBackend({ type: "local" });

  test("each stack keeps its own state file, named after the deployment, under a relative path", () => {
    expect(certs.terraform.backend).toEqual({ local: { path: "../../../terraform.mcp-gateway.us-east-1.certs.tfstate" } });
    expect(app.terraform.backend).toEqual({ local: { path: "../../../terraform.mcp-gateway.us-east-1.app.tfstate" } });
  });
});

describe("isolation between deployments", () => {
  // The same backend settings, shared by configurations that differ in name prefix or region.
  const deployments = [
    { namePrefix: "mcp-gateway", region: "us-east-1" },
    { namePrefix: "mcp-gateway", region: "eu-west-1" },
    { namePrefix: "mcp-staging", region: "us-east-1" },
  ];
  const backends: [string, Json][] = [
    ["local", { type: "local" }],
    ["s3", { type: "s3", bucket: "mycorp-state", region: "eu-west-1" }],
    ["cloud", { type: "cloud", organization: "mycorp", workspacePrefix: "platform", executionMode: "agent" }],
  ];

  test.each(backends)("%s: no two configurations and no two stacks share a state location", (_, backend) => {
    const locations = deployments.flatMap((deployment) => {
      const { certs, app } = synthWithBackend(backend, deployment);
      return [stateLocation(certs), stateLocation(app)];
    });
    expect(locations).toHaveLength(2 * deployments.length);
    expect(new Set(locations).size).toBe(locations.length);
    for (const [index, location] of locations.entries()) {
      const { namePrefix, region } = deployments[Math.floor(index / 2)];
      expect(location).toContain(namePrefix);
      expect(location).toContain(region);
    }
  });
});

describe("S3 backend", () => {
  const s3 = { type: "s3", bucket: "mycorp-state", keyPrefix: "mcp/prod", region: "eu-west-1", kmsKeyId: "alias/state" };

  test("one key per stack, encrypted, with S3-native locking by default", () => {
    const { certs, app } = synthWithBackend(s3);
    for (const [name, stack] of [
      ["certs", certs],
      ["app", app],
    ] as const) {
      expect(stack.terraform.backend.s3).toEqual({
        bucket: "mycorp-state",
        key: `mcp/prod/mcp-gateway/us-east-1/${name}.tfstate`,
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "alias/state",
        use_lockfile: true,
      });
    }
  });

  test("DynamoDB locking names the table and does not turn on the lockfile", () => {
    const { app } = synthWithBackend({ ...s3, locking: "dynamodb", dynamodbTable: "terraform-locks" });
    expect(app.terraform.backend.s3.dynamodb_table).toBe("terraform-locks");
    expect(app.terraform.backend.s3).not.toHaveProperty("use_lockfile");
  });

  test("the bucket region defaults to the deployment's region", () => {
    const { app } = synthWithBackend({ type: "s3", bucket: "mycorp-state" });
    expect(app.terraform.backend.s3).toMatchObject({ region: "us-east-1", key: "mcp-gateway/mcp-gateway/us-east-1/app.tfstate" });
  });
});

describe("Terraform Cloud backend", () => {
  const cloud = { type: "cloud", organization: "mycorp", project: "gateway", workspacePrefix: "gw-prod", executionMode: "agent" };

  test("one named workspace per stack, in the configured project", () => {
    const { certs, app } = synthWithBackend(cloud);
    expect(certs.terraform.cloud).toEqual({
      organization: "mycorp",
      workspaces: { name: "gw-prod-mcp-gateway-us-east-1-certs", project: "gateway" },
    });
    expect(app.terraform.cloud).toEqual({
      organization: "mycorp",
      workspaces: { name: "gw-prod-mcp-gateway-us-east-1-app", project: "gateway" },
    });
    expect(app.terraform).not.toHaveProperty("backend");
  });

  test("workspaces are named after name prefix and region; a hostname selects Terraform Enterprise", () => {
    const { app } = synthWithBackend({ type: "cloud", organization: "mycorp", hostname: "tfe.mycorp.example", executionMode: "agent" });
    expect(app.terraform.cloud).toEqual({
      organization: "mycorp",
      hostname: "tfe.mycorp.example",
      workspaces: { name: "mcp-gateway-us-east-1-app" },
    });
  });

  test("no token is written anywhere in the synthesized configuration", () => {
    const { certs, app } = synthWithBackend(cloud);
    for (const stack of [certs, app]) {
      expect(JSON.stringify(stack)).not.toMatch(/"token"/);
    }
  });
});
