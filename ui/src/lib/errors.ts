// What each wire error code means to a person, and what to do next. A
// Record over the generated ErrorCode union: adding a code in Rust without a
// hint here fails the type check.
import type { ErrorCode } from "./bindings/ErrorCode";

export const ERROR_HINTS: Record<ErrorCode, { title: string; next: string }> = {
  unreadable: {
    title: "Authtray cannot read this folder",
    next: "Check that your user can read it (ls -ld on the path), then try again.",
  },
  invalid_layout: {
    title: "This is not an OpenClaw state directory",
    next: "Point OPENCLAW_STATE_DIR at the folder that holds agents/ and openclaw.json, then restart Authtray.",
  },
  invalid_input: {
    title: "That cannot be done this way",
    next: "Check what you chose, then try again.",
  },
  not_found: {
    title: "That is gone",
    next: "It ended or was removed in the meantime. Start again.",
  },
  unavailable: {
    title: "Something outside Authtray is not available",
    next: "A port or the network is busy or unreachable. Use the paste box, or try again in a moment.",
  },
  internal: {
    title: "Something went wrong inside Authtray",
    next: "Try again. If it keeps happening, run authtray from a terminal and report what it prints.",
  },
};

export const ERROR_CODES = Object.keys(ERROR_HINTS) as ErrorCode[];
