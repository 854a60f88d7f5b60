import { createHash } from "node:crypto";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";
import { AccessPointReference, ContainerSpec } from "./fargate-service";

/**
 * Where each service mounts the EFS `auth_config` access point, and so where it reads scopes.yml. Both paths are the
 * same file on EFS (`/auth_config/scopes.yml`). The registry's scopes manager writes the fixed path
 * `/app/auth_server/scopes.yml`, so the registry mounts the access point there; the auth server keeps its own mount.
 */
export const REGISTRY_AUTH_CONFIG_MOUNT_PATH = "/app/auth_server";
export const AUTH_SERVER_AUTH_CONFIG_MOUNT_PATH = "/efs/auth_config";
export const SCOPES_FILE_NAME = "scopes.yml";
/** SCOPES_CONFIG_PATH for the registry container. */
export const REGISTRY_SCOPES_CONFIG_PATH = `${REGISTRY_AUTH_CONFIG_MOUNT_PATH}/${SCOPES_FILE_NAME}`;
/** SCOPES_CONFIG_PATH for the auth-server container. */
export const AUTH_SERVER_SCOPES_CONFIG_PATH = `${AUTH_SERVER_AUTH_CONFIG_MOUNT_PATH}/${SCOPES_FILE_NAME}`;

export const SCOPES_INIT_CONTAINER_NAME = "scopes-init";
/** A shell is all the init container needs: ECS itself fetches the parameter into its environment. */
export const SCOPES_INIT_IMAGE = "public.ecr.aws/docker/library/busybox:1.37.0";
const INIT_MOUNT_PATH = "/mnt/auth_config";
const CONTENT_VARIABLE = "SCOPES_YML";
const DIRECTORY_VARIABLE = "AUTH_CONFIG_DIR";

const STANDARD_TIER_MAX_BYTES = 4096;
const ADVANCED_TIER_MAX_BYTES = 8192;

/**
 * Writes scopes.yml unless the file already holds this content's model. The registry edits the file at runtime
 * (servers added to scopes), so a task restart keeps those edits; only a changed model replaces the file. The new file
 * is renamed into place, so a reader never sees half of it. No `${` appears here: Terraform would interpolate it.
 */
export const SCOPES_INIT_SCRIPT = [
  "set -eu",
  `target="$${DIRECTORY_VARIABLE}/${SCOPES_FILE_NAME}"`,
  `marker="$${DIRECTORY_VARIABLE}/.${SCOPES_FILE_NAME}.sha256"`,
  `model=$(printf '%s' "$${CONTENT_VARIABLE}" | sha256sum | cut -d ' ' -f 1)`,
  `if [ -f "$target" ] && [ "$(cat "$marker" 2>/dev/null)" = "$model" ]; then`,
  `  echo "${SCOPES_FILE_NAME} already holds model $model; keeping the registry's runtime changes"`,
  "  exit 0",
  "fi",
  `staged=$(mktemp "$${DIRECTORY_VARIABLE}/.${SCOPES_FILE_NAME}.XXXXXX")`,
  `printf '%s' "$${CONTENT_VARIABLE}" > "$staged"`,
  `chmod 0644 "$staged"`,
  `mv -f "$staged" "$target"`,
  `printf '%s\\n' "$model" > "$marker"`,
  `echo "wrote ${SCOPES_FILE_NAME} for model $model"`,
].join("\n");

export interface ScopesConfigProps {
  /** SSM parameter name, e.g. `/mcp-gateway/auth-server/scopes.yml`. */
  readonly parameterName: string;
  /** The rendered scopes.yml. */
  readonly content: string;
}

/**
 * scopes.yml in SSM Parameter Store, plus the init container that writes it to the EFS `auth_config` access point
 * before the registry or auth server starts. Put `contentHash` into both task definitions: a changed model then rolls
 * both services through an ordinary deployment.
 */
export class ScopesConfig extends Construct {
  readonly parameterArn: string;
  /** SHA-256 of the content; changes exactly when scopes.yml changes. */
  readonly contentHash: string;
  /** Add to the main container's `dependsOn`, so it starts only after scopes.yml is in place. */
  readonly startAfterInit = { containerName: SCOPES_INIT_CONTAINER_NAME, condition: "SUCCESS" } as const;

  constructor(scope: Construct, id: string, props: ScopesConfigProps) {
    super(scope, id);
    const bytes = Buffer.byteLength(props.content, "utf8");
    if (bytes > ADVANCED_TIER_MAX_BYTES) {
      throw new Error(
        `scopes.yml is ${bytes} bytes; an SSM parameter holds at most ${ADVANCED_TIER_MAX_BYTES}. Shorten the access model's scope definitions.`,
      );
    }
    const parameter = new SsmParameter(this, "parameter", {
      name: props.parameterName,
      description: "scopes.yml for the MCP Gateway auth server and registry, generated from the access model",
      type: "String",
      tier: bytes > STANDARD_TIER_MAX_BYTES ? "Advanced" : "Standard",
      // Not a secret: insecure_value shows the change to scopes.yml in the plan, where reviewers need to see it.
      insecureValue: escapeTerraformTemplate(props.content),
    });
    this.parameterArn = parameter.arn;
    this.contentHash = createHash("sha256").update(props.content).digest("hex");
  }

  /** The non-essential init container writing scopes.yml onto the `auth_config` access point, for a task to run first. */
  initContainer(authConfig: AccessPointReference): ContainerSpec {
    return {
      name: SCOPES_INIT_CONTAINER_NAME,
      image: { reference: SCOPES_INIT_IMAGE },
      essential: false,
      command: ["sh", "-c", SCOPES_INIT_SCRIPT],
      environment: { [DIRECTORY_VARIABLE]: INIT_MOUNT_PATH },
      parameters: { [CONTENT_VARIABLE]: { parameterArn: this.parameterArn } },
      mounts: [{ source: { kind: "efs", accessPoint: authConfig }, containerPath: INIT_MOUNT_PATH }],
      readonlyRootFilesystem: true,
    };
  }
}

/** Terraform reads `${` and `%{` in any string as template syntax; doubling the sigil keeps them literal. */
function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
