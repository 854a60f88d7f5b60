import { Testing } from "cdktf";

Testing.setupJest();

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
