import { parseArguments, parseDuration, resolveTime, USAGE } from "../src/ops/args";
import { UsageError } from "../src/ops/errors";

function problems(argv: string[]): readonly string[] {
  try {
    parseArguments(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).problems;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
}

describe("ops argument parsing", () => {
  test("no command and --help mean help", () => {
    expect(parseArguments([]).command).toEqual({ name: "help" });
    expect(parseArguments(["--help"]).command).toEqual({ name: "help" });
    expect(parseArguments(["logs", "--help"]).command).toEqual({ name: "help" });
  });

  test("logs: defaults, then every option in both spellings", () => {
    expect(parseArguments(["logs", "registry"]).command).toEqual({
      name: "logs",
      service: "registry",
      since: { agoMs: 30 * 60_000 },
      until: undefined,
      follow: false,
      filter: undefined,
      limit: 1000,
    });
    expect(parseArguments(["logs", "all", "--since=2h", "--follow", "--filter", "ERROR", "--limit", "50"]).command).toEqual({
      name: "logs",
      service: "all",
      since: { agoMs: 2 * 3_600_000 },
      until: undefined,
      follow: true,
      filter: "ERROR",
      limit: 50,
    });
  });

  test("logs: a past window in ISO 8601 times, as the seed's --start-time/--end-time", () => {
    expect(
      parseArguments(["logs", "registry", "--since", "2026-11-30T10:00:00Z", "--until", "2026-11-30T11:30:00+01:00"]).command,
    ).toMatchObject({
      since: { at: Date.UTC(2026, 10, 30, 10) },
      until: { at: Date.UTC(2026, 10, 30, 10, 30) },
    });
    expect(resolveTime({ agoMs: 60_000 }, 1_000_000)).toBe(940_000);
    expect(resolveTime({ at: 5 }, 1_000_000)).toBe(5);
    expect(problems(["logs", "registry", "--since", "2026-11-30T10:00:00", "--until", "1h", "--follow"])).toEqual([
      "logs: --until and --follow exclude each other (following reads up to now)",
      'logs: --since "2026-11-30T10:00:00" is neither a duration (90s, 30m, 2h, 1d) nor an ISO 8601 time with zone (2026-11-30T10:00:00Z)',
    ]);
  });

  test("rollback: revision, dry run, no wait, timeout", () => {
    expect(parseArguments(["rollback", "keycloak", "--to", "4", "--dry-run", "--no-wait", "--timeout", "5m"]).command).toEqual({
      name: "rollback",
      service: "keycloak",
      toRevision: 4,
      dryRun: true,
      wait: false,
      timeoutMs: 5 * 60_000,
    });
    expect(parseArguments(["rollback", "keycloak"]).command).toMatchObject({
      toRevision: undefined,
      dryRun: false,
      wait: true,
      timeoutMs: 20 * 60_000,
    });
  });

  test("shell and credentials", () => {
    expect(parseArguments(["shell", "registry", "--container", "nginx", "--command", "bash"]).command).toEqual({
      name: "shell",
      service: "registry",
      container: "nginx",
      command: "bash",
      task: undefined,
    });
    expect(parseArguments(["shell", "registry"]).command).toMatchObject({ command: "/bin/sh" });
    expect(parseArguments(["credentials", "--show-values"]).command).toEqual({ name: "credentials", showValues: true, only: undefined });
    expect(parseArguments(["credentials", "keycloak_admin"]).command).toEqual({
      name: "credentials",
      showValues: false,
      only: "keycloak_admin",
    });
  });

  test("--outputs is repeatable and wins over MCP_GATEWAY_OUTPUTS", () => {
    expect(parseArguments(["status", "--outputs", "a.json", "--outputs=b.json"], { MCP_GATEWAY_OUTPUTS: "c.json" }).outputsFiles).toEqual([
      "a.json",
      "b.json",
    ]);
    expect(parseArguments(["status"], { MCP_GATEWAY_OUTPUTS: "c.json, d.json" }).outputsFiles).toEqual(["c.json", "d.json"]);
    expect(parseArguments(["status"], {}).outputsFiles).toEqual([]);
  });

  test("every problem is reported at once, each naming the option and value", () => {
    const found = problems(["logs", "--since", "soon", "--limit", "0", "--colour", "--follow=yes"]);
    expect(found).toEqual([
      "logs: unknown option --colour (options: --outputs, --since, --until, --follow, --filter, --limit)",
      'logs: --follow takes no value (got "yes")',
      "logs: missing <service> (a service name, or all)",
      'logs: --since "soon" is neither a duration (90s, 30m, 2h, 1d) nor an ISO 8601 time with zone (2026-11-30T10:00:00Z)',
      'logs: --limit "0" must be a whole number >= 1',
    ]);
  });

  test("refuses unknown commands, missing values, extra arguments and all where one service is meant", () => {
    expect(problems(["restart"])).toEqual([
      'unknown command "restart": use one of help, status, logs, shell, credentials, rollback, smoke, register',
    ]);
    expect(problems(["logs", "registry", "--filter"])).toEqual(["logs: --filter needs a value"]);
    expect(problems(["logs", "registry", "--filter", "--follow"])).toEqual(["logs: --filter needs a value"]);
    expect(problems(["status", "extra", "words"])).toEqual(['status: unexpected arguments "extra" "words"']);
    expect(problems(["rollback", "all"])).toEqual(['rollback: name one service, not "all" (roll back each on purpose)']);
    expect(problems(["shell", "all"])).toEqual(['shell: name one service, not "all"']);
    expect(problems(["rollback", "registry", "--to", "latest"])).toEqual(['rollback: --to "latest" must be a whole number >= 1']);
  });

  test("durations", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("30m")).toBe(1_800_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1d")).toBe(86_400_000);
    for (const bad of ["", "30", "m", "0m", "1x", "-5m", "30 m"]) expect(parseDuration(bad)).toBeUndefined();
  });

  test("usage names every command", () => {
    for (const command of [
      "status",
      "logs <service|all>",
      "shell <service>",
      "credentials",
      "rollback <service>",
      "smoke",
      "--outputs FILE",
      "AWS_ENDPOINT_URL",
    ]) {
      expect(USAGE).toContain(command);
    }
  });
});
