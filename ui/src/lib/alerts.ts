// Words for an alert, the same facts the tray menu shows.
import type { Alert } from "./bindings/Alert";

function remaining(ms: number): string {
  if (ms <= 0) return "0m";
  if (ms < 60_000) return "1m";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(ms / 3_600_000);
  return hours < 48 ? `${hours}h` : `${Math.round(ms / 86_400_000)}d`;
}

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
  }
}
