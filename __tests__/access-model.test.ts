import { AccessModel, accessModelProblems, MCP_GATEWAY_ACCESS_MODEL, realmUsers } from "../src/contract/access-model";

const model = MCP_GATEWAY_ACCESS_MODEL;
const group = (name: string) => model.groups.find((candidate) => candidate.name === name);
const scope = (name: string) => model.scopes.find((candidate) => candidate.name === name);
const client = (clientId: string) => model.clients.find((candidate) => candidate.clientId === clientId);

describe("the MCP Gateway access model", () => {
  test("is consistent: every reference resolves and no name repeats", () => {
    expect(accessModelProblems(model)).toEqual([]);
  });

  test("has the twelve groups the baseline script creates", () => {
    expect(model.groups.map((candidate) => candidate.name).sort()).toEqual(
      [
        "mcp-registry-admin",
        "mcp-registry-user",
        "mcp-registry-developer",
        "mcp-registry-operator",
        "mcp-servers-unrestricted",
        "mcp-servers-restricted",
        "a2a-agent-admin",
        "a2a-agent-publisher",
        "a2a-agent-user",
        "registry-admins",
        "registry-users-lob1",
        "registry-users-lob2",
      ].sort(),
    );
  });

  test("every group is either mapped to scopes or says why it is not", () => {
    for (const candidate of model.groups) {
      if ("scopes" in candidate.access) expect(candidate.access.scopes.length).toBeGreaterThan(0);
      else expect(candidate.access.unmappedBecause.length).toBeGreaterThan(10);
    }
  });

  test("the mcp-servers-* groups grant their scopes, so the M2M service account and the admin get access", () => {
    expect(group("mcp-servers-unrestricted")?.access).toEqual({
      scopes: ["mcp-servers-unrestricted/read", "mcp-servers-unrestricted/execute"],
    });
    expect(group("mcp-servers-restricted")?.access).toEqual({
      scopes: ["mcp-servers-restricted/read", "mcp-servers-restricted/execute"],
    });
    expect(client("mcp-gateway-m2m")?.serviceAccountGroups).toEqual(["mcp-servers-unrestricted", "a2a-agent-admin"]);
  });

  test("restricted scopes name their servers and tools and leave out mcpgw's administrative tools", () => {
    for (const name of ["mcp-servers-restricted/read", "mcp-servers-restricted/execute"]) {
      const servers = scope(name)?.servers ?? [];
      expect(servers.length).toBeGreaterThan(0);
      for (const rule of servers) {
        expect(rule.server).not.toBe("*");
        expect(Array.isArray(rule.tools)).toBe(true);
      }
      const mcpgwTools = servers.find((rule) => rule.server === "mcpgw")?.tools;
      expect(mcpgwTools).toEqual(["intelligent_tool_finder"]);
    }
    expect(scope("mcp-servers-restricted/read")?.servers?.[0].methods).not.toContain("POST");
    expect(scope("mcp-servers-restricted/execute")?.servers?.[0].methods).toEqual(expect.arrayContaining(["POST", "PUT", "DELETE"]));
  });

  test("demo users exist only on request; the realm admin always", () => {
    expect(realmUsers(model, false).map((user) => user.username)).toEqual(["admin"]);
    expect(realmUsers(model, true).map((user) => user.username)).toEqual(["admin", "testuser", "lob1-user", "lob2-user"]);
  });
});

describe("accessModelProblems", () => {
  // A deep copy, loosely typed so each test can break one thing.
  const variant = (change: (copy: any) => void): AccessModel => {
    const copy = structuredClone(model);
    change(copy);
    return copy;
  };

  test("reports a group mapped to an undefined scope", () => {
    const broken = variant((copy) => copy.groups.push({ name: "extra", description: "x", access: { scopes: ["nope"] } }));
    expect(accessModelProblems(broken)).toEqual(["group extra maps to scope nope, which is not defined"]);
  });

  test("reports a group mapped to nothing", () => {
    const broken = variant((copy) => (copy.groups[0].access = { scopes: [] }));
    expect(accessModelProblems(broken)).toEqual(["group mcp-registry-admin maps to no scopes; list scopes or say why it is unmapped"]);
  });

  test("reports clients and users joining undefined groups", () => {
    const broken = variant((copy) => {
      copy.clients[1].serviceAccountGroups = ["ghosts"];
      copy.users[0].groups = ["phantoms"];
    });
    expect(accessModelProblems(broken)).toEqual([
      "client mcp-gateway-m2m joins group ghosts, which is not defined",
      "user admin joins group phantoms, which is not defined",
    ]);
  });

  test("reports a default scope that is not a Keycloak client scope", () => {
    const broken = variant((copy) => (copy.clients[0].defaultScopes = ["registry-admins"]));
    expect(accessModelProblems(broken)).toEqual([
      "client mcp-gateway-web has default scope registry-admins, which is not a Keycloak client scope of the model",
    ]);
  });

  test("reports duplicates, empty scopes, a browser client with groups and a dangling audience", () => {
    const broken = variant((copy) => {
      copy.groups.push({ ...copy.groups[0] });
      copy.scopes.push({ name: "empty", description: "x", keycloakClientScope: false });
      copy.clients[0].serviceAccountGroups = ["registry-admins"];
      copy.groupsClaimScope.audienceClientId = "nobody";
    });
    expect(accessModelProblems(broken)).toEqual([
      "group mcp-registry-admin is defined more than once",
      "scope empty grants nothing; give it ui, servers or agents",
      "client mcp-gateway-web has no service account, so it can't join groups",
      "the groups claim audience nobody is not a client of the model",
    ]);
  });
});
