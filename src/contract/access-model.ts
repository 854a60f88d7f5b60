/**
 * Who may do what in the MCP Gateway Registry: Keycloak groups, clients, users and client scopes, and the scope
 * documents (DocumentDB `mcp_scopes_<namespace>`) that the auth server and the registry enforce. Both the Keycloak
 * realm and the scope documents are generated from this one definition, so a group can't exist in one and be missing
 * from the other.
 */

/** The MCP protocol methods a client needs to use a server's tools and resources. */
export const MCP_METHODS = [
  "initialize",
  "notifications/initialized",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/templates/list",
] as const;
const HTTP_READ = ["GET"] as const;
const HTTP_WRITE = ["POST", "PUT", "DELETE"] as const;

export const AGENT_ACTIONS = ["list_agents", "get_agent", "publish_agent", "modify_agent", "delete_agent"] as const;
export const SERVICE_ACTIONS = [
  "list_service",
  "register_service",
  "health_check_service",
  "toggle_service",
  "modify_service",
  "delete_service",
] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];
/** Registry UI permissions (a scope document's `ui_permissions`): action → resources, where `all` means every resource. */
export type UiPermissions = Partial<Record<AgentAction | ServiceAction, readonly string[]>>;

/**
 * Access to one MCP server (or `*`): the methods allowed, and the tools (`*` or `["all"]` for all, `[]` for none).
 * Always explicit: the auth server warns at start that a rule without `tools` will deny tools/list and tools/call
 * after an upgrade (`legacy_scope_missing_tools`, auth_server/server.py @ 8c5b834b).
 */
export interface ServerRule {
  readonly server: string;
  readonly methods: readonly string[];
  readonly tools: "*" | readonly string[];
}

export interface AgentRule {
  readonly action: AgentAction;
  readonly resources: readonly string[];
}

export interface ScopeDefinition {
  readonly name: string;
  readonly description: string;
  readonly ui?: UiPermissions;
  readonly servers?: readonly ServerRule[];
  readonly agents?: readonly AgentRule[];
  /** Also created as a Keycloak client scope, so clients can carry it as a default scope (token `scope` claim). */
  readonly keycloakClientScope: boolean;
}

/** A group either grants scopes through the scope documents' `group_mappings`, or is deliberately left unmapped (with why). */
export type GroupAccess = { readonly scopes: readonly string[] } | { readonly unmappedBecause: string };

export interface GroupDefinition {
  readonly name: string;
  readonly description: string;
  readonly access: GroupAccess;
}

export type ClientFlow = "authorization-code" | "client-credentials";

export interface ClientDefinition {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  /** authorization-code: the registry's browser login; client-credentials: a service account, nothing else. */
  readonly flow: ClientFlow;
  /** Groups the client's service account joins (client-credentials clients only). */
  readonly serviceAccountGroups: readonly string[];
  /** Model scopes (Keycloak client scopes) given to the client by default, beyond the groups claim scope. */
  readonly defaultScopes: readonly string[];
}

export interface UserDefinition {
  readonly username: string;
  /** Left to the user (asked at first login) when omitted: users from the configuration may give none. */
  readonly firstName?: string;
  readonly lastName?: string;
  /** The user's (verified) address; `<username>@<the realm's e-mail domain>` when omitted. */
  readonly email?: string;
  readonly groups: readonly string[];
  /** Demo users exist only when the deployment asks for them. */
  readonly demo: boolean;
}

/** The client scope that puts group names into tokens, where the auth server maps them to scopes. */
export interface GroupsClaimScope {
  readonly name: string;
  readonly claim: string;
  /** Added to every token's `aud`, so tokens of all clients are accepted by the registry's client. */
  readonly audienceClientId: string;
}

export interface AccessModel {
  readonly groups: readonly GroupDefinition[];
  readonly scopes: readonly ScopeDefinition[];
  readonly clients: readonly ClientDefinition[];
  readonly users: readonly UserDefinition[];
  readonly groupsClaimScope: GroupsClaimScope;
}

export function isMapped(group: GroupDefinition): group is GroupDefinition & { access: { scopes: readonly string[] } } {
  return "scopes" in group.access;
}

