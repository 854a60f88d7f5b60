import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

export interface BuildInputs {
  /** Absolute path of the Docker build context. */
  readonly context: string;
  /** Dockerfile path relative to the context. */
  readonly dockerfile: string;
  readonly args: Readonly<Record<string, string>>;
  readonly platform: string;
}

/**
 * SHA-256 over everything that determines the built image: the files Docker would send as the build context (sorted
 * relative paths, executable bit, contents; `.dockerignore` applied), the Dockerfile, build args and platform.
 * Absolute paths, timestamps and owners never enter it, so every checkout of the same sources gets the same hash.
 */
export function hashBuildContext(inputs: BuildInputs): string {
  const hash = createHash("sha256");
  const field = (value: string | Buffer) => {
    hash.update(`${Buffer.byteLength(value)}:`);
    hash.update(value);
  };
  field("build-context-v1");
  field(inputs.platform);
  field(inputs.dockerfile);
  for (const name of Object.keys(inputs.args).sort()) {
    field(name);
    field(inputs.args[name]);
  }
  const ignore = DockerIgnore.load(inputs.context);
  const files = new Set(contextFiles(inputs.context, "", ignore));
  // Docker always sends the Dockerfile, even when .dockerignore excludes it.
  files.add(inputs.dockerfile.split("\\").join("/").replace(/^\.\//, ""));
  for (const path of [...files].sort()) {
    const absolute = join(inputs.context, path);
    const stat = lstatSync(absolute);
    field(path);
    if (stat.isSymbolicLink()) {
      field(`symlink:${readlinkSync(absolute)}`);
    } else {
      field(stat.mode & 0o111 ? "executable" : "regular");
      field(readFileSync(absolute));
    }
  }
  return hash.digest("hex");
}

function contextFiles(root: string, directory: string, ignore: DockerIgnore): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, directory), { withFileTypes: true })) {
    const path = directory ? `${directory}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (ignore.excludes(path) && !ignore.hasExceptions) continue;
      files.push(...contextFiles(root, path, ignore));
    } else if (!ignore.excludes(path)) {
      files.push(path);
    }
  }
  return files;
}

interface IgnorePattern {
  readonly regex: RegExp;
  readonly exception: boolean;
}

/** `.dockerignore` rules as Docker applies them: the last matching pattern wins, and a pattern also matches below a matched directory. */
export class DockerIgnore {
  static load(context: string): DockerIgnore {
    const file = join(context, ".dockerignore");
    return new DockerIgnore(existsSync(file) ? readFileSync(file, "utf8") : "");
  }

  private readonly patterns: IgnorePattern[];

  constructor(content: string) {
    this.patterns = content
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"))
      .flatMap((line) => {
        const exception = line.startsWith("!");
        const pattern = cleanPattern(exception ? line.slice(1).trim() : line);
        return pattern ? [{ regex: patternRegex(pattern), exception }] : [];
      });
  }

  /** Whether a context-relative path (with `/` separators) is left out of the build context. */
  excludes(path: string): boolean {
    const prefixes = path.split("/").map((_, index, parts) => parts.slice(0, index + 1).join("/"));
    let excluded = false;
    for (const pattern of this.patterns) {
      if (prefixes.some((prefix) => pattern.regex.test(prefix))) excluded = !pattern.exception;
    }
    return excluded;
  }

  /** With `!` patterns, something below an excluded directory may come back, so excluded directories are still walked. */
  get hasExceptions(): boolean {
    return this.patterns.some((pattern) => pattern.exception);
  }
}

function cleanPattern(pattern: string): string {
  const segments: string[] = [];
  for (const segment of pattern.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return segments.join("/");
}

function patternRegex(pattern: string): RegExp {
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === "*" && pattern[index + 1] === "*") {
      const slashAfter = pattern[index + 2] === "/";
      source += slashAfter ? "(?:.*/)?" : ".*";
      index += slashAfter ? 2 : 1;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "[") {
      const end = pattern.indexOf("]", index + 1);
      if (end < 0) {
        source += "\\[";
        continue;
      }
      const body = pattern
        .slice(index + 1, end)
        .replace(/^!/, "^")
        .replace(/\\/g, "\\\\");
      source += `[${body}]`;
      index = end;
    } else if (char === "\\" && index + 1 < pattern.length) {
      source += escapeRegex(pattern[++index]);
    } else {
      source += escapeRegex(char);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
