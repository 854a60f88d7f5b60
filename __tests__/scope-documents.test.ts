import { spawnSync } from "node:child_process";
import { AccessModel, isMapped, MCP_GATEWAY_ACCESS_MODEL } from "../src/contract/access-model";
import { scopeDocuments } from "../src/contract/scope-documents";
import { DATABASE_INIT_SHELL, databaseInit, SEED_SCOPES_SCRIPT } from "../src/services/database-init";

const model = MCP_GATEWAY_ACCESS_MODEL;
const documents = scopeDocuments(model);

describe("scope documents generated from the access model", () => {
  test("one document per model scope, named by the scope", () => {
    expect(documents.map((document) => document._id)).toEqual(model.scopes.map((scope) => scope.name));
    expect(documents.length).toBeGreaterThan(0);
  });

  test("every group the model gives access appears in exactly the documents of its scopes", () => {
    const mapped = model.groups.filter(isMapped);
    expect(mapped.length).toBeGreaterThan(0);
    for (const group of mapped) {
      const carrying = documents.filter((document) => document.group_mappings.includes(group.name)).map((document) => document._id);
      expect(carrying.sort()).toEqual([...group.access.scopes].sort());
    }
  });

  test("no document maps a group the model leaves unmapped or does not define", () => {
    const mappedNames = new Set(model.groups.filter(isMapped).map((group) => group.name));
    const used = documents.flatMap((document) => document.group_mappings);
    expect(used.length).toBeGreaterThan(0);
    for (const group of used) expect(mappedNames).toContain(group);
  });

  test("carries each scope's server rules, agent actions and UI permissions in upstream's document shape", () => {
    const admins = documents.find((document) => document._id === "registry-admins");
    expect(admins?.server_access[0]).toEqual({ server: "*", methods: ["all"], tools: ["all"] });
    expect(admins?.server_access.slice(1)).toEqual([
      { agent: "all", actions: ["list_agents", "get_agent", "publish_agent", "modify_agent", "delete_agent"] },
    ]);
    const lob1 = documents.find((document) => document._id === "registry-users-lob1");
    expect(lob1?.server_access.filter((entry) => "agent" in entry)).toEqual(
      ["/code-reviewer", "/test-automation"].map((agent) => ({
        agent,
        actions: ["list_agents", "get_agent", "publish_agent", "modify_agent", "delete_agent"],
      })),
    );
    // Upstream's registry-admins document (scripts/registry-admins.json) grants deleting servers too.
    expect(admins?.ui_permissions.delete_service).toEqual(["all"]);
    // The nested form of the scopes.yml era grants nothing in the registry: never emit it.
    expect(JSON.stringify(documents)).not.toContain('"agents"');
    expect(admins?.group_mappings).toEqual(["registry-admins"]);
    const read = documents.find((document) => document._id === "mcp-servers-unrestricted/read");
    expect(read?.ui_permissions).toEqual({});
    expect(read?.group_mappings).toEqual(["mcp-registry-admin", "mcp-servers-unrestricted"]);
    for (const scope of model.scopes.filter((candidate) => candidate.ui)) {
      expect(documents.find((document) => document._id === scope.name)?.ui_permissions).toEqual(scope.ui);
    }
  });

  test("a changed model changes the documents the registry's task definition carries", () => {
    const changed: AccessModel = {
      ...model,
      groups: model.groups.map((group) =>
        group.name === "registry-users-lob1" ? { ...group, access: { scopes: ["registry-users-lob2"] } } : group,
      ),
    };
    const image = { reference: "registry:1" };
    const database = {
      host: "docdb",
      port: 27017,
      credentials: { username: { secretArn: "a", kmsKeyArn: "k" }, password: { secretArn: "a", kmsKeyArn: "k" } },
    };
    const before = databaseInit({ image, database, scopeDocuments: documents });
    const after = databaseInit({ image, database, scopeDocuments: scopeDocuments(changed) });
    expect(after.container.environment?.SCOPE_DOCUMENTS).not.toBe(before.container.environment?.SCOPE_DOCUMENTS);
    expect(after.documentsHash).not.toBe(before.documentsHash);
    expect(databaseInit({ image, database, scopeDocuments: scopeDocuments(model) }).container).toEqual(before.container);
  });

  test("fit comfortably in a task definition (ECS allows 64 KiB in all)", () => {
    expect(Buffer.byteLength(JSON.stringify(documents))).toBeLessThan(16 * 1024);
  });
});

