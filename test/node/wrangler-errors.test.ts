/**
 * Wrangler's failures as the deploy shows them: no escape sequence reaches the
 * operator, whatever wrangler's colour settings, and the common failures come
 * with what to do.
 */
import { describe, expect, it } from "vitest";
import { plainText, wranglerAdvice } from "../../src/publish/wrangler-errors.js";

describe("plainText", () => {
  it("removes colours, cursor and line controls, and terminal hyperlinks, keeping the words and the lines", () => {
    const raw =
      "\u001b[31m✘ \u001b[41;31m[\u001b[41;97mERROR\u001b[41;31m]\u001b[0m \u001b[1mAuthentication error\u001b[0m\r\n" +
      "\u001b[2K\u001b[1G\u001b[?25lsee \u001b]8;;https://example.test/doc\u0007the docs\u001b]8;;\u0007\u001b[?25h\n";
    expect(plainText(raw)).toBe("✘ [ERROR] Authentication error\nsee the docs\n");
  });
});

describe("wranglerAdvice", () => {
  it("says to log in or set CLOUDFLARE_API_TOKEN when wrangler has no credentials", () => {
    const advice = wranglerAdvice(
      "✘ [ERROR] In a non-interactive environment, it's necessary to set a CLOUDFLARE_API_TOKEN environment variable for wrangler to work.",
    );
    expect(advice).toMatch(/npx wrangler login/);
    expect(advice).toMatch(/CLOUDFLARE_API_TOKEN/);
  });

  it("says to check the namespace id when Cloudflare has no such namespace", () => {
    for (const message of [
      "A request to the Cloudflare API (/accounts/x/storage/kv/namespaces/y/bulk) failed.\n  namespace not found [code: 10013]",
      "No KV namespace found with ID a2c7bf8fee1e163f818a4bbf6fccd552 [code: 10041]",
    ]) {
      expect(wranglerAdvice(message)).toMatch(/Check the id of the FEEDS binding in wrangler\.toml/);
    }
  });

  it("says to check the token's permissions when Cloudflare refuses it", () => {
    for (const message of [
      "A request to the Cloudflare API (/accounts/x/storage/kv/namespaces) failed.\n  Authentication error [code: 10000]",
      "Failed to fetch https://api.cloudflare.com/client/v4/accounts/x/storage/kv/namespaces/y/values/deploy-lock - 403: Forbidden);",
    ]) {
      expect(wranglerAdvice(message)).toMatch(/Workers KV Storage: Edit/);
    }
  });

  it("gives no advice it does not have", () => {
    expect(
      wranglerAdvice("A request to the Cloudflare API failed.\n  the write could not be completed [code: 10001]"),
    ).toBe(null);
  });
});
