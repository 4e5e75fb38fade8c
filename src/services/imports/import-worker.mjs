// A worker thread starts without its parent's TypeScript loader: register it, as bin/udn.js does.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
