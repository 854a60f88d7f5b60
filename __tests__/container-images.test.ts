import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ImageSource } from "../src/config/deployment-config";
import { DockerIgnore, hashBuildContext } from "../src/constructs/compute/build-context-hash";
import { ContainerImages } from "../src/constructs/compute/container-images";
import { DeploymentStack } from "../src/stacks/deployment-stack";
import { configFrom, exampleRawConfig, Json, ref, resources, synthToDirectory } from "./support";

/** A stack with the deployment's conventions (relative local state, readable addresses) and nothing else. */
class ImagesStack extends DeploymentStack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { config: configFrom(exampleRawConfig()) });
  }
}

/** A throwaway project directory holding a build context `ctx/` with a Dockerfile and a source file. */
function projectWithContext(parent = mkdtempSync(join(tmpdir(), "images-"))): string {
  const project = join(parent, "project");
  mkdirSync(join(project, "ctx"), { recursive: true });
  writeFileSync(join(project, "ctx", "Dockerfile"), "FROM scratch\nCOPY app.py /\n");
  writeFileSync(join(project, "ctx", "app.py"), "print('v1')\n");
  return project;
}

function buildSource(context: string, args: Record<string, string> = {}): ImageSource {
  return { kind: "build", context, dockerfile: "Dockerfile", args };
}

/** Synthesizes ContainerImages alone in a stack whose outputs show what `imageFor` returns. */
function synthImages(project: string, services: { name: string; image: ImageSource }[], keepImages = 10): Json {
  const app = new App({ outdir: join(project, "cdktf.out") });
  const stack = new ImagesStack(app, "app");
  const images = new ContainerImages(stack, "images", {
    namePrefix: "gw",
    services,
    keepImages,
    platform: "linux/amd64",
    deleteImagesWithRepository: false,
  });
  for (const { name } of services) new TerraformOutput(stack, `image_${name.replace(/-/g, "_")}`, { value: images.imageFor(name) });
  app.synth();
  return JSON.parse(readFileSync(join(project, "cdktf.out", "stacks", "app", "cdk.tf.json"), "utf8"));
}

const REFERENCE = "public.ecr.aws/p3v1o3c6/registry:1.25.0";

describe("services that use image references", () => {
  const project = projectWithContext();
  const stack = synthImages(project, [{ name: "registry", image: { kind: "reference", reference: REFERENCE } }]);

  test("pass the reference through unchanged", () => {
    expect(stack.output.image_registry.value).toBe(REFERENCE);
  });

  test("need no Docker provider, ECR repository or registry token", () => {
    expect(stack.provider?.docker).toBeUndefined();
    expect(stack.terraform.required_providers.docker).toBeUndefined();
    expect(stack.resource).toBeUndefined();
    expect(stack.ephemeral).toBeUndefined();
  });

  test("an unknown service is a programming error that names the known ones", () => {
    const app = new App({ outdir: join(project, "other.out") });
    const images = new ContainerImages(new ImagesStack(app, "app"), "images", {
      namePrefix: "gw",
      services: [{ name: "registry", image: { kind: "reference", reference: REFERENCE } }],
      keepImages: 10,
      platform: "linux/amd64",
      deleteImagesWithRepository: false,
    });
    expect(() => images.imageFor("keycloak")).toThrow('no image for service "keycloak"; known: registry');
  });
});

