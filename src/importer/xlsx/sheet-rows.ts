import type { CsvRecord, CsvSyntaxError } from '../csv-records.ts';
import {
  columnIndex,
  columnLetters,
  hasControl,
  isoDateText,
  numberText,
  serialDateText,
  sheetRef,
  storedNumber,
  unescapeExcelText,
} from './cell-text.ts';
import { attribute, type XmlHandler } from './xml-scanner.ts';

/** What a sheet's cells refer to elsewhere in the workbook. */
export interface SheetContext {
  name: string;
  sharedStrings: readonly string[];
  /** Per shared string, whether it holds a control character or a line break. */
  sharedSuspect: readonly boolean[];
  /** Whether the cell style with this index shows a date. */
  isDateStyle(style: number): boolean;
  date1904: boolean;
  /** Use a formula's saved result instead of refusing the cell. */
  formulaResults: boolean;
}

/** Excel's last column (XFD): a reference past it is not a workbook's. */
const MAX_COLUMNS = 16_384;
const MAX_FORMULA_SHOWN = 60;

type Capture = 0 | 1 | 2 | 3; // none, <v>, <t> of an inline string, <f>

/**
 * Turns a worksheet's XML, as the scanner tokenizes it, into records like a CSV file's: the row
 * number is the line, trailing empty cells beyond the first row's width are dropped and shorter rows
 * padded to it, empty rows are skipped. A cell UDN must not read (a formula, an error value) is
 * reported naming the cell and its row is left out, as a broken CSV record is; the first row (the
 * header) is kept with the cell empty so the columns still line up. Merged ranges are reported when
 * the sheet lists them, which is after its rows.
 */
export class SheetRows implements XmlHandler {
  records: CsvRecord[] = [];
  /** The sheet's data has ended (merged ranges may follow). */
  dataEnded = false;
  private width = -1;
  private inData = false;
  private rowNumber = 0;
  private cells: string[] = [];
  private last = -1;
  private suspect = false;
  private bad = false;
  private nextColumn = 0;
  // The cell being read.
  private column = -1;
  private type: string | undefined;
  private style = 0;
  private value = '';
  private hasValue = false;
  private formula: string | null = null;
  private capture: Capture = 0;
  private inPhonetic = false;

  constructor(
    private readonly context: SheetContext,
    private readonly onError: (error: CsvSyntaxError) => void,
  ) {}

  open(name: string, tag: string, selfClosing: boolean): void {
    switch (name) {
      case 'c': {
        if (!this.inData) return;
        const ref = attribute(tag, 'r');
        const column = ref === undefined ? this.nextColumn : columnIndex(ref);
        this.column = column;
        this.nextColumn = column + 1;
        this.type = attribute(tag, 't');
        const style = attribute(tag, 's');
        this.style = style === undefined ? 0 : Number(style);
        this.value = '';
        this.hasValue = false;
        this.formula = null;
        return;
      }
      case 'v':
        if (this.column >= 0 && !selfClosing) {
          this.capture = 1;
          this.hasValue = true;
        }
        return;
      case 't':
        if (this.column >= 0 && !this.inPhonetic && !selfClosing) this.capture = 2;
        return;
      case 'is':
        if (this.column >= 0) this.hasValue = true;
        return;
      case 'rPh':
        this.inPhonetic = true;
        return;
      case 'f':
        if (this.column >= 0) {
          this.formula = '';
          if (!selfClosing) this.capture = 3;
        }
        return;
      case 'row': {
        if (!this.inData) return;
        const r = attribute(tag, 'r');
        this.rowNumber = r === undefined ? this.rowNumber + 1 : Number(r);
        this.cells = [];
        this.last = -1;
        this.suspect = false;
        this.bad = false;
        this.nextColumn = 0;
        return;
      }
      case 'sheetData':
        this.inData = !selfClosing;
        if (selfClosing) this.dataEnded = true;
        return;
      case 'mergeCell': {
        const ref = attribute(tag, 'ref') ?? '';
        const [from = ''] = ref.split(':');
        this.onError({
          line: Number(from.replace(/^[A-Za-z]+/, '')) || 1,
          field: Math.max(0, columnIndex(from)),
          message: `${sheetRef(this.context.name)}!${ref} is a merged range: unmerge it and fill in every cell`,
        });
        return;
      }
    }
  }

