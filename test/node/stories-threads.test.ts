/**
 * Story features on worker threads (src/ingest/stories/threads.ts), what a
 * deploy of a few thousand articles or more uses: the grouping is the same
 * as in one thread, story for story, on a generated corpus of copies,
 * excerpts, edits, rewrites and other events (and the deploy's grouping,
 * which keeps the stories of several without their evidence, the same); a thread that fails makes the
 * grouping fail (no hang, no partial pack).
 */
import { describe, expect, it } from "vitest";
import type { StoryInput } from "../../src/ingest/stories/features.js";
import { groupInputs, groupPack } from "../../src/ingest/stories/group.js";
import { syntheticStories } from "../../src/ingest/stories/synthetic.js";
import { packInputs, sharedGroupsOnThreads } from "../../src/ingest/stories/threads.js";

function* corpus(n: number): Generator<StoryInput> {
  for (const { input } of syntheticStories(n, 7)) yield input;
}

describe("story features on worker threads", () => {
  it("group a corpus exactly as one thread does", async () => {
    const one = groupInputs(corpus(3000)).map((s) => s.members);
    const threaded = groupPack(await packInputs(corpus(3000), 3)).map((s) => s.members);
    expect(one.filter((m) => m.length > 1).length).toBeGreaterThan(300);
    expect(threaded).toEqual(one);
    // the deploy's grouping (members of the stories of several only, no evidence) finds the same stories
    const shared = await sharedGroupsOnThreads(corpus(3000), 2);
    expect(shared).toEqual(one.filter((m) => m.length > 1));
  });

  it("fail when a thread fails, without hanging", async () => {
    function* broken(): Generator<StoryInput> {
      yield* corpus(600);
      // text that is not a string: the features thread throws
      yield { key: "broken", title: "Broken", text: 42 as unknown as string, published: null };
      yield* corpus(600);
    }
    await expect(packInputs(broken(), 2)).rejects.toThrow();
  });
});
