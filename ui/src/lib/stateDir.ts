import type { StateDirSource } from "./ipc";

/** Why Authtray looks in this directory, in words. */
export const SOURCE_LABEL: Record<StateDirSource, string> = {
  env: "from OPENCLAW_STATE_DIR",
  openclaw: "default location",
  clawdbot: "legacy Clawdbot location",
  default: "not created yet",
};
