import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api";
import { useSession } from "../session";
import type { Room, UserSummary } from "../types";
import { Dialog } from "./Dialog";

/** New chat: pick a bot. New group: a title, people (found by email or name) and bots. */
export function NewRoomDialog({ kind, onClose, onCreated }: { kind: "direct" | "group"; onClose: () => void; onCreated: (room: Room) => void }) {
  const session = useSession();
  const [title, setTitle] = useState("");
  const [bots, setBots] = useState<string[]>([]);
  const [people, setPeople] = useState<UserSummary[]>([]);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<UserSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (session.bots.length === 0) session.reloadBots();
  }, []);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setFound([]);
      return;
    }
    const timer = setTimeout(async () => {
      try {
        setFound(await get<UserSummary[]>(`/api/users?q=${encodeURIComponent(q)}`));
      } catch (e) {
        setError((e as Error).message);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [query]);

  async function create(botIds: string[]) {
    setBusy(true);
    setError(null);
    try {
      const body =
        kind === "direct"
          ? { kind, bots: botIds }
          : { kind, title: title.trim() || null, members: people.map((p) => p.id), bots: botIds };
      onCreated(await post<Room>("/api/rooms", body));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (kind === "direct") {
    return (
      <Dialog title="New chat" onClose={onClose}>
        <p class="muted">Who do you want to talk to?</p>
        <div class="bot-grid">
          {session.bots.map((bot) => (
            <button type="button" key={bot.id} class="bot-card" disabled={busy} onClick={() => create([bot.id])} data-bot-handle={bot.handle}>
              <span class="room-icon direct">{bot.name.slice(0, 1).toUpperCase()}</span>
              <span>
                <strong>{bot.name}</strong>
                <span class="muted small">
                  @{bot.handle} · {bot.model}
                </span>
              </span>
            </button>
          ))}
          {session.bots.length === 0 && <p class="muted">No bots yet. An admin can add one under Bots.</p>}
        </div>
        {error && <p class="error" role="alert">{error}</p>}
      </Dialog>
    );
  }

  return (
    <Dialog title="New group" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create(bots);
        }}
      >
        <label>
          Title
          <input name="title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} placeholder="What is this group about?" />
        </label>
        <label>
          Add people
          <input
            name="people"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            placeholder="Their email, or part of their name"
            autocomplete="off"
          />
        </label>
        {found.length > 0 && (
          <ul class="pick-list" aria-label="People found">
            {found.map((user) => (
              <li key={user.id}>
                <button
                  type="button"
                  disabled={people.some((p) => p.id === user.id)}
                  onClick={() => {
                    setPeople([...people, user]);
                    setQuery("");
                  }}
                >
                  + {user.displayName}
                </button>
              </li>
            ))}
          </ul>
        )}
        {people.length > 0 && (
          <div class="chips" aria-label="People in the group">
            {people.map((p) => (
              <span class="chip" key={p.id}>
                {p.displayName}
                <button type="button" aria-label={`Remove ${p.displayName}`} onClick={() => setPeople(people.filter((x) => x.id !== p.id))}>
                  ×
                </button>
              </span>
            ))}
          </div>
        )}
        <fieldset class="bots-pick">
          <legend>Bots</legend>
          {session.bots.map((bot) => (
            <label key={bot.id} class="check">
              <input
                type="checkbox"
                name="bot"
                value={bot.handle}
                checked={bots.includes(bot.id)}
                onChange={(e) => setBots(e.currentTarget.checked ? [...bots, bot.id] : bots.filter((b) => b !== bot.id))}
              />
              {bot.name} <span class="muted small">@{bot.handle}</span>
            </label>
          ))}
        </fieldset>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            Create group
          </button>
        </div>
      </form>
    </Dialog>
  );
}
