import { ContainerSpec } from "../constructs/compute/fargate-service";
import { McpServerRegistration } from "./catalog";

/**
 * One MCP server as the registry's register API takes it (the `mcp_servers` output, read by `npm run ops -- register`).
 * Nothing secret: names, the Service Connect URL inside the VPC, a description and tags.
 *
 * Field meanings follow upstream's form (TheTechOddBug/mcp-gateway-registry main@8c5b834b,
 * registry/api/server_routes.py `register_service_api`, POST /api/servers/register): `name` is the display name,
 * `path` the gateway path, `proxy_pass_url` where the gateway forwards to; upstream's own examples
 * (registry/servers/currenttime.json) use `/currenttime/` and `http://currenttime-server:8000/`.
 */
export interface McpServerEntry {
  /** The service (ECS service) that runs it: a catalog service, or a server of the configuration's mcpServers. */
  readonly service: string;
  readonly name: string;
  readonly path: string;
  readonly proxy_pass_url: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly transport: string;
}

/** What a registration is read from: a catalog service definition, or an own server's. */
export interface RegisteredDefinition {
  readonly name: string;
  readonly container: ContainerSpec;
  readonly registration?: McpServerRegistration;
}

/** The MCP servers the registry should list: every deployed service definition with a registration. */
export function mcpServerEntries(definitions: readonly RegisteredDefinition[]): McpServerEntry[] {
  return definitions.flatMap((definition) => {
    const registration = definition.registration;
    if (!registration) return [];
    const port = definition.container.ports?.find((candidate) => candidate.name === registration.portName);
    if (!port?.serviceConnectName) {
      throw new Error(
        `${definition.name}: its registration names port ${registration.portName}, which it does not publish through Service Connect`,
      );
    }
    return [
      {
        service: definition.name,
        name: registration.displayName,
        path: `/${definition.name}/`,
        proxy_pass_url: `http://${port.serviceConnectName}:${port.serviceConnectPort ?? port.containerPort}/`,
        description: registration.description,
        tags: registration.tags,
        transport: registration.transport,
      },
    ];
  });
}
