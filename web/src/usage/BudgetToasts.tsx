import { useEffect, useState } from "preact/hooks";
import { hub } from "../hub";
import type { BudgetAlert } from "./types";

const ShownFor = 15000;

function describe(alert: BudgetAlert): string {
  const whose = alert.subject === "team" ? `Team ${alert.subjectName}` : "You";
  const what = alert.budget.replace("_", " ");
  return alert.percent >= 100
    ? `${whose} reached the ${what} budget (${alert.spent} of ${alert.limit}).`
    : `${whose} used ${alert.percent} % of the ${what} budget (${alert.spent} of ${alert.limit}).`;
}

/** The hub's budget alerts, shown as notices that go away after a while or when closed. */
export function BudgetToasts() {
  const [alerts, setAlerts] = useState<BudgetAlert[]>([]);

  useEffect(
    () =>
      hub.on({
        budgetAlert: (alert) => {
          setAlerts((list) => [...list.filter((a) => a.id !== alert.id), alert]);
          setTimeout(() => setAlerts((list) => list.filter((a) => a.id !== alert.id)), ShownFor);
        },
      }),
    [],
  );

  if (alerts.length === 0) return null;
  return (
    <div class="toasts" role="status" aria-live="polite">
      {alerts.map((alert) => (
        <div key={alert.id} class={`toast ${alert.percent >= 100 ? "over" : "near"}`}>
          <span>{describe(alert)}</span>
          <button type="button" aria-label="Close" onClick={() => setAlerts((list) => list.filter((a) => a.id !== alert.id))}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
