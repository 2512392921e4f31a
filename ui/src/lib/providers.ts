// Providers Authtray can log in to with the browser (the rest: API key or token).
export const BROWSER_LOGINS = [
  { id: "openai-codex", name: "OpenAI Codex (ChatGPT subscription)" },
  { id: "anthropic", name: "Anthropic (Claude Pro/Max)" },
  { id: "google-gemini-cli", name: "Google Gemini CLI (Cloud Code Assist)" },
  { id: "chutes", name: "Chutes (your own OAuth app: CHUTES_CLIENT_ID)" },
] as const;

export function hasBrowserLogin(provider: string): boolean {
  return BROWSER_LOGINS.some((p) => p.id === provider);
}
