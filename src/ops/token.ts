import { SmokeNetwork } from "./network";

/** A Keycloak client-credentials grant: the client's secret for a short-lived access token, over the network given. */
export interface TokenRequest {
  /** Keycloak's origin (and any path prefix) without a trailing slash. */
  readonly keycloakBase: string;
  readonly realm: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where the connection goes: the public name, the load balancer's DNS name or an address. */
  readonly connectTo: string;
}

export type TokenAnswer =
  | { readonly ok: true; readonly url: URL; readonly accessToken: string; readonly expiresIn?: number }
  | { readonly ok: false; readonly url: URL; readonly status: number; readonly error?: string; readonly description?: string };

export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The `client_secret` of a stored client secret (JSON: client_id, client_secret), or undefined when it holds none. */
export function storedClientSecret(stored: string): string | undefined {
  const value = parseJsonObject(stored)?.client_secret;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Asks the realm's token endpoint for a token; network failures reject, refusals resolve with Keycloak's error. */
export async function clientCredentialsToken(network: SmokeNetwork, request: TokenRequest): Promise<TokenAnswer> {
  const url = new URL(`${request.keycloakBase}/realms/${encodeURIComponent(request.realm)}/protocol/openid-connect/token`);
  const answer = await network.request({
    url,
    connectTo: request.connectTo,
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: request.clientId,
      client_secret: request.clientSecret,
    }).toString(),
  });
  const json = parseJsonObject(answer.body);
  const accessToken = json?.access_token;
  if (answer.status === 200 && typeof accessToken === "string" && accessToken !== "") {
    return { ok: true, url, accessToken, expiresIn: typeof json?.expires_in === "number" ? json.expires_in : undefined };
  }
  return {
    ok: false,
    url,
    status: answer.status,
    error: typeof json?.error === "string" ? json.error : undefined,
    description: typeof json?.error_description === "string" ? json.error_description : undefined,
  };
}

/** What a refused grant means and what to do, for any of the realm's confidential clients. */
export function explainTokenRefusal(
  answer: Extract<TokenAnswer, { ok: false }>,
  context: { clientId: string; realm: string; via: string; notFoundFix?: string },
): { detail: string; fix: string } {
  const { error, status, url } = answer;
  const description = answer.description ? `: ${answer.description}` : "";
  if (error === "invalid_client" || error === "unauthorized_client") {
    return {
      detail: `Keycloak refuses ${context.clientId} (${status} ${error}${description})${context.via}`,
      fix:
        error === "invalid_client"
          ? 'the stored secret and Keycloak\'s differ, or the client is missing: bump keycloak.clientSecretVersion and `npm run deploy -- app` (docs/keycloak.md, "Rotating Keycloak credentials")'
          : "the client must allow client credentials (service accounts enabled): `npm run deploy -- app`",
    };
  }
  return {
    detail: `POST ${url.origin}${url.pathname} → ${status}${error ? ` ${error}${description}` : ""}${context.via}`,
    fix:
      status === 404
        ? (context.notFoundFix ?? `no realm ${context.realm}: see the oidc discovery line`)
        : "`npm run ops -- logs keycloak --since 30m`",
  };
}
