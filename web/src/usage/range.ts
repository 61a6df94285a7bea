/** The last `count` UTC days, oldest first, and the range that covers them up to now. */
export function lastDays(count: number): { days: string[]; query: string } {
  const today = new Date();
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (count - 1)));
  const days = Array.from({ length: count }, (_, i) => new Date(start.getTime() + i * 86400000).toISOString().slice(0, 10));
  const to = new Date(Date.now() + 60000).toISOString();
  return { days, query: `from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(to)}` };
}

/** Values per day, 0 where a day has no group. */
export function perDay<T>(days: string[], groups: { group: string; totals: T }[], pick: (t: T) => number): number[] {
  const byDay = new Map(groups.map((g) => [g.group, pick(g.totals)]));
  return days.map((d) => byDay.get(d) ?? 0);
}
