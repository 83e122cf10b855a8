/**
 * The small vocabulary of page furniture the cleaner recognises, in the forms
 * sites write it: navigation and search leftovers, consent banners, share
 * buttons, pagination, archive calendars, "related posts" and other markers
 * after which a page stops being the article, and chatbot leftovers. Nothing
 * here names a site, a file or a headline.
 */

/** Lines that are page chrome wherever they stand (matched against the whole trimmed line). */
const CHROME_LINES = [
  // navigation, search, accounts
  /^(?:home|menu|main menu|search|search for:?|no results?(?: found)?|view all results?|skip to (?:main )?content|skip to navigation|toggle navigation|open menu|close(?: menu)?|sign ?in|log ?in|log ?out|sign ?up|register|subscribe(?: now)?|my account|back to top|scroll to top|go to mobile version|mobile version|desktop version|print|print edition|english edition|toggle|expand|collapse|more|next|previous|prev|older posts|newer posts|load more|show more|read more|continue reading|view more|see more|loading\.{0,3}|[«‹]\s*back|back)$/i,
  // ads and media placeholders
  /^(?:advertisements?|advertising|sponsored(?: content)?|promoted(?: content)?|paid content|partner content|ad|ads|thumbnail|image|photo|video|gallery|watch|listen|play|audio|getty images|shutterstock)$/i,
  // share and follow buttons
  /^(?:share(?: this)?(?: (?:post|article|story|page))?(?: on)?|shares?|tweet|facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|copy link|link copied|follow us|follow|like|comment|comments|\d+ comments?|no comments|leave a (?:comment|reply)|reply|save|bookmark|text|share via|[fx] share)$/i,
  // sections of a sidebar or footer with nothing of the article in them
  /^(?:categories|category|archives|archive|tags|tag cloud|our authors|authors|recent posts|recent comments|popular posts|trending(?: now)?|latest(?: news| posts| stories)?|most (?:popular|read|viewed)(?: articles| videos| stories)?|editor'?s picks|don'?t miss|in case you missed it|newsletter|contact us|about us|privacy policy|cookie policy|terms (?:of (?:use|service)|and conditions)|sitemap|all rights reserved\.?|customer service|customer center|advertise(?: with us)?|careers|jobs)$/i,
  // consent banners
  /^(?:accept(?: all)?(?: cookies)?|reject(?: all)?|decline|allow all|deny|agree|i agree|ok(?:ay)?|got it|manage (?:preferences|options|settings|cookies)|cookie settings|customi[sz]e(?: consent)?(?: preferences)?|consent preferences|save (?:preferences|my preferences|settings)|always active|necessary|functional|analytics|analytical|performance|advertisement|marketing|uncategori[sz]ed|strictly necessary(?: cookies)?)$/i,
  // pagination strips, archive calendars, lone numbers and symbols
  /^(?:\d+\s*[-–|·•/]\s*)+\d+$/,
  /^(?:page \d+ of \d+|\d+ of \d+)$/i,
  /^[MTWFS]{7}$|^(?:mo|tu|we|th|fr|sa|su)(?:\s*(?:mo|tu|we|th|fr|sa|su)){6}$/i,
  /^[\d\s]+$/,
  /^[«‹]\s*\p{L}{3}\.?(?:\s+\p{L}{3}\.?)?\s*[»›]?$/u,
  /^[\p{P}\p{S}\s]+$/u,
];

/** Sentences that belong to consent banners and footers (matched anywhere in the line). */
const CHROME_PHRASES = [
  /\bcookies?\b.{0,120}\b(?:consent|accept|agree|policy|browser|preferences|necessary|analytics|advertis|functionalit|third[- ]party|personali[sz]|experience|visitors?)\b/i,
  /\b(?:consent|accept|agree|policy|browser|preferences|necessary|analytics)\b.{0,120}\bcookies?\b/i,
  /^(?:©|\(c\)|copyright\b)/i,
  /\ball rights reserved\b/i,
  /\bby (?:continuing|using this (?:site|website))\b.{0,80}\b(?:agree|consent|accept)/i,
  /^(?:sign up|subscribe) (?:for|to) (?:our|the) (?:newsletter|daily|weekly)/i,
  /\b(?:javascript|ad ?blocker)\b.{0,60}\b(?:enable|disable|turn off|whitelist)/i,
];

