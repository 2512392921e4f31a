// The window's one state: which install is shown, its agents and alerts,
// the settings, the other installs, and what changed last. Typed events
// (ipc.ts `events.*`) feed it; components read it and call `api`, which
// acts on `win.host`. `App.svelte` only wires it to the views.
import { api, ApiError, onRemoteWrite, toApiError, type FocusProfile, type Settings } from "./api";
import { check, CHECK_EVERY_MS, type InstallState } from "./installs";
import type { AgentList, Alert, Attention, ChangeCause, ExternalLogin, Installs } from "./ipc";

export type View = { kind: "loading" } | { kind: "ready"; list: AgentList } | { kind: "failed"; error: ApiError };

/** What changed last, as the events said: views that read from disk read again on `files`. */
export type Change = { cause: ChangeCause; host: string | null };

class WindowState {
  /** The install shown: null = this computer's, else an ssh host. */
  host = $state<string | null>(null);
  view = $state<View>({ kind: "loading" });
  selectedId = $state<string | null>(null);
  /** What needs attention on the install shown. */
  health = $state<Attention | null>(null);
  /** This computer's, kept while another install is shown. */
  localHealth = $state<Attention | null>(null);
  focusedProfile = $state<string | null>(null);
  /** Set when a tray alert was clicked: the window reconnects that profile. */
  reconnectAlert = $state<Alert | null>(null);
  settings = $state<Settings | null>(null);
  showSettings = $state(false);
  external = $state<ExternalLogin[]>([]);
  installs = $state<Installs>({ hosts: [], suggestions: [] });
  remote = $state<Record<string, InstallState>>({});
  /** The last change; a new object each time, so views that read it react. */
  change = $state<Change>({ cause: "files", host: null });

  /** A fresh window (each mount of App). */
  reset() {
    this.host = null;
    this.view = { kind: "loading" };
    this.selectedId = this.health = this.localHealth = this.focusedProfile = null;
    this.reconnectAlert = this.settings = null;
    this.showSettings = false;
    this.external = [];
    this.installs = { hosts: [], suggestions: [] };
    this.remote = {};
    this.change = { cause: "files", host: null };
  }

  async checkAll() {
    for (const h of this.installs.hosts) this.remote[h] = await check(h);
  }

  /** Shows another install (null: this computer's): its agents and alerts. */
  async showInstall(next: string | null) {
    this.host = next;
    this.showSettings = false;
    this.selectedId = null;
    this.view = { kind: "loading" };
    this.health = next === null ? this.localHealth : null;
    await this.load();
    if (next === null) return;
    const h = await api.healthOf(next).catch(() => null);
    if (this.host === next) this.health = h;
  }

  async load() {
    try {
      const list = await api.listAgents();
      this.view = { kind: "ready", list };
      if (!list.agents.some((a) => a.id === this.selectedId)) this.selectedId = list.agents[0]?.id ?? null;
    } catch (raw) {
      this.view = { kind: "failed", error: toApiError(raw) };
    }
  }

  /** Shows a profile the tray asked for, and reconnects it when it has an alert. */
  async focus({ agentId, profileId, host: on = null }: FocusProfile) {
    if (this.host !== on) await this.showInstall(on);
    this.selectedId = agentId;
    this.focusedProfile = profileId;
    this.showSettings = false;
    this.reconnectAlert = this.health?.alerts.find((a) => a.agentId === agentId && a.profileId === profileId) ?? null;
  }

  /** Something changed on disk where `host` is (a write there, or the watcher here). */
  private changed(host: string | null) {
    this.change = { cause: "files", host };
    this.load();
  }

  /** A write to the install on another host (no watcher sees those): read it again. */
  private remoteChanged() {
    const h = this.host;
    this.changed(h);
    if (h === null) return;
    check(h).then((st) => (this.remote[h] = st));
    api.healthOf(h).then((m) => this.host === h && (this.health = m), () => {});
  }

  /** Loads everything and follows the events; returns the stop. */
  start(): () => void {
    this.load();
    api.listInstalls().then((i) => {
      // Only a well-formed answer replaces the empty list.
      if (!Array.isArray(i?.hosts) || !Array.isArray(i?.suggestions)) return;
      this.installs = i;
      this.checkAll();
    }, () => {});
    const recheck = setInterval(() => this.checkAll(), CHECK_EVERY_MS);
    const stopRemote = onRemoteWrite(() => this.remoteChanged());
    api.getHealth().then(
      (h) => {
        this.health = this.localHealth = h;
        // A window opened from a tray alert asks which profile once it has the alerts.
        api.takeFocusRequest().then((target) => {
          if (target?.agentId) this.focus(target);
        }, () => {});
      },
      () => {},
    );
    api.getSettings().then((s) => (this.settings = s), () => {});
    api.listExternal().then((e) => (this.external = e), () => {});
    const stops = [
      api.onExternalChanged((e) => (this.external = e)),
      api.onInstallChanged(({ health, cause }) => {
        this.localHealth = health;
        if (this.host !== null) return;
        this.health = health;
        // A minute passed: the countdowns move by themselves, nothing to read.
        if (cause === "files") this.changed(null);
      }),
      api.onFocusProfile((target) => this.focus(target)),
      api.onLoginProgress((p) => p.step === "saved" && this.host !== null && this.remoteChanged()),
    ];
    return () => {
      clearInterval(recheck);
      stopRemote();
      stops.forEach((s) => s.then((stop) => stop(), () => {}));
    };
  }

  /** Agent id → alerts that need the user (the sidebar badge). */
  attention = $derived(
    (this.health?.alerts ?? []).reduce<Record<string, number>>((by, a) => ({ ...by, [a.agentId]: (by[a.agentId] ?? 0) + 1 }), {}),
  );

  selected = $derived(this.view.kind === "ready" ? this.view.list.agents.find((a) => a.id === this.selectedId) : undefined);
}

/** The window's state; App resets it on mount. */
export const win = new WindowState();
