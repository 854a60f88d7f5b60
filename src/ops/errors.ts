/** A failure the operator can act on: what went wrong and what to do about it. Printed without a stack trace. */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "OpsError";
  }
}

/** Bad command-line input: every problem at once, exit code 2. */
export class UsageError extends OpsError {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"), "npm run ops -- help", 2);
    this.name = "UsageError";
  }
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Turns an AWS SDK (or network) error into an OpsError whose fix names the next step: credentials, region, account,
 * permissions or the deployment itself. Anything unrecognised keeps its own message.
 */
export function explainAwsError(error: unknown, context: { region: string; action: string }): OpsError {
  if (error instanceof OpsError) return error;
  const shape = (typeof error === "object" && error !== null ? error : { message: String(error) }) as SdkErrorShape;
  const name = shape.name ?? "";
  const message = shape.message ?? String(error);
  const where = `${context.action} (region ${context.region})`;
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return new OpsError(
      `${where}: no AWS credentials found (${message})`,
      "configure credentials: `aws sso login --profile NAME` and `export AWS_PROFILE=NAME`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
    );
  }
  if (["ExpiredToken", "ExpiredTokenException", "RequestExpired"].includes(name)) {
    return new OpsError(`${where}: the AWS session has expired`, "renew it: `aws sso login` (or fetch new temporary credentials)");
  }
  if (["UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch"].includes(name)) {
    return new OpsError(
      `${where}: AWS does not accept these credentials (${name})`,
      "check AWS_PROFILE / AWS_ACCESS_KEY_ID; and that the region is enabled for the account",
    );
  }
  if (name === "AccessDeniedException" || name === "AccessDenied" || /not authorized to perform/i.test(message)) {
    return new OpsError(
      `${where}: access denied (${message})`,
      "use a role allowed to perform it, or ask for the permission the message names",
    );
  }
  if (name === "ClusterNotFoundException") {
    return new OpsError(
      `${where}: the ECS cluster does not exist here`,
      "the stack is not deployed in this account and region: check AWS_PROFILE, or deploy with `npx cdktf deploy certs app`",
    );
  }
  if (name === "ServiceNotFoundException" || name === "ServiceNotActiveException") {
    return new OpsError(`${where}: the ECS service does not exist or is not active`, "deploy the stack again: `npx cdktf deploy app`");
  }
  if (
    /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|getaddrinfo/.test(message) ||
    ["TimeoutError", "ECONNREFUSED", "ENOTFOUND"].includes(name)
  ) {
    const endpoint = process.env.AWS_ENDPOINT_URL;
    return new OpsError(
      `${where}: cannot reach ${endpoint ? `the endpoint ${endpoint} (AWS_ENDPOINT_URL)` : "AWS"} (${message})`,
      endpoint
        ? "start the emulator there or unset AWS_ENDPOINT_URL"
        : "check the network, proxy settings and that the region name is valid",
    );
  }
  return new OpsError(
    `${where}: ${name ? `${name}: ` : ""}${message}`,
    "see the message above; `npm run ops -- status` shows the deployment as a whole",
  );
}
