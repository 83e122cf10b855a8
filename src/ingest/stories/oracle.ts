/**
 * The story grouper's reference: compares EVERY pair with the grouper's own
 * link predicate (linkKind) and clusters the links with a union-find of its
 * own. Quadratic: for tests only (test/node/stories-oracle.test.ts and
 * test/long/stories-oracle.test.ts check that the indexed grouper finds
 * exactly what this finds).
 */
import { linkKind, type StoryIndex } from "./group.js";
import type { StoryPack } from "./pack.js";

export interface AllPairs {
  /** "i-j-kind" for every linked pair i < j. */
  links: string[];
  /** The partition: article keys, grouped. */
  groups: string[][];
  copies: number;
  rewrites: number;
}

export function allPairs(pack: StoryPack, index: StoryIndex): AllPairs {
  const n = pack.size;
  const parent = Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  const links: string[] = [];
  let copies = 0;
  let rewrites = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const kind = linkKind(pack, index, i, j);
      if (!kind) continue;
      links.push(`${i}-${j}-${kind}`);
      if (kind === "copy") copies++;
      else rewrites++;
      const a = root(i);
      const b = root(j);
      parent[Math.max(a, b)] = Math.min(a, b);
    }
  const groups = new Map<number, string[]>();
  for (let i = 0; i < n; i++) groups.set(root(i), [...(groups.get(root(i)) ?? []), pack.keys[i] as string]);
  return { links, groups: [...groups.values()], copies, rewrites };
}
