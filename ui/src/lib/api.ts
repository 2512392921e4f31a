// The ONLY module that talks to the Rust side. The commands, events and
// their types are generated from Rust (./ipc.ts, by `cargo test -p authtray
// --lib bindings`); this adds what the generator cannot know: that
// install-scoped commands act on the install the window shows (`win.host`),
// and the error type.
import type { UnlistenFn } from "@tauri-apps/api/event";
import { commands, events } from "./ipc";
import { win } from "./state.svelte";
import type {
  InstallChanged,
  Settings as SentSettings,
  ErrorCode,
  ExternalLogin,
  FocusProfile,
  LoginProgress,
  Method,
  OrderScope,
  Theme,
} from "./ipc";
import { ERROR_CODES } from "./errors";

export type { FocusProfile };

/**
 * The settings as Rust sends them: every field present. (Preferences are
 * read from disk with serde defaults, so the generated type marks each one
 * optional.)
 */
export type Settings = Required<SentSettings>;
const settings = (reply: Promise<SentSettings>) => call(reply) as Promise<Settings>;

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

async function call<T>(reply: Promise<T>): Promise<T> {
  try {
    return await reply;
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

/** A command that changes the current install: on another host, the window reloads after it. */
async function write<T>(reply: (host: string | null) => Promise<T>): Promise<T> {
  const host = win.host;
  const result = await call(reply(host));
  if (host !== null) remoteWrites.forEach((cb) => cb());
  return result;
}

const c = commands;
const here = () => win.host;

export const api = {
  /** The hosts added as installs, and ~/.ssh/config hosts to offer. */
  listInstalls: () => call(c.listInstalls()),
  /** Tests the connection to `host`, lists its agents, and keeps it as an install. */
  addInstall: (host: string) => call(c.addInstall(host)),
  removeInstall: (host: string) => call(c.removeInstall(host)),
  /** Copies this app's authtray-cli to `host`; the path there. */
  installRemoteCli: (host: string) => call(c.installRemoteCli(host)),
  /** The agents of `host`'s install (null: this computer's), whichever install is shown. */
  agentsOf: (host: string | null) => call(c.listAgents(host)),
  /** What needs attention on `host`'s install (null: this computer's). */
  healthOf: (host: string | null) => call(c.getHealth(host)),
  listAgents: () => call(c.listAgents(here())),
  getHealth: () => call(c.getHealth(here())),
  getSettings: () => settings(c.getSettings()),
  setStartAtLogin: (enabled: boolean) => settings(c.setStartAtLogin(enabled)),
  setBackgroundRefresh: (enabled: boolean, keepInactiveAlive: boolean) =>
    settings(c.setBackgroundRefresh(enabled, keepInactiveAlive)),
  /** Refresh store-owned OAuth logins now (one profile, one agent, or all due). */
  refreshNow: (agentId: string | null, profileId: string | null, dueOnly: boolean) =>
    call(c.refreshNow(here(), agentId, profileId, dueOnly)),
  setAlerts: (warnHours: number, notifications: boolean) => settings(c.setAlerts(warnHours, notifications)),
  setTheme: (theme: Theme) => settings(c.setTheme(theme)),
  /** Usage checks on or off (off: no usage request is ever made), and Keep order by quota. */
  setUsageChecks: (enabled: boolean, keepOrderByQuota: boolean) => settings(c.setUsageChecks(enabled, keepOrderByQuota)),
  /** The state dir used when OPENCLAW_STATE_DIR is not set (null: detect); applies after a restart. */
  setStateDir: (path: string | null) => settings(c.setStateDir(path)),
  restartApp: () => call(c.restartApp()),
  /** Moves an agent's profiles stranded in retired JSON files into its SQLite store; the new list. */
  importStranded: (agentId: string) => call(c.importStranded(here(), agentId)),
  /** Creates an agent (folder, empty store, agents.list entry); the new list. */
  addAgent: (agentId: string) => call(c.addAgent(here(), agentId)),
  /** The profiles of `provider` the runtime tries, in this order, kept for this agent or all agents. */
  setOrder: (agentId: string, provider: string, profileIds: string[], scope: OrderScope) =>
    write((host) => c.setOrder(host, agentId, provider, profileIds, scope)),
  /** The order the accounts' remaining quota suggests, with why (apply with setOrder). */
  suggestOrder: (agentId: string, provider: string) => call(c.suggestOrder(here(), agentId, provider)),
  /** Removes the order (back to automatic). */
  resetOrder: (agentId: string, provider: string, scope: OrderScope) =>
    write((host) => c.resetOrder(host, agentId, provider, scope)),
  /** Rust puts the profile's secret on the clipboard; only its mask comes back. */
  copySecret: (agentId: string, profileId: string) => call(c.copySecret(here(), agentId, profileId)),
  /** The logins other CLIs keep (read only). */
  listExternal: () => call(c.listExternal()),
  onExternalChanged: (cb: (logins: ExternalLogin[]) => void): Promise<UnlistenFn> =>
    events.externalLoginsChanged.listen((e) => cb(e.payload.logins)),
  syncClaudeCode: (agentId: string) => call(c.syncClaudeCode(here(), agentId)),
  getAgentReport: (agentId: string) => call(c.getAgentReport(here(), agentId)),
  /** Each account's quota where the provider tells it (`now`: ask even within 5 minutes of the last check). */
  getUsage: (agentId: string, now: boolean) => call(c.getUsage(here(), agentId, now)),
  removeProfile: (agentId: string, profileId: string) => write((host) => c.removeProfile(host, agentId, profileId)),
  renameProfile: (agentId: string, from: string, to: string) => write((host) => c.renameProfile(host, agentId, from, to)),
  /** Lists stored profiles OpenClaw never tries in openclaw.json and drops entries no store holds (one, or all). */
  repairListing: (profileId: string | null) => write((host) => c.repairListing(host, profileId)),
  /** Restores the agent's store to the version before the last change. */
  undoChange: (agentId: string) => write((host) => c.undoChange(host, agentId)),
  /** Every plaintext key and token of the agent into the OS keyring; the ids moved. */
  moveKeysToKeyring: (agentId: string) => call(c.moveKeysToKeyring(here(), agentId)),
  /** This computer's install changed on disk, or a minute passed; with what needs attention now. */
  onInstallChanged: (cb: (change: InstallChanged) => void): Promise<UnlistenFn> =>
    events.installChanged.listen((e) => cb(e.payload)),
  /**
   * Starts a login: `browser` opens the system browser on the link (never a
   * webview), `code` opens the provider's page where the user types the code shown.
   */
  startLogin: (provider: string, agentId: string, method: Method, profileId: string | null = null) =>
    call(c.startLogin(here(), provider, agentId, method, true, profileId)),
  pasteLogin: (attemptId: number, text: string) => call(c.pasteLogin(attemptId, text)),
  cancelLogin: (attemptId: number) => call(c.cancelLogin(attemptId)),
  confirmLogin: (attemptId: number) => call(c.confirmLogin(attemptId)),
  /** Every provider and how a profile can be added for it. */
  listProviders: () => call(c.listProviders()),
  saveApiKey: (agentId: string, provider: string, profileId: string | null, secret: string) =>
    write((host) => c.saveApiKey(host, agentId, provider, profileId, secret)),
  saveToken: (agentId: string, provider: string, profileId: string | null, token: string, expiresIn: string | null) =>
    write((host) => c.saveToken(host, agentId, provider, profileId, token, expiresIn)),
  onLoginProgress: (cb: (p: LoginProgress) => void): Promise<UnlistenFn> =>
    events.loginProgress.listen((e) => cb(e.payload)),
  /** What the tray asked to show before this window existed (once), or null. */
  takeFocusRequest: () => call(c.takeFocusRequest()),
  onFocusProfile: (cb: (target: FocusProfile) => void): Promise<UnlistenFn> =>
    events.focusRequested.listen((e) => cb(e.payload)),
};
