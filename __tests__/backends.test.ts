import { exampleRawConfig, Json, synthWithManifest } from "./support";

function synthWithBackend(backend: Json) {
  const raw = exampleRawConfig();
  raw.backend = backend;
  return synthWithManifest(raw);
}

describe("local backend", () => {
  const { certs, app } = synthWithBackend({ type: "local" });

  test("each stack keeps its own state file under a relative path", () => {
    expect(certs.terraform.backend).toEqual({ local: { path: "../../../terraform.certs.tfstate" } });
    expect(app.terraform.backend).toEqual({ local: { path: "../../../terraform.app.tfstate" } });
  });
});

describe("S3 backend", () => {
  const s3 = { type: "s3", bucket: "mycorp-state", keyPrefix: "mcp/prod", region: "eu-west-1", kmsKeyId: "alias/state" };

  test("one key per stack, encrypted, with S3-native locking by default", () => {
    const { certs, app } = synthWithBackend(s3);
    for (const [name, stack] of [["certs", certs], ["app", app]] as const) {
      expect(stack.terraform.backend.s3).toEqual({
        bucket: "mycorp-state",
        key: `mcp/prod/${name}.tfstate`,
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
    expect(app.terraform.backend.s3).toMatchObject({ region: "us-east-1", key: "mcp-gateway/app.tfstate" });
  });
});

describe("Terraform Cloud backend", () => {
  const cloud = { type: "cloud", organization: "mycorp", project: "gateway", workspacePrefix: "gw-prod", executionMode: "agent" };

  test("one named workspace per stack, in the configured project", () => {
    const { certs, app } = synthWithBackend(cloud);
    expect(certs.terraform.cloud).toEqual({ organization: "mycorp", workspaces: { name: "gw-prod-certs", project: "gateway" } });
    expect(app.terraform.cloud).toEqual({ organization: "mycorp", workspaces: { name: "gw-prod-app", project: "gateway" } });
    expect(app.terraform).not.toHaveProperty("backend");
  });

  test("workspaces default to the name prefix; a hostname selects Terraform Enterprise", () => {
    const { app } = synthWithBackend({ type: "cloud", organization: "mycorp", hostname: "tfe.mycorp.example", executionMode: "agent" });
    expect(app.terraform.cloud).toEqual({
      organization: "mycorp",
      hostname: "tfe.mycorp.example",
      workspaces: { name: "mcp-gateway-app" },
    });
  });

  test("no token is written anywhere in the synthesized configuration", () => {
    const { certs, app } = synthWithBackend(cloud);
    for (const stack of [certs, app]) {
      expect(JSON.stringify(stack)).not.toMatch(/"token"/);
    }
  });
});
