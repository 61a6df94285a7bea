import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { UsageChart, type Series } from "../admin/UsageChart";
import { BudgetBars } from "./BudgetBars";
import { GroupTable } from "./GroupTable";
import { PeriodSelect } from "./PeriodSelect";
import { lastDays, perDay } from "./range";
import type { TeamUsage } from "./types";

type By = "user" | "key" | "model";
const headings: Record<By, string> = { user: "Person", key: "Key", model: "Model" };

/** A team's usage for its owners: by person, key or model, per day, and the team's budgets. */
export function TeamUsagePage({ teamId }: { teamId: string }) {
  const [by, setBy] = useState<By>("user");
  const [period, setPeriod] = useState(30);
  const [grouped, setGrouped] = useState<TeamUsage | null>(null);
  const [series, setSeries] = useState<Series[]>([]);
  const [cost, setCost] = useState<Series[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { days, query } = lastDays(period);

  useEffect(() => {
    (async () => {
      try {
        const base = `/api/teams/${encodeURIComponent(teamId)}/usage?${query}`;
        const [groups, byDay] = await Promise.all([get<TeamUsage>(`${base}&groupBy=${by}`), get<TeamUsage>(`${base}&groupBy=day`)]);
        setGrouped(groups);
        // The chart stacks the whole team's tokens per day; the table splits them by the grouping chosen.
        setSeries([{ name: "Tokens", values: perDay(days, byDay.groups, (t) => t.promptTokens + t.completionTokens) }]);
        setCost([{ name: "Cost", values: perDay(days, byDay.groups, (t) => Number(t.cost)) }]);
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    })();
  }, [teamId, by, period]);

  return (
    <div class="usage team-usage">
      <h1>{grouped ? `${grouped.teamName}: usage` : "Team usage"}</h1>
      <div class="toolbar">
        <div class="segmented" role="group" aria-label="Group by">
          {(Object.keys(headings) as By[]).map((b) => (
            <button key={b} type="button" class={by === b ? "active" : ""} onClick={() => setBy(b)}>
              By {headings[b].toLowerCase()}
            </button>
          ))}
        </div>
        <PeriodSelect days={period} onChange={setPeriod} />
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {grouped && (
        <>
          <h2>Budgets</h2>
          <BudgetBars budgets={grouped.budgets} currency={grouped.currency} />
          <div class="charts">
            <UsageChart title="Tokens per day" days={days} series={series} />
            <UsageChart title={`Cost per day (${grouped.currency})`} days={days} series={cost} />
          </div>
          <GroupTable heading={headings[by]} groups={grouped.groups} currency={grouped.currency} />
        </>
      )}
    </div>
  );
}