/** The users a realm gets: the non-demo users always, the demo users only when asked for. */
export function realmUsers(model: AccessModel, demoUsers: boolean): readonly UserDefinition[] {
  return model.users.filter((user) => demoUsers || !user.demo);
}

/** Every broken reference or duplicate in a model, as readable sentences; empty when the model is consistent. */
export function accessModelProblems(model: AccessModel): string[] {
  const problems: string[] = [];
  const duplicates = (kind: string, names: readonly string[]) => {
    for (const name of new Set(names.filter((item, index) => names.indexOf(item) !== index))) {
      problems.push(`${kind} ${name} is defined more than once`);
    }
  };
  duplicates(
    "group",
    model.groups.map((group) => group.name),
  );
  duplicates(
    "scope",
    model.scopes.map((scope) => scope.name),
  );
  duplicates(
    "client",
    model.clients.map((client) => client.clientId),
  );
  duplicates(
    "user",
    model.users.map((user) => user.username),
  );

  const groups = new Set(model.groups.map((group) => group.name));
  const scopes = new Map(model.scopes.map((scope) => [scope.name, scope]));
  for (const group of model.groups) {
    if (!isMapped(group)) continue;
    if (group.access.scopes.length === 0) problems.push(`group ${group.name} maps to no scopes; list scopes or say why it is unmapped`);
    for (const scope of group.access.scopes) {
      if (!scopes.has(scope)) problems.push(`group ${group.name} maps to scope ${scope}, which is not defined`);
    }
  }
  for (const scope of model.scopes) {
    if (!scope.ui && !scope.servers?.length && !scope.agents?.length) {
      problems.push(`scope ${scope.name} grants nothing; give it ui, servers or agents`);
    }
  }
  for (const client of model.clients) {
    if (client.flow === "authorization-code" && client.serviceAccountGroups.length > 0) {
      problems.push(`client ${client.clientId} has no service account, so it can't join groups`);
    }
    for (const group of client.serviceAccountGroups) {
      if (!groups.has(group)) problems.push(`client ${client.clientId} joins group ${group}, which is not defined`);
    }
    for (const scope of client.defaultScopes) {
      if (!scopes.get(scope)?.keycloakClientScope) {
        problems.push(`client ${client.clientId} has default scope ${scope}, which is not a Keycloak client scope of the model`);
      }
    }
  }
  for (const user of model.users) {
    for (const group of user.groups) {
      if (!groups.has(group)) problems.push(`user ${user.username} joins group ${group}, which is not defined`);
    }
  }
  if (scopes.has(model.groupsClaimScope.name)) {
    problems.push(`the groups claim scope ${model.groupsClaimScope.name} clashes with a model scope of the same name`);
  }
  if (!model.clients.some((client) => client.clientId === model.groupsClaimScope.audienceClientId)) {
    problems.push(`the groups claim audience ${model.groupsClaimScope.audienceClientId} is not a client of the model`);
  }
  return problems;
}

export const WEB_CLIENT_ID = "mcp-gateway-web";
export const M2M_CLIENT_ID = "mcp-gateway-m2m";

const ALL: readonly string[] = ["all"];
const everyUiPermission = (resources: readonly string[]): UiPermissions =>
  Object.fromEntries([...AGENT_ACTIONS, ...SERVICE_ACTIONS].map((action) => [action, resources]));
const everyAgentAction = (resources: readonly string[]): AgentRule[] => AGENT_ACTIONS.map((action) => ({ action, resources }));
const mcpServer = (server: string, tools: readonly string[]): ServerRule => ({ server, methods: MCP_METHODS, tools });

/** A line of business: full control of its own agents, and use of a few servers' named tools. */
function lineOfBusinessScope(
  name: string,
  description: string,
  agents: readonly string[],
  servers: Readonly<Record<string, readonly string[]>>,
): ScopeDefinition {
  const serverNames = Object.keys(servers);
  return {
    name,
    description,
    keycloakClientScope: false,
    ui: {
      ...Object.fromEntries(AGENT_ACTIONS.map((action) => [action, agents])),
      list_service: serverNames,
      health_check_service: serverNames,
    },
    servers: [
      // The registry's REST API has no MCP tools.
      { server: "api", methods: ["initialize", ...HTTP_READ], tools: [] },
      ...Object.entries(servers).map(([server, tools]) => mcpServer(server, tools)),
    ],
    agents: everyAgentAction(agents),
  };
}

