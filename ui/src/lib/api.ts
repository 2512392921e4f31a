// The ONLY module that talks to the Rust side (invoke/listen). Everything the
// UI shows comes through here, typed by the generated bindings.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AgentList } from "./bindings/AgentList";
import type { Installs } from "./bindings/Installs";
import type { UsageReport } from "./bindings/UsageReport";
import type { SuggestedOrder } from "./bindings/SuggestedOrder";
import type { Attention } from "./bindings/Attention";
import type { Settings } from "./bindings/Settings";
import type { LoginStarted } from "./bindings/LoginStarted";
import type { CodeLoginStarted } from "./bindings/CodeLoginStarted";
import type { LoginProgress } from "./bindings/LoginProgress";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ProviderInfo } from "./bindings/ProviderInfo";
import type { Repaired } from "./bindings/Repaired";
import type { SavedProfile } from "./bindings/SavedProfile";
import type { AgentReport } from "./bindings/AgentReport";
import type { ExternalLogin } from "./bindings/ExternalLogin";
import type { RefreshResult } from "./bindings/RefreshResult";
import type { OrderScope } from "./bindings/OrderScope";
import type { Theme } from "./bindings/Theme";
import { ERROR_CODES } from "./errors";

/** A failed command, carrying the wire error's closed `code`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

/** Turns whatever a rejected invoke carries into an ApiError. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (typeof raw === "object" && raw !== null) {
    const { code, message } = raw as { code?: unknown; message?: unknown };
    if (typeof message === "string" && ERROR_CODES.includes(code as ErrorCode)) {
      return new ApiError(code as ErrorCode, message);
    }
  }
  return new ApiError("internal", typeof raw === "string" ? raw : "Unexpected reply from Authtray");
}

/** The install the window acts on: null = this computer's, else an ssh host. */
let installHost: string | null = null;

/** Points every install-scoped call at `host`'s install (null: this computer's). */
export function useInstall(host: string | null): void {
  installHost = host;
}

/** The host of the install the window acts on, or null for this computer. */
export function currentHost(): string | null {
  return installHost;
}

