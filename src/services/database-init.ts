import { createHash } from "node:crypto";
import { ContainerImage, ContainerSpec, SecretReference } from "../constructs/compute/fargate-service";
import { ScopeDocument } from "../contract/scope-documents";
import { CONTRACT_VALUES } from "../contract/app-contract";

export const DATABASE_INIT_CONTAINER_NAME = "database-init";
/** The RDS global CA bundle, the same URL the image's entrypoint downloads for a `*.docdb.amazonaws.com` host. */
export const RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
/** Upstream's initialisation script in the registry image: collections and indexes (scripts/init-documentdb-indexes.py). */
export const UPSTREAM_INIT_SCRIPT = "/app/scripts/init-documentdb-indexes.py";
const PYTHON = "/app/.venv/bin/python";

/**
 * Writes the model's scope documents into `mcp_scopes_<namespace>`. Each declared document is the model's: its
 * description, server_access and ui_permissions are set as declared on every run. Its group_mappings become the
 * declared groups plus every group the model never declared there (an administrator's mapping made in the registry
 * UI stays); a group the model declared on an earlier run and no longer does is removed. The model's last declaration
 * is kept in `model_group_mappings` to tell the two apart. Documents the model does not declare are never touched.
 * Runs as `python -c`; `seed` is importable for tests. No `${` or `%{` in here: Terraform would interpolate it.
 */
export const SEED_SCOPES_SCRIPT = `
import json
import os
import sys


def merged(current, document):
    current = current or {}
    declared = list(document["group_mappings"])
    previously_declared = current.get("model_group_mappings", [])
    kept = [group for group in current.get("group_mappings", []) if group not in previously_declared and group not in declared]
    fields = {key: value for key, value in document.items() if key != "_id"}
    fields["group_mappings"] = declared + kept
    fields["model_group_mappings"] = declared
    return fields


def seed(collection, documents):
    for document in documents:
        current = collection.find_one({"_id": document["_id"]})
        fields = merged(current, document)
        collection.update_one({"_id": document["_id"]}, {"$set": fields}, upsert=True)
        action = "created" if current is None else "updated"
        print("scope " + document["_id"] + " " + action + ": group_mappings " + json.dumps(fields["group_mappings"]), flush=True)


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
    seed(collection, documents)
    print("seeded " + str(len(documents)) + " scope documents from the access model", flush=True)
    client.close()


if __name__ == "__main__":
    sys.exit(main())
`.trim();

/**
 * The init step, run by the registry image's entrypoint in its init mode (`RUN_INIT_SCRIPTS=true` makes it exec the
 * command). The host arrives as DATABASE_INIT_HOST, not DOCUMENTDB_HOST, so the entrypoint's own one-shot CA download
 * is skipped and this step fetches the bundle with retries instead; a task without the bundle stops here with the
 * download's error rather than looping in the registry's start-up wait. Upstream's script is run from a copy in /tmp:
 * it loads its two default scope documents from its own directory (registry-admins.json, federation-service.json),
 * and away from them it creates only the collections and indexes, so the model alone decides every scope's groups
 * (upstream's registry-admins document maps mcp-servers-unrestricted, i.e. the M2M client, to full admin rights).
 * `--no-recreate` keeps existing indexes instead of dropping and rebuilding them on every task start.
 */
export const DATABASE_INIT_SHELL = [
  "set -eu",
  'bundle="$DOCUMENTDB_TLS_CA_FILE"',
  'if [ ! -s "$bundle" ]; then',
  '  curl -fsSL --retry 8 --retry-all-errors --retry-delay 5 --connect-timeout 10 --max-time 120 -o "$bundle.download" "$RDS_CA_BUNDLE_URL"',
  '  mv "$bundle.download" "$bundle"',
  "fi",
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
}

export interface DatabaseInit {
  /** A non-essential container of the registry task that initialises the database and exits. */
  readonly container: ContainerSpec;
  /** Add to the registry container's `dependsOn`: it starts only after the initialisation succeeded. */
  readonly startAfter: { readonly containerName: string; readonly condition: "SUCCESS" };
  /** SHA-256 of the scope documents, for logs and tests; the documents themselves are in the task definition. */
  readonly documentsHash: string;
}

/**
 * Database initialisation as an init container of the registry task: it runs on every deployment and every task
 * start, is idempotent, and carries the scope documents in its environment, so a changed access model changes the
 * registry's task definition and rolls the registry. The auth server reads scopes from the database per request
 * (upstream's DocumentDBScopeRepository queries `group_mappings` on every call), so it needs no roll.
 */
export function databaseInit(props: DatabaseInitProps): DatabaseInit {
  const documents = JSON.stringify(props.scopeDocuments);
  return {
    container: {
      name: DATABASE_INIT_CONTAINER_NAME,
      image: props.image,
      essential: false,
      command: ["/bin/sh", "-c", DATABASE_INIT_SHELL],
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
        RDS_CA_BUNDLE_URL,
        SEED_SCOPES_PY: SEED_SCOPES_SCRIPT,
        SCOPE_DOCUMENTS: documents,
        AWS_EC2_METADATA_DISABLED: "true",
      },
      secrets: { DOCUMENTDB_USERNAME: props.database.credentials.username, DOCUMENTDB_PASSWORD: props.database.credentials.password },
    },
    startAfter: { containerName: DATABASE_INIT_CONTAINER_NAME, condition: "SUCCESS" },
    documentsHash: createHash("sha256").update(documents).digest("hex"),
  };
}
