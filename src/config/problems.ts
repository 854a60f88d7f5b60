import { z } from "zod";
import { closestKey } from "./closest-key";
import { configSchema } from "./schema";

/** One thing wrong with the configuration: the field (dotted path) and a sentence naming the value and the fix. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

export function formatProblem(problem: ConfigProblem): string {
  return `${problem.path}: ${problem.message}`;
}

/** The text of the value at a path as the configuration file writes it, when it is known (files, not raw data). */
export type SourceText = (path: readonly PropertyKey[]) => string | undefined;

/** Dotted field path of a schema issue; `(top level)` for the file itself. */
export function issuePath(path: readonly PropertyKey[]): string {
  // A key can be the mistake itself (a 200-character tag key): the path shows its start, the message the rest.
  const segment = (part: PropertyKey) => (String(part).length > 40 ? `${String(part).slice(0, 37)}...` : String(part));
  return path.length > 0 ? path.map(segment).join(".") : "(top level)";
}

/** A user's sentence for one zod issue: never a regular expression, a discriminator dump or "undefined". */
export function describeIssue(issue: z.core.$ZodIssue, sourceText?: SourceText): ConfigProblem {
  const path = issuePath(issue.path);
  const input = "input" in issue ? issue.input : undefined;
  return { path, message: issueMessage(issue, input, sourceText?.(issue.path)) };
}

function issueMessage(issue: z.core.$ZodIssue, input: unknown, written: string | undefined): string {
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(issue.path);
      const hints = issue.keys.map((key) => closestKey(key, allowed)).filter((hint): hint is string => hint !== undefined);
      // The services are a fixed catalog: a name that is no near miss of one of them needs saying so.
      const catalog = issue.path.length === 1 && issue.path[0] === "services" && hints.length < issue.keys.length;
      return (
        `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}` +
        (hints.length > 0 ? ` (did you mean ${hints.map((hint) => `"${hint}"`).join(", ")}?)` : "") +
        (catalog
          ? `; services are a fixed catalog of the registry's containers, other containers cannot be added here; the services: ${allowed.join(", ")}; an MCP server of your own goes under mcpServers.<name>`
          : `; allowed keys: ${allowed.join(", ")}`)
      );
    }
    case "invalid_type":
      return wrongType(issue.path, issue.expected, input, written);
    case "invalid_value":
      return notOneOf(input, issue.values);
    case "invalid_union": {
      // A discriminated union reports its options and the whole object as input: show the discriminator's own value.
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      const choices = discriminator ? (options ?? []) : literalValues(issue);
      if (choices.length > 0) return notOneOf(discriminator && isRecord(input) ? input[discriminator] : input, choices);
      return `${show(input)} is not valid here; see config/example.yaml for the accepted forms`;
    }
    case "too_small":
      return `${ownMessage(issue) ?? sizeRule("at least", issue.origin, issue.minimum, issue.inclusive)} (got ${show(input)})`;
    case "too_big":
      return `${ownMessage(issue) ?? sizeRule("at most", issue.origin, issue.maximum, issue.inclusive)} (got ${show(input)})`;
    case "not_multiple_of":
      return `${show(input)} must be a multiple of ${String(issue.divisor)}, e.g. ${[1, 2, 3].map((n) => n * Number(issue.divisor)).join(", ")}`;
    case "invalid_format": {
      // Schema fields carry their own sentence; a bare pattern is never shown to the user.
      const own = ownMessage(issue);
      return own ? `${show(input)} ${own}` : `${show(input)} does not have the expected form; see this field in config/example.yaml`;
    }
    case "invalid_key": {
      const inner = issue.issues.map((inner) => inner.message).filter((message) => message && !message.startsWith("Invalid"));
      return `the key ${show(input)} ${inner[0] ?? "is not allowed"}; rename it`;
    }
    case "invalid_element":
      return `${show(input)} is not allowed here; see config/example.yaml`;
    case "custom":
      // Refinements of a single value carry it as input; refinements of a whole section name values in their message.
      return input === undefined || typeof input === "object" ? issue.message : `${show(input)} ${issue.message}`;
    default:
      return `${show(input)} is not valid here; see config/example.yaml`;
  }
}

/** The sentence a schema field gives for its own rule, or undefined when zod's generic text is all there is. */
function ownMessage(issue: z.core.$ZodIssue): string | undefined {
  return issue.message && !/^(Invalid|Too (small|big))/.test(issue.message) ? issue.message : undefined;
}

