import { Buffer } from "node:buffer";
import { promises as dns } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import tls from "node:tls";

/*
 * The network the commands that talk to the deployment (smoke, register) use: DNS, TLS and HTTP(S) with node's own
 * clients, connecting to a load balancer or an address while naming the public host in SNI, the certificate check and
 * Host. Tests replace it with recorded answers.
 */

/** One HTTP(S) request: to the URL as a client means it, over a connection opened to `connectTo`. */
export interface SmokeRequest {
  /** Its host is what SNI, certificate verification and the Host header name. */
  readonly url: URL;
  /** Where the connection goes: the URL's host, a load balancer's DNS name or an address. */
  readonly connectTo: string;
  readonly method?: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface SmokeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface PeerCertificate {
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: Date;
}

/** The network as the checks use it; tests answer from recordings. */
export interface SmokeNetwork {
  /** A and AAAA records of a name; [] when it has none (not (yet) in DNS). */
  resolve(host: string): Promise<string[]>;
  /** A TLS handshake with default CA verification and the certificate checked against `servername`. */
  handshake(connectTo: string, port: number, servername: string): Promise<PeerCertificate>;
  request(request: SmokeRequest): Promise<SmokeAnswer>;
}

export const NO_RECORDS = ["ENOTFOUND", "ENODATA", "NXDOMAIN"];
const MAX_BODY = 256 * 1024;

/** `[::1]` → `::1`: URL hostnames keep IPv6 brackets, sockets and certificate checks do not. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** What node's https/http client gets: connect to `connectTo`, but name the URL's host in SNI, the certificate check and Host. */
export function requestOptions(request: SmokeRequest, timeoutMs: number): https.RequestOptions {
  const name = bareHost(request.url);
  const body = request.body;
  return {
    host: request.connectTo,
    port: portOf(request.url),
    method: request.method ?? "GET",
    path: `${request.url.pathname}${request.url.search}`,
    headers: {
      Host: request.url.host,
      "User-Agent": "mcp-gateway-ops-smoke",
      ...request.headers,
      ...(body !== undefined ? { "Content-Length": String(Buffer.byteLength(body)) } : {}),
    },
    agent: false,
    timeout: timeoutMs,
    ...(request.url.protocol === "https:"
      ? {
          ...(isIP(name) ? {} : { servername: name }),
          rejectUnauthorized: true,
          checkServerIdentity: (_host: string, certificate: tls.PeerCertificate) => tls.checkServerIdentity(name, certificate),
        }
      : {}),
  };
}

/** The real network: DNS through node's resolver, TLS and HTTP(S) through node's own clients; no redirects followed. */
export function nodeNetwork(options: { timeoutMs: number; ca?: string | Buffer }): SmokeNetwork {
  const timeoutError = (what: string) =>
    Object.assign(new Error(`${what} timed out after ${options.timeoutMs / 1000}s`), { code: "ETIMEDOUT" });
  return {
    async resolve(host) {
      if (isIP(host)) return [host];
      const records = (lookup: Promise<string[]>) =>
        lookup.catch((error: NodeJS.ErrnoException) => {
          if (NO_RECORDS.includes(error.code ?? "")) return [];
          throw error;
        });
      const [v4, v6] = await Promise.all([records(dns.resolve4(host)), records(dns.resolve6(host))]);
      return [...v4, ...v6];
    },
    handshake(connectTo, port, servername) {
      return new Promise((resolve, reject) => {
        const socket = tls.connect({
          host: connectTo,
          port,
          ...(isIP(servername) ? {} : { servername }),
          rejectUnauthorized: true,
          checkServerIdentity: (_host, certificate) => tls.checkServerIdentity(servername, certificate),
          ...(options.ca ? { ca: options.ca } : {}),
        });
        socket.setTimeout(options.timeoutMs, () => socket.destroy(timeoutError(`TLS handshake with ${connectTo}:${port}`)));
        socket.once("secureConnect", () => {
          const certificate = socket.getPeerCertificate();
          const field = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : (value ?? "?"));
          resolve({
            subject: field(certificate.subject?.CN),
            issuer: field(certificate.issuer?.CN ?? certificate.issuer?.O),
            validTo: new Date(certificate.valid_to),
          });
          socket.end();
        });
        socket.once("error", reject);
      });
    },
    request(request) {
      return new Promise((resolve, reject) => {
        const client = request.url.protocol === "https:" ? https : http;
        const call = client.request(
          { ...requestOptions(request, options.timeoutMs), ...(options.ca ? { ca: options.ca } : {}) },
          (response) => {
            const chunks: Buffer[] = [];
            let size = 0;
            response.on("data", (chunk: Buffer) => {
              if (size < MAX_BODY) chunks.push(chunk);
              size += chunk.length;
            });
            response.on("end", () =>
              resolve({
                status: response.statusCode ?? 0,
                headers: Object.fromEntries(
                  Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]),
                ),
                body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_BODY),
              }),
            );
            response.on("error", reject);
          },
        );
        call.on("timeout", () => call.destroy(timeoutError(`${request.method ?? "GET"} ${request.url.href}`)));
        call.on("error", reject);
        call.end(request.body);
      });
    },
  };
}
