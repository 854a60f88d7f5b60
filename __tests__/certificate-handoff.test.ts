import { exampleRawConfig, Json, ref, synthWithManifest } from "./support";

function synthWithBackend(backend: Json) {
  const raw = exampleRawConfig();
  raw.backend = backend;
  return synthWithManifest(raw);
}

function listenerCertificateArns(app: Json): string[] {
  return Object.values<Json>(app.resource.aws_lb_listener)
    .map((listener) => listener.certificate_arn)
    .filter(Boolean)
    .sort();
}

const REMOTE_STATE_OUTPUT =
  /^\$\{data\.terraform_remote_state\.cross_stack_reference_input_certs\.outputs\.cross_stack_output_aws_acm_certificate_validation_(registry|keycloak)_validated_certificate_arn\}$/;

const BACKENDS: [string, Json][] = [
  ["local", { type: "local" }],
  ["s3", { type: "s3", bucket: "mycorp-state", keyPrefix: "mcp/prod", region: "eu-west-1", kmsKeyId: "alias/state" }],
  ["cloud", { type: "cloud", organization: "mycorp", workspacePrefix: "gw-prod", executionMode: "agent" }],
];

describe.each(BACKENDS)("certs → app hand-off with the %s backend", (mode, backend) => {
  const { certs, app, manifest } = synthWithBackend(backend);

  test("the manifest orders app after certs, so `cdktf deploy certs app` applies certs first", () => {
    expect(manifest.stacks.app.dependencies).toEqual(["certs"]);
    expect(manifest.stacks.certs.dependencies).toEqual([]);
  });

  test("both HTTPS listeners use a certificate that came from the certs stack", () => {
    const arns = listenerCertificateArns(app);
    expect(arns).toHaveLength(2);
    for (const arn of arns) {
      if (mode === "cloud") expect(arn).toMatch(/^\$\{data\.aws_acm_certificate\.(registry|keycloak)_certificate\.arn\}$/);
      else expect(arn).toMatch(REMOTE_STATE_OUTPUT);
    }
  });

  test("the certs stack always outputs the validated ARNs for people and scripts", () => {
    expect(certs.output.registry_certificate_arn.value).toBe(ref("aws_acm_certificate_validation.registry_validated", "certificate_arn"));
  });
});

describe("hand-off through remote state (local and S3)", () => {
  test("with S3 state the app reads the certs stack's object from the same bucket and key", () => {
    const { app } = synthWithBackend(BACKENDS[1][1]);
    expect(app.data.terraform_remote_state.cross_stack_reference_input_certs).toEqual({
      backend: "s3",
      config: {
        bucket: "mycorp-state",
        key: "mcp/prod/mcp-gateway/us-east-1/certs.tfstate",
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "alias/state",
      },
      workspace: "${terraform.workspace}",
    });
  });

  test("with S3 state the certs stack exports exactly the two validated ARNs", () => {
    const { certs } = synthWithBackend(BACKENDS[1][1]);
    const crossStack = Object.entries<Json>(certs.output).filter(([name]) => name.startsWith("cross_stack_output_"));
    expect(crossStack.map(([, output]) => output.value).sort()).toEqual([
      ref("aws_acm_certificate_validation.keycloak_validated", "certificate_arn"),
      ref("aws_acm_certificate_validation.registry_validated", "certificate_arn"),
    ]);
  });
});

describe("hand-off by certificate lookup (Terraform Cloud)", () => {
  const { certs, app } = synthWithBackend(BACKENDS[2][1]);

  test("no terraform_remote_state, which fails under remote execution (terraform-cdk #1534)", () => {
    expect(app.data.terraform_remote_state).toBeUndefined();
    expect(Object.keys(certs.output).filter((name) => name.startsWith("cross_stack_output_"))).toEqual([]);
  });

  test("looks up only issued, Amazon-issued certificates of the certs stack's key type, by domain", () => {
    expect(Object.keys(app.data.aws_acm_certificate).sort()).toEqual(["keycloak_certificate", "registry_certificate"]);
    expect(app.data.aws_acm_certificate).toMatchObject({
      registry_certificate: {
        domain: "registry.us-east-1.mycorp.click",
        statuses: ["ISSUED"],
        types: ["AMAZON_ISSUED"],
        key_types: ["EC_prime256v1"],
        most_recent: true,
      },
      keycloak_certificate: {
        domain: "kc.us-east-1.mycorp.click",
        statuses: ["ISSUED"],
        types: ["AMAZON_ISSUED"],
        key_types: ["EC_prime256v1"],
        most_recent: true,
      },
    });
    const issuedKeyTypes = Object.values<Json>(certs.resource.aws_acm_certificate).map((certificate) => certificate.key_algorithm);
    expect(issuedKeyTypes).toEqual(["EC_prime256v1", "EC_prime256v1"]);
  });

  test("the Keycloak listener uses the Keycloak certificate and the registry listener the registry one", () => {
    const listeners = app.resource.aws_lb_listener;
    expect(listeners.load_balancers_keycloak_https.certificate_arn).toBe(ref("data.aws_acm_certificate.keycloak_certificate", "arn"));
    expect(listeners.load_balancers_main_https.certificate_arn).toBe(ref("data.aws_acm_certificate.registry_certificate", "arn"));
  });
});