/** Lines after which the page stops being the article: what follows is other content. */
const END_MARKERS = [
  /^(?:related|related (?:posts?|articles?|stories|news|content|coverage|reading|topics)|more (?:from|on|in|like this|stories|news|articles)\b.*|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|recommended(?: for you| stories| articles| reading)?|read (?:next|also|this next)|also read|further reading|what to read next|previous (?:post|article|story)|next (?:post|article|story)|about the author|about (?:the|our) authors?|author bio|leave a (?:reply|comment)|comments?(?: \(\d+\))?|join the (?:discussion|conversation)|most popular(?: articles| videos| stories)?|trending(?: now| stories)?|latest (?:news|posts|stories|articles)|sponsored stories|popular (?:posts|stories)|to read the full (?:story|article)|subscribe to (?:continue|read)|more stories)\s*:?$/i,
  /^tags?\s*:/i,
  /^(?:filed under|posted in|categories)\s*:/i,
];

/** Lines that open a table of contents; the short lines after them repeat the headings. */
const TOC_MARKERS = /^(?:table of contents|contents|in this article|jump to|on this page|quick links|inhalt)\s*:?$/i;

/** Chatbot leftovers: the preamble of a generated rewrite and its closing remark. */
const CHATBOT_LINES = [
  /^(?:sure[,!.]?\s+)?here(?:'s| is| are)\s+(?:a|an|the|your)\b.{0,120}?\b(?:summary|summari[sz]ation|rewrite|rewritten|version|humani[sz]|paraphras|article|overview|content)\b/i,
  /^(?:this|the above|the)\s+(?:summary|article|rewrite|rewritten (?:article|version)|version|overview|piece|humani[sz]ed (?:version|content))\s+(?:provides|offers|captures|highlights|covers|summari[sz]es|presents|gives|maintains|retains)\b/i,
  /^(?:i hope (?:this|that) (?:helps|meets)|let me know if you(?:'d| would)? (?:like|need|want)|feel free to (?:ask|let me know)|as an ai\b)/i,
  /\b(?:in|of about|of approximately|around) \d{3,4} words\b.{0,80}\b(?:as requested|organi[sz]ed|with headings)\b/i,
];

/** A line that only introduces other content: "See also …", "Read more: …", "Related: …". */
const INLINE_TEASER =
  /^(?:see also|read more|read also|also read|related|recommended|more|watch|listen|related article|related story|must read)\s*[:|–-]?\s+\S/i;

const normalise = (line: string): string => line.replace(/\s+/g, " ").trim();

export function isChrome(line: string): boolean {
  const l = normalise(line);
  if (l === "") return false;
  const bare = l.replace(/[\s:.,;!|>»›]+$/u, "").trim();
  if (CHROME_LINES.some((re) => re.test(bare) || re.test(l))) return true;
  return CHROME_PHRASES.some((re) => re.test(l));
}

export function isEndMarker(line: string): boolean {
  return END_MARKERS.some((re) => re.test(normalise(line)));
}

export function isTocMarker(line: string): boolean {
  return TOC_MARKERS.test(normalise(line));
}

export function isChatbotLine(line: string): boolean {
  return CHATBOT_LINES.some((re) => re.test(normalise(line)));
}

export function isTeaser(line: string): boolean {
  return INLINE_TEASER.test(normalise(line));
}

/** English function words, for the stop-word density that tells prose from lists of names. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him himself his " +
    "how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out " +
    "over own same she should so some such than that the their theirs them themselves then there these they this those through to too " +
    "under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves " +
    "may might must shall since though although however while whether upon within without among across along around toward towards " +
    "said says one two new many much even well still yet ago via per"
  ).split(" "),
);
