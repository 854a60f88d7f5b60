/** A Terraform resource name from a Keycloak or AWS name: `mcp-servers-restricted` becomes `mcp_servers_restricted`. */
export function terraformName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}
