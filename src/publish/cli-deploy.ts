/**
 * `npm run deploy`: build the corpus, publish it to Workers KV, deploy the Worker.
 *   (no flag)        the real namespace (its id from wrangler.toml): data, then the manifest,
 *                    then `wrangler deploy`, then the clean-up of keys no version names
 *   --local          the local store `wrangler dev` reads (no account needed), written through wrangler's platform proxy
 *   --dry-run        print the plan (articles added, changed and removed, feeds that change, keys to
 *                    write and delete, bytes) and touch nothing; with no namespace id it compares with
 *                    the local store (or an empty one when there is none yet) and needs no account
 *   --persist-to DIR local store directory (default .wrangler/state)
 *   --env NAME       wrangler.toml environment
 *   --kv-only        publish the corpus but do not run `wrangler deploy`
 *   --build-only     build and check the corpus, print what it holds, publish nothing (`npm run build`)
 * Exit codes: 0 published (or nothing to do), 1 bad content or a failed write, 2 bad usage,
 * 3 another deploy holds the lock.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { unstable_readConfig } from "wrangler";
import { LEDGER_FILE, writeLedger } from "../ingest/content-files.js";
import { buildCorpus } from "../ingest/corpus.js";
import { BuildError, BuildErrors } from "../ingest/errors.js";
import { defaultThreads } from "../ingest/stories/threads.js";
import { DEPLOY_LOCK_KEY } from "../schema/keys.js";
import type { Root, SlugBucket } from "../schema/store.js";
import { type DeployReport, deploy, formatBytes } from "./deploy.js";
import { type KvTarget, localTarget, runWrangler, wranglerTarget } from "./kv-target.js";
import { DeployLocked } from "./lock.js";
import { type Emit, planCorpus } from "./plan.js";
import { articleChanges, changedFeeds, describeChanges, emptyTarget, slugBucketsOf } from "./preview.js";
import { storyPlanOf } from "./story-plan.js";
import { changedFeedUrls, notifyHub } from "./websub.js";
import { plainText, wranglerAdvice } from "./wrangler-errors.js";

const CONTENT_DIR = process.env.WIREFEED_CONTENT_DIR ?? "content";

class UsageError extends Error {}

/** wrangler.toml as wrangler reads it (for this `--env`), read once per run. */
let config: ReturnType<typeof unstable_readConfig> | undefined;
const wranglerConfig = (env: string | undefined) => {
  config ??= unstable_readConfig({ env }, { hideWarnings: true });
  return config;
};

/** The FEEDS namespace id from WIREFEED_KV_NAMESPACE_ID or wrangler.toml, or null when neither gives one. */
function namespaceIdOf(env: string | undefined): string | null {
  const fromEnv = process.env.WIREFEED_KV_NAMESPACE_ID;
  if (fromEnv) return fromEnv;
  const ns = (wranglerConfig(env).kv_namespaces as { binding: string; id?: string }[]).find(
    (k) => k.binding === "FEEDS",
  );
  return ns?.id || null;
}

function remoteNamespaceId(env: string | undefined): string {
  const id = namespaceIdOf(env);
  if (!id) {
    throw new UsageError(
      [
        "No KV namespace id for the FEEDS binding, so there is nowhere to publish.",
        "Create one with `npx wrangler kv namespace create FEEDS` and put its id in wrangler.toml:",
        '  [[kv_namespaces]]\n  binding = "FEEDS"\n  id = "<the id>"',
        "(or set WIREFEED_KV_NAMESPACE_ID). To try Wirefeed locally instead: npm start",
      ].join("\n"),
    );
  }
  return id;
}

/**
 * What a preview with no namespace id compares with: the local store `npm
 * start` fills, when there is one, else an empty store in memory (nothing is
 * created on disk). Says which, for the operator.
 */
async function previewTarget(
  persistTo: string | undefined,
  env: string | undefined,
): Promise<{ target: KvTarget & { dispose?: () => Promise<void> }; compared: string }> {
  const dir = persistTo ?? ".wrangler/state";
  const why = "there is no KV namespace id in wrangler.toml, so not with Cloudflare";
  if (existsSync(join(dir, "v3", "kv"))) {
    return {
      target: await localTarget({ persistTo, env }),
      compared: `Compared with the local store in ${dir} (what \`npm start\` last published): ${why}.`,
    };
  }
  return {
    target: emptyTarget(`an empty store (there is no local store in ${dir} yet)`),
    compared: `Compared with an empty store, as a first deploy would meet it: ${why}, and there is no local store in ${dir} yet (\`npm start\` makes one).`,
  };
}

/** Whether the deploy has written anything (besides its lock, which it releases), or tried to: what a failure leaves behind. */
const writes = { attempted: false, done: false };

