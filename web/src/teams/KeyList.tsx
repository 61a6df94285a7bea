import { useEffect, useState } from "preact/hooks";
import { del, get, post } from "../api";
import { formatDate } from "../admin/fields";
import { SecretPanel } from "../components/SecretPanel";
import type { CreatedOwnedKey, OwnedKey, Team } from "./types";

/** The keys at <c>path</c> (a team's or the user's own): create (the secret shown once) and revoke. */
export function KeyList({ path, label, teams }: { path: string; label: string; teams?: Team[] }) {
  const [keys, setKeys] = useState<OwnedKey[]>([]);
  const [name, setName] = useState("");
  const [teamId, setTeamId] = useState("");
  const [created, setCreated] = useState<CreatedOwnedKey | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => get<OwnedKey[]>(path).then(setKeys, (e) => setError((e as Error).message));
  useEffect(() => {
    setCreated(null);
    load();
  }, [path]);

  async function create(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      setCreated(await post<CreatedOwnedKey>(path, { name, teamId: teamId || null }));
      setName("");
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function revoke(key: OwnedKey) {
    if (!confirm(`Revoke ${key.name} (${key.prefix}…)? Applications using it stop working at once.`)) return;
    try {
      await del(`${path}/${key.id}`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section aria-label={label}>
      <h2>{label}</h2>
      {created && <SecretPanel key={created.key} created={created} onDone={() => setCreated(null)} />}
      {error && <p class="error" role="alert">{error}</p>}
      <form class="toolbar" onSubmit={create} aria-label={`New key: ${label}`}>
        <input name="keyName" required value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="Key name" />
        {teams && teams.length > 0 && (
          <select name="keyTeam" value={teamId} onChange={(e) => setTeamId(e.currentTarget.value)} aria-label="Counts against team">
            <option value="">My first team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
        <button type="submit" class="primary">
          New key
        </button>
      </form>
      {keys.length === 0 ? (
        <p class="muted">No keys.</p>
      ) : (
        <table class="list">
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td class="muted">{formatDate(k.createdAt)}</td>
                <td>
                  <button type="button" class="link danger" onClick={() => revoke(k)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
