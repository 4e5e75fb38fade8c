import type { Kysely } from 'kysely';

/**
 * What outbound webhooks remember to tell events from data (issue 14, docs/webhooks.md): a new
 * version of the data says nothing of which deals were won or which targets changed status, so the
 * last known state is kept and compared: each target's status, each goal's fingerprint, every deal
 * already announced as won (so a deal is announced once), and per kind whether the organisation was
 * seen yet (the first look only remembers: it announces nothing of the past).
 *
 * Frozen: this migration imports nothing from the app.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_watch')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    // 'target' (subject: target id, value: status), 'goal' (goal id, fingerprint),
    // 'won' (deal id, ''), 'seen' (the kind looked at first, '').
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_watch_pk', ['org_id', 'kind', 'subject'])
    .execute();
}