/** The target, noting in `writes` each write or delete other than of the deploy lock. */
function noteWrites<T extends KvTarget>(target: T): T {
  const note = async (keys: readonly string[], run: () => Promise<void>) => {
    const data = keys.some((k) => k !== DEPLOY_LOCK_KEY);
    if (data) writes.attempted = true;
    await run();
    if (data) writes.done = true;
  };
  return {
    ...target,
    putMany: (entries: Parameters<KvTarget["putMany"]>[0]) =>
      note(
        entries.map((e) => e.key),
        () => target.putMany(entries),
      ),
    deleteMany: (keys: readonly string[]) => note(keys, () => target.deleteMany(keys)),
  };
}

/** WEBSUB_HUB and PUBLIC_URL from the environment, else from wrangler.toml's [vars]. */
function websubConfig(env: string | undefined): { hub: string; publicUrl: string } {
  const vars = wranglerConfig(env).vars as Record<string, unknown>;
  const pick = (name: string) => process.env[name] ?? (typeof vars[name] === "string" ? (vars[name] as string) : "");
  return { hub: pick("WEBSUB_HUB"), publicUrl: pick("PUBLIC_URL") };
}

async function pingHub(report: DeployReport, env: string | undefined): Promise<void> {
  const { hub, publicUrl } = websubConfig(env);
  if (!hub) return;
  if (!publicUrl) {
    process.stderr.write(
      "warning: WEBSUB_HUB is set but PUBLIC_URL is not, so the hub cannot be told which feeds changed.\n",
    );
    return;
  }
  const urls = changedFeedUrls(report.previous, report.root, publicUrl);
  const results = await notifyHub(hub, urls);
  const failed = results.filter((r) => r.status === "error" || r.status >= 300);
  process.stderr.write(
    `Notified the WebSub hub ${hub} of ${urls.length - failed.length}/${urls.length} changed feeds.\n`,
  );
  for (const f of failed) process.stderr.write(`warning: the hub answered ${f.status} for ${f.url}\n`);
}

/**
 * What feeds show besides the corpus: the site settings of wrangler.toml and
 * the Worker's own code (its bundle, as `wrangler deploy` would upload it).
 * A change moves every feed's Last-Modified.
 */
