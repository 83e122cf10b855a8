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
  /^(?:home|menu|main menu|search|search for:?|no results?(?: found)?|view all results?|skip to (?:main )?content|skip to navigation|toggle navigation|open menu|close(?: menu)?|sign ?in|log ?in|log ?out|sign ?up|register|subscribe(?: now)?|my account|back to top|scroll to top|go to mobile version|mobile version|desktop version|print|print edition|english edition|toggle|expand|collapse|more|next|previous|prev|older posts|newer posts|load more|show more|read more|continue reading(?: below)?|view more|see more|loading\.{0,3}|[«‹]\s*back|back)$/i,
  // ads and media placeholders
  /^(?:advertisements?|advertising|sponsored(?: content)?|promoted(?: content)?|paid content|partner content|ad|ads|thumbnail|image|photo|video|gallery|watch|listen|play|audio|getty images|shutterstock)$/i,
  // share and follow buttons
  /^(?:share(?: this)?(?: (?:post|article|story|page))?(?: on)?|shares?|tweet|facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|copy link|link copied|follow us|follow|like|comment|comments|\d+ comments?|no comments|leave a (?:comment|reply)|reply|save|bookmark|text|share via|[fx] share)$/i,
  // sections of a sidebar or footer with nothing of the article in them
  /^(?:categories|category|archives|archive|tags|tag cloud|our authors|authors|recent posts|recent comments|popular posts|trending(?: now)?|latest(?: news| posts| stories)?|most (?:popular|read|viewed)(?: articles| videos| stories)?|editor'?s picks|don'?t miss|in case you missed it|newsletter|contact us|about us|privacy policy|cookie policy|terms (?:of (?:use|service)|and conditions)|sitemap|all rights reserved\.?|customer service|customer center|advertise(?: with us)?|careers|jobs)$/i,
  // consent banners
  /^(?:accept(?: all)?(?: cookies)?|reject(?: all)?|decline|allow all|deny|agree|i agree|ok(?:ay)?|got it|manage (?:preferences|options|settings|cookies)|cookie settings|customi[sz]e(?: consent)?(?: preferences)?|consent preferences|save (?:preferences|my preferences|settings)|always active|necessary|functional|analytics|analytical|performance|advertisement|marketing|uncategori[sz]ed|strictly necessary(?: cookies)?)$/i,
  // reading time, in the languages of FUNCTION_WORDS: "4 min read", "Tempo de leitura: 1 minuto", "Lesezeit: 3 Minuten"
  /^(?:\d+\s*(?:min(?:ute)?s?|minutos?|minuten|minuti)\.?\s*(?:read|reading|de leitura|de lectura|lesezeit|di lettura|de lecture)|(?:reading time|read time|tempo de leitura|tiempo de lectura|lesezeit|temps de lecture|tempo di lettura|leestijd)\s*:?\s*(?:\d+|less than)\b.*)$/i,
  // pagination strips, archive calendars, lone numbers and symbols
  /^(?:\d+\s*[-–|·•/]\s*)+\d+$/,
  /^(?:page \d+ of \d+|\d+ of \d+)$/i,
  /^[MTWFS]{7}$|^(?:mo|tu|we|th|fr|sa|su)(?:\s*(?:mo|tu|we|th|fr|sa|su)){6}$/i,
  /^[\d\s]+$/,
  /^[«‹]\s*\p{L}{3}\.?(?:\s+\p{L}{3}\.?)?\s*[»›]?$/u,
  /^[\p{P}\p{S}\s]+$/u,
];

/** Sentences that belong to consent banners and footers (matched anywhere in the line). */
/** Consent-banner sentences: "cookie" near one of these words. */
const COOKIE_CONTEXT =
  /\b(?:consent|accept|agree|policy|browser|preferences|necessary|analytics|advertis|functionalit|third[- ]party|personali[sz]|experience|visitors?)/i;

const CHROME_PHRASES = [
  /^(?:©|\(c\)|copyright\b)/i,
  /\ball rights reserved\b/i,
  /\bby (?:continuing|using this (?:site|website))\b.{0,80}\b(?:agree|consent|accept)/i,
  /^(?:sign up|subscribe) (?:for|to) (?:our|the) (?:newsletter|daily|weekly)/i,
  /\b(?:javascript|ad ?blocker)\b.{0,60}\b(?:enable|disable|turn off|whitelist)/i,
  /\b(?:acceptance of our|may not be reproduced|community (?:rules|guidelines) apply|subscribe to our newsletter|stay up to date with|share your thoughts)\b/i,
  // promotions for the site itself
  /\b(?:if you enjoyed this (?:article|story|post)|join our (?:\w+ )?(?:forums?|community|newsletter)|sign up for our|get access to|members get|become a (?:member|subscriber|patron)|support (?:our|independent) journalism|follow us on|download (?:our|the) app|this document is subject to copyright|all rights reserved)\b/i,
];

