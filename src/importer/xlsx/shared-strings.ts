import { hasControl, unescapeExcelText } from './cell-text.ts';
import type { XmlHandler } from './xml-scanner.ts';

/**
 * Collects a workbook's shared strings (xl/sharedStrings.xml) as plain texts: the runs of a rich
 * text joined, phonetic guides (`<rPh>`) left out, Excel's `_x000D_` escapes undone.
 */
export class SharedStrings implements XmlHandler {
  readonly texts: string[] = [];
  /** Per string, whether it holds a control character or a line break. */
  readonly suspect: boolean[] = [];
  private current: string | null = null;
  private capturing = false;
  private inPhonetic = false;

  open(name: string, _tag: string, selfClosing: boolean): void {
    if (name === 'si') this.current = '';
    else if (name === 'rPh') this.inPhonetic = !selfClosing;
    else if (name === 't' && this.current !== null && !this.inPhonetic && !selfClosing) this.capturing = true;
  }

  text(text: string): void {
    if (this.capturing) this.current += text;
  }

  close(name: string): void {
    if (name === 't') this.capturing = false;
    else if (name === 'rPh') this.inPhonetic = false;
    else if (name === 'si' && this.current !== null) {
      const text = unescapeExcelText(this.current);
      this.texts.push(text);
      this.suspect.push(hasControl(text));
      this.current = null;
    }
  }
}