async function siteFingerprint(env: string | undefined): Promise<string> {
  const vars = wranglerConfig(env).vars as Record<string, unknown>;
  const site = ["SITE_TITLE", "SITE_DESCRIPTION", "SITE_LANGUAGE", "WEBSUB_HUB"].map((k) => String(vars[k] ?? ""));
  const out = mkdtempSync(join(tmpdir(), "wirefeed-bundle-"));
  try {
    await runWrangler(["deploy", "--dry-run", "--outdir", out, ...(env ? ["--env", env] : [])], () => {});
    const hash = createHash("sha256").update(JSON.stringify(site));
    // the modules only: wrangler also writes a source map and a README stamped with the time
    for (const f of readdirSync(out).sort()) if (/\.(m?js|wasm)$/.test(f)) hash.update(readFileSync(join(out, f)));
    return hash.digest("hex").slice(0, 32);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function summary(report: DeployReport, articles: number, topics: number): string {
  if (report.unchanged) {
    return `Nothing to publish: version ${report.version} (${articles} articles, ${topics} topics) is already live on ${report.target}.`;
  }
  const verb = report.dryRun ? "Would publish" : "Published";
  return [
    `${verb} version ${report.version} (${articles} articles, ${topics} topics) to ${report.target}${report.previousVersion ? `, replacing ${report.previousVersion}` : ""}:`,
    `  ${report.dryRun ? "would write" : "wrote"} ${report.written.length} keys (${formatBytes(report.writtenBytes)}), ${report.dryRun ? "would delete" : "deleted"} ${report.deleted.length}, kept ${report.reused} unchanged${report.pendingDeletion ? `; ${report.pendingDeletion} keys no version names are kept for their grace period` : ""}.`,
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      local: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      "persist-to": { type: "string" },
      env: { type: "string" },
      "kv-only": { type: "boolean", default: false },
      "build-only": { type: "boolean", default: false },
    },
    strict: true,
  });
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();
  err(`Building the corpus from ${CONTENT_DIR}/ …`);
  const corpus = buildCorpus({
    contentDir: CONTENT_DIR,
    now: new Date().toISOString(),
    onWarning: (w) => err(`warning: ${w}`),
  });
  err(`  ${corpus.articles.length} articles, ${corpus.topics.length} topics`);
  const firstSeen = (key: string) => corpus.ledger[key]?.firstPublished;
  const grouping = Date.now();
  // worker threads pay for their start from a few thousand articles
  const threads = corpus.articles.length >= 2000 ? defaultThreads() : 1;
  const stories = await storyPlanOf(corpus.articles, firstSeen, threads);
  err(
    `  ${corpus.articles.length - stories.size + stories.storyCount} stories: ${stories.storyCount} of several articles (${stories.size} articles), grouped in ${((Date.now() - grouping) / 1000).toFixed(1)} s`,
  );

  if (values["build-only"]) {
    let keys = 0;
    const plan = await planCorpus(
      corpus.articles,
      corpus.topics,
      () => {
        keys++;
      },
      { stories, threads },
    );
    for (const a of corpus.articles) {
      process.stdout.write(
        `${a.published.slice(0, 10)}  ${a.slug}\n            ${a.title}\n            topics: ${a.topics.join(", ") || "(none)"}; ${a.wordCount} words; date from ${a.dateSource}\n`,
      );
    }
    const bySlug = new Map(corpus.articles.map((a) => [a.key, a]));
    for (const story of stories.all()) {
      process.stdout.write(`story (${story.size} versions): ${bySlug.get(story.best)?.title ?? story.best}\n`);
      for (const v of story.ref.articles)
        process.stdout.write(`            ${v.slug}${v.site ? ` (${v.site})` : ""}\n`);
    }
    process.stdout.write(
      `${corpus.articles.length} articles build cleanly; version ${plan.version}, ${keys} data keys.\n`,
    );
    return 0;
  }
  let target: KvTarget & { dispose?: () => Promise<void> };
  let compared: string | null = null;
  const preview = values["dry-run"] && !values.local && !namespaceIdOf(values.env);
  if (values.local) {
    target = await localTarget({ persistTo: values["persist-to"], env: values.env });
  } else if (preview) {
    ({ target, compared } = await previewTarget(values["persist-to"], values.env));
  } else {
    target = wranglerTarget({ namespaceId: remoteNamespaceId(values.env), env: values.env });
  }
  target = noteWrites(target);
  err(`${values["dry-run"] ? "Planning against" : "Publishing to"} ${target.name} …`);
  const deployWorker = !values.local && !preview && !values["kv-only"];
  const fingerprint = await siteFingerprint(values.env);
  /** The slug buckets of the new version, for the preview's list of articles. */
  const buckets = new Map<string, SlugBucket>();
  const source = (emit: Emit, previous: Root | null, now: string) =>
    planCorpus(corpus.articles, corpus.topics, values["dry-run"] ? slugBucketsOf(emit, buckets) : emit, {
      previous,
      now,
      siteFingerprint: fingerprint,
      stories,
      threads,
    });
  const report = await deploy(source, target, {
    dryRun: values["dry-run"],
    log: err,
    // keys of other store formats are retired only once the Worker that reads this one is live
    collect: values.local || preview || deployWorker ? "all" : "own-format",
    ...(deployWorker && !values["dry-run"]
      ? {
          afterSwitch: async () => {
            err("Deploying the Worker (wrangler deploy) …");
            process.stdout.write(
              await runWrangler(["deploy", ...(values.env ? ["--env", values.env] : [])], (w) => err(`wrangler: ${w}`)),
            );
          },
        }
      : {}),
  }).catch(async (e: unknown) => {
    await target.dispose?.();
    throw e;
  });
  if (!values["dry-run"]) await target.dispose?.();
  if (values["dry-run"]) {
    const changes = await articleChanges(target, report.previous, report.root, buckets).finally(() =>
      target.dispose?.(),
    );
    for (const k of report.written) process.stdout.write(`write  ${k}\n`);
    for (const k of report.deleted) process.stdout.write(`delete ${k}\n`);
    process.stdout.write(`${summary(report, corpus.articles.length, corpus.topics.length)}\n`);
    if (!report.unchanged) {
      const titles = new Map(corpus.articles.map((a) => [a.slug, a.title]));
      const lines = describeChanges(changes, changedFeeds(report.previous, report.root), titles);
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    if (compared) process.stdout.write(`${compared}\n`);
    process.stdout.write("Nothing was written: this was a dry run.\n");
    err(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  }
  process.stdout.write(`${summary(report, corpus.articles.length, corpus.topics.length)}\n`);
  if (corpus.ledgerChanged) {
    writeLedger(join(CONTENT_DIR, LEDGER_FILE), corpus.ledger);
    err(`Updated ${CONTENT_DIR}/${LEDGER_FILE} (first-publication dates and slugs): commit it.`);
  }
  if (!report.unchanged) await pingHub(report, values.env);
  err(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof BuildErrors || e instanceof BuildError) {
      process.stderr.write(`error: the corpus has problems; nothing was published.\n${e.message}\n`);
      process.exit(1);
    }
    if (e instanceof DeployLocked) {
      process.stderr.write(`error: nothing was published: ${e.message}\n`);
      process.exit(3);
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exit(2);
    }
    const message = plainText((e as Error).message);
    const advice = wranglerAdvice(message);
    // a request Cloudflare refused (not logged in, a bad token, no such namespace) wrote nothing
    const unfinished = writes.done || (writes.attempted && !advice);
    process.stderr.write(
      `${[
        `error: ${message}`,
        ...(advice ? ["", advice] : []),
        "",
        unfinished
          ? "The live version is unchanged unless the manifest switch was reported above; run the deploy again to finish."
          : "Nothing was written: the live version is unchanged.",
      ].join("\n")}\n`,
    );
    process.exit(1);
  },
);
