import * as creationStacks from "cdktf/lib/tokens/private/stack-trace";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";

// cdktf checks the Terraform version (`terraform version`, a child process) once per Terraform-version validation on
// every synth: one for the moved blocks and one per terraform_data resource, about ten per synth of the app. global-setup.js
// runs that command once per jest run; a check whose command and PATH match and whose version plainly meets a ">=x.y"
// constraint passes on that output, and every other check (another command, a failure, a version too old) runs as
// cdktf runs it, once per distinct check in a test file.
interface RecordedVersion {
  readonly command: string;
  readonly path: string | undefined;
  readonly output: string;
}
const TERRAFORM_VERSION_ENV_VAR = "MCP_GATEWAY_TEST_TERRAFORM_VERSION";
const recordedVersion = JSON.parse(process.env[TERRAFORM_VERSION_ENV_VAR] ?? "null") as RecordedVersion | null;

function meetsRecordedVersion(versionCommand: string | undefined, versionConstraint: string | undefined): boolean {
  if (!recordedVersion || versionCommand !== recordedVersion.command || process.env.PATH !== recordedVersion.path) return false;
  const version = recordedVersion.output
    .match(/\d+\.\d+\.\d+/)?.[0]
    .split(".")
    .map(Number);
  const minimum = versionConstraint
    ?.match(/^>=(\d+)\.(\d+)(?:\.(\d+))?$/)
    ?.slice(1)
    .map((part) => Number(part ?? 0));
  if (!version || !minimum) return false;
  for (let index = 0; index < 3; index++) if (version[index] !== minimum[index]) return version[index] > minimum[index];
  return true;
}

// cdktf is loaded once per jest process (shared-cdktf-runtime.js), so every test file replaces cdktf's own check, kept
// under a symbol by the first, rather than the previous file's replacement.
type VersionCheck = (this: ValidateBinaryVersion) => string[];
const CDKTF_VERSION_CHECK = Symbol.for("mcp-gateway-cdktf.tests.cdktfVersionCheck");
const validations = ValidateBinaryVersion.prototype as unknown as Record<symbol, VersionCheck | undefined> & { validate: VersionCheck };
const checkVersion = (validations[CDKTF_VERSION_CHECK] ??= validations.validate);
const versionChecks = new Map<string, string[]>();
ValidateBinaryVersion.prototype.validate = function (this: ValidateBinaryVersion) {
  const { binary, versionConstraint, versionCommand, hint } = this as unknown as Record<string, string | undefined>;
  if (meetsRecordedVersion(versionCommand, versionConstraint)) return [];
  const key = JSON.stringify([binary, versionConstraint, versionCommand, hint, process.env.PATH]);
  let problems = versionChecks.get(key);
  if (!problems) versionChecks.set(key, (problems = checkVersion.call(this)));
  return [...problems];
};

// cdktf (and constructs) record a full-depth creation stack for every token they make, with Error.captureStackTrace on
// a plain object, and jest's source-map-support mapped every frame of every one through cdktf's inline source maps:
// half of the suite's CPU. Those stacks only appear inside cdktf's own error messages, so they keep V8's plain frames;
// the stack of every Error, a failing test's included, is still source-mapped.
const sourceMapped = Error.prepareStackTrace?.bind(Error);
if (sourceMapped) {
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error
      ? sourceMapped(target, frames)
      : [
          String(target),
          ...frames.map(
            (frame) =>
              `    at ${frame.getFunctionName() ?? "<anonymous>"} (${frame.getFileName()}:${frame.getLineNumber()}:${frame.getColumnNumber()})`,
          ),
        ].join("\n");
}

// cdktf records that creation stack for every token (tens of thousands per synth) and splits it into lines at once,
// which has V8 format every frame; only a failed resolution ever reads one. The stack is still captured at creation,
// in full, and becomes the same lines the first time anything reads it.
function lazyCreationStack(below?: (...args: never[]) => unknown): string[] {
  const holder: { stack?: string } = {};
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(holder, below ?? lazyCreationStack);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  let lines: string[] | undefined;
  const read = () =>
    (lines ??= holder.stack
      ? holder.stack
          .split("\n")
          .slice(1)
          .map((line) => line.replace(/^\s*at\s+/, ""))
      : []);
  return new Proxy<string[]>([], {
    get: (_, property) => Reflect.get(read(), property),
    has: (_, property) => Reflect.has(read(), property),
  });
}
Object.assign(creationStacks, { captureStackTrace: lazyCreationStack });
