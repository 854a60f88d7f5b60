import { createHash } from "node:crypto";
import { ContainerImage, ContainerSpec, SecretReference } from "../constructs/compute/fargate-service";
import { ScopeDocument } from "../contract/scope-documents";
import { CONTRACT_VALUES } from "../contract/app-contract";
import { CaBundleInit } from "./ca-bundle";

export const DATABASE_INIT_CONTAINER_NAME = "database-init";
/** Upstream's initialisation script in the registry image: collections and indexes (scripts/init-documentdb-indexes.py). */
export const UPSTREAM_INIT_SCRIPT = "/app/scripts/init-documentdb-indexes.py";
const PYTHON = "/app/.venv/bin/python";

/** Every scope document the model writes carries this marker; documents without it are someone else's until seeded. */
export const SCOPE_MARKER = { field: "_managed_by", value: "mcp-gateway-cdktf access model" } as const;
/** The digest of the declaration a document was last seeded from: equal means nothing to do. */
export const SCOPE_DIGEST_FIELD = "_model_digest";

/**
 * Seeds the model's scope documents into `mcp_scopes_<namespace>` when the model changes, not on every start:
 * - A declared document whose `_model_digest` equals its declaration's digest is left alone, so what people changed in
 *   it (in the registry UI, or by hand) stays until the model changes that scope.
 * - A declared document that changed is re-seeded: description, server_access and ui_permissions as declared, except
 *   that server_access keeps the entries the registry appends at run time (`{scope_name, access_rules}`, added to
 *   mcp-servers-unrestricted/read and /execute when a server registers: add_server_scope in
 *   registry/repositories/documentdb/scope_repository.py @ 8c5b834b); the model writes flat rules only. Its
 *   group_mappings are the declared groups plus every group an administrator added (one the model never declared
 *   there); `model_group_mappings` keeps the last declaration to tell the two apart.
 * - A document without the marker (e.g. upstream's registry-admins, or one made by hand) is set once, wholly as
 *   declared (runtime entries kept), and carries the marker from then on.
 * - A document with the marker that the model no longer declares is removed. Documents without it are never removed.
 * A re-seed writes only if server_access is still what it read (the registry may append meanwhile), retrying.
 * Runs as `python -c`; `seed` is importable for tests. No `${` or `%{` in here: Terraform would interpolate it.
 */
