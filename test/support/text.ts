// What a person reads on a page: the HTML without scripts, styles and tags, its entities decoded,
// no-break spaces and runs of whitespace as one plain space. One helper for every test that reads
// a page's words or figures (sixteen tests had a copy of their own).
const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&#34;': '"',
  '&#39;': "'",
  '&#171;': '«',
  '&#187;': '»',
  '&lt;': '<',
  '&gt;': '>',
  '&nbsp;': ' ',
  '&shy;': '',
};

export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<wbr>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(?:quot|#34|#39|#171|#187|lt|gt|nbsp|shy);/g, (e) => ENTITIES[e]!)
    .replace(/&amp;/g, '&')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ');
}
