import { DescribeSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { AwsClients } from "./clients";
import { explainAwsError, OpsError } from "./errors";
import { Deployment, OutputValue } from "./outputs";

/** What each known secret output holds and where it is used; other `*_secret_arn(s)` outputs are listed as found. */
const KNOWN: Readonly<Record<string, { what: string; usedAt?: readonly string[] }>> = {
  keycloak_admin_secret_arn: {
    what: "Keycloak administrator for people, platform-admin (JSON: username, initial password; changed at first login)",
    usedAt: ["keycloak_admin_console"],
  },
  keycloak_terraform_client_secret_arn: { what: "client secret of mcp-gateway-terraform, Terraform's Keycloak admin service account" },
  keycloak_m2m_client_secret_arn: {
    what: "client secret of mcp-gateway-m2m, the machine-to-machine client (JSON: client_id, client_secret); `smoke` uses it",
    usedAt: ["keycloak_issuer_url"],
  },
  keycloak_registration_client_secret_arn: {
    what: "client secret of registry-admin-bot, the machine client that registers MCP servers (JSON: client_id, client_secret); `register` uses it",
    usedAt: ["registry_url"],
  },
  keycloak_registry_account_secret_arn: {
    what: "the registry's Keycloak account (JSON: username, password), limited to the application realm",
  },
  database_master_secret_arn: {
    what: "Keycloak's database user (JSON: username, password; rotated with secrets.databasePasswordVersion)",
    // The output is named for the engine: an Aurora cluster, or one PostgreSQL instance.
    usedAt: ["database_cluster_endpoint", "database_instance_endpoint"],
  },
  document_database_credentials_secret_arn: { what: "DocumentDB user (JSON: username, password)", usedAt: ["document_database_endpoint"] },
  secret_key_secret_arn: { what: "SECRET_KEY signing the registry's and auth server's sessions (not a login)" },
  nginx_marker_secret_arn: { what: "AUTH_SERVER_NGINX_MARKER_SECRET the registry's nginx and the auth server share (not a login)" },
};

export interface CredentialEntry {
  readonly output: string;
  readonly arn: string;
  readonly what: string;
  readonly usedAt?: string;
}

/** Every secret the outputs name: known outputs first, then any other `*_secret_arn` / `*_secret_arns` output. */
export function credentialEntries(deployment: Deployment): CredentialEntry[] {
  const entries: CredentialEntry[] = [];
  const outputs = deployment.allOutputs();
  const lookup = new Map(outputs);
  const add = (output: string, value: OutputValue | undefined) => {
    if (typeof value === "string" && value.startsWith("arn:")) {
      const known = KNOWN[output];
      const usedAt = known?.usedAt?.map((name) => lookup.get(name)).find((candidate) => typeof candidate === "string");
      entries.push({
        output,
        arn: value,
        what: known?.what ?? output.replace(/_secret_arn$/, "").replace(/_/g, " "),
        usedAt: typeof usedAt === "string" ? usedAt : undefined,
      });
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, arn] of Object.entries(value)) {
        if (typeof arn === "string" && arn.startsWith("arn:"))
          entries.push({ output: `${output}.${key}`, arn, what: `${output.replace(/_secret_arns$/, "").replace(/_/g, " ")}: ${key}` });
      }
    }
  };
  for (const name of Object.keys(KNOWN)) add(name, lookup.get(name));
  for (const [name, value] of outputs) if (!KNOWN[name] && /_secret_arns?$/.test(name)) add(name, value);
  return entries;
}

export interface CredentialDetails extends CredentialEntry {
  readonly name?: string;
  readonly lastChanged?: Date;
  readonly rotation?: string;
  readonly value?: string;
  readonly problem?: string;
}

/** Metadata of each secret (DescribeSecret never returns the value); the value only when showValues. */
export async function readCredentials(
  deployment: Deployment,
  clients: AwsClients,
  entries: readonly CredentialEntry[],
  showValues: boolean,
): Promise<CredentialDetails[]> {
  return Promise.all(
    entries.map(async (entry): Promise<CredentialDetails> => {
      try {
        const described = await clients.secrets.send(new DescribeSecretCommand({ SecretId: entry.arn }));
        const rotation = described.RotationEnabled
          ? `every ${described.RotationRules?.AutomaticallyAfterDays ?? described.RotationRules?.ScheduleExpression ?? "?"} days${described.LastRotatedDate ? `, last ${described.LastRotatedDate.toISOString().slice(0, 10)}` : ""}`
          : 'not automatic (docs/security.md, "Rotating credentials")';
        const value = showValues
          ? (await clients.secrets.send(new GetSecretValueCommand({ SecretId: entry.arn }))).SecretString
          : undefined;
        return { ...entry, name: described.Name, lastChanged: described.LastChangedDate, rotation, value };
      } catch (error) {
        if ((error as { name?: string }).name === "ResourceNotFoundException")
          return { ...entry, problem: "the secret does not exist (deleted, or another account/region)" };
        const explained = explainAwsError(error, { region: deployment.region, action: `reading secret ${entry.output}` });
        if ((error as { name?: string }).name === "AccessDeniedException") return { ...entry, problem: explained.message };
        throw explained;
      }
    }),
  );
}

export function formatCredentials(details: readonly CredentialDetails[], region: string, showValues: boolean): string {
  if (details.length === 0) return "The stack outputs name no secrets.";
  const lines: string[] = [];
  for (const detail of details) {
    lines.push(`${detail.what}`);
    lines.push(`  output:   ${detail.output}`);
    lines.push(`  secret:   ${detail.arn}`);
    if (detail.usedAt) lines.push(`  for:      ${detail.usedAt}`);
    if (detail.problem) lines.push(`  problem:  ${detail.problem}`);
    else lines.push(`  changed:  ${detail.lastChanged?.toISOString() ?? "?"}; rotation ${detail.rotation}`);
    lines.push(
      `  read it:  aws secretsmanager get-secret-value --region ${region} --secret-id '${detail.arn}' --query SecretString --output text`,
    );
    if (showValues && detail.value !== undefined) lines.push(`  value:    ${detail.value}`);
    lines.push("");
  }
  lines.push(
    showValues
      ? "Values shown on request: clear your terminal scrollback when done."
      : "Values are not shown; add --show-values to print them (mind your terminal scrollback and CI logs).",
  );
  return lines.join("\n");
}

export function selectCredentials(entries: readonly CredentialEntry[], only: string | undefined): CredentialEntry[] {
  if (!only) return [...entries];
  const selected = entries.filter(
    (entry) => entry.output === only || entry.output.replace(/_secret_arns?$/, "") === only || entry.output.startsWith(`${only}.`),
  );
  if (selected.length === 0) {
    throw new OpsError(
      `no credential named "${only}"`,
      `use one of: ${entries.map((entry) => entry.output.replace(/_secret_arn$/, "")).join(", ")}`,
      2,
    );
  }
  return selected;
}
