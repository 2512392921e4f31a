// Logins another program owns are renewed by that program: a terminal
// running exactly its login command (the only programs the window may start:
// src-tauri/capabilities/cli-logins-*.json). When the program has written
// its login, the file watch picks it up as for any change on disk.
import { Command } from "@tauri-apps/plugin-shell";

export type CliLogin = "claude-setup-token" | "claude-login" | "codex-login";

/** What runs in the terminal, as the user would type it. */
export const CLI_LOGIN_COMMAND: Record<CliLogin, string> = {
  "claude-setup-token": "claude setup-token",
  "claude-login": "claude",
  "codex-login": "codex login",
};

/** The login a program renews itself, by owner or source name (the same
 *  names: `claude-code`, `codex-cli`), if any. */
export function ownerLogin(owner: string): CliLogin | null {
  return owner === "claude-code" ? "claude-login" : owner === "codex-cli" ? "codex-login" : null;
}

/** Opens the terminal; what to tell the user (what to do there, or why it did not open). */
export async function openCliLogin(which: CliLogin): Promise<string> {
  const command = CLI_LOGIN_COMMAND[which];
  try {
    await Command.create(which).spawn();
  } catch (raw) {
    return `Could not open a terminal (${String(raw)}): run \`${command}\` in one.`;
  }
  return which === "claude-setup-token"
    ? "A terminal runs `claude setup-token`: log in there, then paste the token it prints here."
    : which === "claude-login"
      ? "A terminal runs Claude Code: type /login there. Authtray sees the new login when Claude Code has saved it."
      : "A terminal runs `codex login`. Authtray sees the new login when Codex CLI has saved it.";
}
