import { ensureDist } from '../test/support/ensure-dist.ts';
import { buildWeb } from './support/server.ts';

/** The web app and dist/ are built once for all specs; each spec then starts its own server. */
export default function setup(): void {
  buildWeb();
  ensureDist();
}
