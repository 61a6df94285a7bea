import type { ToolStep } from "../types";

const statusWords: Record<string, string> = { running: "running…", ok: "done", error: "failed", "timed-out": "timed out" };

/** The tools a bot reply called, in order: each one line, opened for its arguments and what it answered. */
export function ToolSteps({ steps }: { steps: ToolStep[] }) {
  return (
    <div class="tool-steps" aria-label="Tool calls">
      {steps.map((s) => (
        <details key={s.index} class={`tool-step status-${s.status}`} data-status={s.status}>
          <summary>
            <span class="tool-name">{s.tool}</span>
            <span class="muted small">
              {s.server} · {statusWords[s.status] ?? s.status}
              {s.durationMs != null && ` · ${s.durationMs < 1000 ? `${s.durationMs} ms` : `${(s.durationMs / 1000).toFixed(1)} s`}`}
            </span>
          </summary>
          <div class="tool-detail">
            <div class="muted small">Arguments</div>
            <pre>{pretty(s.arguments)}</pre>
            {s.result != null && (
              <>
                <div class="muted small">Result</div>
                <pre>{s.result}</pre>
              </>
            )}
            {s.error && <p class="reply-error">{s.error}</p>}
          </div>
        </details>
      ))}
    </div>
  );
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
