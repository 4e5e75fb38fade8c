/**
 * "The preview of the first 100 rows of a 1 GB file shows in ≤ 1 s" (issue 13): a 1 GB HubSpot-like
 * deals export is generated once (cached in bench/.data/preview), its first 1 MiB is POSTed as a
 * `partial` head to /api/v1/imports/preview of a real `udn serve`, as the Data page sends it, and the
 * answer's time is measured from the first byte sent to the last byte received.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FilePreview } from '../src/core/contracts/mapping.ts';
import { openStore } from '../src/db/database.ts';
import { benchOwnerHeaders } from './bench-people.ts';
import { startServer } from './upload-load.ts';

const GIB = 1024 ** 3;
const HEAD_BYTES = 1024 * 1024;
const EXPORT_NAME = 'hubspot-crm-exports-all-deals-2026-12-01.csv';

export interface PreviewBenchResult {
  fileBytes: number;
  headBytes: number;
  calls: number;
  rows: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** The first call, on a server that has not previewed anything yet. */
  firstMs: number;
}

const HEADER =
  'Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date,Pipeline,Deal Type,Last Activity Date,Forecast category,Associated Company IDs,Associated Company,Associated Contact IDs,Associated Contact\n';
const OWNERS = [
  'Siti Rahayu',
  'Bảo Trần',
  'Zoë Müller',
  'Chloé Dubois',
  'Budi Santoso',
  'Ana Lima',
  'Kenji Sato',
];
const COMPANIES = [
  'Żabka Logística',
  'Crème Brûlée SARL',
  'Straße Software GmbH',
  'Nusantara Foods',
  'Kopi Kita',
];
const STAGES = [
  'Appointment Scheduled',
  'Qualified To Buy',
  'Presentation Scheduled',
  'Closed Won',
  'Closed Lost',
];

/** One block of rows, ids holding `{B}` for the block's number so every row of the file has its own id. */
function rowBlock(rows: number): string {
  const out: string[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let i = 0; i < rows; i++) {
    const created = new Date(Date.UTC(2026, i % 11, 1 + (i % 27), 8 + (i % 9), (i * 7) % 60));
    const closed = new Date(created.getTime() + (5 + (i % 40)) * 86_400_000);
    const at = (d: Date) =>
      `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const stage = STAGES[i % STAGES.length]!;
    const company = COMPANIES[i % COMPANIES.length]!;
    const owner = OWNERS[i % OWNERS.length]!;
    const amount = 500 + ((i * 7919) % 48_000);
    out.push(
      [
        `2193{B}${String(i).padStart(6, '0')}`,
        `"${company} – Deal ${i}"`,
        stage,
        at(closed),
        owner,
        amount,
        at(created),
        'Sales Pipeline',
        i % 3 === 0 ? 'newbusiness' : 'existingbusiness',
        at(created),
        stage === 'Closed Won' ? 'Closed won' : stage === 'Closed Lost' ? 'Closed lost' : 'Pipeline',
        `1824{B}${String(i % 5000).padStart(5, '0')}`,
        `"${company}"`,
        `5100${String(i % 9000).padStart(4, '0')};5100${String((i + 1) % 9000).padStart(4, '0')}`,
        '"Agnès Lefèvre;Søren Çelik"',
      ].join(','),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The 1 GB export, made once: a block of 10,000 rows written again and again with new ids. */
export function ensurePreviewExport(dir: string, bytes = GIB): string {
  const file = path.join(dir, EXPORT_NAME);
  if (fs.existsSync(file) && fs.statSync(file).size >= bytes) return file;
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.part`;
  const fd = fs.openSync(partial, 'w');
  try {
    fs.writeSync(fd, HEADER);
    let written = Buffer.byteLength(HEADER);
    const block = rowBlock(10_000);
    for (let n = 0; written < bytes; n++) {
      const chunk = Buffer.from(block.replaceAll('{B}', String(n).padStart(5, '0')));
      fs.writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  return file;
}

function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(bytes);
    const read = fs.readSync(fd, head, 0, bytes, 0);
    return head.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function benchPreview(options: {
  /** Where the 1 GB export is cached. */
  dataDir: string;
  /** A fresh SQLite file or PostgreSQL database for the server. */
  target: string;
  calls?: number;
}): Promise<PreviewBenchResult> {
  const file = ensurePreviewExport(options.dataDir);
  const head = readHead(file, HEAD_BYTES);
  const store = await openStore(options.target);
  const credentials = await benchOwnerHeaders(store);
  await store.close();
  const { child, url } = await startServer(options.target, path.join(options.dataDir, 'uploads'));
  try {
    const preview = async (): Promise<{ ms: number; rows: number }> => {
      const form = new FormData();
      form.append('partial', 'true');
      form.append('files', new Blob([new Uint8Array(head)]), EXPORT_NAME);
      const started = performance.now();
      const response = await fetch(`${url}/api/v1/imports/preview`, {
        method: 'POST',
        headers: credentials,
        body: form,
      });
      const text = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`preview: ${response.status} ${text.slice(0, 500)}`);
      const answer = JSON.parse(text) as { files: FilePreview[] };
      const first = answer.files[0];
      if (first?.recognition.kind !== 'preset')
        throw new Error(`preview: the export was not recognised (${JSON.stringify(first?.recognition)})`);
      return { ms, rows: first.rows.length };
    };
    const first = await preview();
    const samples: number[] = [];
    let rows = 0;
    for (let i = 0; i < (options.calls ?? 10); i++) {
      const call = await preview();
      samples.push(call.ms);
      rows = call.rows;
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      fileBytes: fs.statSync(file).size,
      headBytes: head.length,
      calls: samples.length,
      rows,
      medianMs: at(sorted, 0.5),
      p95Ms: at(sorted, 0.95),
      maxMs: sorted.at(-1)!,
      firstMs: first.ms,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
