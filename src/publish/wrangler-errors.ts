/**
 * Wrangler's failures, made plain for the operator: its output without ANSI
 * escape sequences (colours, cursor moves, hyperlinks), and what to do about
 * the failures a deploy meets most: not logged in, a token Cloudflare refuses,
 * a namespace id that names no namespace of the account.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is removed
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: other control characters would garble a terminal too
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text as a terminal or a log file can show it: no escape sequences, no control characters but newlines and tabs. */
export function plainText(text: string): string {
  return text.replace(ANSI, "").replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

/** What to do about a wrangler failure, when it is one of the common ones; null otherwise. */
export function wranglerAdvice(message: string): string | null {
  const text = plainText(message);
  if (/non-interactive environment.*CLOUDFLARE_API_TOKEN|not (?:logged in|authenticated)|wrangler login/is.test(text)) {
    return [
      "Wrangler is not logged in to Cloudflare, so it cannot reach the KV namespace.",
      "Run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN to an API token that can edit Workers KV Storage",
      "and Workers Scripts (and CLOUDFLARE_ACCOUNT_ID when the token reaches several accounts), then deploy again.",
      "To see what a deploy would write without an account: npm run deploy -- --dry-run",
    ].join("\n");
  }
  if (/namespace not found|No KV namespace found|KV namespace \S+ is not valid|\bcode: 100(?:13|41|42)\b/i.test(text)) {
    return [
      "Cloudflare has no KV namespace with that id in this account.",
      "Check the id of the FEEDS binding in wrangler.toml (or WIREFEED_KV_NAMESPACE_ID) against",
      "`npx wrangler kv namespace list`, and that CLOUDFLARE_ACCOUNT_ID is the account that holds it.",
    ].join("\n");
  }
  // the API's own words, or the bare status wrangler shows for a value it could not fetch
  if (
    /Authentication error|unauthorized|\bcode: (?:10000|10023|9106|9109)\b|Invalid (?:access|API) token| - (?:401|403)\b/i.test(
      text,
    )
  ) {
    return [
      "Cloudflare refused the credentials (authentication error).",
      "Check that CLOUDFLARE_API_TOKEN is current and has the permissions Workers KV Storage: Edit and",
      "Workers Scripts: Edit on this account (or run `npx wrangler login` and unset the token).",
    ].join("\n");
  }
  return null;
}
