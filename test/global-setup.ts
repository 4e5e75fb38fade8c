import { ensureDist } from './support/ensure-dist.ts';

/** Before the unit and store tests: several spawn the CLI (test/support/run-udn.ts). */
export default function setup(): void {
  ensureDist();
}
