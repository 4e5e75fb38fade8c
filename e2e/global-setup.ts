import { buildWeb } from './support/server.ts';

/** The web app is built once for all specs; each spec then starts its own server. */
export default function setup(): void {
  buildWeb();
}