/** Captions, credits and gallery controls, whatever the page. */
const MEDIA_LINES = [
  // a caption ends with its credit: "(AP Photo/Alan Diaz, File)", "(Getty Images)", "Photo: Hau Dinh, AP"
  /\((?:[^()]{0,80}\b(?:photos?|images?|getty|reuters|afp|ap|epa|credit|courtesy|illustration|pictured|file|shutterstock|nasa|esa)\b[^()]{0,80})\)\.?$/i,
  /(?:^|[.|–—-]\s*)(?:photos?|images?|pictures?|credits?)\s*(?:by\s+|:\s*)[\p{Lu}][^.]{0,60}$/iu,
  /^citation:\s/i,
  // "… Jaafar ASHTIYEH / AFP", "Natalie Naccache | Bloomberg | Getty Images", a caption's "… less" / "… more" toggle
  /[/|]\s*(?:afp|ap|reuters|getty images|epa|bloomberg|shutterstock|istock|associated press)(?:\s*(?:photo|via getty images))?\s*$/i,
  /(?:\s(?:less)|(?:\.\.\.|…)\s*more)$/i,
  // a credit glued to its caption: "…killed and ate a rabbitCredit: Getty"
  /[\p{Ll})]Credit:\s*\S[^.]{0,60}$/u,
  /^(?:photos?|images?|pictures?|credits?|captions?|illustrations?|videos?|graphics?|source|foto|bild)\s*(?:by|credit)?\s*:\s*\S/i,
  /^(?:image|photo|slide|picture)\s+\d+\s+(?:of|\/)\s*\d*/i,
  // "Image copyright Getty Images", "Image caption Scooter Braun …", "Media playback is unsupported"
  /^(?:image|photo|picture|video|media)\s+(?:copyright|caption|source|credit|playback)\b/i,
  /^(?:back to gallery|view gallery|open gallery|see gallery|enlarge this image|expand image|hide caption|toggle caption|caption|close gallery|play video|watch video|replay)$/i,
];

