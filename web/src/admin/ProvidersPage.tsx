import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api";
import type { Provider, ProviderTest } from "../types";
import { formatDate, numberOrNull } from "./fields";

const healthWords = { healthy: "Healthy", cooling_down: "Cooling down", disabled: "Disabled" };

export function ProvidersPage() {
  const [providers, setProviders] = useState<Provider[]>([]);
  const [tests, setTests] = useState<Record<string, ProviderTest | "running">>({});
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ name: "", baseUrl: "", apiKey: "", models: "", priority: "" });

  const load = () => get<Provider[]>("/api/admin/providers").then(setProviders, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, []);

  async function test(name: string) {
    setTests((t) => ({ ...t, [name]: "running" }));
    try {
      const result = await post<ProviderTest>(`/api/admin/providers/${encodeURIComponent(name)}/test`);
      setTests((t) => ({ ...t, [name]: result }));
    } catch (e) {
      setTests((t) => ({ ...t, [name]: { ok: false, status: null, latencyMs: 0, models: null, error: (e as Error).message } }));
    }
    load();
  }

  async function add(event: Event) {
    event.preventDefault();
    try {
      await post("/api/admin/providers", {
        name: draft.name.trim(),
        baseUrl: draft.baseUrl.trim(),
        apiKey: draft.apiKey || undefined,
        models: draft.models.split(",").map((m) => m.trim()).filter(Boolean),
        priority: numberOrNull(draft.priority) ?? undefined,
      });
      setAdding(false);
      setDraft({ name: "", baseUrl: "", apiKey: "", models: "", priority: "" });
      setError(null);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const set = (field: keyof typeof draft) => (e: Event) => setDraft({ ...draft, [field]: (e.currentTarget as HTMLInputElement).value });

  return (
    <div>
      <div class="toolbar">
        <p class="muted">Upstreams serving the models. A change serves the very next request.</p>
        <button type="button" class="primary" onClick={() => setAdding(!adding)}>
          Add provider
        </button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {adding && (
        <form class="panel form-grid" onSubmit={add} aria-label="Add provider">
          <h2>Add a provider</h2>
          <label>
            Name
            <input name="name" required value={draft.name} onInput={set("name")} placeholder="deepseek" />
          </label>
          <label>
            Base URL
            <input name="baseUrl" required type="url" value={draft.baseUrl} onInput={set("baseUrl")} placeholder="https://api.deepseek.com/v1" />
          </label>
          <label>
            API key
            <input name="apiKey" type="password" value={draft.apiKey} onInput={set("apiKey")} autocomplete="off" placeholder="stored encrypted, never shown" />
          </label>
          <label>
            Models (comma-separated; empty: any)
            <input name="models" value={draft.models} onInput={set("models")} />
          </label>
          <label>
            Priority (lower first)
            <input name="priority" type="number" value={draft.priority} onInput={set("priority")} placeholder="0" />
          </label>
          <div class="dialog-actions wide">
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
            <button type="submit" class="primary">
              Add
            </button>
          </div>
        </form>
      )}
      <div class="cards">
        {providers.map((p) => {
          const result = tests[p.name];
          return (
            <article class="panel provider" key={p.name} data-provider={p.name}>
              <header>
                <h2>{p.name}</h2>
                <span class={`health ${p.health.status}`}>{healthWords[p.health.status] ?? p.health.status}</span>
              </header>
              <dl>
                <dt>URL</dt>
                <dd>{p.baseUrl}</dd>
                <dt>Models</dt>
                <dd>{p.models?.length ? p.models.join(", ") : "any"}</dd>
                <dt>Priority</dt>
                <dd>
                  {p.priority} (weight {p.weight})
                </dd>
                <dt>From</dt>
                <dd>
                  {p.source}
                  {p.hasApiKey ? " · has a key" : ""}
                </dd>
                {p.health.lastError && (
                  <>
                    <dt>Last error</dt>
                    <dd class="error-text">
                      {p.health.lastError} ({formatDate(p.health.lastErrorAt)})
                    </dd>
                  </>
                )}
                {p.health.coolingDownUntil && (
                  <>
                    <dt>Skipped until</dt>
                    <dd>{formatDate(p.health.coolingDownUntil)}</dd>
                  </>
                )}
              </dl>
              <div class="provider-test">
                <button type="button" onClick={() => test(p.name)} disabled={result === "running"}>
                  {result === "running" ? "Testing…" : "Test"}
                </button>
                {result && result !== "running" && (
                  <span class={result.ok ? "ok-text" : "error-text"} role="status">
                    {result.ok
                      ? `Answered in ${Math.round(result.latencyMs)} ms with ${result.models ?? 0} models.`
                      : `Failed${result.status ? ` (HTTP ${result.status})` : ""}: ${result.error ?? "no answer"}`}
                  </span>
                )}
              </div>
            </article>
          );
        })}
      </div>
    </div>
  );
}