describe("services built from source", () => {
  const project = projectWithContext();
  const context = join(project, "ctx");
  const stack = synthImages(
    project,
    [
      { name: "registry", image: { kind: "reference", reference: REFERENCE } },
      { name: "auth-server", image: buildSource(context, { PYTHON_VERSION: "3.13" }) },
    ],
    7,
  );
  const hash = hashBuildContext({ context, dockerfile: "Dockerfile", args: { PYTHON_VERSION: "3.13" }, platform: "linux/amd64" });

  test("the task definition gets repository@digest of exactly the pushed image", () => {
    expect(stack.output.image_auth_server.value).toBe(
      `${ref("aws_ecr_repository.images_auth_server_repository", "repository_url")}@${ref("docker_registry_image.images_auth_server_push", "sha256_digest")}`,
    );
    expect(stack.output.image_registry.value).toBe(REFERENCE);
  });

  test("names the repository of built images for the execution role's pull grant, and none for references", () => {
    const app = new App({ outdir: join(project, "arn.out") });
    const images = new ContainerImages(new ImagesStack(app, "app"), "images", {
      namePrefix: "gw",
      services: [
        { name: "registry", image: { kind: "reference", reference: REFERENCE } },
        { name: "auth-server", image: buildSource(context) },
      ],
      keepImages: 10,
      platform: "linux/amd64",
      deleteImagesWithRepository: false,
    });
    expect(images.repositoryArnFor("registry")).toBeUndefined();
    new TerraformOutput(images, "arn", { value: images.repositoryArnFor("auth-server") });
    app.synth();
    const synthesized = JSON.parse(readFileSync(join(project, "arn.out", "stacks", "app", "cdk.tf.json"), "utf8"));
    expect(synthesized.output.images_arn.value).toBe(ref("aws_ecr_repository.images_auth_server_repository", "arn"));
  });

  test("one ECR repository per built service: immutable tags, scan on push, KMS encryption", () => {
    expect(Object.keys(resources(stack, "aws_ecr_repository"))).toEqual(["images_auth_server_repository"]);
    expect(resources(stack, "aws_ecr_repository").images_auth_server_repository).toMatchObject({
      name: "gw/auth-server",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS" }],
      force_delete: false,
    });
  });

  test("the lifecycle policy keeps the configured number of images", () => {
    const lifecycle = resources(stack, "aws_ecr_lifecycle_policy").images_auth_server_lifecycle;
    expect(lifecycle.repository).toBe(ref("aws_ecr_repository.images_auth_server_repository", "name"));
    expect(JSON.parse(lifecycle.policy).rules).toEqual([
      expect.objectContaining({
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 7 },
        action: { type: "expire" },
      }),
    ]);
  });

  test("builds for the task platform with the configured args, tagged and triggered by the content hash", () => {
    const image = resources(stack, "docker_image").images_auth_server_image;
    expect(image.build).toEqual({
      context: "../../../ctx",
      dockerfile: "Dockerfile",
      build_args: { PYTHON_VERSION: "3.13" },
      platform: "linux/amd64",
    });
    expect(image.name).toBe(`${ref("aws_ecr_repository.images_auth_server_repository", "repository_url")}:src-${hash.slice(0, 20)}`);
    expect(image.triggers).toEqual({ build_context_sha256: hash });
  });

  test("pushes that image, keyed on the content hash, and keeps it in ECR when replaced", () => {
    expect(resources(stack, "docker_registry_image").images_auth_server_push).toMatchObject({
      name: ref("docker_image.images_auth_server_image", "name"),
      triggers: { build_context_sha256: hash },
      keep_remotely: true,
    });
  });

  test("the Docker provider authenticates with an ephemeral ECR token, so no registry password reaches state", () => {
    const token = "ephemeral.aws_ecr_authorization_token.images_registry_token";
    expect(stack.ephemeral).toEqual({ aws_ecr_authorization_token: { images_registry_token: {} } });
    expect(stack.provider.docker).toEqual([
      {
        registry_auth: [{ address: ref(token, "proxy_endpoint"), username: ref(token, "user_name"), password: ref(token, "password") }],
      },
    ]);
    expect(stack.data?.aws_ecr_authorization_token).toBeUndefined();
  });

  test("the build context path resolves from the stack's Terraform working directory to the context", () => {
    const contextInJson = resources(stack, "docker_image").images_auth_server_image.build.context;
    expect(resolve(project, "cdktf.out", "stacks", "app", contextInJson)).toBe(context);
  });
});

