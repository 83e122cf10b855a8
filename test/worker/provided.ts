/** What test/worker/global-setup.ts (Node) hands to the Worker tests (workerd) through vitest's provide/inject. */
declare module "vitest" {
  export interface ProvidedContext {
    /** KV entries of the fixture corpus, as the deploy writes them. */
    fixtureKv: [string, string][];
    /** KV entries of the fixture corpus after one newer article arrived. */
    fixtureKvNewer: [string, string][];
    /** The fixture corpus's Article records, as JSON. */
    fixtureArticles: string;
  }
}

export {};
