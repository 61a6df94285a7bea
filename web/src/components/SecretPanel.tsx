import { useState } from "preact/hooks";
import { copyText } from "../markdown";

/** A new key's secret, shown once: the admin keys page and the teams page both make keys. */
export function SecretPanel({ created, onDone }: { created: { name: string; key: string }; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="panel secret" role="status" aria-label="New key">
      <p>
        <strong>{created.name}</strong>: copy this secret now. It will not be shown again.
      </p>
      <div class="secret-row">
        <code class="secret-value">{created.key}</code>
        <button
          type="button"
          class="primary"
          onClick={async () => {
            await copyText(created.key);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
