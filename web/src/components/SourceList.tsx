import type { Source } from "../types";

/** The knowledge-base passages a bot reply was given, numbered as the reply cites them; each opens to its passage. */
export function SourceList({ sources }: { sources: Source[] }) {
  return (
    <div class="sources" aria-label="Sources">
      <div class="muted small">Sources</div>
      {sources.map((s) => (
        <details key={s.index} class="source">
          <summary>
            <span class="source-index">[{s.index}]</span> <span class="source-name">{s.documentName}</span>
            {s.heading && <span class="muted small"> › {s.heading}</span>}
          </summary>
          <blockquote>{s.passage}</blockquote>
        </details>
      ))}
    </div>
  );
}
