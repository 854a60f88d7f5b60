import { McpServerSettings } from "../config/mcp-servers";
import { ContainerImage, ContainerSpec } from "../constructs/compute/fargate-service";
import { McpServerRegistration } from "./catalog";

/** The port name of an own server's one port, published through Service Connect and named by its registration. */
export const OWN_MCP_SERVER_PORT_NAME = "mcp";

/** An MCP server of the configuration (`mcpServers.<name>`) as the app stack deploys it: like an example server of the catalog. */
export interface OwnMcpServerDefinition {
  readonly name: string;
  readonly container: ContainerSpec;
  readonly registration: McpServerRegistration;
}

/**
 * The server's one container: its image, command, port (reached as `http://<name>:<port>` through Service Connect),
 * health check, plain variables and secrets from Secrets Manager (the execution role may read exactly those).
 */
export function ownMcpServerDefinition(server: McpServerSettings, image: ContainerImage): OwnMcpServerDefinition {
  return {
    name: server.name,
    container: {
      name: server.name,
      image,
      command: server.command,
      ports: [{ name: OWN_MCP_SERVER_PORT_NAME, containerPort: server.port, serviceConnectName: server.name }],
      environment: server.environment,
      secrets: Object.fromEntries(
        Object.entries(server.secrets).map(([variable, secret]) => [
          variable,
          { secretArn: secret.arn, jsonKey: secret.jsonKey, kmsKeyArn: secret.kmsKeyArn },
        ]),
      ),
      healthCheck: server.healthCheck,
    },
    registration: { ...server.registration, portName: OWN_MCP_SERVER_PORT_NAME },
  };
}
