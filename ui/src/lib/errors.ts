// What each wire error code means to a person, and what to do next. A
// Record over the generated ErrorCode union: adding a code in Rust without a
// hint here fails the type check.
import type { ErrorCode } from "./ipc";

export const ERROR_HINTS: Record<ErrorCode, { title: string; next: string }> = {
  unreadable: {
    title: "Authtray cannot read this folder",
    next: "Check that your user can read it (ls -ld on the path), then try again.",
  },
  unwritable: {
    title: "Authtray could not write a file",
    next: "Check that your user may write the folder named and that the disk is not full, then try again. Nothing was changed.",
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
  busy: {
    title: "Another program is changing this right now",
    next: "OpenClaw (or another Authtray) holds the lock. Nothing was written; try again in a moment.",
  },
  read_only: {
    title: "Authtray may not change this store",
    next: "The message says why (a read-only setting, a newer OpenClaw, an old layout) and what to run instead.",
  },
  conflict: {
    title: "This login is a different account",
    next: "Log in with the account the profile belongs to, save it under another name, or confirm replacing it.",
  },
  unavailable: {
    title: "Something outside Authtray is not available",
    next: "A port, the network, the provider or the keyring did not answer. Use the paste box for logins, or try again in a moment.",
  },
  internal: {
    title: "Something went wrong inside Authtray",
    next: "Try again. If it keeps happening, run authtray from a terminal and report what it prints.",
  },
};

export const ERROR_CODES = Object.keys(ERROR_HINTS) as ErrorCode[];
