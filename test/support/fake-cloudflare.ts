/**
 * A stand-in for Cloudflare's API, on 127.0.0.1, for the parts of Workers KV
 * that `wrangler kv … --remote` calls: values, bulk writes, bulk deletes,
 * key listing. It records every request as it came over the wire, so tests
 * can check what the deploy really sends (wrangler reads its base URL from
 * CLOUDFLARE_API_BASE_URL). It can be told to answer with API errors.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface WireRequest {
  method: string;
  path: string;
  body: string;
}

export interface FakeCloudflare {
  /** Environment for a wrangler that talks to this server. */
  env: Record<string, string>;
  requests: WireRequest[];
  values: Map<string, { value: Buffer; expirationTtl?: number }>;
  close(): Promise<void>;
}

const ok = (result: unknown) => JSON.stringify({ success: true, errors: [], messages: [], result });

/** An error the API answers a request with, as Cloudflare words them ({ success: false, errors: [{ code, message }] }). */
export interface ApiError {
  status: number;
  code: number;
  message: string;
}

/**
 * The server; `fail` may answer a request (as it came, and how many such
 * method + path kinds came before it) with an API error instead.
 */
export async function fakeCloudflare(
  fail: (req: WireRequest, index: number) => ApiError | null = () => null,
): Promise<FakeCloudflare> {
  const requests: WireRequest[] = [];
  const values = new Map<string, { value: Buffer; expirationTtl?: number }>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const wire = { method: req.method ?? "", path: url.pathname, body };
      requests.push(wire);
      const json = (status: number, text: string) =>
        res.writeHead(status, { "content-type": "application/json" }).end(text);
      const error = fail(wire, requests.length - 1);
      if (error) {
        const errors = [{ code: error.code, message: error.message }];
        return json(error.status, JSON.stringify({ success: false, errors, messages: [], result: null }));
      }
      const value = /\/values\/(.+)$/.exec(url.pathname);
      if (value && req.method === "GET") {
        const v = values.get(decodeURIComponent(value[1] ?? ""));
        if (!v)
          return json(
            404,
            JSON.stringify({ success: false, errors: [{ code: 10009, message: "get: 'key not found'" }] }),
          );
        return res.writeHead(200, { "content-type": "application/octet-stream" }).end(v.value);
      }
      if (url.pathname.endsWith("/bulk") && req.method === "PUT") {
        const entries = JSON.parse(body) as { key: string; value: string; base64?: boolean; expiration_ttl?: number }[];
        for (const e of entries)
          values.set(e.key, {
            value: Buffer.from(e.value, e.base64 ? "base64" : "utf8"),
            ...(e.expiration_ttl ? { expirationTtl: e.expiration_ttl } : {}),
          });
        return json(200, ok({ successful_key_count: entries.length, unsuccessful_keys: [] }));
      }
      if ((url.pathname.endsWith("/bulk") && req.method === "DELETE") || url.pathname.endsWith("/bulk/delete")) {
        for (const k of JSON.parse(body) as string[]) values.delete(k);
        return json(200, ok({ successful_key_count: 0, unsuccessful_keys: [] }));
      }
      if (url.pathname.endsWith("/keys")) {
        const prefix = url.searchParams.get("prefix") ?? "";
        const keys = [...values.keys()].filter((k) => k.startsWith(prefix)).map((name) => ({ name }));
        return json(
          200,
          JSON.stringify({
            success: true,
            errors: [],
            messages: [],
            result: keys,
            result_info: { count: keys.length, cursor: "" },
          }),
        );
      }
      return json(200, ok({}));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    env: {
      CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${port}/client/v4`,
      CLOUDFLARE_API_TOKEN: "test-token",
      CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef",
    },
    requests,
    values,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
