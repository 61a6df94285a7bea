import { formatNumber } from "../admin/fields";
import type { BudgetUsage } from "./types";

const labels: Record<string, string> = {
  tokens: "Tokens in all",
  daily_tokens: "Tokens today",
  monthly_tokens: "Tokens this month",
  cost: "Cost in all",
  daily_cost: "Cost today",
  monthly_cost: "Cost this month",
  chat_daily_tokens: "Chat tokens today",
};

const amount = (unit: string, value: number, currency: string) => (unit === "cost" ? `${value.toFixed(2)} ${currency}` : formatNumber(value));

/** Each budget as a bar of spent against its limit, with what is left. */
export function BudgetBars({ budgets, currency }: { budgets: BudgetUsage[]; currency: string }) {
  if (budgets.length === 0) return <p class="muted">No budgets are set.</p>;
  return (
    <ul class="budgets" aria-label="Budgets">
      {budgets.map((b) => {
        const spent = Number(b.spent);
        const limit = Number(b.limit);
        const percent = limit > 0 ? Math.min(100, (spent / limit) * 100) : 100;
        return (
          <li key={b.budget} class="budget" data-budget={b.budget}>
            <div class="budget-head">
              <strong>{labels[b.budget] ?? b.budget}</strong>
              <span class="muted small">
                {amount(b.unit, spent, currency)} of {amount(b.unit, limit, currency)} · {amount(b.unit, Number(b.remaining), currency)} left
              </span>
            </div>
            <div class={`budget-bar ${percent >= 100 ? "over" : percent >= 80 ? "near" : ""}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)} aria-label={labels[b.budget] ?? b.budget}>
              <span style={{ width: `${percent}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
