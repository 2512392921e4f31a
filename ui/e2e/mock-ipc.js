// Injected before the app's scripts: a stand-in for Tauri's IPC bridge that
// answers commands from window.__AUTHTRAY_FIXTURE__ and records every call.
window.__AUTHTRAY_CALLS__ = [];
window.__TAURI_INTERNALS__ = {
  metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
  transformCallback: () => 0,
  unregisterCallback: () => {},
  invoke: async (cmd, args) => {
    if (cmd.startsWith("plugin:event|")) return 0; // listen/unlisten: no events in these tests
    if (cmd === "get_health" && !window.__AUTHTRAY_FIXTURE__?.get_health) {
      return { icon: "ok", title: null, alerts: [], errors: [] };
    }
    if (cmd === "get_settings" && !window.__AUTHTRAY_FIXTURE__?.get_settings) {
      return { startAtLogin: false, trayHost: true, backgroundRefresh: true, refreshWindowMinutes: 10, keepInactiveAlive: false };
    }
    window.__AUTHTRAY_CALLS__.push({ cmd, args });
    const reply = window.__AUTHTRAY_FIXTURE__?.[cmd];
    if (reply === undefined) throw { code: "internal", message: `no fixture for ${cmd}` };
    if (reply.error) throw reply.error;
    return reply.ok;
  },
};
