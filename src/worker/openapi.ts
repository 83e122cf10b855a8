/**
 * The API description served at /openapi.json (OpenAPI 3.1), generated from
 * the zod schemas the Worker itself validates with and answers with: the
 * feed parameters (query.ts FeedQueryFields, with the words of its 400
 * answers), the Article record (schema/article.ts), the problem details
 * (problem.ts). A parameter added to the schema appears here; none can be
 * documented that the Worker does not take.
 */
import { z } from "zod";
import { Article } from "../schema/article.js";
import { ACCEPTS, FeedQueryFields } from "./query.js";

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema, inline (OpenAPI 3.1 uses JSON Schema 2020-12). */
function schemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  return rest;
}

/** An example value of each parameter, as a URL carries it. */
const EXAMPLES: Record<keyof typeof FeedQueryFields.shape, string> = {
  topic: "kosovo",
  exclude: "ukraine",
  match: "all",
  q: "rutte",
  since: "2025-03-01",
  until: "2025-03-31T23:59:59Z",
  limit: "5",
  before: "1742169600000.some-slug",
  after: "1742169600000.some-slug",
  content: "summary",
};

/** The feed parameters, each with its schema (the limit as the number it is read as), description and example. */
export function feedParameters(): Json[] {
  return Object.entries(FeedQueryFields.shape).map(([name, field]) => {
    const key = name as keyof typeof FeedQueryFields.shape;
    const list = key === "topic" || key === "exclude";
    return {
      name,
      in: "query",
      required: false,
      description: `${ACCEPTS[key][0]?.toUpperCase()}${ACCEPTS[key].slice(1)}.`,
      schema: list
        ? { type: "array", items: { type: "string", pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$" } }
        : schemaOf(field, key === "limit" ? "output" : "input"),
      ...(list ? { style: "form", explode: true } : {}),
      example: EXAMPLES[key],
    };
  });
}

const PROBLEM = {
  type: "object",
  description: "RFC 9457 problem details; `detail` says what to do.",
  required: ["type", "title", "status", "detail"],
  properties: {
    type: { type: "string", const: "about:blank" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    instance: { type: "string" },
    parameter: { type: "string", description: "The query parameter at fault (400)." },
    allowed: { type: "array", items: { type: "string" }, description: "The values it accepts (400)." },
  },
};

const problems = (...statuses: number[]): Json =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${s}` }] as const));

const FEED_TYPES = {
  xml: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
} as const;

function feedPath(summary: string, topicInPath: boolean, ext: keyof typeof FEED_TYPES | null): Json {
  const params: Json[] = [
    ...(topicInPath
      ? [
          {
            name: "slug",
            in: "path",
            required: true,
            schema: { type: "string" },
            description: "A topic slug (see /topics).",
          },
        ]
      : []),
    ...feedParameters(),
  ];
  const content = ext
    ? { [FEED_TYPES[ext]]: ext === "json" ? { schema: { $ref: "#/components/schemas/JsonFeed" } } : {} }
    : Object.fromEntries(Object.values(FEED_TYPES).map((t) => [t, {}]));
  return {
    get: {
      summary,
      description:
        "Newest first, at most `limit` items; page with the cursors of the feed's `next`/`previous` links (`next_url` in JSON Feed). Unknown parameters are ignored. A request whose Accept prefers text/html gets the feed as a web page.",
      parameters: params,
      responses: {
        "200": { description: "The feed.", content: { ...content, "text/html": { description: "For a browser." } } },
        "304": { description: "Not modified (If-None-Match / If-Modified-Since)." },
        ...problems(400, ...(topicInPath ? [404] : []), ...(ext ? [] : [406]), 503),
      },
    },
  };
}

export function openApiDocument(origin: string, title: string, description: string): Json {
  const paths: Json = {};
  for (const [prefix, what, topicInPath] of [
    ["", "every article", false],
    ["/topics/{slug}", "one topic's articles", true],
    ["/stories", "every story, one item per story (its fullest version, listing the others)", false],
    ["/topics/{slug}/stories", "one topic's stories", true],
  ] as const) {
    for (const ext of ["xml", "atom", "json"] as const)
      paths[`${prefix}/feed.${ext}`] = feedPath(`${FEED_TYPES[ext]} of ${what}`, topicInPath, ext);
    paths[`${prefix}/feed`] = feedPath(
      `The feed of ${what}, in the format the Accept header asks for`,
      topicInPath,
      null,
    );
  }
  paths["/topics"] = {
    get: {
      summary: "The topics, with article and story counts and feed URLs",
      responses: { "200": { description: "The topics.", content: { "application/json": {} } }, ...problems(503) },
    },
  };
  paths["/topics.opml"] = {
    get: {
      summary: "OPML 2.0 of every feed, to import into a reader",
      responses: { "200": { description: "OPML.", content: { "text/x-opml": {} } }, ...problems(503) },
    },
  };
  paths["/articles/{slug}.json"] = {
    get: {
      summary: "An article record, with its story",
      parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": {
          description: "The Article record the deploy wrote.",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Article" } } },
        },
        ...problems(404, 503),
      },
    },
  };
  const problemResponse = (text: string) => ({
    description: text,
    content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
  });
  return {
    openapi: "3.1.0",
    info: { title, description, version: "1" },
    servers: [{ url: origin }],
    paths,
    components: {
      schemas: {
        Article: schemaOf(Article, "output"),
        Problem: PROBLEM,
        JsonFeed: {
          type: "object",
          description:
            "JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Each item's `_wirefeed` holds its slug, its topic slugs and its story: {id, updated, articles: [{slug, url, title, site, source_url, date_published}]}.",
          required: ["version", "title", "items"],
        },
      },
      responses: {
        "400": problemResponse("A parameter is not valid: `parameter` names it, `allowed` lists the values it takes."),
        "404": problemResponse("No such topic or article."),
        "406": problemResponse("The Accept header asks for no format this feed has."),
        "503": problemResponse("Nothing is published yet, or the corpus is being updated (Retry-After)."),
      },
    },
  };
}
