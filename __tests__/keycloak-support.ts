import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { MCP_GATEWAY_ACCESS_MODEL } from "../src/contract/access-model";
import { ScopeDocument, scopeDocuments } from "../src/contract/scope-documents";
import { KeycloakRealmStack, KeycloakRealmStackProps } from "../src/stacks/keycloak-realm-stack";
import { exampleRawConfig, Json, synthStacks } from "./support";

export interface SynthesizedAccess {
  /** The synthesized app stack. */
  readonly stack: Json;
  /** The scope documents the access model declares. */
  readonly scopeDocuments: readonly ScopeDocument[];
}

/** The app stack, with the Keycloak realm wired in, synthesized and parsed. */
export function synthKeycloakAccess(change: (raw: Json) => void = () => undefined): SynthesizedAccess {
  const raw = exampleRawConfig();
  change(raw);
  return {
    stack: synthStacks(raw).app,
    scopeDocuments: scopeDocuments(MCP_GATEWAY_ACCESS_MODEL),
  };
}

export const REALM_STACK_PROPS: KeycloakRealmStackProps = {
  keycloakUrl: "http://localhost:8080",
  terraformClientId: "mcp-gateway-terraform",
  realmName: "mcp-gateway",
  publicOrigins: ["https://registry.e2e.example"],
  emailDomain: "e2e.example",
  demoUsers: false,
  dynamicClientRegistration: false,
};

/** The standalone realm stack, synthesized and parsed. */
export function synthRealmStack(props: Partial<KeycloakRealmStackProps> = {}): Json {
  const outdir = mkdtempSync(join(tmpdir(), "keycloak-realm-"));
  const app = new App({ outdir });
  new KeycloakRealmStack(app, "keycloak-realm", { ...REALM_STACK_PROPS, ...props });
  app.synth();
  return JSON.parse(readFileSync(join(outdir, "stacks", "keycloak-realm", "cdk.tf.json"), "utf8"));
}
