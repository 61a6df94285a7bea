import type { components } from "../api-types";
import type { UsageTotals } from "../types";

type Schemas = components["schemas"];

export type UsageGroup = { group: string; name?: string | null; totals: UsageTotals };

export type BudgetUsage = Schemas["BudgetUsage"];

export type MyUsage = Omit<Schemas["MyUsage"], "totals" | "byDay" | "byModel"> & { totals: UsageTotals; byDay: UsageGroup[]; byModel: UsageGroup[] };

export type TeamUsage = Omit<Schemas["TeamUsage"], "totals" | "groups"> & { totals: UsageTotals; groups: UsageGroup[] };

/** The hub's budgetAlert (not in the OpenAPI document, which describes REST only). */
export interface BudgetAlert {
  id: string;
  subject: "user" | "team";
  subjectId: string;
  subjectName: string;
  budget: string;
  period: string;
  percent: number;
  spent: number;
  limit: number;
  at: string;
}
