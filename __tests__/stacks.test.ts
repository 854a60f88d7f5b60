import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ref, resourceList, resources, synthStacks, synthToDirectory } from "./support";

function readTree(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(directory, path)] = readFileSync(path, "utf8");
    }
  };
  walk(directory);
  return files;
}

describe("certs stack", () => {
  const { certs } = synthStacks();

  test("issues DNS-validated certificates for the registry and Keycloak names", () => {
    const certificates = resourceList(certs, "aws_acm_certificate");
    expect(certificates.map((certificate) => certificate.domain_name).sort()).toEqual([
      "kc.us-east-1.mycorp.click",
      "registry.us-east-1.mycorp.click",
    ]);
    for (const certificate of certificates) {
      expect(certificate.validation_method).toBe("DNS");
      expect(certificate.lifecycle).toEqual({ create_before_destroy: true });
    }
  });

  test("writes validation records into the hosted zone and waits for validation", () => {
    expect(certs.data.aws_route53_zone.zone).toMatchObject({ name: "mycorp.click", private_zone: false });
    const records = resources(certs, "aws_route53_record");
    expect(records.registry_validation).toMatchObject({
      for_each: expect.stringContaining("aws_acm_certificate.registry_certificate.domain_validation_options"),
      zone_id: ref("data.aws_route53_zone.zone", "zone_id"),
      allow_overwrite: true,
    });
    expect(resources(certs, "aws_acm_certificate_validation").registry_validated).toMatchObject({
      certificate_arn: ref("aws_acm_certificate.registry_certificate", "arn"),
      validation_record_fqdns: expect.stringContaining("aws_route53_record.registry_validation"),
    });
  });

  test("outputs the validated ARNs, not the raw certificate ARNs", () => {
    expect(certs.output.registry_certificate_arn.value).toBe(ref("aws_acm_certificate_validation.registry_validated", "certificate_arn"));
    expect(certs.output.keycloak_certificate_arn.value).toBe(ref("aws_acm_certificate_validation.keycloak_validated", "certificate_arn"));
  });
});

describe("hand-off from certs to app", () => {
  const outdir = synthToDirectory();
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
  const stack = (name: string) => JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));

  test("app depends on certs, so `cdktf deploy certs app` applies certs first", () => {
    expect(manifest.stacks.app.dependencies).toEqual(["certs"]);
    expect(manifest.stacks.certs.dependencies).toEqual([]);
  });

  test("the app's remote-state path resolves to the state file the certs stack writes", () => {
    const certsBackend = stack("certs").terraform.backend.local.path as string;
    const remoteState = stack("app").data.terraform_remote_state.cross_stack_reference_input_certs;
    expect(remoteState.backend).toBe("local");
    // Terraform runs each stack in its working directory, which the manifest gives relative to cdktf.out.
    const projectRoot = resolve("/project");
    const certsWrites = resolve(projectRoot, "cdktf.out", manifest.stacks.certs.workingDirectory, certsBackend);
    const appReads = resolve(projectRoot, "cdktf.out", manifest.stacks.app.workingDirectory, remoteState.config.path);
    expect(appReads).toBe(certsWrites);
    expect(certsWrites).toBe(resolve(projectRoot, "terraform.mcp-gateway.us-east-1.certs.tfstate"));
  });

  test("state files live outside cdktf.out under relative paths", () => {
    for (const name of ["certs", "app"]) {
      const path = stack(name).terraform.backend.local.path as string;
      expect(path.startsWith("/")).toBe(false);
      expect(resolve("/project/cdktf.out/stacks", name, path)).toBe(`/project/terraform.mcp-gateway.us-east-1.${name}.tfstate`);
    }
  });

  test("the certs stack exports the validated ARN that the app's listeners use", () => {
    const certsOutputs = stack("certs").output;
    const crossStack = Object.entries<any>(certsOutputs).filter(([name]) => name.startsWith("cross_stack_output_"));
    expect(crossStack.map(([, output]) => output.value).sort()).toEqual([
      ref("aws_acm_certificate_validation.keycloak_validated", "certificate_arn"),
      ref("aws_acm_certificate_validation.registry_validated", "certificate_arn"),
    ]);
    const listenerArns = Object.values<any>(stack("app").resource.aws_lb_listener)
      .map((listener) => listener.certificate_arn)
      .filter(Boolean);
    expect(listenerArns).toHaveLength(2);
    for (const arn of listenerArns) {
      expect(arn).toMatch(
        /^\$\{data\.terraform_remote_state\.cross_stack_reference_input_certs\.outputs\.cross_stack_output_aws_acm_certificate_validation_/,
      );
    }
  });
});

describe("reviewability", () => {
  test("synthesis is byte-identical across runs and free of absolute paths and timestamps", () => {
    const first = readTree(synthToDirectory());
    const second = readTree(synthToDirectory());
    expect(Object.keys(first).sort()).toEqual(Object.keys(second).sort());
    for (const [path, content] of Object.entries(first)) {
      expect(second[path]).toBe(content);
      expect(content).not.toMatch(/"(\/root|\/home|\/tmp|\/work|\/Users|[A-Z]:\\\\)/);
      // The only clock reads: each database's creation time, taken once (ignore_changes) to name its final snapshot.
      const withoutCreationTime = content.replaceAll('"at": "${plantimestamp()}"', "");
      expect(withoutCreationTime).not.toMatch(/timestamp\(\)|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
  });
});
