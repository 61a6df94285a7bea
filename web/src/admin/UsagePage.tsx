import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import type { ApiKey, UsageReport, UsageTotals } from "../types";
import { formatNumber } from "./fields";
import { UsageChart, type Series } from "./UsageChart";
import { ExportButton } from "../usage/ExportButton";

type By = "model" | "key";
const BotKeyId = "00000000-0000-0000-0000-000000000000";
const MaxSeries = 6;

interface Data {
  days: string[];
  tokens: Series[];
  requests: Series[];
  groups: { name: string; totals: UsageTotals }[];
  totals: UsageTotals;
}

function dayKeys(count: number): { days: string[]; from: string } {
  const today = new Date();
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (count - 1)));
  const days = Array.from({ length: count }, (_, i) => new Date(start.getTime() + i * 86400000).toISOString().slice(0, 10));
  return { days, from: start.toISOString() };
}

async function loadUsage(by: By, period: number): Promise<Data> {
  const { days, from } = dayKeys(period);
  const to = new Date(Date.now() + 60000).toISOString();
  const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const [keys, byGroup] = await Promise.all([get<ApiKey[]>("/api/admin/keys"), get<UsageReport>(`/api/admin/usage?${range}&groupBy=${by}`)]);
  const keyNames = new Map(keys.map((k) => [k.id, `${k.name} (${k.prefix}…)`]));
  const nameOf = (group: string) => (by === "key" ? (group === BotKeyId || group === "" ? "Bots in rooms" : keyNames.get(group) ?? group.slice(0, 8)) : group || "(none)");
  const sorted = [...byGroup.groups].sort((a, b) => b.totals.totalTokens - a.totals.totalTokens || b.totals.requests - a.totals.requests);
  // Bots' replies carry no key, so a key filter cannot single them out: they are what the day
  // totals hold beyond the keys drawn, together with any keys beyond the first few.
  const isBots = (group: string) => by === "key" && (group === "" || group === BotKeyId);
  const botsGroup = sorted.find((g) => isBots(g.group));
  const top = sorted.filter((g) => !isBots(g.group)).slice(0, botsGroup ? MaxSeries - 1 : MaxSeries);
  const drawnAll = top.length + (botsGroup ? 1 : 0) === sorted.length;
  const restName = botsGroup ? (drawnAll ? "Bots in rooms" : "Bots in rooms and others") : "Others";
  const filter = (group: string) => (by === "key" ? `keyId=${encodeURIComponent(group)}` : `model=${encodeURIComponent(group)}`);
  const [allDays, ...perGroup] = await Promise.all([
    get<UsageReport>(`/api/admin/usage?${range}&groupBy=day`),
    ...top.map((g) => get<UsageReport>(`/api/admin/usage?${range}&groupBy=day&${filter(g.group)}`)),
  ]);
  const valuesOf = (report: UsageReport, pick: (t: UsageTotals) => number) => {
    const byDay = new Map(report.groups.map((g) => [g.group, pick(g.totals)]));
    return days.map((d) => byDay.get(d) ?? 0);
  };
  const build = (pick: (t: UsageTotals) => number): Series[] => {
    const series = top.map((g, i) => ({ name: nameOf(g.group), values: valuesOf(perGroup[i], pick) }));
    const all = valuesOf(allDays, pick);
    const rest = all.map((v, i) => Math.max(0, v - series.reduce((sum, s) => sum + s.values[i], 0)));
    if (rest.some((v) => v > 0)) series.push({ name: restName, values: rest });
    return series;
  };
  return {
    days,
    tokens: build((t) => t.totalTokens ?? t.promptTokens + t.completionTokens),
    requests: build((t) => t.requests),
    groups: sorted.map((g) => ({ name: nameOf(g.group), totals: g.totals })),
    totals: byGroup.totals,
  };
}

export function UsagePage() {
  const [by, setBy] = useState<By>("model");
  const [period, setPeriod] = useState(14);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);

  async function refresh() {
    setLoading(true);
    try {
      setData(await loadUsage(by, period));
      setError(null);
      setUpdatedAt(new Date());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 30000);
    return () => clearInterval(timer);
  }, [by, period]);

  return (
    <div class="usage">
      <div class="toolbar">
        <div class="segmented" role="group" aria-label="Group by">
          <button type="button" class={by === "model" ? "active" : ""} onClick={() => setBy("model")}>
            By model
          </button>
          <button type="button" class={by === "key" ? "active" : ""} onClick={() => setBy("key")}>
            By key
          </button>
        </div>
        <select aria-label="Period" value={period} onChange={(e) => setPeriod(Number(e.currentTarget.value))}>
          <option value={7}>Last 7 days</option>
          <option value={14}>Last 14 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
        </select>
        <button type="button" onClick={refresh} disabled={loading} class="refresh">
          {loading ? "Refreshing…" : "Refresh"}
        </button>
        {updatedAt && <span class="muted small">Updated {updatedAt.toLocaleTimeString()}</span>}
      </div>
      <ExportButton />
      {error && <p class="error" role="alert">{error}</p>}
      {data && (
        <>
          <div class="stats">
            <Stat label="Requests" value={data.totals.requests} />
            <Stat label="Tokens" value={data.totals.promptTokens + data.totals.completionTokens} />
            <Stat label="Prompt tokens" value={data.totals.promptTokens} />
            <Stat label="Completion tokens" value={data.totals.completionTokens} />
          </div>
          <div class="charts">
            <UsageChart title="Tokens per day" days={data.days} series={data.tokens} />
            <UsageChart title="Requests per day" days={data.days} series={data.requests} />
          </div>
          <table class="table usage-table">
            <thead>
              <tr>
                <th>{by === "model" ? "Model" : "Key"}</th>
                <th class="num">Requests</th>
                <th class="num">Prompt tokens</th>
                <th class="num">Completion tokens</th>
                <th class="num">Cost</th>
                <th class="num">Estimated</th>
              </tr>
            </thead>
            <tbody>
              {data.groups.length === 0 && (
                <tr>
                  <td colSpan={6} class="muted">
                    Nothing used in this period yet.
                  </td>
                </tr>
              )}
              {data.groups.map((g) => (
                <tr key={g.name}>
                  <td>{g.name}</td>
                  <td class="num">{formatNumber(g.totals.requests)}</td>
                  <td class="num">{formatNumber(g.totals.promptTokens)}</td>
                  <td class="num">{formatNumber(g.totals.completionTokens)}</td>
                  <td class="num">{g.totals.cost ? g.totals.cost.toFixed(4) : "—"}</td>
                  <td class="num">{formatNumber(g.totals.estimatedRequests)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div class="stat">
      <span class="muted small">{label}</span>
      <strong>{formatNumber(value)}</strong>
    </div>
  );
}
