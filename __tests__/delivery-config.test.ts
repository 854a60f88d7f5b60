import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFrom, exampleRawConfig } from "./support";

function contextDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), "context-"));
  writeFileSync(join(directory, "Dockerfile"), "FROM scratch\n");
  return directory;
}

describe("image build configuration", () => {
  test("a build resolves to an absolute context relative to the configuration file", () => {
    const base = contextDirectory();
    const raw = exampleRawConfig();
    raw.services.currenttime = { build: { context: ".", args: { VERSION: "1" } } };
    const service = configFrom(raw, base).services.find((candidate) => candidate.name === "currenttime");
    expect(service?.image).toEqual({ kind: "build", context: base, dockerfile: "Dockerfile", args: { VERSION: "1" } });
  });

  test.each(["remote", "agent"])("build with Terraform Cloud's %s execution is rejected with advice to pre-build", (executionMode) => {
    const raw = exampleRawConfig();
    raw.services.currenttime = { build: { context: "." } };
    raw.backend = { type: "cloud", organization: "mycorp", executionMode };
    expect(() => configFrom(raw, contextDirectory())).toThrow(
      new RegExp(
        `services\\.currenttime\\.build: cannot be used with Terraform Cloud's ${executionMode} execution \\(its runners have no Docker daemon\\); pre-build the image and set services\\.currenttime\\.image to its digest, or use backend\\.executionMode: local`,
      ),
    );
  });

  test("build with Terraform Cloud's local execution builds where Terraform runs", () => {
    const raw = exampleRawConfig();
    raw.services.currenttime = { build: { context: "." } };
    raw.backend = { type: "cloud", organization: "mycorp", executionMode: "local" };
    expect(configFrom(raw, contextDirectory()).services.find((service) => service.name === "currenttime")?.image.kind).toBe("build");
  });

  test("a missing context directory or Dockerfile is named before anything is synthesized", () => {
    const raw = exampleRawConfig();
    raw.services.currenttime = { build: { context: "./does-not-exist" } };
    expect(() => configFrom(raw, contextDirectory())).toThrow(
      /services\.currenttime\.build\.context: \(.*does-not-exist\) is not a directory/,
    );
    raw.services.currenttime = { build: { context: ".", dockerfile: "docker/Dockerfile.prod" } };
    expect(() => configFrom(raw, contextDirectory())).toThrow(
      /services\.currenttime\.build\.dockerfile: \(docker\/Dockerfile\.prod\) does not exist/,
    );
  });

  test("keepImages defaults to 10 and must leave room for a rollback", () => {
    expect(configFrom(exampleRawConfig()).imageRepositories).toEqual({ keepImages: 10 });
    const raw = exampleRawConfig();
    raw.imageRepositories = { keepImages: 1 };
    expect(() => configFrom(raw)).toThrow(/imageRepositories\.keepImages: must be at least 2 \(got 1\)/);
  });
});