export const SEED_SCOPES_SCRIPT = `
import json
import os
import sys

MARKER_FIELD = "${SCOPE_MARKER.field}"
MARKER = "${SCOPE_MARKER.value}"
DIGEST_FIELD = "${SCOPE_DIGEST_FIELD}"
DECLARED_GROUPS_FIELD = "model_group_mappings"
ATTEMPTS = 5


def is_ours(current):
    # Documents seeded before the marker existed carry model_group_mappings, which only this script writes.
    return current is not None and (current.get(MARKER_FIELD) == MARKER or DECLARED_GROUPS_FIELD in current)


def runtime_entries(current):
    return [entry for entry in (current or {}).get("server_access", []) if isinstance(entry, dict) and "access_rules" in entry]


def seeded(current, document):
    ours = is_ours(current)
    declared = list(document["group_mappings"])
    previously_declared = current.get(DECLARED_GROUPS_FIELD, []) if ours else []
    present = current.get("group_mappings", []) if ours else []
    kept = [group for group in present if group not in previously_declared and group not in declared]
    fields = {key: value for key, value in document.items() if key != "_id"}
    fields["server_access"] = list(document["server_access"]) + runtime_entries(current)
    fields["group_mappings"] = declared + kept
    fields[DECLARED_GROUPS_FIELD] = declared
    fields[MARKER_FIELD] = MARKER
    return fields


def seed_one(collection, document):
    for _ in range(ATTEMPTS):
        current = collection.find_one({"_id": document["_id"]})
        if is_ours(current) and current.get(DIGEST_FIELD) == document[DIGEST_FIELD]:
            return "unchanged"
        fields = seeded(current, document)
        if current is None:
            collection.update_one({"_id": document["_id"]}, {"$setOnInsert": fields}, upsert=True)
            return "created"
        unchanged_since_read = {"_id": document["_id"], "server_access": current.get("server_access")}
        if is_ours(current):
            result = collection.update_one(unchanged_since_read, {"$set": fields})
            action = "updated"
        else:
            result = collection.replace_one(unchanged_since_read, fields)
            action = "taken over"
        if result.matched_count == 1:
            return action
    raise RuntimeError("scope " + document["_id"] + " kept changing while it was seeded")


def seed(collection, documents):
    actions = {}
    for document in documents:
        action = seed_one(collection, document)
        actions[action] = actions.get(action, 0) + 1
        if action != "unchanged":
            print("scope " + document["_id"] + " " + action, flush=True)
    declared = [document["_id"] for document in documents]
    for stale in list(collection.find({MARKER_FIELD: MARKER, "_id": {"$nin": declared}})) + list(
        collection.find({DECLARED_GROUPS_FIELD: {"$exists": True}, MARKER_FIELD: {"$exists": False}, "_id": {"$nin": declared}})
    ):
        collection.delete_one({"_id": stale["_id"]})
        actions["removed"] = actions.get("removed", 0) + 1
        print("scope " + stale["_id"] + " removed: the access model no longer declares it", flush=True)
    return actions


def main():
    import pymongo

    environment = os.environ
    # Credentials as arguments, never in a connection string an error message could echo into the logs.
    client = pymongo.MongoClient(
        host=environment["DOCUMENTDB_HOST"],
        port=int(environment["DOCUMENTDB_PORT"]),
        username=environment["DOCUMENTDB_USERNAME"],
        password=environment["DOCUMENTDB_PASSWORD"],
        authMechanism="SCRAM-SHA-1",
        authSource="admin",
        tls=True,
        tlsCAFile=environment["DOCUMENTDB_TLS_CA_FILE"],
        retryWrites=False,
        serverSelectionTimeoutMS=60000,
    )
    collection = client[environment["DOCUMENTDB_DATABASE"]]["mcp_scopes_" + environment["DOCUMENTDB_NAMESPACE"]]
    documents = json.loads(environment["SCOPE_DOCUMENTS"])
    actions = seed(collection, documents)
    print("scope documents from the access model: " + json.dumps(actions, sort_keys=True), flush=True)
    client.close()


if __name__ == "__main__":
    sys.exit(main())
`.trim();

/**
 * The init step, run by the registry image's entrypoint in its init mode (`RUN_INIT_SCRIPTS=true` makes it exec the
 * command). The host arrives as DATABASE_INIT_HOST, not DOCUMENTDB_HOST, so the entrypoint never considers a CA
 * download; the bundle is the one the task's `ca-bundle` init container wrote to the shared volume, and a task without
 * it stops here, before anything connects, rather than looping in the registry's start-up wait. Upstream's DocumentDB script is run from a
 * copy in /tmp: it loads its default scope documents (registry-admins.json, federation-service.json) from its own
 * directory, and away from them it creates only the collections and indexes, so the model alone decides every scope's
 * groups. `--no-recreate` keeps existing indexes: the script's `--recreate` defaults to true and would drop and
 * rebuild them on every task start (scripts/init-documentdb-indexes.py @ 02c56029). Upstream's #1757 (1.31.0, "the
 * MongoDB init script runs from the image") changed only Helm's MongoDB CE job (init-mongodb-ce.py,
 * charts/mongodb-configure @ 50add746); nothing in it applies to DocumentDB on ECS, so this step keeps its own path.
 */
export const DATABASE_INIT_SHELL = [
  "set -eu",
  'if [ ! -s "$DOCUMENTDB_TLS_CA_FILE" ]; then echo "no CA bundle at $DOCUMENTDB_TLS_CA_FILE" >&2; exit 1; fi',
  'export DOCUMENTDB_HOST="$DATABASE_INIT_HOST"',
  `cp ${UPSTREAM_INIT_SCRIPT} /tmp/init-documentdb-indexes.py`,
  `${PYTHON} /tmp/init-documentdb-indexes.py --no-recreate`,
  `${PYTHON} -c "$SEED_SCOPES_PY"`,
].join("\n");

