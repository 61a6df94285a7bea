import { formatNumber } from "./fields";

export interface Series {
  name: string;
  values: number[];
}

const width = 560;
const height = 240;
const pad = { left: 52, right: 10, top: 14, bottom: 30 };

function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

const compact = (n: number) => new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 }).format(n);

/** Stacked bars, one per day, one colour per series: drawn by hand as SVG, no chart library. */
export function UsageChart({ title, days, series }: { title: string; days: string[]; series: Series[] }) {
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  const step = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, step * 0.7);
  const y = (v: number) => pad.top + plotHeight - (v / max) * plotHeight;
  const labelEvery = Math.ceil(days.length / 10);
  const grand = totals.reduce((a, b) => a + b, 0);

  return (
    <figure class="chart" aria-label={title} data-total={grand}>
      <figcaption>
        {title} <span class="muted small">· {formatNumber(grand)} in all</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${formatNumber(grand)} in all`}>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f} class="grid">
            <line x1={pad.left} x2={width - pad.right} y1={y(max * f)} y2={y(max * f)} />
            <text x={pad.left - 6} y={y(max * f) + 4} text-anchor="end">
              {compact(max * f)}
            </text>
          </g>
        ))}
        {days.map((day, i) => {
          let base = 0;
          const x = pad.left + i * step + (step - barWidth) / 2;
          return (
            <g key={day}>
              {series.map((s, si) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const top = y(base + v);
                const rect = (
                  <rect key={s.name} class={`series-${si % 8}`} x={x} y={top} width={barWidth} height={Math.max(1, y(base) - top)}>
                    <title>{`${day} · ${s.name}: ${formatNumber(v)}`}</title>
                  </rect>
                );
                base += v;
                return rect;
              })}
              {i % labelEvery === 0 && (
                <text class="axis" x={pad.left + i * step + step / 2} y={height - 10} text-anchor="middle">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {series.map((s, si) => (
          <li key={s.name}>
            <span class={`swatch series-${si % 8}`} />
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
