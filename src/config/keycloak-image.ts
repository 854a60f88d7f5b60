import { imageTag } from "../contract/app-contract";

/**
 * The oldest Keycloak this deployment runs on: 26 for the bootstrap admin service account
 * (`KC_BOOTSTRAP_ADMIN_CLIENT_ID`/`_SECRET`, Terraform's login) and the management port's health endpoints, and 26.4.3
 * for the fix of CVE-2025-10939 (requests with non-normalised paths reached what the load balancer's path rules keep to
 * the admin networks).
 */
export const KEYCLOAK_MINIMUM_VERSION = "26.4.3";

interface KeycloakVersion {
  readonly major: number;
  readonly minor?: number;
  readonly patch?: number;
}

/** A Keycloak release tag: `26`, `26.4`, `26.4.3`, or a rebuild such as `26.4.3-1`; undefined for custom tags. */
function parseKeycloakVersion(tag: string): KeycloakVersion | undefined {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-\d+)?$/.exec(tag);
  if (!match) return undefined;
  const [, major, minor, patch] = match;
  return {
    major: Number(major),
    minor: minor === undefined ? undefined : Number(minor),
    patch: patch === undefined ? undefined : Number(patch),
  };
}

/**
 * The problem with a Keycloak image reference, if its tag names a release older than the minimum. A floating tag
 * (`26`, `26.4`) stands for the newest release of its series; digests and custom tags are not judged.
 */
export function keycloakImageProblem(reference: string): string | undefined {
  const tag = imageTag(reference);
  const version = tag === undefined ? undefined : parseKeycloakVersion(tag);
  if (!version) return undefined;
  const minimum = parseKeycloakVersion(KEYCLOAK_MINIMUM_VERSION) as Required<KeycloakVersion>;
  const parts: [number | undefined, number][] = [
    [version.major, minimum.major],
    [version.minor, minimum.minor],
    [version.patch, minimum.patch],
  ];
  for (const [actual, required] of parts) {
    if (actual === undefined || actual > required) return undefined;
    if (actual < required) {
      return (
        `is older than Keycloak ${KEYCLOAK_MINIMUM_VERSION}, the oldest this deployment runs on (26 for the bootstrap ` +
        `admin service account Terraform logs in with, ${KEYCLOAK_MINIMUM_VERSION} for the fix of CVE-2025-10939); ` +
        `use quay.io/keycloak/keycloak:${KEYCLOAK_MINIMUM_VERSION} or newer, or a digest`
      );
    }
  }
  return undefined;
}