/** Lines after which the page stops being the article: what follows is other content. */
const END_MARKERS = [
  /^(?:related|related (?:posts?|articles?|stories|news|content|coverage|reading|topics)|more (?:from|on|in|like this|stories|news|articles)\b.*|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|recommended(?: for you| stories| articles| reading)?|read (?:next|also|this next)|also read|further reading|what to read next|previous (?:post|article|story)|next (?:post|article|story)|about the author|about (?:the|our) authors?|author bio|leave a (?:reply|comment)|comments?(?: \(\d+\))?|join the (?:discussion|conversation)|most popular(?: articles| videos| stories)?|trending(?: now| stories)?|latest (?:news|posts|stories|articles)|sponsored stories|popular (?:posts|stories)|to read the full (?:story|article)|subscribe to (?:continue|read)|more stories)\s*:?$/i,
  /^tags?\s*:/i,
  /^(?:filed under|posted in|categories)\s*:/i,
  // comment sections
  /^(?:view|show|load|read|see|hide|join)\s+(?:all\s+|the\s+)?(?:\d+\s+)?(?:comments?|responses|replies|discussion)\b/i,
  /^\d+\s+(?:responses?|comments?|replies|reactions)\b/i,
  /^[\p{L}\p{N}._-]{2,30}\s+says:$/u,
  /^(?:share this|share this (?:post|article|story|page)|share on)\s*:$/i,
  // what pages put after the article
  /^(?:read these next|recommended for you|popular now|top stories|around the web|from the web|sponsored links|promoted stories|most shared|latest videos|more news|other news|in other news|editors'? picks|you may have missed|related reading|related coverage|more coverage|keep reading)$/i,
  /^[Mm]ore\s+(?:from\s+|on\s+|at\s+)?\p{Lu}[\p{L}.&'’ -]{1,40}$/u,
  // "Most read in world news", "Most popular on Island Wire", "Top stories from the region"
  /^(?:most (?:read|popular|viewed|shared|watched|commented)|top stories|trending)\s+(?:in|on|at|from|this)\b.{1,40}$/i,
  /^(?:[Aa]bout|[Ss]obre|[Üü]ber|[ÀA] propos de|[Aa]cerca de|[Ii]nformazioni su|[Oo]ver)\s+(?:us|the authors?|\p{Lu}[\p{L}.&'’-]*(?:\s+\p{Lu}[\p{L}.&'’-]*){0,3})$/u,
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
  /^(?:(?:see also|read more|read also|also read|must read)\s*[:|–—-]?|(?:related|recommended|more|watch|listen|related articles?|related stor(?:y|ies))\s*[:|–—])\s*\S/i;

/**
 * One regular expression for a list of them: a line is tried once, not once
 * per pattern. Patterns that rely on letter case (\p{Lu}) keep their own flags.
 */
function union(patterns: readonly RegExp[]): RegExp[] {
  const caseless = patterns.filter((p) => p.flags.includes("i"));
  const cased = patterns.filter((p) => !p.flags.includes("i"));
  const out = cased.map((p) => new RegExp(p.source, "u"));
  if (caseless.length) out.push(new RegExp(caseless.map((p) => `(?:${p.source})`).join("|"), "iu"));
  return out;
}

const CHROME_LINE_RES = union(CHROME_LINES);
const CHROME_PHRASE_RES = union(CHROME_PHRASES);
const END_MARKER_RES = union(END_MARKERS);
const MEDIA_START_RES = union(MEDIA_LINES.filter((re) => re.source.startsWith("^")));
const MEDIA_END_RES = union(MEDIA_LINES.filter((re) => !re.source.startsWith("^")));
const CHATBOT_RES = union(CHATBOT_LINES);
/** First words of the chatbot patterns, to try them only where they can match. */
const CHATBOT_START = /^(?:sure|here|this|the|i|let|feel|as)\b|\bwords\b/i;

/** Furniture lines are short: the whole-line patterns are tried only on lines up to this length. */
const SHORT_LINE = 90;
/** A word every CHROME_PHRASES pattern requires (keep the two in step): the cheap test before the full patterns. */
const PHRASE_WORDS =
  /©|\(c\)|copyright|reserved|continuing|using this|sign up|subscribe|javascript|ad ?blocker|acceptance|reproduced|community|newsletter|stay up|your thoughts|enjoyed this|join our|access to|members get|become a|support|follow us|download/i;

/** Furniture sentences (copyright, newsletter, "by continuing…") are checked on lines up to this length. */
const PHRASE_LINE = 300;

const test = (res: readonly RegExp[], text: string): boolean => res.some((re) => re.test(text));

// Every check below takes a line as toLines() gives it: trimmed, inner whitespace collapsed.

export function isChrome(l: string): boolean {
  if (l === "") return false;
  if (l.length <= SHORT_LINE) {
    const bare = l.replace(/[\s:.,;!|>»›]+$/u, "");
    if (test(CHROME_LINE_RES, bare) || test(CHROME_LINE_RES, l)) return true;
  }
  if (l.length < 600 && /cookie/i.test(l) && COOKIE_CONTEXT.test(l)) return true;
  // furniture sentences are short: a paragraph is not checked for them
  return l.length <= PHRASE_LINE && PHRASE_WORDS.test(l) && test(CHROME_PHRASE_RES, l);
}

export function isEndMarker(full: string): boolean {
  if (full.length > SHORT_LINE) return false;
  const l = full.replace(/\s*(?:\.{3}|…|[:»›>])$/u, "");
  return test(END_MARKER_RES, l) || test(END_MARKER_RES, full);
}

export function isMediaLine(l: string): boolean {
  if (l.length > 600) return false;
  // every pattern is anchored at the start or the end: no need to scan a whole paragraph
  return test(MEDIA_START_RES, l.slice(0, 160)) || test(MEDIA_END_RES, l.length > 200 ? l.slice(-200) : l);
}

export function isTocMarker(l: string): boolean {
  return l.length <= SHORT_LINE && TOC_MARKERS.test(l);
}

export function isChatbotLine(l: string): boolean {
  return CHATBOT_START.test(l) && test(CHATBOT_RES, l);
}

/** Separators of a breadcrumb or a menu written on one line. */
const NAV_SEPARATOR = /\s+[|›>»·•/]\s+|\s*[›»]\s*/u;
const NAV_CHARS = /[|›>»·•/]/;
const GLUED_CRUMB = /^Home(?:\s+\p{Lu}[\p{L}&-]*){1,5}$/u;
/** Words per item of a breadcrumb or menu line, at most. */
const NAV_ITEM_WORDS = 3;

/**
 * A breadcrumb or a one-line menu, by its shape: three or more short items
 * between separators ("Home | World | Europe | Balkans"), "Home" and one more
 * item, or two items of one or two words ("Entries RSS | Comments RSS").
 */
export function isNavigationLine(l: string): boolean {
  if (l.length > SHORT_LINE || /[.!?]$/.test(l)) return false;
  // a breadcrumb copied without its separators: "Home Music Music News"
  if (GLUED_CRUMB.test(l)) return true;
  if (!NAV_CHARS.test(l)) return false;
  const items = l.split(NAV_SEPARATOR).filter((x) => x.trim() !== "");
  if (items.length < 2) return false;
  if (items.some((x) => x.trim().split(/\s+/).length > NAV_ITEM_WORDS)) return false;
  // two items: "Home › Sport", or two links ("Entries RSS | Comments RSS"), not "Headline | Site"
  return (
    items.length >= 3 || /^home$/i.test(items[0]?.trim() ?? "") || items.every((x) => x.trim().split(/\s+/).length <= 2)
  );
}

/** Words a share or follow bar is made of: the verbs, the networks, and the words between them. */
const SHARE_BAR_WORDS = new Set(
  "share shares sharing on via to with this the article story post page tweet post email e-mail mail copy link print save gift comment comments follow us facebook x twitter linkedin whatsapp telegram reddit pinterest messenger bluesky threads mastodon flipboard tumblr vk sms".split(
    " ",
  ),
);
const SHARE_NETWORKS =
  /\b(?:facebook|x|twitter|linkedin|whatsapp|telegram|reddit|pinterest|messenger|bluesky|threads|mastodon|flipboard|tumblr|email|e-mail)\b/i;

/** A bar of share or follow buttons in any order or wording ("Share on Facebook Share on X", "Email Print Copy link"). */
export function isShareBar(l: string): boolean {
  if (l.length > SHORT_LINE || !SHARE_NETWORKS.test(l)) return false;
  const words = l
    .toLowerCase()
    .split(/[^\p{L}\p{N}-]+/u)
    .filter(Boolean);
  return words.length >= 2 && words.every((w) => SHARE_BAR_WORDS.has(w));
}

/** Where a prompt sends the reader: a newsletter, an app, alerts, an account. */
const PROMPT_CHANNEL =
  /\b(?:inbox|newsletters?|(?:our|the) app|alerts|notifications|podcast|subscribers?|subscribed?|activation link|your e-?mail address|whatsapp channel|telegram channel)\b/i;
/** "Follow Newsbeat on Instagram, Facebook and YouTube.": an imperative that sends the reader to a network. */
const SOCIAL_PROMPT =
  /^(?:follow|like|join|find|connect with|subscribe to|watch)\b.{0,80}\b(?:instagram|facebook|twitter|youtube|tiktok|linkedin|threads|bluesky|whatsapp|telegram)\b/i;
/** How a prompt addresses the reader: second person, or an imperative that opens it. */
const PROMPT_ADDRESS =
  /\b(?:you|your|yours)\b|^(?:get|sign|subscribe|download|install|join|follow|never miss|stay|enable|turn on|register|try|unlock|read|listen)\b/i;

/**
 * A newsletter, app or subscription prompt, in any wording: a short line that
 * addresses the reader and names where it sends them ("Get the week's nature
 * stories in your inbox every Friday", "Download our app for breaking news").
 * Reported speech ("…, she said") is never one.
 */
export function isReaderPrompt(l: string): boolean {
  if (l.length <= 200 && SOCIAL_PROMPT.test(l)) return true;
  if (l.length > 200 || !PROMPT_CHANNEL.test(l) || !PROMPT_ADDRESS.test(l)) return false;
  return !/["“”]|\b(?:said|says|told)\b/i.test(l);
}

/** A chatbot talking about its own output: the text as an artefact, or an offer to change it. */
const META_ARTEFACT =
  /\b(?:version|rewrite|rewritten|draft|summary|summari[sz]ed|paraphrased?|tone|word count|shorter|longer|revise[ds]?|revisions?|adjust(?:ments?)?|tweaks?|edits?|format(?:ting)?|expand(?:ed)?|needs|requirements|article|text|piece)\b/i;
const META_OPENER =
  /^(?:certainly|sure|of course|absolutely|okay|ok|great|happy to help|below is|here is|here's|here are)\b/i;
const FIRST_PERSON = /\b(?:i|me|my|i'm|i'd|i'll|i've)\b/i;
/** What an assistant offers: to change the text, or that it suits ("let me know", "feel free", "I hope this…"). */
const META_OFFER =
  /\b(?:hope (?:this|that|it)|let me know|feel free|tell me|happy to|glad to|if you(?:'d| would)? (?:like|want|prefer|need))\b/i;
const SECOND_PERSON = /\b(?:you|your)\b/i;

/**
 * A chatbot's preamble or closing in any wording: a line that opens like a
 * reply ("Certainly! Below is a rewritten version…") and names the text as an
 * artefact, or that speaks as "I" to "you" about the text ("I hope this
 * version meets your needs!", "Feel free to tell me if you want it shorter").
 * Quotations and reported speech are never one.
 */
export function isChatbotRemark(l: string): boolean {
  if (l.length > 300 || !META_ARTEFACT.test(l) || /["“”«»]|\b(?:said|says|told|asked)\b/i.test(l)) return false;
  if (META_OPENER.test(l)) return true;
  const words = l.split(/\s+/).length;
  return words <= 30 && FIRST_PERSON.test(l) && SECOND_PERSON.test(l) && META_OFFER.test(l);
}

export function isTeaser(l: string): boolean {
  return l.length <= 300 && INLINE_TEASER.test(l);
}

/**
 * Function words of the languages news pages are most often written in
 * (English, German, French, Spanish, Portuguese, Italian, Dutch, the
 * Scandinavian languages, Polish, Czech, Russian, Ukrainian, Turkish,
 * Indonesian/Malay): running text is full of them, menus and lists of names
 * are not. Scripts written without spaces (Chinese, Japanese, Thai) are
 * measured by their punctuation instead (see lines.ts).
 */
const FUNCTION_WORDS: Record<string, string> = {
  en: "a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your may might must since though although however whether upon within without among across along around said says one two new many much even well still yet ago via per",
  de: "der die das den dem des ein eine einer einen einem eines und oder aber ist sind war waren wird werden wurde hat haben hatte mit von zu zum zur im in an am auf aus bei nach vor für über unter durch gegen ohne um als wie wenn dass daß nicht auch noch nur schon sich sie er es wir ihr ich sein seine ihre diese dieser dieses kann können muss soll mehr sehr bis so",
  fr: "le la les un une des du de et ou mais est sont était été a ont avait avec pour par sur dans en au aux ce cette ces qui que quoi dont où il elle ils elles nous vous je ne pas plus se sa son ses leur leurs comme mais si tout aussi très être avoir fait peut",
  es: "el la los las un una unos unas y o pero es son era fue ha han había con para por sobre en del al de que qui quien como más muy se su sus le les lo ya no sí este esta estos estas ese esa también cuando donde porque entre hasta sin desde",
  pt: "o a os as um uma uns umas e ou mas é são era foi tem têm com para por sobre em no na nos nas do da dos das de que quem como mais muito se seu sua seus suas lhe já não sim este esta isso esse essa também quando onde porque entre até sem desde você ao à",
  it: "il lo la i gli le un uno una e o ma è sono era fu ha hanno con per su in nel nella nei delle dei del della di da che chi come più molto si suo sua suoi non anche quando dove perché tra fra questo questa quello",
  nl: "de het een en of maar is zijn was waren wordt worden werd heeft hebben had met van voor op in aan bij naar uit over onder door tegen zonder om als dat niet ook nog maar zich ze hij zij wij ik die dit deze er te",
  nordic:
    "och att det som en ett är var för med på av till den de inte har om men jag han hon vi ni og er til på af med ikke har som men jeg han hun vi de",
  pl: "i w z na do nie się to że jest był była było są od po przez dla jak ale lub o co tak już tylko jego jej ich który która które oraz przy także",
  cs: "a v ve z na do se je to že jak ale nebo o od po pro při jsou byl byla bylo jeho její jejich který která které také jen už tak",
  ru: "и в во не на я что тот быть с со а весь как она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтобы без будто чего раз тоже себе под будет ж тогда кто этот это того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между",
  uk: "і й та в у на з із що як це не до від за про по але або він вона воно вони ми ви я його її їх був була було були є бути також який яка які для при після між",
  tr: "ve ile bir bu şu o da de ki mi için gibi daha çok en ama veya ya olarak olan oldu olduğu var yok ne her şey kadar sonra önce",
  id: "yang dan di ke dari untuk dengan pada adalah ini itu dalam tidak akan juga atau oleh karena sebagai tersebut bisa ada kita kami mereka dia saya anda sudah telah jika bahwa agar lebih seperti hanya namun tetapi",
};

/** Function words of all the languages above, lower case. */
export const STOP_WORDS: ReadonlySet<string> = new Set(Object.values(FUNCTION_WORDS).flatMap((l) => l.split(" ")));
