import { useEffect, useState } from "preact/hooks";
import { del, get, patch, post } from "../api";
import type { TeamMember } from "./types";

/** A team's members; owners and admins add them by email, change their role and remove them. */
export function TeamMembers({ teamId, canManage }: { teamId: string; canManage: boolean }) {
  const [members, setMembers] = useState<TeamMember[]>([]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("member");
  const [error, setError] = useState<string | null>(null);
  const path = `/api/teams/${teamId}/members`;

  const load = () => get<TeamMember[]>(path).then(setMembers, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, [teamId]);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function add(event: Event) {
    event.preventDefault();
    await run(async () => {
      await post(path, { email, role });
      setEmail("");
    });
  }

  return (
    <section aria-label="Members">
      <h2>Members</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {canManage && (
        <form class="toolbar" onSubmit={add} aria-label="Add a member">
          <input name="memberEmail" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} placeholder="Email" />
          <select name="memberRole" value={role} onChange={(e) => setRole(e.currentTarget.value)} aria-label="Role">
            <option value="member">Member</option>
            <option value="owner">Owner</option>
          </select>
          <button type="submit" class="primary">
            Add
          </button>
        </form>
      )}
      <table class="list">
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>{m.displayName}</td>
              <td class="muted">{m.email}</td>
              <td>
                {canManage ? (
                  <select value={m.role} aria-label={`Role of ${m.displayName}`} onChange={(e) => {
                      const value = e.currentTarget.value;
                      run(() => patch(`${path}/${m.userId}`, { role: value }));
                    }}>
                    <option value="member">Member</option>
                    <option value="owner">Owner</option>
                  </select>
                ) : (
                  m.role
                )}
              </td>
              <td>
                {canManage && (
                  <button type="button" class="link danger" onClick={() => confirm(`Remove ${m.displayName} from the team?`) && run(() => del(`${path}/${m.userId}`))}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
