/**
 * Text someone typed or imported — a rep, team, account, goal, target, task, folder or dashboard
 * name — shown next to other text. A name is isolated for the bidi algorithm, so a right-to-left
 * override in it ("\u202Egnp.exe") or simply Arabic or Hebrew letters reorder only the name itself,
 * never the figure, date or label beside it.
 */
export function NameText({ children }: { children: string | null | undefined }) {
  return <bdi>{children}</bdi>;
}

// Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, …, their presentation forms, and the
// astral RTL blocks) and the bidi format characters: text without any of them cannot reorder its
// neighbours.
const BIDI_ACTIVE =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/**
 * A name for a place that takes a string, not an element (a select option, a chart label, a
 * composed subtitle): wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, the text form of
 * `<bdi>`, when it holds anything that could reorder; left as is otherwise, so the text people
 * search and copy is unchanged.
 */
export function isolated(name: string): string {
  return BIDI_ACTIVE.test(name) ? `\u2068${name}\u2069` : name;
}
