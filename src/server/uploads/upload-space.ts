import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomainError, unavailable } from '../../core/errors.ts';
import { ownerStopped } from '../../db/process-owner.ts';

export const DEFAULT_UPLOAD_TEMP_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_UPLOADS = 4;
export const defaultUploadDir = (): string => path.join(os.tmpdir(), 'udn-uploads');

export interface UploadSpaceOptions {
  /** Where upload directories are made (default os.tmpdir()/udn-uploads). */
  dir: string;
  /** Uploads received at the same time; more are answered 503 with Retry-After. */
  maxConcurrent: number;
  /** Temporary disk all uploads of this server may use together (received files are kept until imported). */
  limitBytes: number;
}

/** One upload's directory and its share of the temporary disk. */
export interface UploadSlot {
  dir: string;
  /** Counts `bytes` more written; throws when they would go over the limit. */
  add(bytes: number): void;
  /** The body is received: the slot stops counting as an upload being received. */
  received(): void;
  /** Deletes the directory and gives its bytes back. Idempotent. */
  release(): void;
}

const gib = (bytes: number) =>
  bytes >= 1024 * 1024 * 1024
    ? `${Math.round((bytes / (1024 * 1024 * 1024)) * 10) / 10} GiB`
    : `${Math.round(bytes / (1024 * 1024))} MiB`;

/** A directory name that says whose it is: `udn-upload-<pid>-<random>@<host>`. */
const NAME = /^udn-upload-(\d+)-[0-9a-f]+@(.+)$/;

/**
 * The temporary disk of uploads: each upload gets a directory under one parent, named for the
 * process that owns it (so one left by a killed server can be told from one in use), and the sum
 * of bytes kept there is capped, as is the number of uploads received at once.
 */
export class UploadSpace {
  private receiving = 0;
  private inUse = 0;

  constructor(readonly options: UploadSpaceOptions) {}

  get bytesInUse(): number {
    return this.inUse;
  }

  /** Reserves room for an upload of `declaredBytes` (its Content-Length, when sent). */
  open(declaredBytes: number | undefined): UploadSlot {
    const { maxConcurrent } = this.options;
    if (this.receiving >= maxConcurrent) {
      throw unavailable(`${maxConcurrent} uploads are being received: try again in a moment`, 5, {
        rule: 'uploads_at_once',
        entity: 'upload',
        limit: maxConcurrent,
      });
    }
    if (declaredBytes !== undefined) this.check(declaredBytes, 0);
    fs.mkdirSync(this.options.dir, { recursive: true });
    const dir = path.join(
      this.options.dir,
      `udn-upload-${process.pid}-${crypto.randomBytes(6).toString('hex')}@${os.hostname()}`,
    );
    fs.mkdirSync(dir);
    this.receiving++;
    let own = 0;
    let receiving = true;
    let released = false;
    const received = () => {
      if (receiving) this.receiving--;
      receiving = false;
    };
    return {
      dir,
      add: (bytes) => {
        this.check(own + bytes, own);
        own += bytes;
        this.inUse += bytes;
      },
      received,
      release: () => {
        if (released) return;
        released = true;
        received();
        this.inUse -= own;
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  /** Whether an upload holding `own` bytes may grow to `total`. */
  private check(total: number, own: number): void {
    const { limitBytes } = this.options;
    if (total > limitBytes) {
      throw new DomainError(
        'too_large',
        `the upload is larger than the temporary disk limit of ${gib(limitBytes)} for uploads: import it with "udn import DIR" instead`,
        { field: 'files', params: { rule: 'upload_space', limit_bytes: limitBytes } },
      );
    }
    if (this.inUse - own + total > limitBytes) {
      throw unavailable(
        `uploads being imported use the temporary disk limit of ${gib(limitBytes)}: try again when they have finished`,
        10,
        { rule: 'upload_space', entity: 'upload', limit_bytes: limitBytes },
      );
    }
  }
}

/**
 * Deletes upload directories left by processes of this host that stopped (kill -9, a crash); run
 * when the server starts, so its own pid in a name is a reused one. Returns the names removed.
 */
export function removeOrphanUploads(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = NAME.exec(name);
    if (!match || !ownerStopped({ host: match[2]!, pid: Number(match[1]) }, true)) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