describe("machine independence", () => {
  test("two checkouts at different absolute locations synthesize byte-identical stacks", () => {
    const first = projectWithContext();
    const second = projectWithContext(join(mkdtempSync(join(tmpdir(), "images-")), "deeper", "still-deeper"));
    const read = (project: string) => {
      synthImages(project, [{ name: "mcpgw", image: buildSource(join(project, "ctx")) }]);
      return readFileSync(join(project, "cdktf.out", "stacks", "app", "cdk.tf.json"), "utf8");
    };
    const json = read(first);
    expect(read(second)).toBe(json);
    expect(json).not.toContain(first);
    expect(json).not.toMatch(/"\/(tmp|root|home|work)/);
  });
});

describe("content hash", () => {
  const inputs = (context: string) => ({ context, dockerfile: "Dockerfile", args: {}, platform: "linux/amd64" });
  const copy = (project: string) => {
    const target = mkdtempSync(join(tmpdir(), "images-copy-"));
    cpSync(join(project, "ctx"), target, { recursive: true });
    return target;
  };
  const base = join(projectWithContext(), "ctx");
  const baseHash = hashBuildContext(inputs(base));

  test("is stable across copies of the same sources", () => {
    expect(hashBuildContext(inputs(copy(join(base, ".."))))).toBe(baseHash);
  });

  test("changes when a source file, the Dockerfile, a build arg, the platform or an executable bit changes", () => {
    const edited = copy(join(base, ".."));
    writeFileSync(join(edited, "app.py"), "print('v2')\n");
    expect(hashBuildContext(inputs(edited))).not.toBe(baseHash);

    const dockerfile = copy(join(base, ".."));
    writeFileSync(join(dockerfile, "Dockerfile"), "FROM scratch\nCOPY app.py /app.py\n");
    expect(hashBuildContext(inputs(dockerfile))).not.toBe(baseHash);

    expect(hashBuildContext({ ...inputs(base), args: { VERSION: "2" } })).not.toBe(baseHash);
    expect(hashBuildContext({ ...inputs(base), platform: "linux/arm64" })).not.toBe(baseHash);

    const executable = copy(join(base, ".."));
    chmodSync(join(executable, "app.py"), 0o755);
    expect(hashBuildContext(inputs(executable))).not.toBe(baseHash);
  });

  test("ignores what .dockerignore leaves out of the context", () => {
    const ignoring = copy(join(base, ".."));
    writeFileSync(join(ignoring, ".dockerignore"), "*.log\nnode_modules\n");
    const withIgnoreFile = hashBuildContext(inputs(ignoring));
    writeFileSync(join(ignoring, "debug.log"), "noise");
    mkdirSync(join(ignoring, "node_modules", "left-pad"), { recursive: true });
    writeFileSync(join(ignoring, "node_modules", "left-pad", "index.js"), "module.exports = 1;");
    expect(hashBuildContext(inputs(ignoring))).toBe(withIgnoreFile);
    writeFileSync(join(ignoring, "new.py"), "print('counted')\n");
    expect(hashBuildContext(inputs(ignoring))).not.toBe(withIgnoreFile);
  });

  test("still covers the Dockerfile when .dockerignore excludes everything", () => {
    const allIgnored = copy(join(base, ".."));
    writeFileSync(join(allIgnored, ".dockerignore"), "*\n");
    const before = hashBuildContext(inputs(allIgnored));
    writeFileSync(join(allIgnored, "Dockerfile"), "FROM scratch\n");
    expect(hashBuildContext(inputs(allIgnored))).not.toBe(before);
  });
});

describe("the app stack", () => {
  test("builds nothing and has no Docker provider with the example configuration", () => {
    const app = JSON.parse(readFileSync(join(synthToDirectory(), "stacks", "app", "cdk.tf.json"), "utf8"));
    expect(app.provider.docker).toBeUndefined();
    expect(resources(app, "aws_ecr_repository")).toEqual({});
  });

  test("declares ECR, build and push for a service configured with build, honouring deletion protection", () => {
    const project = projectWithContext();
    const raw = exampleRawConfig();
    raw.services.currenttime = { build: { context: "./ctx" } };
    raw.imageRepositories = { keepImages: 3 };
    raw.deletionProtection = false;
    const outdir = synthToDirectory(raw, { outdir: join(project, "cdktf.out"), configDirectory: project });
    const app = JSON.parse(readFileSync(join(outdir, "stacks", "app", "cdk.tf.json"), "utf8"));
    expect(Object.keys(resources(app, "aws_ecr_repository"))).toEqual(["images_currenttime_repository"]);
    expect(resources(app, "aws_ecr_repository").images_currenttime_repository).toMatchObject({
      name: "mcp-gateway/currenttime",
      force_delete: true,
    });
    expect(JSON.parse(resources(app, "aws_ecr_lifecycle_policy").images_currenttime_lifecycle.policy).rules[0].selection.countNumber).toBe(
      3,
    );
    expect(resources(app, "docker_image").images_currenttime_image.build.context).toBe("../../../ctx");
    expect(app.terraform.required_providers.docker).toEqual({ source: "kreuzwerker/docker", version: "3.6.2" });
  });
});

describe(".dockerignore matching", () => {
  const ignore = new DockerIgnore(
    ["# comment", "", "/build", "**/*.pyc", "docs/?.md", "logs/", "*.secret", "!keep.secret", "cache/**", "!cache/seed.json"].join("\n"),
  );

  test.each([
    ["build", true],
    ["build/out.bin", true],
    ["src/build", false],
    ["app.pyc", true],
    ["a/b/c/module.pyc", true],
    ["docs/a.md", true],
    ["docs/ab.md", false],
    ["logs/today.txt", true],
    ["api.secret", true],
    ["keep.secret", false],
    ["cache/x/y.bin", true],
    ["cache/seed.json", false],
    ["server.py", false],
    ["# comment", false],
  ])("%s excluded: %s", (path, excluded) => {
    expect(ignore.excludes(path)).toBe(excluded);
  });

  test("exception patterns make excluded directories worth walking", () => {
    expect(ignore.hasExceptions).toBe(true);
    expect(new DockerIgnore("node_modules\n").hasExceptions).toBe(false);
  });
});