export interface DatabaseInitProps {
  /** The registry's own image: upstream's init script and its Python environment are in it. */
  readonly image: ContainerImage;
  readonly database: {
    readonly host: string;
    readonly port: number;
    readonly credentials: { readonly username: SecretReference; readonly password: SecretReference };
  };
  /** The scope documents the access model declares. */
  readonly scopeDocuments: readonly ScopeDocument[];
  /** The task's CA bundle init: mounted here too, and this step starts only after it succeeded. */
  readonly caBundle: CaBundleInit;
}

export interface DatabaseInit {
  /** A non-essential container of the registry task that initialises the database and exits. */
  readonly container: ContainerSpec;
  /** Add to the registry container's `dependsOn`: it starts only after the initialisation succeeded. */
  readonly startAfter: { readonly containerName: string; readonly condition: "SUCCESS" };
  /** SHA-256 of the scope documents, for logs and tests; the documents themselves are in the task definition. */
  readonly documentsHash: string;
  /** The documents as the init writes them: each with the digest of its declaration (SCOPE_DIGEST_FIELD). */
  readonly documents: readonly SeededScopeDocument[];
}

/**
 * Database initialisation as an init container of the registry task: it runs on every task start, is idempotent,
 * writes a scope document only when its declaration changed, and carries the documents in its environment, so a
 * changed access model changes the registry's task definition and rolls the registry. The auth server reads scopes from the database per request
 * (upstream's DocumentDBScopeRepository queries `group_mappings` on every call), so it needs no roll.
 */
export function databaseInit(props: DatabaseInitProps): DatabaseInit {
  const seededDocuments = props.scopeDocuments.map(withDigest);
  const documents = JSON.stringify(seededDocuments);
  return {
    container: {
      name: DATABASE_INIT_CONTAINER_NAME,
      image: props.image,
      essential: false,
      command: ["/bin/sh", "-c", DATABASE_INIT_SHELL],
      mounts: [props.caBundle.mount],
      dependsOn: [props.caBundle.startAfter],
      environment: {
        RUN_INIT_SCRIPTS: "true",
        STORAGE_BACKEND: CONTRACT_VALUES.storageBackend,
        DATABASE_INIT_HOST: props.database.host,
        DOCUMENTDB_PORT: String(props.database.port),
        DOCUMENTDB_DATABASE: CONTRACT_VALUES.documentDatabaseName,
        DOCUMENTDB_NAMESPACE: CONTRACT_VALUES.documentDatabaseNamespace,
        DOCUMENTDB_USE_TLS: "true",
        DOCUMENTDB_USE_IAM: "false",
        DOCUMENTDB_TLS_CA_FILE: CONTRACT_VALUES.documentDatabaseCaFile,
        SEED_SCOPES_PY: SEED_SCOPES_SCRIPT,
        SCOPE_DOCUMENTS: documents,
        AWS_EC2_METADATA_DISABLED: "true",
      },
      secrets: { DOCUMENTDB_USERNAME: props.database.credentials.username, DOCUMENTDB_PASSWORD: props.database.credentials.password },
    },
    startAfter: { containerName: DATABASE_INIT_CONTAINER_NAME, condition: "SUCCESS" },
    documentsHash: createHash("sha256").update(documents).digest("hex"),
    documents: seededDocuments,
  };
}

export type SeededScopeDocument = ScopeDocument & { readonly [SCOPE_DIGEST_FIELD]: string };

/** A declared document with the SHA-256 of its declaration: changes exactly when the model changes this scope. */
export function withDigest(document: ScopeDocument): SeededScopeDocument {
  return { ...document, [SCOPE_DIGEST_FIELD]: createHash("sha256").update(JSON.stringify(document)).digest("hex") };
}