  text(text: string): void {
    if (this.capture === 0) return;
    if (this.capture === 3) this.formula += text;
    else this.value += text;
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
      case 'f':
        this.capture = 0;
        return;
      case 'rPh':
        this.inPhonetic = false;
        return;
      case 'c':
        if (this.column >= 0) this.endCell();
        this.column = -1;
        return;
      case 'row':
        if (this.inData) this.endRow();
        return;
      case 'sheetData':
        this.inData = false;
        this.dataEnded = true;
        return;
    }
  }

  private cellName(): string {
    return `${sheetRef(this.context.name)}!${columnLetters(this.column)}${this.rowNumber}`;
  }

  private refuse(message: string): void {
    this.onError({ line: this.rowNumber, field: this.column, message: `${this.cellName()} ${message}` });
    this.bad = true;
  }

  private endCell(): void {
    const column = this.column;
    if (column >= MAX_COLUMNS || column < 0) {
      this.refuse('is past the last column a workbook can have');
      return;
    }
    if (this.formula !== null && !this.context.formulaResults) {
      const shown =
        this.formula.length > MAX_FORMULA_SHOWN
          ? `${this.formula.slice(0, MAX_FORMULA_SHOWN)}…`
          : this.formula;
      this.refuse(`holds a formula${shown === '' ? '' : ` (=${shown})`}: paste the values instead`);
      return;
    }
    if (!this.hasValue) {
      if (this.formula !== null)
        this.refuse('holds a formula with no saved result: paste the values instead');
      return;
    }
    let text: string;
    const raw = this.value;
    switch (this.type) {
      case 's': {
        const index = Number(raw);
        const shared = this.context.sharedStrings[index];
        if (shared === undefined) {
          this.refuse(`refers to shared string ${raw.trim()}, which the workbook does not have`);
          return;
        }
        text = shared;
        if (this.context.sharedSuspect[index]) this.suspect = true;
        break;
      }
      case 'inlineStr':
      case 'str':
        text = unescapeExcelText(raw);
        if (hasControl(text)) this.suspect = true;
        break;
      case 'b':
        text = raw.trim() === '0' ? 'false' : 'true';
        break;
      case 'e':
        this.refuse(`holds an error value (${raw.trim()}): correct it in the workbook or clear the cell`);
        return;
      case 'd':
        text = isoDateText(raw);
        break;
      default: {
        if (this.context.isDateStyle(this.style)) {
          const value = storedNumber(raw);
          if (value !== undefined) {
            text = serialDateText(value, this.context.date1904);
            break;
          }
        } else {
          const number = numberText(raw);
          if (number !== undefined) {
            text = number;
            break;
          }
        }
        if (raw.trim() === '') return;
        this.refuse(`holds "${raw.trim().slice(0, 40)}", which is not a number`);
        return;
      }
    }
    if (text === '') return;
    this.cells[column] = text;
    if (column > this.last) this.last = column;
  }

  private endRow(): void {
    const header = this.width < 0;
    if (this.bad && !header) return;
    if (this.last < 0) return;
    if (header) this.width = this.last + 1;
    const length = Math.max(this.width, this.last + 1);
    const cells: string[] = new Array(length);
    for (let i = 0; i < length; i++) cells[i] = this.cells[i] ?? '';
    this.records.push({ line: this.rowNumber, cells, suspect: this.suspect });
  }

  take(): CsvRecord[] {
    const records = this.records;
    this.records = [];
    return records;
  }
}
