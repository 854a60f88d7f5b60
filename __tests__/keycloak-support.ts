import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { App } from "cdktf";
import { Construct } from "constructs";
import { DeploymentStack, DeploymentStackProps } from "../src/stacks/deployment-stack";
import { addKeycloakAccess, KeycloakAccess } from "../src/stacks/keycloak-access";
import { KeycloakRealmStack, KeycloakRealmStackProps } from "../src/stacks/keycloak-realm-stack";
import { configFrom, exampleRawConfig, Json } from "./support";

/** Stand-ins for what the application tier provides: the bootstrap admin secret and "Keycloak is up". */
class KeycloakAccessTestStack extends DeploymentStack {
  readonly access: KeycloakAccess;

  constructor(scope: Construct, id: string, props: DeploymentStackProps) {
    super(scope, id, props);
    const adminSecret = new SecretsmanagerSecret(this, "bootstrap-admin", { name: "bootstrap-admin" });
    const adminSecretValue = new SecretsmanagerSecretVersion(this, "bootstrap-admin-value", {
      secretId: adminSecret.id,
      secretStringWo: "stand-in",
      secretStringWoVersion: 1,
    });
    const keycloakUp = new Route53Record(this, "keycloak-dns", { zoneId: "Z1", name: "kc", type: "A", records: ["192.0.2.1"], ttl: 60 });
    this.access = addKeycloakAccess(this, {
      config: props.config,
      admin: { username: "admin", passwordSecretArn: adminSecret.arn, passwordJsonKey: "password", passwordWrittenBy: adminSecretValue },
      secretsKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/secrets",
      keycloakReady: [keycloakUp],
    });
    // A consumer wired the way the application tier is meant to: secrets through ECS `secrets`, rotation and
    // scopes.yml changes through the environment, scopes.yml written by the init container first.
    const { web, m2m } = this.access.clientSecrets;
    const scopes = this.access.scopes;
    new EcsTaskDefinition(this, "registry-task", {
      family: "registry",
      containerDefinitions: JSON.stringify([
        scopes.initContainer("auth-config", { logDriver: "awslogs" }),
        {
          name: "registry",
          image: "registry:1.0.0",
          essential: true,
          dependsOn: [scopes.startAfterInit],
          secrets: [
            { name: "KEYCLOAK_CLIENT_SECRET", valueFrom: web.valueFrom },
            { name: "KEYCLOAK_M2M_CLIENT_SECRET", valueFrom: m2m.valueFrom },
          ],
          environment: [
            { name: "KEYCLOAK_CLIENT_SECRET_VERSION", value: web.version },
            { name: "SCOPES_CONFIG_SHA256", value: scopes.contentHash },
          ],
        },
      ]),
    });
  }
}

export interface SynthesizedAccess {
  readonly stack: Json;
  readonly access: KeycloakAccess;
}

/** The Keycloak wiring on a stack like the app stack, synthesized and parsed. */
export function synthKeycloakAccess(change: (raw: Json) => void = () => undefined): SynthesizedAccess {
  const raw = exampleRawConfig();
  change(raw);
  const outdir = mkdtempSync(join(tmpdir(), "keycloak-access-"));
  const app = new App({ outdir });
  const stack = new KeycloakAccessTestStack(app, "app", { config: configFrom(raw) });
  app.synth();
  return {
    stack: JSON.parse(readFileSync(join(outdir, "stacks", "app", "cdk.tf.json"), "utf8")),
    access: stack.access,
  };
}

export const REALM_STACK_PROPS: KeycloakRealmStackProps = {
  keycloakUrl: "http://localhost:8080",
  adminUsername: "admin",
  realmName: "mcp-gateway",
  publicOrigins: ["https://registry.e2e.example"],
  emailDomain: "e2e.example",
  demoUsers: false,
};

/** The standalone realm stack, synthesized and parsed. */
export function synthRealmStack(props: Partial<KeycloakRealmStackProps> = {}): Json {
  const outdir = mkdtempSync(join(tmpdir(), "keycloak-realm-"));
  const app = new App({ outdir });
  new KeycloakRealmStack(app, "keycloak-realm", { ...REALM_STACK_PROPS, ...props });
  app.synth();
  return JSON.parse(readFileSync(join(outdir, "stacks", "keycloak-realm", "cdk.tf.json"), "utf8"));
}
