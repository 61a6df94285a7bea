import { formatNumber } from "../admin/fields";
import type { UsageGroup } from "./types";

/** One row per group: requests, tokens and cost. */
export function GroupTable({ heading, groups, currency }: { heading: string; groups: UsageGroup[]; currency: string }) {
  return (
    <table class="table usage-table">
      <thead>
        <tr>
          <th>{heading}</th>
          <th class="num">Requests</th>
          <th class="num">Tokens</th>
          <th class="num">Cost ({currency})</th>
        </tr>
      </thead>
      <tbody>
        {groups.length === 0 && (
          <tr>
            <td colSpan={4} class="muted">
              Nothing used in this period.
            </td>
          </tr>
        )}
        {groups.map((g) => (
          <tr key={g.group}>
            <td>{g.name || g.group || "(none)"}</td>
            <td class="num">{formatNumber(g.totals.requests)}</td>
            <td class="num">{formatNumber(g.totals.promptTokens + g.totals.completionTokens)}</td>
            <td class="num">{Number(g.totals.cost).toFixed(4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
