import { Construct } from "constructs";
import { DeploymentConfig } from "../config/deployment-config";
import { GeneratedSecret } from "../constructs/security/secrets";

/**
 * Terraform's admin service account in Keycloak's master realm: Keycloak creates it on its first start from
 * KC_BOOTSTRAP_ADMIN_CLIENT_ID/SECRET, and Terraform configures Keycloak as it. No service reads its secret.
 */
export const KEYCLOAK_TERRAFORM_CLIENT_ID = "mcp-gateway-terraform";

/** The secrets the stack generates for the services, each with a version to bump for a new value. */
export function generatedSecrets(scope: Construct, config: DeploymentConfig, kmsKeyArn: string) {
  const prefix = config.namePrefix;
  const common = { kmsKeyArn, recoveryWindowInDays: config.deletionProtection ? 7 : 0 };
  const metricsEnabled = config.services.some((service) => service.name === "metrics-service");
  return {
    secretKey: new GeneratedSecret(scope, "secret-key", {
      ...common,
      name: `${prefix}/secret-key`,
      description: "SECRET_KEY the registry and the auth server sign sessions with",
      length: 64,
      version: config.secrets.secretKeyVersion,
      address: "secret_key",
    }),
    // Substituted into nginx's configuration, so letters and digits only (as every generated secret is).
    nginxMarkerSecret: new GeneratedSecret(scope, "nginx-marker-secret", {
      ...common,
      name: `${prefix}/nginx-marker-secret`,
      description: "AUTH_SERVER_NGINX_MARKER_SECRET the registry's nginx proves its requests to the auth server with",
      length: 64,
      version: config.secrets.nginxMarkerSecretVersion,
      address: "nginx_marker_secret",
    }),
    keycloakTerraformClient: new GeneratedSecret(scope, "keycloak-terraform-client", {
      ...common,
      name: `${prefix}/keycloak/terraform-client`,
      description: `Client secret of ${KEYCLOAK_TERRAFORM_CLIENT_ID}, Terraform's admin service account in Keycloak's master realm`,
      length: 48,
      // Keycloak reads it only when it first starts on an empty database, and Terraform logs in with it: a new value
      // would lock Terraform out, so it is generated once (docs/security.md, "Rotating credentials", for a deliberate change).
      version: 1,
      address: "keycloak_terraform_client",
    }),
    metricsApiKey: metricsEnabled
      ? new GeneratedSecret(scope, "metrics-api-key", {
          ...common,
          name: `${prefix}/metrics-api-key`,
          description: "API key the registry and the auth server send metrics to metrics-service with",
          length: 48,
          version: config.secrets.metricsApiKeyVersion,
          address: "metrics_api_key",
        })
      : undefined,
  };
}

export type GeneratedSecrets = ReturnType<typeof generatedSecrets>;
