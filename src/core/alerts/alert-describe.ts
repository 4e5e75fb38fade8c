import type { AlertCondition } from '../contracts/alerts.ts';

/** A rule's condition in a few words, for `udn alerts list`: "revenue below 50000000 this month". */
export function describeCondition(c: AlertCondition): string {
  switch (c.kind) {
    case 'threshold':
      return `${c.metric} ${c.operator} ${c.value} this ${c.period}`;
    case 'change':
      return `${c.metric} ${c.direction} ${c.percent}% vs ${c.against === 'previous' ? 'previous' : 'last year'} (${c.period})`;
    case 'target-status':
      return `${c.targetId === null ? 'targets' : `target ${c.targetId}`} ${c.statuses.join('/')}`;
    case 'inactivity':
      return `no ${c.activity === 'any' ? 'activity' : c.activity} for ${c.days} days`;
    case 'import':
      return c.removedAtLeast > 0 ? `import failed or removed ≥ ${c.removedAtLeast}` : 'import failed';
  }
}
