/** Where progress goes: a spinner on an interactive terminal, plain timestamped lines in CI or a pipe. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Spinners only on a terminal and never when CI is set (CI logs keep every frame). */
export function interactive(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !["1", "true"].includes((env.CI ?? "").toLowerCase());
}

/**
 * Shows what the tool is waiting for. On a terminal one spinner line is redrawn in place; otherwise each step prints
 * a line when it starts and when it ends, and long waits print a heartbeat so CI logs show the job is alive.
 */
export class Progress {
  private timer?: NodeJS.Timeout;
  private text = "";
  private started = 0;
  private frame = 0;
  private lastHeartbeat = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly spin: boolean,
    private readonly now: () => number = Date.now,
    private readonly heartbeatMs = 30_000,
  ) {}

  start(text: string): void {
    this.stop();
    this.text = text;
    this.started = this.now();
    this.lastHeartbeat = this.started;
    if (this.spin) {
      this.render();
      this.timer = setInterval(() => this.render(), 100);
      this.timer.unref();
    } else {
      this.stream.write(`… ${text}\n`);
    }
  }

  /** Changes the current text (e.g. counts while waiting); in plain mode prints it at most once per heartbeat. */
  update(text: string): void {
    this.text = text;
    if (this.spin || this.timer) return;
    const now = this.now();
    if (now - this.lastHeartbeat >= this.heartbeatMs) {
      this.lastHeartbeat = now;
      this.stream.write(`… ${text} (${formatDuration(now - this.started)})\n`);
    }
  }

  succeed(text = this.text): void {
    this.finish("✓", text);
  }

  fail(text = this.text): void {
    this.finish("✗", text);
  }

  private finish(mark: string, text: string): void {
    const elapsed = formatDuration(this.now() - this.started);
    this.stop();
    this.stream.write(`${mark} ${text} (${elapsed})\n`);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.spin) this.stream.write("\r\x1b[2K");
  }

  private render(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    this.stream.write(`\r\x1b[2K${FRAMES[this.frame]} ${this.text} (${formatDuration(this.now() - this.started)})`);
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
