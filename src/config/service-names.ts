/** The containers this deployment can run; each is configured under `services.<name>`. */
export const SERVICE_NAMES = [
  "registry",
  "auth-server",
  "keycloak",
  "currenttime",
  "mcpgw",
  "realserverfaketools",
  "flight-booking-agent",
  "travel-assistant-agent",
  "metrics-service",
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];
