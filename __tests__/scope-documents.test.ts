import { spawnSync } from "node:child_process";
import { AccessModel, isMapped, MCP_GATEWAY_ACCESS_MODEL } from "../src/contract/access-model";
import { scopeDocuments } from "../src/contract/scope-documents";
import {
  DATABASE_INIT_SHELL,
  databaseInit,
  SCOPE_DIGEST_FIELD,
  SCOPE_MARKER,
  SEED_SCOPES_SCRIPT,
  withDigest,
} from "../src/services/database-init";
import { caBundleInit } from "../src/services/ca-bundle";

const model = MCP_GATEWAY_ACCESS_MODEL;
const documents = scopeDocuments(model);
const caBundle = caBundleInit(
  { reference: "registry:1" },
  { bucket: "assets", key: "rds-ca/global-bundle.pem", versionId: "v1", objectArn: "arn:aws:s3:::assets/rds-ca/global-bundle.pem" },
  "eu-west-1",
);

describe("scope documents generated from the access model", () => {
  test("one document per model scope, named by the scope", () => {
    expect(documents.map((document) => document._id)).toEqual(model.scopes.map((scope) => scope.name));
    expect(documents.length).toBeGreaterThan(0);
  });

  test("every server rule lists its tools, and the documents the registry appends registered servers to exist", () => {
    const serverRules = documents.flatMap((document) => document.server_access.filter((entry) => "server" in entry));
    expect(serverRules.length).toBeGreaterThan(0);
    for (const rule of serverRules) expect(rule).toHaveProperty("tools");
    const ids = documents.map((document) => document._id);
    expect(ids).toEqual(expect.arrayContaining(["mcp-servers-unrestricted/read", "mcp-servers-unrestricted/execute"]));
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
    const before = databaseInit({ image, database, scopeDocuments: documents, caBundle });
    const after = databaseInit({ image, database, scopeDocuments: scopeDocuments(changed), caBundle });
    expect(after.container.environment?.SCOPE_DOCUMENTS).not.toBe(before.container.environment?.SCOPE_DOCUMENTS);
    expect(after.documentsHash).not.toBe(before.documentsHash);
    expect(databaseInit({ image, database, scopeDocuments: scopeDocuments(model), caBundle }).container).toEqual(before.container);
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

  test("downloads nothing: it stops before anything connects when the ca-bundle init left no bundle", () => {
    expect(DATABASE_INIT_SHELL).not.toMatch(/curl|https?:\/\//);
    const lines = DATABASE_INIT_SHELL.split("\n");
    expect(lines[1]).toBe('if [ ! -s "$DOCUMENTDB_TLS_CA_FILE" ]; then echo "no CA bundle at $DOCUMENTDB_TLS_CA_FILE" >&2; exit 1; fi');
  });

  // The seed logic runs in the registry image's Python; here against an in-memory collection with the calls it makes.
  const seedRun = (stored: unknown[], declared: unknown[]) => {
    const harness = [
      "import json, sys",
      "namespace = {'__name__': 'seed'}",
      "exec(sys.stdin.read(), namespace)",
      "class Result:",
      "    def __init__(self, matched): self.matched_count = matched",
      "def matches(document, query):",
      "    for key, condition in query.items():",
      "        value = document.get(key)",
      "        if isinstance(condition, dict) and '$nin' in condition:",
      "            if value in condition['$nin']: return False",
      "        elif isinstance(condition, dict) and '$exists' in condition:",
      "            if (key in document) != condition['$exists']: return False",
      "        elif value != condition: return False",
      "    return True",
      "class Collection:",
      "    def __init__(self, documents): self.documents = {d['_id']: d for d in documents}; self.writes = 0",
      "    def find_one(self, query): return next(iter(self.find(query)), None)",
      "    def find(self, query): return [dict(d) for d in self.documents.values() if matches(d, query)]",
      "    def update_one(self, query, update, upsert=False):",
      "        self.writes += 1",
      "        found = self.find_one(query)",
      "        if found is None and upsert:",
      "            self.documents[query['_id']] = {'_id': query['_id'], **update['$setOnInsert']}",
      "            return Result(0)",
      "        if found is None: return Result(0)",
      "        self.documents[query['_id']].update(update['$set'])",
      "        return Result(1)",
      "    def replace_one(self, query, document):",
      "        self.writes += 1",
      "        if self.find_one(query) is None: return Result(0)",
      "        self.documents[query['_id']] = {'_id': query['_id'], **document}",
      "        return Result(1)",
      "    def delete_one(self, query):",
      "        self.writes += 1",
      "        self.documents.pop(query['_id'], None)",
      `collection = Collection(json.loads(${JSON.stringify(JSON.stringify(stored))}))`,
      `actions = namespace['seed'](collection, json.loads(${JSON.stringify(JSON.stringify(declared))}))`,
      "print('RESULT ' + json.dumps({'documents': sorted(collection.documents.values(), key=lambda d: d['_id']), 'actions': actions, 'writes': collection.writes}))",
    ].join("\n");
    const run = spawnSync("python3", ["-c", harness], { input: SEED_SCOPES_SCRIPT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const line = run.stdout.split("\n").find((candidate) => candidate.startsWith("RESULT "));
    return JSON.parse((line as string).slice("RESULT ".length)) as {
      documents: Record<string, unknown>[];
      actions: Record<string, number>;
      writes: number;
    };
  };
  const marker = { [SCOPE_MARKER.field]: SCOPE_MARKER.value };
  const declared = (groups: string[], description = "A") =>
    withDigest({
      _id: "scope-a",
      description,
      server_access: [{ server: "x", methods: ["GET"], tools: [] }],
      ui_permissions: {},
      group_mappings: groups,
    });
  const seededAs = (document: ReturnType<typeof declared>, groups = document.group_mappings) => ({
    ...document,
    group_mappings: groups,
    model_group_mappings: document.group_mappings,
    ...marker,
  });

  test("creates a missing document as the model declares it, with the marker and digest, and leaves undeclared documents alone", () => {
    const untouched = { _id: "federation-service", group_mappings: ["peers"], server_access: [] };
    const { documents: result, actions } = seedRun([untouched], [declared(["g1"])]);
    expect(result).toEqual([untouched, seededAs(declared(["g1"]))]);
    expect(actions).toEqual({ created: 1 });
  });

  test("does nothing when the digest is equal: what people changed stays", () => {
    const edited = { ...seededAs(declared(["g1"])), description: "edited", ui_permissions: { list_service: ["all"] } };
    const run = seedRun([edited], [declared(["g1"])]);
    expect(run).toEqual({ documents: [edited], actions: { unchanged: 1 }, writes: 0 });
  });

  test("when the model changes a scope: keeps groups an administrator added and runtime server entries, drops a group the model stopped declaring", () => {
    const runtime = { scope_name: "scope-a", access_rules: [{ server: "registered", methods: ["tools/list"], tools: ["t"] }] };
    const before = declared(["g1", "g-old"]);
    const stored = {
      ...seededAs(before, ["g1", "ui-added", "g-old"]),
      description: "edited",
      server_access: [...before.server_access, runtime],
    };
    const after = declared(["g1", "g2"], "B");
    const { documents: result, actions } = seedRun([stored], [after]);
    expect(result).toEqual([{ ...seededAs(after, ["g1", "g2", "ui-added"]), server_access: [...after.server_access, runtime] }]);
    expect(actions).toEqual({ updated: 1 });
  });

  test("takes over a document without the marker once, wholly as declared (upstream's registry-admins)", () => {
    const upstream = {
      _id: "scope-a",
      scope_type: "group",
      group_mappings: ["scope-a", "mcp-servers-unrestricted"],
      server_access: [{ server: "*", methods: ["all"], tools: ["all"] }],
      ui_permissions: { list_service: ["all"] },
    };
    const first = seedRun([upstream], [declared(["g1"])]);
    expect(first.documents).toEqual([seededAs(declared(["g1"]))]);
    expect(first.actions).toEqual({ "taken over": 1 });
    expect(seedRun(first.documents, [declared(["g1"])]).actions).toEqual({ unchanged: 1 });
  });

  test("removes marked scopes the model dropped (also those seeded before the marker), never unmarked ones", () => {
    const dropped = { ...seededAs(declared(["g1"])), _id: "dropped" };
    const legacy = { _id: "legacy", group_mappings: ["g"], model_group_mappings: ["g"], server_access: [] };
    const foreign = { _id: "foreign", group_mappings: [], server_access: [] };
    const { documents: result, actions } = seedRun([dropped, legacy, foreign], [declared(["g1"])]);
    expect(result.map((document) => document._id)).toEqual(["foreign", "scope-a"]);
    expect(actions).toEqual({ created: 1, removed: 2 });
  });

  test("is idempotent: a second run writes nothing", () => {
    const once = seedRun([], [declared(["g1"])]);
    expect(seedRun(once.documents, [declared(["g1"])])).toEqual({ documents: once.documents, actions: { unchanged: 1 }, writes: 0 });
  });

  test("each document's digest changes exactly when its declaration does", () => {
    const init = databaseInit({
      image: { reference: "public.ecr.aws/p3v1o3c6/registry:1.32.1" },
      database: { host: "db", port: 27017, credentials: { username: { arn: "u" }, password: { arn: "p" } } as never },
      scopeDocuments: documents,
      caBundle,
    });
    expect(init.documents.map((document) => document._id)).toEqual(documents.map((document) => document._id));
    expect(new Set(init.documents.map((document) => document[SCOPE_DIGEST_FIELD])).size).toBe(documents.length);
    expect(declared(["g1"])[SCOPE_DIGEST_FIELD]).toBe(declared(["g1"])[SCOPE_DIGEST_FIELD]);
    expect(declared(["g1"])[SCOPE_DIGEST_FIELD]).not.toBe(declared(["g2"])[SCOPE_DIGEST_FIELD]);
    expect(JSON.parse(init.container.environment?.SCOPE_DOCUMENTS as string)).toEqual(init.documents);
  });
});
