/** Form helpers shared by the admin pages. */

export function numberOrNull(value: string): number | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

export function NumberField({ label, name, value, onInput, step, hint }: { label: string; name: string; value: string; onInput: (v: string) => void; step?: string; hint?: string }) {
  return (
    <label>
      {label}
      <input name={name} type="number" step={step ?? "1"} value={value} placeholder={hint ?? "none"} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

export const formatNumber = (n: number) => new Intl.NumberFormat().format(n);

export function formatDate(value: string | null): string {
  return value ? new Date(value).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "—";
}
