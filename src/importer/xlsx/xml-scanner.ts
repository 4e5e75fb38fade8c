/**
 * A small streaming XML tokenizer for the parts of a workbook UDN reads (sheet data, shared
 * strings). exceljs's own sheet parser builds a Row and Cell object per cell, decodes each zip chunk
 * without carrying a UTF-8 character split between chunks, keeps only the last run of an inline rich
 * string and ignores merged ranges; this scanner hands over tags and text as they come, so the
 * sheet reader can do all of that right at a fraction of the cost.
 */

export interface XmlHandler {
  /** `tag` is the raw text between `<` and `>`, for `attribute()`; `name` has no namespace prefix. */
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Text between tags, entities decoded (CDATA as is). */
  text(text: string): void;
}

/** A tag or text longer than this is not SpreadsheetML: refusing it bounds memory. */
const MAX_PENDING_CHARS = 64 << 20;

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;

function decodeEntity(_match: string, body: string): string {
  switch (body) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
  return code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

export function decodeXmlText(text: string): string {
  return text.indexOf('&') === -1 ? text : text.replace(ENTITY, decodeEntity);
}

/** An attribute's value in a raw tag (`r="A2" s="3"`), decoded, or undefined. */
export function attribute(tag: string, name: string): string | undefined {
  let from = 0;
  while (true) {
    const at = tag.indexOf(name, from);
    if (at === -1) return undefined;
    from = at + name.length;
    const before = tag.charCodeAt(at - 1);
    // The name must stand alone: ` r=` and not `ref=` when looking for `r`.
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let eq = from;
    while (tag.charCodeAt(eq) === 32) eq++;
    if (tag[eq] !== '=') continue;
    let quote = eq + 1;
    while (tag.charCodeAt(quote) === 32) quote++;
    const mark = tag[quote];
    if (mark !== '"' && mark !== "'") return undefined;
    const end = tag.indexOf(mark, quote + 1);
    if (end === -1) return undefined;
    return decodeXmlText(tag.slice(quote + 1, end));
  }
}

/** The end of a tag that starts at `lt`: the first `>` outside a quoted attribute value, or -1. */
function tagEnd(buffer: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 62 /* > */) return i;
    else if (c === 34 || c === 39) quote = c;
  }
  return -1;
}

function localName(tag: string, from: number): string {
  let end = from;
  while (end < tag.length) {
    const c = tag.charCodeAt(end);
    if (c === 32 || c === 47 || c === 62 || c === 9 || c === 10 || c === 13) break;
    end++;
  }
  const name = tag.slice(from, end);
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

export class XmlScanner {
  private pending = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly handler: XmlHandler) {}

  /** Feeds bytes; a UTF-8 character split between two chunks is carried over. */
  write(chunk: Uint8Array): void {
    this.scan(this.decoder.decode(chunk, { stream: true }));
  }

  /** Whether the document ended inside a tag (a cut or corrupt part). */
  end(): boolean {
    this.scan(this.decoder.decode());
    return this.pending.trim() !== '';
  }

  private scan(text: string): void {
    const buffer = this.pending === '' ? text : this.pending + text;
    const h = this.handler;
    let i = 0;
    while (i < buffer.length) {
      const lt = buffer.indexOf('<', i);
      if (lt === -1) break;
      if (lt > i) h.text(decodeXmlText(buffer.slice(i, lt)));
      i = lt;
      const next = buffer.charCodeAt(lt + 1);
      if (next === 33 /* ! */) {
        if (buffer.startsWith('<![CDATA[', lt)) {
          const end = buffer.indexOf(']]>', lt + 9);
          if (end === -1) break;
          h.text(buffer.slice(lt + 9, end));
          i = end + 3;
          continue;
        }
        const comment = buffer.startsWith('<!--', lt);
        if (!comment && buffer.length - lt < 4) break;
        const end = comment ? buffer.indexOf('-->', lt + 4) : buffer.indexOf('>', lt);
        if (end === -1) break;
        i = end + (comment ? 3 : 1);
        continue;
      }
      const gt = tagEnd(buffer, lt);
      if (gt === -1) break;
      i = gt + 1;
      if (next === 63 /* ? */) continue;
      if (next === 47 /* / */) {
        h.close(localName(buffer, lt + 2));
        continue;
      }
      const tag = buffer.slice(lt + 1, gt);
      const selfClosing = tag.charCodeAt(tag.length - 1) === 47;
      const name = localName(tag, 0);
      h.open(name, tag, selfClosing);
      if (selfClosing) h.close(name);
    }
    this.pending = buffer.slice(i);
    if (this.pending.length > MAX_PENDING_CHARS) throw new Error('the workbook part is not valid XML');
  }
}
