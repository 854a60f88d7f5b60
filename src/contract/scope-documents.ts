import { AccessModel, isMapped, ScopeDefinition } from "./access-model";

/**
 * One rule of a scope document's `server_access`: a server rule, or an agent rule (an agent path, or `all` for every
 * agent, with the actions allowed on it). Upstream reads only this flat agent shape: the nested
 * `{"agents": {"actions": [...]}}` of the scopes.yml era is dropped by the registry's `_flatten_server_access` and grants
 * nothing (docs/scopes-mgmt.md, "Shape matters"; registry/repositories/documentdb/scope_repository.py).
 */
export type ServerAccessEntry =
  | { readonly server: string; readonly methods: readonly string[]; readonly tools: "*" | readonly string[] }
  | { readonly agent: string; readonly actions: readonly string[] };

/**
 * A scope as the registry and the auth server read it from DocumentDB (`mcp_scopes_<namespace>`, one document per
 * scope, `_id` = scope name): what it grants (`server_access`, `ui_permissions`) and the IdP groups that carry it
 * (`group_mappings`). Upstream: registry/repositories/documentdb/scope_repository.py, scripts/registry-admins.json.
 */
export interface ScopeDocument {
  readonly _id: string;
  readonly description: string;
  readonly server_access: readonly ServerAccessEntry[];
  /** UI action → resources; empty when the scope grants no UI permission (the registry skips empty ones). */
  readonly ui_permissions: Readonly<Record<string, readonly string[]>>;
  /** The Keycloak groups whose members get this scope. */
  readonly group_mappings: readonly string[];
}

function serverAccess(scope: ScopeDefinition): ServerAccessEntry[] {
  const entries: ServerAccessEntry[] = (scope.servers ?? []).map((rule) => ({
    server: rule.server,
    methods: [...rule.methods],
    tools: rule.tools === "*" ? "*" : [...rule.tools],
  }));
  // The model lists resources per action; the documents list actions per agent, in the model's order.
  const actionsByAgent = new Map<string, string[]>();
  for (const rule of scope.agents ?? []) {
    for (const agent of rule.resources) actionsByAgent.set(agent, [...(actionsByAgent.get(agent) ?? []), rule.action]);
  }
  for (const [agent, actions] of actionsByAgent) entries.push({ agent, actions });
  return entries;
}

/**
 * The scope documents the model declares, in model order: one per scope, mapped to exactly the groups whose access
 * lists it. Deterministic, so the same model yields the same task definition and a changed model rolls the registry.
 */
export function scopeDocuments(model: AccessModel): ScopeDocument[] {
  const mapped = model.groups.filter(isMapped);
  return model.scopes.map((scope) => ({
    _id: scope.name,
    description: scope.description,
    server_access: serverAccess(scope),
    ui_permissions: Object.fromEntries(Object.entries(scope.ui ?? {}).map(([action, resources]) => [action, [...(resources ?? [])]])),
    group_mappings: mapped.filter((group) => group.access.scopes.includes(scope.name)).map((group) => group.name),
  }));
}
