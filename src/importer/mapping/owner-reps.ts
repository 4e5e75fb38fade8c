import type { FieldRule, Mapping } from '../../core/contracts/mapping.ts';
import type { KnownLists } from '../file-specs.ts';
import { MAX_ID } from '../file-specs.ts';
import { quoteCell } from '../quote-cell.ts';

/** A rep created from an owner cell: written before any row that refers to it. */
export interface OwnerRep {
  id: string;
  name: string;
  email: string | null;
  /** The source line of the first row naming this owner. */
  line: number;
}

export type OwnerResult = { ok: true; id: string } | { ok: false; reason: string };

const AMBIGUOUS = '\u0000ambiguous';
/** Owner texts whose answer is remembered; past this, the rest are looked up each time. */
const MAX_REMEMBERED_OWNERS = 100_000;
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID - 4) || 'rep';

/**
 * Finds the rep an owner cell names (by id, name or email: `FieldRule.rep`), among the stored
 * reps and this import's, and creates one per distinct unmatched owner when the mapping lets it
 * (`createReps`). Created reps are kept in `pending` until the importer takes them with the batch
 * that first refers to them; the parsing thread cannot write, the importer writes them first.
 */
export class OwnerDirectory {
  private readonly ids: Set<string>;
  private readonly byName = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly created = new Set<string>();
  pending: OwnerRep[] = [];
  /** Answers by owner text as written: an export names a few dozen owners a million times. */
  private readonly answers = new Map<string, OwnerResult>();
  readonly mayCreate: boolean;

  constructor(known: KnownLists, createReps: Mapping['createReps']) {
    this.ids = new Set(known.repIds);
    known.repIds.forEach((id, i) => {
      const name = known.repNames?.[i];
      if (name) {
        const key = name.trim().toLowerCase();
        const earlier = this.byName.get(key);
        this.byName.set(key, earlier !== undefined && earlier !== id ? AMBIGUOUS : id);
      }
      const email = known.repEmails?.[i];
      if (email) this.byEmail.set(email.trim().toLowerCase(), id);
    });
    const hadReps = known.repIds.length > (known.ownerRepCount ?? 0);
    this.mayCreate = createReps === 'always' || (createReps === 'when-none' && !hadReps);
  }

  /** Whether a rep id was created from an owner by this directory (the file's reads accept it). */
  has(id: string): boolean {
    return this.created.has(id);
  }

  resolve(owner: string, mode: NonNullable<FieldRule['rep']>, line: number): OwnerResult {
    if (mode === 'id') return { ok: true, id: owner };
    const known = this.answers.get(owner);
    if (known !== undefined) return known;
    const answer = this.find(owner, mode, line);
    if (this.answers.size < MAX_REMEMBERED_OWNERS) this.answers.set(owner, answer);
    return answer;
  }

  private find(owner: string, mode: NonNullable<FieldRule['rep']>, line: number): OwnerResult {
    const key = owner.toLowerCase();
    const isEmail = EMAIL_RE.test(owner);
    let id: string | undefined;
    if (mode === 'email' || (mode === 'name-or-email' && isEmail)) id = this.byEmail.get(key);
    if (id === undefined && (mode === 'name' || mode === 'name-or-email')) id = this.byName.get(key);
    if (id === AMBIGUOUS)
      return {
        ok: false,
        reason: `owner ${quoteCell(owner)} matches more than one rep by name: map owners by email or id`,
      };
    if (id !== undefined) return { ok: true, id };
    if (!this.mayCreate) {
      const by = mode === 'name' ? 'by name' : mode === 'email' ? 'by email' : 'by name or email';
      return { ok: false, reason: `owner ${quoteCell(owner)} matches no rep (${by})` };
    }
    return { ok: true, id: this.create(owner, isEmail, line) };
  }

  private create(owner: string, isEmail: boolean, line: number): string {
    const base = isEmail ? owner.toLowerCase().slice(0, MAX_ID - 4) : slugOf(owner);
    let id = base;
    for (let n = 2; this.ids.has(id) || this.created.has(id); n++) id = `${base}-${n}`;
    this.created.add(id);
    const key = owner.toLowerCase();
    if (isEmail) this.byEmail.set(key, id);
    else this.byName.set(key, id);
    this.pending.push({ id, name: owner, email: isEmail ? key : null, line });
    return id;
  }

  /** The reps created since the last call. */
  take(): OwnerRep[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