function notOneOf(input: unknown, values: readonly unknown[]): string {
  const choices = values.map((value) => JSON.stringify(value)).join(", ");
  if (input === undefined) return `is missing; set it to one of: ${choices}`;
  const suggestion =
    typeof input === "string"
      ? closestKey(
          input,
          values.filter((value): value is string => typeof value === "string"),
        )
      : undefined;
  const unquoted = typeof input === "string" && values.some((value) => String(value) === input && typeof value !== "string");
  return (
    `${show(input)} is not allowed; use one of: ${choices}` +
    (unquoted ? ` (write it without quotes)` : suggestion ? ` (did you mean "${suggestion}"?)` : "")
  );
}

const TYPE_NAMES: Record<string, string> = {
  string: "a text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of settings",
  record: "a mapping",
  int: "a whole number",
};

function wrongType(path: readonly PropertyKey[], expected: string, input: unknown, written: string | undefined): string {
  const wanted = TYPE_NAMES[expected] ?? expected;
  if (input === undefined) return `is missing; add it (${wanted}) as in config/example.yaml`;
  if (input === null) {
    return expected === "object"
      ? "is empty; give its settings as in config/example.yaml, or remove the key to use the defaults"
      : `is empty; give ${wanted}, or remove the key to use the default`;
  }
  const field = String(path[path.length - 1] ?? "");
  if (expected === "array" && typeof input === "string")
    return `expected a list, got the text ${show(input)}; write it as a list: ${field}: [${JSON.stringify(input)}]`;
  if (expected === "number" && typeof input === "string" && input.trim() !== "" && !Number.isNaN(Number(input))) {
    return `expected a number, got the text ${show(input)}; write it without quotes: ${field}: ${Number(input)}`;
  }
  if (expected === "boolean" && typeof input === "string" && /^(true|false|yes|no)$/i.test(input)) {
    return `expected true or false, got the text ${show(input)}; write ${field}: ${/^(true|yes)$/i.test(input)} without quotes`;
  }
  if (expected === "string" && (typeof input === "number" || typeof input === "boolean")) {
    // YAML reads 16.10 as the number 16.1 and yes-looking words as booleans: the fix is the text as the user typed it.
    const typed = written !== undefined && written.trim() !== "" ? written.trim() : String(input);
    const read =
      typeof input === "number"
        ? typed === String(input)
          ? `the number ${typed}`
          : `the number ${String(input)} (${typed} unquoted is a number)`
        : `${String(input)} (true or false)`;
    return `expected a text, got ${read}; quote it: ${JSON.stringify(typed)}`;
  }
  return `expected ${wanted}, got ${describeValue(input)}`;
}

function sizeRule(bound: "at least" | "at most", origin: string, limit: number | bigint, inclusive: boolean | undefined): string {
  const value = Number(limit);
  switch (origin) {
    case "string":
      return bound === "at least" && value === 1
        ? "must not be empty; give a value or remove the key"
        : `must be ${bound} ${value} characters long`;
    case "array":
    case "set":
      return `must list ${bound} ${value} ${value === 1 ? "entry" : "entries"}`;
    default:
      return inclusive === false ? `must be ${bound === "at least" ? "greater" : "less"} than ${value}` : `must be ${bound} ${value}`;
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `a list (${show(value)})`;
  if (typeof value === "object" && value !== null) return "a mapping";
  if (typeof value === "string") return `the text ${show(value)}`;
  return `${typeof value} ${show(value)}`;
}

/** A value as the user wrote it, cut short when long. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function literalValues(issue: z.core.$ZodIssueInvalidUnion): unknown[] {
  return issue.errors.flat().flatMap((inner) => (inner.code === "invalid_value" ? inner.values : []));
}

/** The keys the schema accepts at a path, for "unknown key" messages. */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  const schema = schemaAt(path);
  const shape = schema ? (unwrap(schema) as unknown as { shape?: Record<string, unknown> }).shape : undefined;
  return shape ? Object.keys(shape) : [];
}

function schemaAt(path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let schema: z.core.$ZodType = configSchema;
  for (const segment of path) {
    const inner = unwrap(schema);
    const shape = (inner as unknown as { shape?: Record<string, z.core.$ZodType> }).shape;
    // A mapping of named entries (mcpServers.<name>): every key has the same schema.
    const valueType = (inner._zod.def as { valueType?: z.core.$ZodType }).valueType;
    if (!shape && valueType && typeof segment === "string") {
      schema = valueType;
      continue;
    }
    if (!shape || typeof segment !== "string" || !(segment in shape)) return undefined;
    schema = shape[segment];
  }
  return schema;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType; schema?: z.core.$ZodType };
    const next = def.innerType ?? def.in ?? def.schema;
    if (!next) return current;
    current = next;
  }
}
