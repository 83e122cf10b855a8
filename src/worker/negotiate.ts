/**
 * Accept header negotiation (RFC 9110 §12.5.1): the offer with the highest
 * quality, where a more specific range (type/subtype over type/* over * /*)
 * decides a type's quality; ties go to the earlier offer.
 */

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): Range[] {
  const out: Range[] = [];
  for (const part of header.split(",").slice(0, 50)) {
    const [media = "", ...params] = part.trim().toLowerCase().split(";");
    const [type, subtype] = media.trim().split("/");
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split("=");
      if (k === "q" && v !== undefined) q = Math.max(0, Math.min(1, Number.parseFloat(v) || 0));
    }
    out.push({ type, subtype, q });
  }
  return out;
}

/** The quality the Accept header gives a media type (0 when it does not accept it). */
function quality(ranges: readonly Range[], mediaType: string): number {
  const [type, subtype] = mediaType.toLowerCase().split("/");
  let best: Range | undefined;
  let specificity = -1;
  for (const r of ranges) {
    const s =
      r.type === type && r.subtype === subtype
        ? 2
        : r.type === type && r.subtype === "*"
          ? 1
          : r.type === "*" && r.subtype === "*"
            ? 0
            : -1;
    if (s > specificity) {
      specificity = s;
      best = r;
    }
  }
  return best?.q ?? 0;
}

/** The best of `offers` for this Accept header (absent header: the first offer), or null. */
export function negotiate<T extends string>(accept: string | undefined, offers: readonly T[]): T | null {
  if (!accept?.trim()) return offers[0] ?? null;
  const ranges = parseAccept(accept);
  let chosen: T | null = null;
  let bestQ = 0;
  for (const o of offers) {
    const q = quality(ranges, o);
    if (q > bestQ) {
      bestQ = q;
      chosen = o;
    }
  }
  return chosen;
}

/** A person's browser navigating to a feed: it names text/html and ranks it above XML and feed types. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const html = ranges.find((r) => r.type === "text" && r.subtype === "html")?.q ?? 0;
  const explicitFeed = ranges.some((r) => /(?:rss|atom|feed)\+(?:xml|json)$/.test(`${r.type}/${r.subtype}`));
  return html > 0 && !explicitFeed && html >= quality(ranges, "application/xml");
}
