import { KEYCLOAK_IMAGE } from "../src/config/deployment-config";
import { KEYCLOAK_MINIMUM_VERSION } from "../src/config/keycloak-image";
import { configProblems, exampleRawConfig, Json } from "./support";

function withKeycloakImage(image: string): Json {
  const raw = exampleRawConfig();
  raw.services = { ...raw.services, keycloak: { ...raw.services?.keycloak, image } };
  return raw;
}

describe("the Keycloak image floor", () => {
  test("is 26.4.3, and the default image is above it", () => {
    expect(KEYCLOAK_MINIMUM_VERSION).toBe("26.4.3");
    expect(configProblems(withKeycloakImage(KEYCLOAK_IMAGE))).toEqual([]);
  });

  test.each([
    "quay.io/keycloak/keycloak:26.4.2",
    "quay.io/keycloak/keycloak:26.3",
    "quay.io/keycloak/keycloak:25.0.6",
    "quay.io/keycloak/keycloak:24",
  ])("%s is refused at synth, naming the field, the image, the floor and the fix", (image) => {
    expect(configProblems(withKeycloakImage(image))).toEqual([
      `services.keycloak.image: (${image}) is older than Keycloak 26.4.3, the oldest this deployment runs on (26 for the ` +
        "bootstrap admin service account Terraform logs in with, 26.4.3 for the fix of CVE-2025-10939); use " +
        "quay.io/keycloak/keycloak:26.4.3 or newer, or a digest",
    ]);
  });

  test.each([
    "quay.io/keycloak/keycloak:26.4.3",
    "quay.io/keycloak/keycloak:26.4.3-1",
    "quay.io/keycloak/keycloak:26.4",
    "quay.io/keycloak/keycloak:26",
    "quay.io/keycloak/keycloak:26.5.0",
    "quay.io/keycloak/keycloak:27.0.0",
    `quay.io/keycloak/keycloak@sha256:${"a".repeat(64)}`,
    `quay.io/keycloak/keycloak:26.4.3@sha256:${"a".repeat(64)}`,
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/keycloak:custom-build-7",
  ])("%s is accepted (the floor or newer, a floating tag of a series that reaches it, a digest, a custom tag)", (image) => {
    expect(configProblems(withKeycloakImage(image))).toEqual([]);
  });

  test("the floor is Keycloak's alone: other services' release tags are not judged by it", () => {
    const raw = exampleRawConfig();
    raw.services = { ...raw.services, mcpgw: { image: "public.ecr.aws/p3v1o3c6/mcpgw:1.30.0" } };
    expect(configProblems(raw)).toEqual([]);
  });
});
