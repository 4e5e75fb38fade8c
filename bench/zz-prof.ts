import { openStore } from '../src/db/database.ts';
import { benchApi } from './api-load.ts';
const store = await openStore('bench/.data/bench-1m.sqlite');
const r = await benchApi(store, { durationSeconds: 8, cases: [{ name: 'series', path: '/api/v1/series?metric=revenue&grain=month&period=2026' }] });
console.log(r[0]!.p95Ms, r[0]!.requestsPerSecond);
await store.close();
