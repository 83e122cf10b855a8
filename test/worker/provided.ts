/** What test/worker/global-setup.ts (Node) hands to the Worker tests (workerd) through vitest's provide/inject. */
/** A KV entry as plain JSON: binary values (compressed pages) base64-encoded. */
export interface PortableEntry {
  key: string;
  value: string;
  base64: boolean;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** KV entries of the fixture corpus, as the deploy writes them. */
    fixtureKv: PortableEntry[];
    /** KV entries of the fixture corpus after one newer article arrived. */
    fixtureKvNewer: PortableEntry[];
    /** The fixture corpus's Article records, as JSON. */
    fixtureArticles: string;
    /** KV entries of the fixture corpus with two more versions of its Lunar Gateway story (a story of three). */
    fixtureKvStories: PortableEntry[];
    /** The Article records of that corpus, as JSON. */
    fixtureStoryArticles: string;
  }
}
