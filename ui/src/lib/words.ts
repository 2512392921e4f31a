// The words the window shows that change with the clock: remaining time and
// an alert's phrase. Rust is their one source (authtray_core::words,
// time::format_remaining); this copy ticks with the window's clock, and
// words.test.ts checks it against the cases Rust generates
// (words.cases.json), so the two cannot drift.
import type { Alert } from "./ipc";

/** Remaining time as OpenClaw prints it: 0m, 1m, 42m, 3h (under 48 h), 5d. */
export function remaining(ms: number): string {
  if (ms <= 0) return "0m";
  if (ms < 60_000) return "1m";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(ms / 3_600_000);
  return hours < 48 ? `${hours}h` : `${Math.round(ms / 86_400_000)}d`;
}

/** `expires in 3h` or `expired 2d ago`. */
export function expiry(expiresAt: number, now: number): string {
  return expiresAt > now ? `expires in ${remaining(expiresAt - now)}` : `expired ${remaining(now - expiresAt)} ago`;
}

/** What an alert says about its profile at `now`. */
export function alertText(alert: Alert, now: number): string {
  const at = alert.expiresAt;
  switch (alert.problem.kind) {
    case "expiring":
      return at === null ? "expiring" : `expires in ${remaining(at - now)}`;
    case "expired":
      return at === null ? "expired" : `expired ${remaining(now - at)} ago`;
    case "missing":
      return "missing credential";
    case "not_refreshed":
      return at === null ? "not being refreshed" : `not refreshed for ${remaining(now - at)}`;
    case "needs_reconnect":
      return "needs reconnect";
    case "stranded":
      return "stranded in a retired JSON file";
    case "never_tried":
      return "stored but never tried by OpenClaw";
  }
}