/**
 * The servers `mcp-servers-restricted/*` grants, with their tools. The baseline created these Keycloak scopes but never
 * defined them in scopes.yml, so they granted nothing. Here they cover the servers this deployment itself runs, with
 * every tool except mcpgw's administrative ones (register, remove, toggle, groups): read may call those tools; execute
 * adds the write HTTP methods, mirroring the unrestricted pair.
 */
const RESTRICTED_SERVERS: Readonly<Record<string, readonly string[]>> = {
  currenttime: ["current_time_by_timezone"],
  mcpgw: ["intelligent_tool_finder"],
  realserverfaketools: [
    "quantum_flux_analyzer",
    "neural_pattern_synthesizer",
    "hyper_dimensional_mapper",
    "temporal_anomaly_detector",
    "user_profile_analyzer",
    "synthetic_data_generator",
  ],
};

const restrictedServers = (httpMethods: readonly string[]): ServerRule[] =>
  Object.entries(RESTRICTED_SERVERS).map(([server, tools]) => ({ server, methods: [...MCP_METHODS, ...httpMethods], tools }));

/** The MCP Gateway Registry's access model: the baseline's groups, clients and scopes.yml, with its gaps closed. */
export const MCP_GATEWAY_ACCESS_MODEL: AccessModel = {
  groupsClaimScope: { name: "mcp-groups", claim: "groups", audienceClientId: WEB_CLIENT_ID },
  scopes: [
    {
      name: "mcp-registry-admin",
      description: "Registry administration in the UI",
      keycloakClientScope: false,
      ui: everyUiPermission(ALL),
    },
    {
      name: "registry-admins",
      description: "Every server, tool and agent",
      keycloakClientScope: false,
      ui: everyUiPermission(ALL),
      servers: [{ server: "*", methods: ALL, tools: ALL }],
      agents: everyAgentAction(ALL),
    },
    lineOfBusinessScope("registry-users-lob1", "Line of business 1", ["/code-reviewer", "/test-automation"], {
      currenttime: ["current_time_by_timezone"],
      mcpgw: ["intelligent_tool_finder"],
    }),
    lineOfBusinessScope("registry-users-lob2", "Line of business 2", ["/data-analysis", "/security-analyzer"], {
      realserverfaketools: ["quantum_flux_analyzer", "neural_pattern_synthesizer", "hyper_dimensional_mapper"],
      mcpgw: ["intelligent_tool_finder"],
      fininfo: ["get_stock_aggregates", "print_stock_data"],
    }),
    {
      name: "mcp-servers-unrestricted/read",
      description: "Every MCP server and tool, read-only HTTP",
      keycloakClientScope: true,
      servers: [{ server: "*", methods: [...MCP_METHODS, ...HTTP_READ], tools: "*" }],
    },
    {
      name: "mcp-servers-unrestricted/execute",
      description: "Every MCP server and tool, all HTTP methods",
      keycloakClientScope: true,
      servers: [{ server: "*", methods: [...MCP_METHODS, ...HTTP_READ, ...HTTP_WRITE], tools: "*" }],
    },
    {
      name: "mcp-servers-restricted/read",
      description: "The deployment's own MCP servers without administrative tools, read-only HTTP",
      keycloakClientScope: true,
      servers: restrictedServers(HTTP_READ),
    },
    {
      name: "mcp-servers-restricted/execute",
      description: "The deployment's own MCP servers without administrative tools, all HTTP methods",
      keycloakClientScope: true,
      servers: restrictedServers([...HTTP_READ, ...HTTP_WRITE]),
    },
  ],
  groups: [
    {
      name: "mcp-registry-admin",
      description: "Registry administrators",
      access: { scopes: ["mcp-registry-admin", "mcp-servers-unrestricted/read", "mcp-servers-unrestricted/execute"] },
    },
    {
      name: "mcp-registry-user",
      description: "Registry users",
      access: { unmappedBecause: "a role marker; server access comes from the mcp-servers-* groups" },
    },
    {
      name: "mcp-registry-developer",
      description: "Registry developers",
      access: { unmappedBecause: "a role marker; server access comes from the mcp-servers-* groups" },
    },
    {
      name: "mcp-registry-operator",
      description: "Registry operators",
      access: { unmappedBecause: "a role marker; server access comes from the mcp-servers-* groups" },
    },
    // Mapped here, unlike the baseline: its members (the admin, the M2M service account) otherwise got nothing from it.
    {
      name: "mcp-servers-unrestricted",
      description: "Access to unrestricted MCP servers",
      access: { scopes: ["mcp-servers-unrestricted/read", "mcp-servers-unrestricted/execute"] },
    },
    {
      name: "mcp-servers-restricted",
      description: "Access to restricted MCP servers",
      access: { scopes: ["mcp-servers-restricted/read", "mcp-servers-restricted/execute"] },
    },
    {
      name: "a2a-agent-admin",
      description: "A2A agent administrators",
      access: { unmappedBecause: "agent permissions are granted by the registry-* scopes; no a2a scope is defined" },
    },
    {
      name: "a2a-agent-publisher",
      description: "A2A agent publishers",
      access: { unmappedBecause: "agent permissions are granted by the registry-* scopes; no a2a scope is defined" },
    },
    {
      name: "a2a-agent-user",
      description: "A2A agent users",
      access: { unmappedBecause: "agent permissions are granted by the registry-* scopes; no a2a scope is defined" },
    },
    {
      name: "registry-admins",
      description: "Registry administrators with every server and agent",
      access: { scopes: ["registry-admins"] },
    },
    { name: "registry-users-lob1", description: "Line of business 1 users", access: { scopes: ["registry-users-lob1"] } },
    { name: "registry-users-lob2", description: "Line of business 2 users", access: { scopes: ["registry-users-lob2"] } },
  ],
  clients: [
    {
      clientId: WEB_CLIENT_ID,
      name: "MCP Gateway Web Client",
      description: "Browser login to the registry and auth server",
      flow: "authorization-code",
      serviceAccountGroups: [],
      defaultScopes: [],
    },
    {
      clientId: M2M_CLIENT_ID,
      name: "MCP Gateway M2M Client",
      description: "Machine-to-machine access for agents and automation",
      flow: "client-credentials",
      serviceAccountGroups: ["mcp-servers-unrestricted", "a2a-agent-admin"],
      defaultScopes: [
        "mcp-servers-unrestricted/read",
        "mcp-servers-unrestricted/execute",
        "mcp-servers-restricted/read",
        "mcp-servers-restricted/execute",
      ],
    },
    {
      clientId: "registry-admin-bot",
      name: "Registry admin bot",
      description: "Automation with the registry-admins group",
      flow: "client-credentials",
      serviceAccountGroups: ["registry-admins"],
      defaultScopes: [],
    },
    {
      clientId: "lob1-bot",
      name: "LOB1 bot",
      description: "Automation for line of business 1",
      flow: "client-credentials",
      serviceAccountGroups: ["registry-users-lob1"],
      defaultScopes: [],
    },
    {
      clientId: "lob2-bot",
      name: "LOB2 bot",
      description: "Automation for line of business 2",
      flow: "client-credentials",
      serviceAccountGroups: ["registry-users-lob2"],
      defaultScopes: [],
    },
  ],
  users: [
    {
      username: "admin",
      firstName: "Registry",
      lastName: "Administrator",
      groups: ["mcp-registry-admin", "mcp-servers-unrestricted"],
      demo: false,
    },
    {
      username: "testuser",
      firstName: "Test",
      lastName: "User",
      groups: [
        "mcp-registry-user",
        "mcp-registry-developer",
        "mcp-registry-operator",
        "mcp-servers-unrestricted",
        "mcp-servers-restricted",
      ],
      demo: true,
    },
    { username: "lob1-user", firstName: "LOB1", lastName: "User", groups: ["registry-users-lob1"], demo: true },
    { username: "lob2-user", firstName: "LOB2", lastName: "User", groups: ["registry-users-lob2"], demo: true },
  ],
};
