import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api";
import { linkHandler } from "../router";
import { useSession } from "../session";
import { KeyList } from "./KeyList";
import { TeamLimits } from "./TeamLimits";
import { TeamMembers } from "./TeamMembers";
import type { Team } from "./types";

/** The user's teams (admins: every team) with their members, keys and limits, and the user's own keys. */
export function TeamsPage() {
  const session = useSession();
  const [teams, setTeams] = useState<Team[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    get<Team[]>("/api/teams").then((list) => {
      setTeams(list);
      setSelected((current) => current ?? list[0]?.id ?? null);
    }, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, []);

  async function createTeam(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      const team = await post<Team>("/api/teams", { name: newName });
      setNewName("");
      setSelected(team.id);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const team = teams.find((t) => t.id === selected) ?? null;
  const canManage = !!team && (session.isAdmin || team.role === "owner");
  return (
    <div class="admin-page">
      <h1>Teams</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="toolbar">
        {teams.length > 0 && (
          <select aria-label="Team" value={selected ?? ""} onChange={(e) => setSelected(e.currentTarget.value)}>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.role ? ` (${t.role})` : ""}
              </option>
            ))}
          </select>
        )}
        {session.isAdmin && (
          <form onSubmit={createTeam} aria-label="New team">
            <input name="teamName" required value={newName} onInput={(e) => setNewName(e.currentTarget.value)} placeholder="New team's name" />
            <button type="submit" class="primary">
              Create team
            </button>
          </form>
        )}
      </div>
      {teams.length === 0 && <p class="muted">You are in no team.</p>}
      {team && (
        <div>
          {team.description && <p class="muted">{team.description}</p>}
          {canManage && (
            <p>
              <a href={`/usage/teams/${team.id}`} onClick={linkHandler(`/usage/teams/${team.id}`)}>
                The team's usage, by person, key, model and day
              </a>
            </p>
          )}
          <TeamMembers teamId={team.id} canManage={canManage} />
          {canManage && <KeyList path={`/api/teams/${team.id}/keys`} label="Team keys" />}
          <TeamLimits team={team} canEdit={session.isAdmin} onSaved={load} />
        </div>
      )}
      <KeyList path="/api/me/keys" label="My keys" teams={teams.filter((t) => t.role !== null)} />
    </div>
  );
}
