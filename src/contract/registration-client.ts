import { AccessModel, isMapped, MCP_GATEWAY_ACCESS_MODEL } from "./access-model";

/**
 * The machine credential `npm run ops -- register` registers servers with: the access model's `registry-admin-bot`,
 * whose service account joins `registry-admins`. Upstream's POST /api/servers/register refuses a caller whose
 * `ui_permissions.register_service` is empty (403 "You do not have permission to register new services"), and lets
 * only an admin (a mutating UI action on `all`) or the server's own registrant overwrite a registration
 * (TheTechOddBug/mcp-gateway-registry main@8c5b834b, registry/api/server_routes.py `register_service_api`;
 * registry/auth/dependencies.py `_user_is_admin`). The M2M client's groups (mcp-servers-unrestricted, a2a-agent-admin)
 * grant server access only, no UI permission, so it cannot register; this client can, and its secret already exists
 * (every model client gets one: keycloak-client-secrets).
 */
export const REGISTRATION_CLIENT_ID = "registry-admin-bot";

/** The UI permissions (action → resources) the scope documents give a client's service account through its groups. */
export function clientUiPermissions(model: AccessModel, clientId: string): Record<string, string[]> {
  const client = model.clients.find((candidate) => candidate.clientId === clientId);
  if (!client) throw new Error(`the access model has no client ${clientId}`);
  const scopes = model.groups
    .filter((group) => client.serviceAccountGroups.includes(group.name))
    .filter(isMapped)
    .flatMap((group) => group.access.scopes);
  const permissions: Record<string, string[]> = {};
  for (const scope of model.scopes.filter((candidate) => scopes.includes(candidate.name))) {
    for (const [action, resources] of Object.entries(scope.ui ?? {})) {
      permissions[action] = [...new Set([...(permissions[action] ?? []), ...(resources ?? [])])];
    }
  }
  return permissions;
}

/** Whether a client may register (and, as an admin, overwrite) every server: `register_service` on `all`. */
export function mayRegisterServers(clientId: string, model: AccessModel = MCP_GATEWAY_ACCESS_MODEL): boolean {
  return clientUiPermissions(model, clientId).register_service?.includes("all") ?? false;
}
