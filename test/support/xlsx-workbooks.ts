import ExcelJS from 'exceljs';

export type SheetCell = ExcelJS.CellValue;

/** Writes a workbook with these sheets (rows from row 1) in one go, as Excel-made files are laid out. */
export async function writeWorkbook(
  file: string,
  sheets: Record<string, SheetCell[][]>,
  edit?: (workbook: ExcelJS.Workbook) => void,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  edit?.(workbook);
  await workbook.xlsx.writeFile(file);
}

/** Streams a large one-sheet workbook to disk with exceljs's WorkbookWriter (bounded memory). */
export async function writeWorkbookStream(
  file: string,
  sheet: string,
  header: string[],
  rows: number,
  row: (i: number) => SheetCell[],
  options: { dateColumns?: number[] } = {},
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  const worksheet = workbook.addWorksheet(sheet);
  worksheet.columns = header.map((name, i) => ({
    header: name,
    key: name,
    ...(options.dateColumns?.includes(i) ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
  }));
  for (let i = 0; i < rows; i++) worksheet.addRow(row(i)).commit();
  worksheet.commit();
  await workbook.commit();
}
