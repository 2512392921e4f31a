// What the window knows of each install on another host: whether it
// answered, its store era, and how many of its profiles need the user.
import { api, toApiError } from "./api";

export type InstallState =
  | { kind: "checking" }
  | { kind: "ok"; era: string | null; alerts: number }
  | { kind: "unreachable"; message: string };

/** Asks `host` for its agents and what needs attention (over the shared ssh connection). */
export async function check(host: string): Promise<InstallState> {
  try {
    const [list, health] = await Promise.all([api.agentsOf(host), api.healthOf(host)]);
    return { kind: "ok", era: list.format?.name ?? null, alerts: health.alerts.length };
  } catch (raw) {
    return { kind: "unreachable", message: toApiError(raw).message };
  }
}

/** How often the window re-checks installs on other hosts (the tray's default too). */
export const CHECK_EVERY_MS = 15 * 60 * 1000;
