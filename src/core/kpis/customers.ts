/** A customer's owner and lifetime: what the churn and retention counts read. */
export interface CustomerSpan {
  owner: string;
  acquiredAt: number;
  churnedAt: number | null;
}

export interface CustomerCounts {
  owner_rep_id: string;
  customers_start: number;
  customers_end: number;
  new_customers: number;
  churned_customers: number;
}

/**
 * KPI-SPEC §4 #9 per owner for the instants [start, end), from customer spans read once: a chart of
 * churn by week would otherwise read the accounts once per week. The report counts the same in SQL
 * (kpi-facts.ts customersByOwner); series-repo.test.ts holds the two to the same numbers.
 */
export function countCustomers(spans: readonly CustomerSpan[], start: number, end: number): CustomerCounts[] {
  const byOwner = new Map<string, CustomerCounts>();
  const activeAt = (span: CustomerSpan, t: number) =>
    span.acquiredAt < t && (span.churnedAt === null || span.churnedAt >= t);
  for (const span of spans) {
    if (span.acquiredAt >= end || (span.churnedAt !== null && span.churnedAt < start)) continue;
    let row = byOwner.get(span.owner);
    if (!row) {
      row = {
        owner_rep_id: span.owner,
        customers_start: 0,
        customers_end: 0,
        new_customers: 0,
        churned_customers: 0,
      };
      byOwner.set(span.owner, row);
    }
    if (activeAt(span, start)) row.customers_start++;
    if (activeAt(span, end)) row.customers_end++;
    if (span.acquiredAt >= start) row.new_customers++;
    if (
      span.acquiredAt < start &&
      span.churnedAt !== null &&
      span.churnedAt >= start &&
      span.churnedAt < end
    ) {
      row.churned_customers++;
    }
  }
  return [...byOwner.values()];
}
