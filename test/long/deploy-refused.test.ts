/**
 * A remote deploy that Cloudflare refuses (a stand-in Cloudflare API answering
 * errors): not logged in, a refused token, an unknown namespace id, a failure
 * after data was written. Each says in plain text (no escape sequences) what
 * to do, and says to run the deploy again only when something was written.
 * In the long suite (npm run test:long, which CI runs): each runs the whole
 * deploy CLI, wrangler included.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_KEY } from "../../src/schema/keys.js";
import { runTsAsync } from "../support/cli.js";
import { FIXTURE_CONTENT } from "../support/corpus.js";
import { type ApiError, type FakeCloudflare, fakeCloudflare } from "../support/fake-cloudflare.js";

describe("npm run deploy (remote) that Cloudflare refuses", () => {
  const NAMESPACE = "0123456789abcdef0123456789abcdef";
  let dir: string;
  let api: FakeCloudflare | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "wirefeed-refused-"));
    cpSync(FIXTURE_CONTENT, join(dir, "content"), { recursive: true });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  /** A deploy (KV only) against a stand-in API that answers what `fail` says with an error. */
  const deployAgainst = async (fail: (body: string) => ApiError | null, env: Record<string, string> = {}) => {
    await api?.close();
    api = await fakeCloudflare((req) => fail(`${req.method} ${req.path} ${req.body}`));
    const r = await runTsAsync("src/publish/cli-deploy.ts", ["--kv-only"], {
      ...api.env,
      WIREFEED_KV_NAMESPACE_ID: NAMESPACE,
      WIREFEED_CONTENT_DIR: join(dir, "content"),
      // no login wrangler may have stored on this machine
      XDG_CONFIG_HOME: join(dir, "config"),
      ...env,
    });
    expect(r.status).toBe(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no escape sequence may reach the operator
    expect(r.stderr).not.toMatch(/\u001b/);
    return {
      ...r,
      writes: api.requests.filter((q) => q.method === "PUT" || q.method === "DELETE" || q.method === "POST"),
    };
  };

  it("not logged in (no CLOUDFLARE_API_TOKEN): says to run `npx wrangler login` or set the token; nothing written", async () => {
    const r = await deployAgainst(() => null, { CLOUDFLARE_API_TOKEN: "" });
    expect(r.stderr).toMatch(/not logged in/);
    expect(r.stderr).toMatch(/Run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN/);
    expect(r.stderr).toMatch(/Nothing was written: the live version is unchanged\.\n$/);
    expect(r.stderr).not.toMatch(/run the deploy again/);
    expect(r.writes).toEqual([]);
  });

  it("a token Cloudflare refuses: says to check its permissions; nothing written", async () => {
    const r = await deployAgainst(() => ({ status: 403, code: 10000, message: "Authentication error" }));
    expect(r.stderr).toMatch(/refused the credentials/);
    expect(r.stderr).toMatch(/Workers KV Storage: Edit/);
    expect(r.stderr).toMatch(/Nothing was written: the live version is unchanged\.\n$/);
    expect(r.writes).toEqual([]);
  });

  it("a namespace id the account does not have: says to check the id in wrangler.toml; nothing written", async () => {
    const r = await deployAgainst((req) =>
      req.startsWith("PUT ") ? { status: 404, code: 10013, message: "bulk put: 'namespace not found'" } : null,
    );
    expect(r.stderr).toMatch(/no KV namespace with that id/);
    expect(r.stderr).toMatch(/Check the id of the FEEDS binding in wrangler\.toml/);
    expect(r.stderr).toMatch(/Nothing was written: the live version is unchanged\.\n$/);
  });

  it("a failure after data was written says to run the deploy again to finish", async () => {
    const r = await deployAgainst((req) =>
      req.startsWith("PUT ") && req.includes(`"key":"${MANIFEST_KEY}"`)
        ? { status: 400, code: 10001, message: "the write could not be completed" }
        : null,
    );
    expect(r.stderr).toMatch(/the write could not be completed/);
    expect(r.stderr).toMatch(/run the deploy again to finish\.\n$/);
    expect(r.stderr).not.toMatch(/Nothing was written/);
    expect(r.writes.length).toBeGreaterThan(1);
  });
});
