/** How many days back a usage page shows. */
export function PeriodSelect({ days, onChange }: { days: number; onChange: (days: number) => void }) {
  return (
    <select aria-label="Period" value={days} onChange={(e) => onChange(Number(e.currentTarget.value))}>
      <option value={7}>Last 7 days</option>
      <option value={30}>Last 30 days</option>
      <option value={90}>Last 90 days</option>
    </select>
  );
}
