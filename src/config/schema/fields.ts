import { z } from "zod";
import { cidrProblem, parseCidr } from "../cidr";

// Field types more than one section of the configuration uses.

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;

export const domainName = z
  .string()
  .transform((value) => value.toLowerCase())
  .refine((value) => DOMAIN_PATTERN.test(value), {
    message: "is not a valid DNS name; use lower-case labels separated by dots, e.g. mycorp.example.com",
  });

export const cidr = z.string().superRefine((value, ctx) => {
  if (parseCidr(value) === undefined) ctx.addIssue({ code: "custom", message: cidrProblem(value), input: value });
});
