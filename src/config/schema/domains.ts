import { z } from "zod";
import { domainName } from "./fields";

/** `domains`: the registry's and Keycloak's host names and the hosted zone that holds their records. */
export const domainsSchema = z
  .strictObject({
    /** `regional`: registry.<region>.<baseDomain> and kc.<region>.<baseDomain>; `static`: the names given below. */
    mode: z.enum(["regional", "static"]).default("regional"),
    baseDomain: domainName.optional(),
    registry: domainName.optional(),
    keycloak: domainName.optional(),
    /** The public Route53 hosted zone that holds the records; defaults to baseDomain. */
    hostedZone: domainName.optional(),
  })
  .superRefine((domains, ctx) => {
    if (domains.mode === "regional" && !domains.baseDomain) {
      ctx.addIssue({ code: "custom", path: ["baseDomain"], message: "is required when mode is regional" });
    }
    if (domains.mode === "regional") {
      for (const key of ["registry", "keycloak"] as const) {
        if (domains[key]) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `(${domains[key]}) would be ignored: mode regional derives the names from baseDomain; set mode: static to use it, or remove it`,
          });
        }
      }
    }
    if (domains.mode === "static") {
      for (const key of ["registry", "keycloak"] as const) {
        if (!domains[key]) {
          ctx.addIssue({ code: "custom", path: [key], message: "is required when mode is static" });
        }
      }
      if (domains.registry && domains.registry === domains.keycloak) {
        ctx.addIssue({
          code: "custom",
          path: ["keycloak"],
          message: `(${domains.keycloak}) is also the registry's name; each needs its own name (own load balancer and certificate)`,
        });
      }
      if (!domains.hostedZone && !domains.baseDomain) {
        ctx.addIssue({
          code: "custom",
          path: ["hostedZone"],
          message: "is required when mode is static (or set baseDomain)",
        });
      }
    }
  });
