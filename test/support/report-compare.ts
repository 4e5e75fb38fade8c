import { METRICS, type MetricKey } from '../../src/core/kpis/definitions.ts';

/**
 * Differences between a report and an expected one, by the rules of examples/small/README.md:
 * money within one cent, other numbers within a relative 1e-6, null only where expected is null,
 * extra keys allowed.
 */
export function reportDifferences(actual: unknown, expected: unknown, path = ''): string[] {
  const key =
    path
      .split('.')
      .pop()
      ?.replace(/\[\d+\]$/, '') ?? '';
  if (expected === null)
    return actual === null ? [] : [`${path}: expected null, got ${JSON.stringify(actual)}`];
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: expected ${expected}, got ${JSON.stringify(actual)}`];
    const isMoney =
      (key in METRICS && METRICS[key as MetricKey].unit === 'money') || /monthly\[\d+\]\.revenue$/.test(path);
    const ok = isMoney
      ? Math.abs(actual - expected) <= 0.01 + 1e-9
      : Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
    return ok ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (typeof expected === 'string' || typeof expected === 'boolean') {
    return actual === expected
      ? []
      : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [
        `${path}: expected an array of ${expected.length}, got ${JSON.stringify(actual)?.slice(0, 80)}`,
      ];
    }
    return expected.flatMap((item, i) => reportDifferences(actual[i], item, `${path}[${i}]`));
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null) return [`${path}: expected an object`];
    const record = actual as Record<string, unknown>;
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
      k in record ? reportDifferences(record[k], v, path ? `${path}.${k}` : k) : [`${path}.${k}: missing`],
    );
  }
  return [`${path}: unexpected ${typeof expected}`];
}
