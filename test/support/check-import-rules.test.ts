import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImportDir } from './check-import-rules.ts';

let dir: string;

const FILES: Record<string, string> = {
  'org.json': '{ "timezone": "Asia/Jakarta", "currency": "IDR" }',
  'reps.csv': [
    'id,name,email,team,started_on,ended_on',
    'R1,Ana,,Jakarta,2025-01-10,2025-01-01',
    'R1,Dup,,,,',
  ].join('\n'),
  'accounts.csv': [
    'id,name,owner_rep_id,acquired_at,churned_at',
    'A1,"Kopi, Tbk",R1,2025-02-01,2025-01-01',
    'A2,Prospect,R9,,2025-03-01T10:00:00+07:00',
    'A3,Customer,,,2025-05-01 07:30',
    'A4,"Multi',
    'line",R7,,2025-04-30T08:00:00+07:00',
  ].join('\r\n'),
  'leads.csv': 'id,created_at,owner_rep_id,source\nL1,2025-01-01T09:00:00Z,R1,web\n',
  'deals.csv': [
    'id,created_at,status,closed_at,amount,currency,lead_id,account_id',
    'D1,2025-03-01,open,2025-03-02,,,L1,A1',
    'D2,2025-04-01,won,2025-05-01T08:00:00+0700,100.005,USD,L2,A3',
    'D3,2025-04-01 10:00,lost,,,,,',
    'D4,2025-04-10T10:00:00+07:00,won,2025-04-09T10:00:00+07:00,,,,A4',
  ].join('\n'),
  'emails.csv': [
    'id,sent_at,rep_id,bounced,opened_at',
    'E1,2025-01-01T10:00:00+07:00,R1,maybe,2025-01-01T09:59:59+07:00',
    'E2,2030-01-01T00:00:00Z,R1,,',
  ].join('\n'),
  'spend.csv': 'date,category,amount,foo\n2025-01-01,tools,12.50,x\n',
  'targets.csv': [
    'scope,metric,period_start,period_end,value',
    'team:Bali,revenue,2025-01-01,2025-03-31,10',
    'rep:R1,revenue,2025-01-01,2025-03-31,-5',
    'rep:R1,revenue,2025-01-01,2025-03-31,7',
    'org,profit,2025-03-31,2025-01-01,1',
  ].join('\n'),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'udn-rules-'));
  for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkImportDir', () => {
  it('finds every broken §2 rule with its file, line and column', async () => {
    const endMs = Date.parse('2026-01-01T00:00:00+07:00');
    const found = (await checkImportDir(dir, { endMs })).map(
      (v) => `${v.file}:${v.line} ${v.column}: ${v.reason}`,
    );
    expect(found.sort()).toEqual(
      [
        'reps.csv:2 ended_on: ended_on is before started_on',
        'reps.csv:3 id: duplicate id R1',
        'accounts.csv:2 churned_at: churned_at is not after acquisition',
        'accounts.csv:3 owner_rep_id: unknown owner_rep_id "R9"',
        'accounts.csv:3 churned_at: churned_at on an account that is not a customer',
        // 07:30 in Jakarta is before D2 closed at 08:00+07:00 (read as UTC it would be after).
        'accounts.csv:4 churned_at: churned_at is not after acquisition',
        // A multi-line record is reported at the line it starts on; its churn after D4 is fine.
        'accounts.csv:5 owner_rep_id: unknown owner_rep_id "R7"',
        'deals.csv:2 closed_at: open deal is closed',
        'deals.csv:3 lead_id: unknown lead_id "L2"',
        'deals.csv:3 amount: "100.005" has too many decimals',
        'deals.csv:3 currency: "USD" is not the org\'s currency',
        'deals.csv:4 closed_at: lost deal has no closed_at',
        'deals.csv:5 amount: won deal has no amount',
        'deals.csv:5 closed_at: closed_at is before created_at',
        'emails.csv:2 opened_at: opened before sent',
        'emails.csv:2 bounced: "maybe" is not a boolean',
        'emails.csv:3 sent_at: 2030-01-01T00:00:00Z is in the future',
        'spend.csv:1 foo: unknown column',
        'targets.csv:2 scope: no rep has team "Bali"',
        'targets.csv:3 value: not a non-negative number',
        'targets.csv:4 scope: duplicate scope+metric+period',
        'targets.csv:5 metric: "profit" is not a metric',
        'targets.csv:5 period_end: ends before it starts',
      ].sort(),
    );
  });

  it('checks the future only when given an end', async () => {
    const found = await checkImportDir(dir);
    expect(found.some((v) => v.reason.includes('future'))).toBe(false);
    expect(found.length).toBe(22);
  });
});
