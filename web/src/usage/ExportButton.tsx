import { useState } from "preact/hooks";

const groupings = ["day", "key", "model", "provider", "user", "team"] as const;

/** Downloads /api/admin/usage/export as CSV for a range and grouping an admin chooses. */
export function ExportButton() {
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  const [from, setFrom] = useState(monthAgo);
  const [to, setTo] = useState(today);
  const [groupBy, setGroupBy] = useState<string>("day");
  // "to" is a day included: the range ends at the start of the next day.
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + 86400000).toISOString();
  const href = `/api/admin/usage/export?from=${encodeURIComponent(`${from}T00:00:00Z`)}&to=${encodeURIComponent(end)}&groupBy=${groupBy}&format=csv`;
  return (
    <form class="usage-export" onSubmit={(e) => e.preventDefault()}>
      <label>
        From <input type="date" value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        To <input type="date" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <select aria-label="Export grouped by" value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value)}>
        {groupings.map((g) => (
          <option key={g} value={g}>
            By {g}
          </option>
        ))}
      </select>
      <a class="button" href={href} download>
        Export CSV
      </a>
    </form>
  );
}