/** `args` for a command that acts on the current install (host only when remote). */
function here(args: Record<string, unknown> = {}): Record<string, unknown> {
  return installHost === null ? args : { ...args, host: installHost };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** Called after a write to an install on another host (no file watcher sees those). */
const remoteWrites = new Set<() => void>();

/** `cb` runs after each write to an install on another host; returns its removal. */
export function onRemoteWrite(cb: () => void): () => void {
  remoteWrites.add(cb);
  return () => remoteWrites.delete(cb);
}

/** A command that changes the install: on another host, the window reloads after it. */
async function write<T>(command: string, args: Record<string, unknown>): Promise<T> {
  const result = await call<T>(command, args);
  if (args.host !== undefined) remoteWrites.forEach((cb) => cb());
  return result;
}

/** The tray asked to show a profile (an alert item was clicked). */
export type FocusProfile = { agentId: string; profileId: string; host?: string | null };

export const api = {
  /** The hosts added as installs, and ~/.ssh/config hosts to offer. */
  listInstalls: (): Promise<Installs> => call<Installs>("list_installs"),
  /** Tests the connection to `host`, lists its agents, and keeps it as an install. */
  addInstall: (host: string): Promise<AgentList> => call<AgentList>("add_install", { host }),
  removeInstall: (host: string): Promise<Installs> => call<Installs>("remove_install", { host }),
  /** Copies this app's authtray-cli to `host`; the path there. */
  installRemoteCli: (host: string): Promise<string> => call<string>("install_remote_cli", { host }),
  /** The agents of `host`'s install (null: this computer's), whichever install is shown. */
  agentsOf: (host: string | null): Promise<AgentList> =>
    call<AgentList>("list_agents", host === null ? {} : { host }),
  /** What needs attention on `host`'s install (null: this computer's). */
  healthOf: (host: string | null): Promise<Attention> =>
    call<Attention>("get_health", host === null ? {} : { host }),
  listAgents: (): Promise<AgentList> => call<AgentList>("list_agents", here()),
  getHealth: (): Promise<Attention> => call<Attention>("get_health", here()),
  getSettings: (): Promise<Settings> => call<Settings>("get_settings"),
  setStartAtLogin: (enabled: boolean): Promise<Settings> => call<Settings>("set_start_at_login", { enabled }),
  setBackgroundRefresh: (enabled: boolean, keepInactiveAlive: boolean): Promise<Settings> =>
    call<Settings>("set_background_refresh", { enabled, keepInactiveAlive }),
  /** Refresh store-owned OAuth logins now (one profile, one agent, or all due). */
  refreshNow: (agentId: string | null, profileId: string | null, dueOnly: boolean): Promise<RefreshResult[]> =>
    call<RefreshResult[]>("refresh_now", here({ agentId, profileId, dueOnly })),
  setAlerts: (warnHours: number, notifications: boolean): Promise<Settings> =>
    call<Settings>("set_alerts", { warnHours, notifications }),
  setTheme: (theme: Theme): Promise<Settings> => call<Settings>("set_theme", { theme }),
  /** Usage checks on or off (off: no usage request is ever made), and Keep order by quota. */
  setUsageChecks: (enabled: boolean, keepOrderByQuota: boolean): Promise<Settings> =>
    call<Settings>("set_usage_checks", { enabled, keepOrderByQuota }),
  /** The state dir used when OPENCLAW_STATE_DIR is not set (null: detect); applies after a restart. */
  setStateDir: (path: string | null): Promise<Settings> => call<Settings>("set_state_dir", { path }),
  restartApp: (): Promise<void> => call<void>("restart_app"),
  /** Moves an agent's profiles stranded in retired JSON files into its SQLite store; the new list. */
  importStranded: (agentId: string): Promise<AgentList> => call<AgentList>("import_stranded", here({ agentId })),
  /** Creates an agent (folder, empty store, agents.list entry); the new list. */
  addAgent: (agentId: string): Promise<AgentList> => call<AgentList>("add_agent", here({ agentId })),
  /** The profiles of `provider` the runtime tries, in this order, kept for this agent or all agents. */
  setOrder: (agentId: string, provider: string, profileIds: string[], scope: OrderScope): Promise<void> =>
    write<void>("set_order", here({ agentId, provider, profileIds, scope })),
  /** The order the accounts' remaining quota suggests, with why (apply with setOrder). */
  suggestOrder: (agentId: string, provider: string): Promise<SuggestedOrder> =>
    call<SuggestedOrder>("suggest_order", here({ agentId, provider })),
  /** Removes the order (back to automatic). */
  resetOrder: (agentId: string, provider: string, scope: OrderScope): Promise<void> =>
    write<void>("reset_order", here({ agentId, provider, scope })),
  /** Rust puts the profile's secret on the clipboard; only its mask comes back. */
  copySecret: (agentId: string, profileId: string): Promise<string> => call<string>("copy_secret", here({ agentId, profileId })),
  /** The logins other CLIs keep (read only). */
  listExternal: (): Promise<ExternalLogin[]> => call<ExternalLogin[]>("list_external"),
  onExternalChanged: (cb: (logins: ExternalLogin[]) => void): Promise<UnlistenFn> =>
    listen<ExternalLogin[]>("external-changed", (e) => cb(e.payload)),
  syncClaudeCode: (agentId: string): Promise<SavedProfile> => call<SavedProfile>("sync_claude_code", here({ agentId })),
  getAgentReport: (agentId: string): Promise<AgentReport> => call<AgentReport>("get_agent_report", here({ agentId })),
  /** Each account's quota where the provider tells it (`now`: ask even within 5 minutes of the last check). */
  getUsage: (agentId: string, now: boolean): Promise<UsageReport> => call<UsageReport>("get_usage", here({ agentId, now })),
  removeProfile: (agentId: string, profileId: string): Promise<void> => write<void>("remove_profile", here({ agentId, profileId })),
  renameProfile: (agentId: string, from: string, to: string): Promise<void> => write<void>("rename_profile", here({ agentId, from, to })),
  /** Lists stored profiles OpenClaw never tries in openclaw.json and drops entries no store holds (one, or all). */
  repairListing: (profileId: string | null): Promise<Repaired> => write<Repaired>("repair_listing", here({ profileId })),
  /** Restores the agent's store to the version before the last change. */
  undoChange: (agentId: string): Promise<void> => write<void>("undo_change", here({ agentId })),
  /** Every plaintext key and token of the agent into the OS keyring; the ids moved. */
  moveKeysToKeyring: (agentId: string): Promise<string[]> => call<string[]>("move_keys_to_keyring", here({ agentId })),
  /** Health recomputed after a file change or a threshold. */
  onHealthChanged: (cb: (model: Attention) => void): Promise<UnlistenFn> =>
    listen<Attention>("health-changed", (e) => cb(e.payload)),
  /** Starts a browser login; the system browser opens (never a webview). */
  startLogin: (provider: string, agentId: string, profileId: string | null = null): Promise<LoginStarted> =>
    call<LoginStarted>("start_login", here({ provider, agentId, openBrowser: true, profileId })),
  /** Starts a code login: the provider's page opens, the user types the code shown. */
  startCodeLogin: (provider: string, agentId: string, profileId: string | null = null): Promise<CodeLoginStarted> =>
    call<CodeLoginStarted>("start_code_login", here({ provider, agentId, openBrowser: true, profileId })),
  pasteLogin: (attemptId: number, text: string): Promise<void> => call<void>("paste_login", { attemptId, text }),
  cancelLogin: (attemptId: number): Promise<void> => call<void>("cancel_login", { attemptId }),
  confirmLogin: (attemptId: number): Promise<void> => call<void>("confirm_login", { attemptId }),
  /** Every provider and how a profile can be added for it. */
  listProviders: (): Promise<ProviderInfo[]> => call<ProviderInfo[]>("list_providers"),
  saveApiKey: (agentId: string, provider: string, profileId: string | null, secret: string): Promise<SavedProfile> =>
    write<SavedProfile>("save_api_key", here({ agentId, provider, profileId, secret })),
  saveToken: (agentId: string, provider: string, profileId: string | null, token: string, expiresIn: string | null): Promise<SavedProfile> =>
    write<SavedProfile>("save_token", here({ agentId, provider, profileId, token, expiresIn })),
  onLoginProgress: (cb: (p: LoginProgress) => void): Promise<UnlistenFn> =>
    listen<LoginProgress>("login-progress", (e) => cb(e.payload)),
  /** What the tray asked to show before this window existed (once), or null. */
  takeFocusRequest: (): Promise<FocusProfile | null> => call<FocusProfile | null>("take_focus_request"),
  onFocusProfile: (cb: (target: FocusProfile) => void): Promise<UnlistenFn> =>
    listen<FocusProfile>("focus-profile", (e) => cb(e.payload)),
};
