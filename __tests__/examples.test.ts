import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { Json, resources, synthToDirectory } from "./support";

const EXAMPLES = join(__dirname, "..", "config", "examples");

function synthExample(file: string): { outdir: string; certs: Json; app: Json; manifest: Json } {
  const raw = parseYaml(readFileSync(join(EXAMPLES, file), "utf8"));
  const outdir = synthToDirectory(raw, { configDirectory: EXAMPLES });
  const read = (path: string) => JSON.parse(readFileSync(join(outdir, path), "utf8"));
  return { outdir, certs: read("stacks/certs/cdk.tf.json"), app: read("stacks/app/cdk.tf.json"), manifest: read("manifest.json") };
}

describe("shipped example configurations synthesize as they are", () => {
  test("every example file is covered here", () => {
    expect(
      readdirSync(EXAMPLES)
        .filter((name) => name.endsWith(".yaml"))
        .sort(),
    ).toEqual([
      "build-images.yaml",
      "emulator-lean.yaml", // covered by emulator.test.ts
      "emulator-production.yaml", // covered by emulator-production.test.ts
      "emulator.yaml", // covered by emulator.test.ts
      "existing-vpc.yaml", // covered by existing-vpc.test.ts
      "lean.yaml", // covered by cost-estimates.test.ts
      "production.yaml", // covered by emulator-production.test.ts
      "s3.yaml",
      "terraform-cloud.yaml",
    ]);
  });

  test("s3.yaml: S3 state per stack with KMS and lockfile; the app reads certs through S3 remote state", () => {
    const { certs, app } = synthExample("s3.yaml");
    expect(certs.terraform.backend.s3).toMatchObject({
      bucket: "mycorp-terraform-state",
      key: "mcp-gateway/mcp-gateway/eu-west-1/certs.tfstate",
      use_lockfile: true,
    });
    expect(app.terraform.backend.s3).toMatchObject({
      key: "mcp-gateway/mcp-gateway/eu-west-1/app.tfstate",
      kms_key_id: "alias/terraform-state",
    });
    expect(app.data.terraform_remote_state.cross_stack_reference_input_certs.backend).toBe("s3");
  });

  test("terraform-cloud.yaml: named workspaces, certificate lookup instead of remote state, pinned images only", () => {
    const { certs, app, manifest } = synthExample("terraform-cloud.yaml");
    expect(certs.terraform.cloud.workspaces).toEqual({ name: "prod-mcp-gateway-us-east-1-certs", project: "mcp-gateway" });
    expect(app.terraform.cloud.workspaces).toEqual({ name: "prod-mcp-gateway-us-east-1-app", project: "mcp-gateway" });
    expect(app.data.terraform_remote_state).toBeUndefined();
    expect(Object.keys(app.data.aws_acm_certificate).sort()).toEqual(["keycloak_certificate", "registry_certificate"]);
    expect(manifest.stacks.app.dependencies).toEqual(["certs"]);
    expect(app.provider.docker).toBeUndefined();
  });

  test("build-images.yaml: builds the shipped context, whose path resolves from the stack directory", () => {
    const { outdir, app } = synthExample("build-images.yaml");
    const image = resources(app, "docker_image").images_currenttime_image;
    expect(resolve(outdir, "stacks", "app", image.build.context)).toBe(join(EXAMPLES, "currenttime"));
    expect(resources(app, "aws_ecr_repository").images_currenttime_repository.name).toBe("mcp-gateway/currenttime");
    expect(resources(app, "docker_registry_image").images_currenttime_push).toBeDefined();
  });
});
