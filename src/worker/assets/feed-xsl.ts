/**
 * The XSL stylesheet every RSS and Atom feed points at (xml-stylesheet), so
 * that a person who opens a feed URL in a browser sees a page that explains
 * what a feed is and how to subscribe, with the latest items; feed readers
 * ignore it. XSLT 1.0, for RSS 2.0 and Atom 1.0 alike.
 */
export const FEED_XSL = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  exclude-result-prefixes="atom dc">
<xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>
<xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
<xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
<xsl:template match="/">
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="$title"/> (web feed)</title>
<link rel="stylesheet" href="/style.css"/>
</head>
<body>
<header>
<p class="meta"><a href="/">Home</a></p>
<h1><xsl:value-of select="$title"/></h1>
<div class="note">
<p><strong>This is a web feed.</strong> Feed readers such as NetNewsWire, Feedly, Miniflux, Thunderbird or newsboat
check it for new articles, so you do not have to visit the site. To subscribe, copy this address into your reader:</p>
<p><code><xsl:value-of select="$self"/></code></p>
<p>New to feeds? <a href="https://aboutfeeds.com/">About Feeds</a> explains how to start.</p>
</div>
</header>
<main>
<h2>Latest articles</h2>
<ul class="articles">
<xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
</ul>
</main>
<footer>The same feed in other formats and per topic: <a href="/topics.opml">all feeds (OPML)</a>.</footer>
</body>
</html>
</xsl:template>
<xsl:template match="item">
<li><a href="{link}"><xsl:value-of select="title"/></a>
<p class="meta"><xsl:value-of select="substring(pubDate, 6, 11)"/><xsl:if test="dc:creator"> · <xsl:value-of select="dc:creator"/></xsl:if></p>
<p><xsl:value-of select="description" disable-output-escaping="no"/></p></li>
</xsl:template>
<xsl:template match="atom:entry">
<li><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
<p class="meta"><xsl:value-of select="substring(atom:published, 1, 10)"/><xsl:if test="atom:author"> · <xsl:value-of select="atom:author/atom:name"/></xsl:if></p>
<p><xsl:value-of select="atom:summary"/></p></li>
</xsl:template>
</xsl:stylesheet>
`;
