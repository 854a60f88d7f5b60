/** The few Keycloak admin and OIDC calls rung 2 asserts with; plain HTTP against the server, not through Terraform. */

export interface KeycloakConnection {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): KeycloakConnection {
  const { KEYCLOAK_URL: url, KEYCLOAK_USER: username, KEYCLOAK_PASSWORD: password } = env;
  if (!url || !username || !password) {
    throw new Error("KEYCLOAK_URL, KEYCLOAK_USER and KEYCLOAK_PASSWORD must be set (scripts/e2e/keycloak-harness.sh exports them)");
  }
  return { url, username, password };
}

export type Json = Record<string, any>;

export class KeycloakAdmin {
  private token?: { value: string; expires: number };

  constructor(
    private readonly connection: KeycloakConnection,
    readonly realm: string,
  ) {}

  /** GET on the realm's admin API; `path` is relative to /admin/realms/<realm>. Returns undefined on 404. */
  async get(path: string): Promise<any> {
    const response = await fetch(`${this.connection.url}/admin/realms/${this.realm}${path}`, {
      headers: { authorization: `Bearer ${await this.adminToken()}` },
      signal: AbortSignal.timeout(15000),
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  }

  async client(clientId: string): Promise<Json> {
    const [client] = await this.get(`/clients?clientId=${encodeURIComponent(clientId)}`);
    if (!client) throw new Error(`client ${clientId} does not exist in realm ${this.realm}`);
    return client;
  }

  async clientSecret(clientId: string): Promise<string> {
    const client = await this.client(clientId);
    const secret = await this.get(`/clients/${client.id}/client-secret`);
    return secret.value;
  }

  /** Top-level group names and their ids. */
  async groups(): Promise<Map<string, string>> {
    const groups: Json[] = await this.get("/groups?briefRepresentation=true&max=1000");
    return new Map(groups.map((group) => [group.name, group.id]));
  }

  async userGroups(userId: string): Promise<string[]> {
    const groups: Json[] = await this.get(`/users/${userId}/groups?max=1000`);
    return groups.map((group) => group.name).sort();
  }

  async userByName(username: string): Promise<Json | undefined> {
    const users: Json[] = await this.get(`/users?exact=true&username=${encodeURIComponent(username)}`);
    return users[0];
  }

  /** An access token for a confidential client through the client-credentials grant, decoded. */
  async clientCredentialsClaims(clientId: string, secret?: string): Promise<Json> {
    const response = await this.tokenRequest({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret ?? (await this.clientSecret(clientId)),
    });
    if (!response.ok) throw new Error(`client-credentials token for ${clientId}: HTTP ${response.status} ${await response.text()}`);
    const { access_token: accessToken } = (await response.json()) as { access_token: string };
    return JSON.parse(Buffer.from(accessToken.split(".")[1], "base64url").toString("utf8"));
  }

  /** A request to the realm's token endpoint, answered as is. */
  async tokenRequest(form: Record<string, string>): Promise<Response> {
    return fetch(`${this.connection.url}/realms/${this.realm}/protocol/openid-connect/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(15000),
    });
  }

  private async adminToken(): Promise<string> {
    if (this.token && this.token.expires > Date.now() + 5000) return this.token.value;
    const response = await fetch(`${this.connection.url}/realms/master/protocol/openid-connect/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: "admin-cli",
        username: this.connection.username,
        password: this.connection.password,
      }),
      signal: AbortSignal.timeout(15000),
    });
    if (!response.ok) throw new Error(`admin login: HTTP ${response.status}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.token = { value: body.access_token, expires: Date.now() + body.expires_in * 1000 };
    return this.token.value;
  }
}

/** The `aud` claim as a list (Keycloak writes a string when there is one audience). */
export function audiences(claims: Json): string[] {
  if (claims.aud === undefined) return [];
  return Array.isArray(claims.aud) ? claims.aud : [claims.aud];
}
