/**
 * One deploy at a time: a deploy holds a lock key in the namespace while it
 * writes (with an expiry, so a deploy that died does not block the next one
 * for long; a deploy that runs longer renews its claim as it goes). A second
 * deploy that finds the lock stops with a message that says who holds it and
 * until when; two that start together both write their claim, wait for KV to
 * settle, and only the one whose claim is read back goes on.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { DEPLOY_LOCK_KEY } from "../schema/keys.js";
import type { KvTarget } from "./kv-target.js";

/** A lock older than this is a deploy that died: it no longer blocks. */
const LOCK_TTL_SECONDS = 600;

export interface LockClaim {
  token: string;
  owner: string;
  startedAt: string;
  /** When the holder last said it is still at work (a long deploy renews its claim). */
  renewedAt?: string;
}

/** When a claim stops blocking: its TTL after it was last renewed. */
const expiresAt = (c: LockClaim): number => Date.parse(c.renewedAt ?? c.startedAt) + LOCK_TTL_SECONDS * 1000;

export class DeployLocked extends Error {
  constructor(readonly holder: LockClaim | null) {
    const expires = holder ? new Date(expiresAt(holder)).toISOString() : "soon";
    super(
      holder
        ? `another deploy (${holder.owner}, started ${holder.startedAt}) is publishing to this namespace. Wait for it to finish and run the deploy again; if it died, its lock expires at ${expires} (or delete the key "${DEPLOY_LOCK_KEY}").`
        : "another deploy claimed this namespace at the same moment; run the deploy again once it has finished.",
    );
    this.name = "DeployLocked";
  }
}

function parse(value: string | null): LockClaim | null {
  if (!value) return null;
  try {
    const c = JSON.parse(value) as LockClaim;
    return typeof c.token === "string" && typeof c.startedAt === "string" ? c : null;
  } catch {
    return null;
  }
}

export interface Lock {
  /** Throws DeployLocked if another deploy has taken the lock since. */
  check(): Promise<void>;
  /**
   * Still ours? Then, if a third of the TTL has passed since the last
   * renewal, renew the claim (a fresh expiry), so a deploy longer than the
   * TTL keeps its lock. Throws DeployLocked otherwise.
   */
  renew(): Promise<void>;
  release(): Promise<void>;
}

export async function acquireLock(
  target: KvTarget,
  opts: { settleMs?: number; now?: () => number } = {},
): Promise<Lock> {
  const now = opts.now ?? Date.now;
  const held = parse(await target.get(DEPLOY_LOCK_KEY));
  if (held && expiresAt(held) > now()) throw new DeployLocked(held);
  const claim: LockClaim = {
    token: randomUUID(),
    owner: `${hostname()} pid ${process.pid}`,
    startedAt: new Date(now()).toISOString(),
  };
  await target.putMany([{ key: DEPLOY_LOCK_KEY, value: JSON.stringify(claim), expirationTtl: LOCK_TTL_SECONDS }]);
  await new Promise((r) => setTimeout(r, opts.settleMs ?? 1000));
  const check = async () => {
    const current = parse(await target.get(DEPLOY_LOCK_KEY));
    if (current?.token !== claim.token) throw new DeployLocked(current);
  };
  await check();
  let renewed = now();
  return {
    check,
    async renew() {
      await check();
      if (now() - renewed < (LOCK_TTL_SECONDS * 1000) / 3) return;
      renewed = now();
      const value = JSON.stringify({ ...claim, renewedAt: new Date(renewed).toISOString() });
      await target.putMany([{ key: DEPLOY_LOCK_KEY, value, expirationTtl: LOCK_TTL_SECONDS }]);
    },
    async release() {
      const current = parse(await target.get(DEPLOY_LOCK_KEY));
      if (current?.token === claim.token) await target.deleteMany([DEPLOY_LOCK_KEY]);
    },
  };
}
