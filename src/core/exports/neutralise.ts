/**
 * Formula injection (CSV injection): a spreadsheet runs a cell that starts with `=`, `+`, `-` or
 * `@` as a formula — and some read a leading tab or carriage return past to the next character. A
 * deal or rep name is data someone else typed, so every text cell starting with one of these gets
 * a leading apostrophe: Excel and LibreOffice show it as text, and the reader still sees the value.
 * Numbers are never text, so -5 stays the number -5.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

export const isFormulaLike = (text: string): boolean => text.length > 0 && TRIGGERS.has(text[0] as string);

export const neutraliseText = (text: string): string => (isFormulaLike(text) ? `'${text}` : text);