describe("the database init step", () => {
  test("contains nothing Terraform would read as a template", () => {
    for (const text of [SEED_SCOPES_SCRIPT, DATABASE_INIT_SHELL]) expect(text).not.toMatch(/\$\{|%\{/);
  });

  test("runs upstream's index script away from its default scope files, keeping existing indexes, then seeds", () => {
    const lines = DATABASE_INIT_SHELL.split("\n");
    const copy = lines.indexOf("cp /app/scripts/init-documentdb-indexes.py /tmp/init-documentdb-indexes.py");
    const indexes = lines.indexOf("/app/.venv/bin/python /tmp/init-documentdb-indexes.py --no-recreate");
    const seed = lines.indexOf('/app/.venv/bin/python -c "$SEED_SCOPES_PY"');
    expect([copy, indexes, seed].every((index) => index > 0)).toBe(true);
    expect(copy < indexes && indexes < seed).toBe(true);
    expect(lines[0]).toBe("set -eu");
  });

  test("fetches the CA bundle with retries before anything connects, unless it is already there", () => {
    expect(DATABASE_INIT_SHELL).toMatch(/if \[ ! -s "\$bundle" \]; then\n\s+curl -fsSL --retry 8 --retry-all-errors /);
    expect(DATABASE_INIT_SHELL.indexOf("curl")).toBeLessThan(DATABASE_INIT_SHELL.indexOf("python"));
  });

  // The seed logic runs in the registry image's Python; here against an in-memory collection with the two calls it makes.
  const seedRun = (stored: unknown[], declared: unknown[]) => {
    const harness = [
      "import json, sys",
      "namespace = {'__name__': 'seed'}",
      "exec(sys.stdin.read(), namespace)",
      "class Collection:",
      "    def __init__(self, documents): self.documents = {d['_id']: d for d in documents}",
      "    def find_one(self, query): return self.documents.get(query['_id'])",
      "    def update_one(self, query, update, upsert):",
      "        assert upsert and set(update) == {'$set'}",
      "        self.documents.setdefault(query['_id'], {'_id': query['_id']}).update(update['$set'])",
      `collection = Collection(json.loads(${JSON.stringify(JSON.stringify(stored))}))`,
      `namespace['seed'](collection, json.loads(${JSON.stringify(JSON.stringify(declared))}))`,
      "print('RESULT ' + json.dumps(sorted(collection.documents.values(), key=lambda d: d['_id'])))",
    ].join("\n");
    const run = spawnSync("python3", ["-c", harness], { input: SEED_SCOPES_SCRIPT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const line = run.stdout.split("\n").find((candidate) => candidate.startsWith("RESULT "));
    return JSON.parse((line as string).slice("RESULT ".length));
  };
  const declared = (groups: string[]) => ({
    _id: "scope-a",
    description: "A",
    server_access: [{ server: "x", methods: ["GET"] }],
    ui_permissions: {},
    group_mappings: groups,
  });

  test("creates a missing document as the model declares it, and leaves undeclared documents alone", () => {
    const untouched = { _id: "federation-service", group_mappings: ["peers"], server_access: [] };
    expect(seedRun([untouched], [declared(["g1"])])).toEqual([untouched, { ...declared(["g1"]), model_group_mappings: ["g1"] }]);
  });

  test("keeps a mapping an administrator added in the UI, removes one the model stopped declaring, restores the model's body", () => {
    const edited = {
      _id: "scope-a",
      description: "edited",
      server_access: [],
      ui_permissions: { list_service: ["all"] },
      group_mappings: ["g1", "ui-added", "g-old"],
      model_group_mappings: ["g1", "g-old"],
    };
    const [result] = seedRun([edited], [declared(["g1", "g2"])]);
    expect(result).toEqual({ ...declared(["g1", "g2", "ui-added"]), model_group_mappings: ["g1", "g2"] });
  });

  test("is idempotent: a second run changes nothing", () => {
    const once = seedRun([], [declared(["g1"])]);
    expect(seedRun(once, [declared(["g1"])])).toEqual(once);
  });
});
