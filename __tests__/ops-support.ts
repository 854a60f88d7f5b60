import { Deployment, StackOutputs } from "../src/ops/outputs";

export const CLUSTER_ARN = "arn:aws:ecs:eu-west-1:111122223333:cluster/mcp-gateway";

/** Outputs shaped like a deployed app + certs stack (ARNs made up). */
export function stackOutputs(app: Record<string, unknown> = {}, certs: Record<string, unknown> = {}): StackOutputs {
  return {
    source: "test",
    stacks: {
      app: {
        ecs_cluster_arn: CLUSTER_ARN,
        ecs_cluster_name: "mcp-gateway",
        ecs_service_names: { registry: "mcp-gateway-registry", keycloak: "mcp-gateway-keycloak" },
        database_cluster_endpoint: "mcp-gateway-keycloak.cluster-abc123.eu-west-1.rds.amazonaws.com",
        keycloak_admin_secret_arn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:mcp-gateway/keycloak-admin-AbCdEf",
        keycloak_admin_console: "https://auth.example.com/admin/",
        ...app,
      },
      certs: {
        registry_certificate_arn: "arn:aws:acm:eu-west-1:111122223333:certificate/registry",
        keycloak_certificate_arn: "arn:aws:acm:eu-west-1:111122223333:certificate/keycloak",
        ...certs,
      },
    },
  };
}

export function deployment(app: Record<string, unknown> = {}, certs: Record<string, unknown> = {}): Deployment {
  return new Deployment(stackOutputs(app, certs));
}

/** Collects what a command writes. */
export class Capture {
  text = "";
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
