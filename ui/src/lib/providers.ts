// Providers Authtray can log in to (the rest: API key or token). The full
// table comes from the catalog (list_providers); these decide Reconnect at once.
export const BROWSER_LOGINS = [
  { id: "openai-codex", name: "OpenAI Codex (ChatGPT subscription)" },
  { id: "anthropic", name: "Anthropic (Claude Pro/Max)" },
  { id: "google-gemini-cli", name: "Google Gemini CLI (Cloud Code Assist)" },
  { id: "chutes", name: "Chutes (your own OAuth app: CHUTES_CLIENT_ID)" },
] as const;

/** Providers whose login is a code typed on their page (no browser redirect). */
export const CODE_LOGINS = ["github-copilot", "minimax-portal"] as const;

export function hasBrowserLogin(provider: string): boolean {
  return BROWSER_LOGINS.some((p) => p.id === provider);
}

/** Reconnect can log in again (browser or code) rather than ask for a token. */
export function hasLogin(provider: string): boolean {
  return hasBrowserLogin(provider) || (CODE_LOGINS as readonly string[]).includes(provider);
}
