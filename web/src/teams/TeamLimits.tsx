import { useEffect, useState } from "preact/hooks";
import { json } from "../api";
import { NumberField, numberOrNull } from "../admin/fields";
import type { SpendingLimits, Team } from "./types";

const fields = [
  ["requestsPerMinute", "Requests a minute"],
  ["tokensPerMinute", "Tokens a minute"],
  ["dailyTokenBudget", "Tokens a day"],
  ["monthlyTokenBudget", "Tokens a month"],
  ["tokenBudget", "Tokens in all"],
  ["dailyCostBudget", "Cost a day"],
  ["monthlyCostBudget", "Cost a month"],
  ["costBudget", "Cost in all"],
] as const;
type Field = (typeof fields)[number][0];

/** A team's limits: shown to its members, edited by admins. */
export function TeamLimits({ team, canEdit, onSaved }: { team: Team; canEdit: boolean; onSaved: () => void }) {
  const toDraft = (limits: SpendingLimits) => Object.fromEntries(fields.map(([f]) => [f, limits[f]?.toString() ?? ""])) as Record<Field, string>;
  const [draft, setDraft] = useState(toDraft(team.limits));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(toDraft(team.limits)), [team]);

  async function save(event: Event) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await json("PUT", `/api/teams/${team.id}/limits`, Object.fromEntries(fields.map(([f]) => [f, numberOrNull(draft[f])])));
      setSaved(true);
      onSaved();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <form class="panel form-grid" onSubmit={save} aria-label="Team limits">
      <h2>Limits</h2>
      {fields.map(([field, label]) =>
        canEdit ? (
          <NumberField key={field} label={label} name={field} step={field.toLowerCase().includes("cost") ? "any" : "1"} value={draft[field]} onInput={(v) => setDraft({ ...draft, [field]: v })} hint="no limit" />
        ) : (
          <p key={field}>
            {label}: {draft[field] || "no limit"}
          </p>
        ),
      )}
      {error && <p class="error wide" role="alert">{error}</p>}
      {saved && <p class="muted wide" role="status">Saved: in force at once.</p>}
      {canEdit && (
        <div class="dialog-actions wide">
          <button type="submit" class="primary">
            Save limits
          </button>
        </div>
      )}
    </form>
  );
}
