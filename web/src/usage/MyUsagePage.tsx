import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { UsageChart } from "../admin/UsageChart";
import { BudgetBars } from "./BudgetBars";
import { GroupTable } from "./GroupTable";
import { PeriodSelect } from "./PeriodSelect";
import { lastDays, perDay } from "./range";
import type { MyUsage } from "./types";

/** What the signed-in user spent, by day and by model, and where their budgets stand. */
export function MyUsagePage() {
  const [period, setPeriod] = useState(30);
  const [usage, setUsage] = useState<MyUsage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { days, query } = lastDays(period);

  useEffect(() => {
    get<MyUsage>(`/api/me/usage?${query}`).then(
      (u) => {
        setUsage(u);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [period]);

  return (
    <div class="usage my-usage">
      <h1>My usage</h1>
      <div class="toolbar">
        <PeriodSelect days={period} onChange={setPeriod} />
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {usage && (
        <>
          <h2>Budgets</h2>
          <BudgetBars budgets={usage.budgets} currency={usage.currency} />
          <div class="charts">
            <UsageChart title="Tokens per day" days={days} series={[{ name: "Tokens", values: perDay(days, usage.byDay, (t) => t.promptTokens + t.completionTokens) }]} />
            <UsageChart title={`Cost per day (${usage.currency})`} days={days} series={[{ name: "Cost", values: perDay(days, usage.byDay, (t) => Number(t.cost)) }]} />
          </div>
          <GroupTable heading="Model" groups={usage.byModel} currency={usage.currency} />
        </>
      )}
    </div>
  );
}
