// The ONLY module that talks to the Rust side (invoke/listen). Everything the
// UI shows comes through here, typed by the generated bindings.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AgentList } from "./bindings/AgentList";
import type { TrayModel } from "./bindings/TrayModel";
import type { Settings } from "./bindings/Settings";
import type { LoginStarted } from "./bindings/LoginStarted";
import type { CodeLoginStarted } from "./bindings/CodeLoginStarted";
import type { LoginProgress } from "./bindings/LoginProgress";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ProviderInfo } from "./bindings/ProviderInfo";
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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** The tray asked to show a profile (an alert item was clicked). */
export type FocusProfile = { agentId: string; profileId: string };

export const api = {
  listAgents: (): Promise<AgentList> => call<AgentList>("list_agents"),
  getHealth: (): Promise<TrayModel> => call<TrayModel>("get_health"),
  getSettings: (): Promise<Settings> => call<Settings>("get_settings"),
  setStartAtLogin: (enabled: boolean): Promise<Settings> => call<Settings>("set_start_at_login", { enabled }),
  setBackgroundRefresh: (enabled: boolean, keepInactiveAlive: boolean): Promise<Settings> =>
    call<Settings>("set_background_refresh", { enabled, keepInactiveAlive }),
  /** Refresh store-owned OAuth logins now (one profile, one agent, or all due). */
  refreshNow: (agentId: string | null, profileId: string | null, dueOnly: boolean): Promise<RefreshResult[]> =>
    call<RefreshResult[]>("refresh_now", { agentId, profileId, dueOnly }),
  setAlerts: (warnHours: number, notifications: boolean): Promise<Settings> =>
    call<Settings>("set_alerts", { warnHours, notifications }),
  setTheme: (theme: Theme): Promise<Settings> => call<Settings>("set_theme", { theme }),
  /** The state dir used when OPENCLAW_STATE_DIR is not set (null: detect); applies after a restart. */
  setStateDir: (path: string | null): Promise<Settings> => call<Settings>("set_state_dir", { path }),
  restartApp: (): Promise<void> => call<void>("restart_app"),
  /** Moves an agent's profiles stranded in retired JSON files into its SQLite store; the new list. */
  importStranded: (agentId: string): Promise<AgentList> => call<AgentList>("import_stranded", { agentId }),
  /** Creates an agent (folder, empty store, agents.list entry); the new list. */
  addAgent: (agentId: string): Promise<AgentList> => call<AgentList>("add_agent", { agentId }),
  /** The profiles of `provider` the runtime tries, in this order, kept for this agent or all agents. */
  setOrder: (agentId: string, provider: string, profileIds: string[], scope: OrderScope): Promise<void> =>
    call<void>("set_order", { agentId, provider, profileIds, scope }),
  /** Removes the order (back to automatic). */
  resetOrder: (agentId: string, provider: string, scope: OrderScope): Promise<void> =>
    call<void>("reset_order", { agentId, provider, scope }),
  /** Rust puts the profile's secret on the clipboard; only its mask comes back. */
  copySecret: (agentId: string, profileId: string): Promise<string> => call<string>("copy_secret", { agentId, profileId }),
  /** The logins other CLIs keep (read only). */
  listExternal: (): Promise<ExternalLogin[]> => call<ExternalLogin[]>("list_external"),
  onExternalChanged: (cb: (logins: ExternalLogin[]) => void): Promise<UnlistenFn> =>
    listen<ExternalLogin[]>("external-changed", (e) => cb(e.payload)),
  syncClaudeCode: (agentId: string): Promise<SavedProfile> => call<SavedProfile>("sync_claude_code", { agentId }),
  getAgentReport: (agentId: string): Promise<AgentReport> => call<AgentReport>("get_agent_report", { agentId }),
  removeProfile: (agentId: string, profileId: string): Promise<void> => call<void>("remove_profile", { agentId, profileId }),
  renameProfile: (agentId: string, from: string, to: string): Promise<void> => call<void>("rename_profile", { agentId, from, to }),
  /** Restores the agent's store to the version before the last change. */
  undoChange: (agentId: string): Promise<void> => call<void>("undo_change", { agentId }),
  /** Every plaintext key and token of the agent into the OS keyring; the ids moved. */
  moveKeysToKeyring: (agentId: string): Promise<string[]> => call<string[]>("move_keys_to_keyring", { agentId }),
  /** Health recomputed after a file change or a threshold. */
  onHealthChanged: (cb: (model: TrayModel) => void): Promise<UnlistenFn> =>
    listen<TrayModel>("health-changed", (e) => cb(e.payload)),
  /** Starts a browser login; the system browser opens (never a webview). */
  startLogin: (provider: string, agentId: string, profileId: string | null = null): Promise<LoginStarted> =>
    call<LoginStarted>("start_login", { provider, agentId, openBrowser: true, profileId }),
  /** Starts a code login: the provider's page opens, the user types the code shown. */
  startCodeLogin: (provider: string, agentId: string, profileId: string | null = null): Promise<CodeLoginStarted> =>
    call<CodeLoginStarted>("start_code_login", { provider, agentId, openBrowser: true, profileId }),
  pasteLogin: (attemptId: number, text: string): Promise<void> => call<void>("paste_login", { attemptId, text }),
  cancelLogin: (attemptId: number): Promise<void> => call<void>("cancel_login", { attemptId }),
  confirmLogin: (attemptId: number): Promise<void> => call<void>("confirm_login", { attemptId }),
  /** Every provider and how a profile can be added for it. */
  listProviders: (): Promise<ProviderInfo[]> => call<ProviderInfo[]>("list_providers"),
  saveApiKey: (agentId: string, provider: string, profileId: string | null, secret: string): Promise<SavedProfile> =>
    call<SavedProfile>("save_api_key", { agentId, provider, profileId, secret }),
  saveToken: (agentId: string, provider: string, profileId: string | null, token: string, expiresIn: string | null): Promise<SavedProfile> =>
    call<SavedProfile>("save_token", { agentId, provider, profileId, token, expiresIn }),
  onLoginProgress: (cb: (p: LoginProgress) => void): Promise<UnlistenFn> =>
    listen<LoginProgress>("login-progress", (e) => cb(e.payload)),
  /** What the tray asked to show before this window existed (once), or null. */
  takeFocusRequest: (): Promise<FocusProfile | null> => call<FocusProfile | null>("take_focus_request"),
  onFocusProfile: (cb: (target: FocusProfile) => void): Promise<UnlistenFn> =>
    listen<FocusProfile>("focus-profile", (e) => cb(e.payload)),
};
