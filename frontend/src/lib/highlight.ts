// Search highlights. The API sends `highlight.title/description` as
// HTML-escaped text in which only <mark> and </mark> are markup. We do not
// trust that: the text between the marks is decoded and escaped again, and
// every other tag stays visible text. The result is safe for v-html.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/** Decodes the character references an escaper produces (&amp; &lt; &#39; &#x27; …). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED[ref.toLowerCase()] ?? whole
  })
}

/** Escapes text for HTML content and attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** A piece of highlighted text: plain, or inside <mark>. */
export interface HighlightSegment {
  text: string
  mark: boolean
}

/** Splits highlighted text at exact <mark> / </mark> tags into plain-text segments. */
export function highlightSegments(html: string): HighlightSegment[] {
  const out: HighlightSegment[] = []
  let mark = false
  for (const piece of html.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>') mark = true
    else if (piece === '</mark>') mark = false
    else if (piece) {
      const text = decodeEntities(piece)
      const last = out[out.length - 1]
      if (last && last.mark === mark) last.text += text
      else out.push({ text, mark })
    }
  }
  return out
}

/** Safe HTML for v-html: escaped text with nothing but balanced <mark> elements. */
export function sanitizeHighlight(html: string | null | undefined): string {
  if (!html) return ''
  return highlightSegments(html)
    .map((s) => (s.mark ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text)))
    .join('')
}
