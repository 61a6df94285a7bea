import { useEffect, useState } from "preact/hooks";
import { del, get, patch, post } from "../api";
import { SecretPanel } from "../components/SecretPanel";
import type { ApiKey, CreatedKey } from "../types";
import { NumberField, formatDate, formatNumber, numberOrNull } from "./fields";

const limitFields = [
  ["requestsPerMinute", "Requests a minute"],
  ["tokensPerMinute", "Tokens a minute"],
  ["maxConcurrentRequests", "Requests at once"],
  ["dailyTokenBudget", "Tokens a day"],
  ["monthlyTokenBudget", "Tokens a month"],
  ["tokenBudget", "Tokens in all"],
] as const;
type LimitField = (typeof limitFields)[number][0];
type Draft = { name: string; models: string; expiresAt: string } & Record<LimitField, string>;

const emptyDraft: Draft = { name: "", models: "", expiresAt: "", requestsPerMinute: "", tokensPerMinute: "", maxConcurrentRequests: "", dailyTokenBudget: "", monthlyTokenBudget: "", tokenBudget: "" };

export function KeysPage() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<{ key: ApiKey | null; draft: Draft } | null>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const load = () => get<ApiKey[]>("/api/admin/keys").then(setKeys, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, []);

  function openForm(key: ApiKey | null) {
    setError(null);
    setForm({
      key,
      draft: key
        ? {
            name: key.name,
            models: key.models.join(", "),
            expiresAt: key.expiresAt ? key.expiresAt.slice(0, 10) : "",
            ...(Object.fromEntries(limitFields.map(([f]) => [f, key[f]?.toString() ?? ""])) as Record<LimitField, string>),
          }
        : emptyDraft,
    });
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!form) return;
    const { draft, key } = form;
    const limits = Object.fromEntries(limitFields.map(([f]) => [f, numberOrNull(draft[f]) ?? (key ? 0 : null)]));
    const body = {
      name: draft.name,
      models: draft.models.split(",").map((m) => m.trim()).filter(Boolean),
      expiresAt: draft.expiresAt ? new Date(draft.expiresAt + "T00:00:00Z").toISOString() : null,
      ...limits,
    };
    try {
      if (key) {
        await patch(`/api/admin/keys/${key.id}`, body);
      } else {
        setCreated(await post<CreatedKey>("/api/admin/keys", body));
      }
      setForm(null);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function revoke(key: ApiKey) {
    if (!confirm(`Revoke ${key.name} (${key.prefix}…)? Applications using it stop working at once.`)) return;
    try {
      await del(`/api/admin/keys/${key.id}`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const set = (field: keyof Draft) => (value: string) => form && setForm({ ...form, draft: { ...form.draft, [field]: value } });
  const limitsOf = (k: ApiKey) =>
    limitFields
      .filter(([f]) => k[f] != null)
      .map(([f, label]) => `${label}: ${formatNumber(k[f] as number)}`)
      .join(" · ") || "no limits";

  return (
    <div>
      <div class="toolbar">
        <p class="muted">Applications call /v1 with these keys. A key's secret is shown once, when it is created.</p>
        <button type="button" class="primary" onClick={() => openForm(null)}>
          New key
        </button>
      </div>
      {created && <SecretPanel key={created.key} created={created} onDone={() => setCreated(null)} />}
      {error && !form && <p class="error" role="alert">{error}</p>}
      {form && (
        <form class="panel form-grid" onSubmit={save} aria-label={form.key ? "Key limits" : "New key"}>
          <h2>{form.key ? `Limits of ${form.key.name}` : "New key"}</h2>
          <label>
            Name
            <input name="name" required value={form.draft.name} onInput={(e) => set("name")(e.currentTarget.value)} placeholder="my app" />
          </label>
          <label>
            Models (comma-separated; empty: all)
            <input name="models" value={form.draft.models} onInput={(e) => set("models")(e.currentTarget.value)} placeholder="gpt-4o-mini" />
          </label>
          <label>
            Expires
            <input name="expiresAt" type="date" value={form.draft.expiresAt} onInput={(e) => set("expiresAt")(e.currentTarget.value)} />
          </label>
          {limitFields.map(([field, label]) => (
            <NumberField key={field} label={label} name={field} value={form.draft[field]} onInput={set(field)} hint="no limit" />
          ))}
          {error && <p class="error wide" role="alert">{error}</p>}
          <div class="dialog-actions wide">
            <button type="button" onClick={() => setForm(null)}>
              Cancel
            </button>
            <button type="submit" class="primary">
              {form.key ? "Save" : "Create key"}
            </button>
          </div>
        </form>
      )}
      <table class="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Models</th>
            <th>Limits</th>
            <th>Created</th>
            <th>Expires</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} class={k.revokedAt ? "revoked" : ""} data-key-prefix={k.prefix}>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.models.length ? k.models.join(", ") : "all"}</td>
              <td class="small">{limitsOf(k)}</td>
              <td>{formatDate(k.createdAt)}</td>
              <td>{k.revokedAt ? `revoked ${formatDate(k.revokedAt)}` : formatDate(k.expiresAt)}</td>
              <td class="actions">
                {!k.revokedAt && (
                  <>
                    <button type="button" class="link" onClick={() => openForm(k)}>
                      Limits
                    </button>
                    <button type="button" class="link danger" onClick={() => revoke(k)}>
                      Revoke
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
