import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Deployment, loadOutputs, parseOutputsFile } from "../src/ops/outputs";
import { CLUSTER_ARN, stackOutputs } from "./ops-support";

const directory = mkdtempSync(path.join(tmpdir(), "ops-outputs-"));
function file(name: string, content: unknown): string {
  const target = path.join(directory, name);
  writeFileSync(target, typeof content === "string" ? content : JSON.stringify(content));
  return target;
}
const app = {
  ecs_cluster_arn: CLUSTER_ARN,
  ecs_service_names: { registry: "mcp-gateway-registry" },
  registry_url: "https://registry.example.com",
};

describe("ops stack outputs", () => {
  test("reads `cdktf output --outputs-file` (by stack) and `terraform output -json` (value objects)", () => {
    const byStack = parseOutputsFile(file("cdktf.json", { app, certs: { registry_certificate_arn: "arn:aws:acm:x" } }));
    expect(byStack.app).toEqual(app);
    expect(byStack.certs).toEqual({ registry_certificate_arn: "arn:aws:acm:x" });
    const terraform = parseOutputsFile(
      file(
        "terraform.json",
        Object.fromEntries(Object.entries(app).map(([name, value]) => [name, { value, type: "string", sensitive: false }])),
      ),
    );
    expect(terraform.app).toEqual(app);
  });

  test("several --outputs files merge; the source names them", () => {
    const outputs = loadOutputs({
      files: [file("a.json", { app }), file("b.json", { certs: { keycloak_certificate_arn: "arn:aws:acm:k" } })],
      projectDir: directory,
    });
    expect(outputs.stacks.certs).toEqual({ keycloak_certificate_arn: "arn:aws:acm:k" });
    expect(outputs.source).toBe(`${path.join(directory, "a.json")}, ${path.join(directory, "b.json")}`);
  });

  test("missing, broken or incomplete outputs name the file and the fix", () => {
    expect(() => loadOutputs({ files: [path.join(directory, "absent.json")], projectDir: directory })).toThrow(
      `outputs file not found: ${path.join(directory, "absent.json")}`,
    );
    expect(() => parseOutputsFile(file("broken.json", "{ app: "))).toThrow(/is not JSON/);
    expect(() => parseOutputsFile(file("array.json", []))).toThrow(/holds no JSON object/);
    expect(() => loadOutputs({ files: [file("certs-only.json", { certs: { a: "b" } })], projectDir: directory })).toThrow(
      /no outputs of the app stack/,
    );
    expect(() => loadOutputs({ files: [file("old.json", { app: { registry_url: "x" } })], projectDir: directory })).toThrow(
      "lack ecs_cluster_arn, ecs_service_names",
    );
    try {
      loadOutputs({ files: [file("empty.json", { app: {} })], projectDir: directory });
    } catch (error) {
      expect((error as { fix: string }).fix).toContain("npx cdktf output app certs --outputs-file outputs.json");
    }
  });

  test("without files, asks terraform in each synthesized stack directory and unwraps its values", () => {
    const project = mkdtempSync(path.join(tmpdir(), "ops-project-"));
    expect(() => loadOutputs({ files: [], projectDir: project, terraform: () => ({}) })).toThrow(/holds no synthesized app stack/);
    for (const stack of ["app", "certs"]) {
      mkdirSync(path.join(project, "cdktf.out", "stacks", stack), { recursive: true });
      writeFileSync(path.join(project, "cdktf.out", "stacks", stack, "cdk.tf.json"), "{}");
    }
    const asked: string[] = [];
    const outputs = loadOutputs({
      files: [],
      projectDir: project,
      terraform: (stackDirectory) => {
        asked.push(path.relative(project, stackDirectory));
        return stackDirectory.endsWith("app")
          ? Object.fromEntries(Object.entries(app).map(([name, value]) => [name, { value }]))
          : { registry_certificate_arn: { value: "arn:aws:acm:r" } };
      },
    });
    expect(asked).toEqual([path.join("cdktf.out", "stacks", "app"), path.join("cdktf.out", "stacks", "certs")]);
    expect(outputs.stacks.app).toEqual(app);
    expect(outputs.stacks.certs).toEqual({ registry_certificate_arn: "arn:aws:acm:r" });
    expect(() => loadOutputs({ files: [], projectDir: project, terraform: () => ({}) })).toThrow(/the stack is not deployed/);
  });

  test("the deployment's region, account and cluster come from the cluster ARN; services resolve by either name", () => {
    const deployment = new Deployment(stackOutputs());
    expect([deployment.region, deployment.accountId, deployment.clusterName]).toEqual(["eu-west-1", "111122223333", "mcp-gateway"]);
    expect(deployment.resolveServices("registry")).toEqual([["registry", "mcp-gateway-registry"]]);
    expect(deployment.resolveServices("mcp-gateway-keycloak")).toEqual([["keycloak", "mcp-gateway-keycloak"]]);
    expect(deployment.resolveServices("all")).toHaveLength(2);
    expect(() => deployment.resolveServices("regsitry")).toThrow('no service named "regsitry" in this deployment');
    expect(deployment.output("document_database_endpoint")).toBeUndefined();
    expect(deployment.output("registry_certificate_arn", "certs")).toBe("arn:aws:acm:eu-west-1:111122223333:certificate/registry");
    expect(() => new Deployment(stackOutputs({ ecs_cluster_arn: "mcp-gateway" }))).toThrow(
      "ecs_cluster_arn is not an ECS cluster ARN: mcp-gateway",
    );
    expect(() => new Deployment(stackOutputs({ ecs_service_names: {} }))).toThrow("ecs_service_names lists no service");
  });
});
