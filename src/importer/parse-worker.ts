import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { type ParseJob, parseFile, transferablesOf } from './file-parser.ts';
import { BATCHES_IN_FLIGHT, type ToImport, type ToParseThread } from './parse-thread.ts';

/** The parsing thread: reads the files it is sent, one at a time, and posts their batches. */
const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread');

let credits = BATCHES_IN_FLIGHT;
let wake: (() => void) | undefined;
const post = (message: ToImport, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function parse(path: string, job: ParseJob): Promise<void> {
  try {
    const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
    const end = await parseFile(input, job, async (batch) => {
      // The importer acknowledges each batch it has written: at most a few wait in memory.
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      post({ type: 'batch', batch }, transferablesOf(batch.rows));
    });
    post({ type: 'end', end });
  } catch (error) {
    post({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}

port.on('message', (message: ToParseThread) => {
  if (message.type === 'ack') {
    credits++;
    const w = wake;
    wake = undefined;
    w?.();
  } else void parse(message.path, message.job);
});
