/**
 * The JS heap of the Worker's own isolate in workerd, read over the V8
 * inspector protocol (Runtime.getHeapUsage) that Miniflare opens with
 * `inspectorPort`: what counts against the 128 MB an isolate has, which the
 * workerd process's resident set (the runtime, its KV simulator, sockets)
 * does not tell.
 */
import { createServer } from "node:net";
import WebSocket from "ws";

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Bytes the isolate's JS heap uses now (live and not yet collected: an upper bound of what it keeps). */
export async function isolateHeapUsed(inspectorPort: number, worker = "core:user:"): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/${worker}`);
  try {
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const result = await new Promise<{ usedSize: number }>((resolve, reject) => {
      ws.on("message", (m) => {
        const d = JSON.parse(String(m)) as { id?: number; result?: { usedSize: number } };
        if (d.id === 1 && d.result) resolve(d.result);
      });
      ws.once("error", reject);
      ws.send(JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" }));
    });
    return result.usedSize;
  } finally {
    ws.close();
  }
}
