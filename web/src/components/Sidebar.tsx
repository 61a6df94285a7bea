import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { linkHandler, navigate } from "../router";
import { roomTitle, useSession } from "../session";
import { useTheme } from "../theme";
import type { Room } from "../types";
import { NewRoomDialog } from "./NewRoomDialog";

export function Sidebar() {
  const session = useSession();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Room[] | null>(null);
  const [dialog, setDialog] = useState<"direct" | "group" | null>(null);
  const [theme, nextTheme] = useTheme();

  // Titles are searched on the server, so rooms beyond the loaded list are found too.
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setFound(null);
      return;
    }
    const timer = setTimeout(async () => {
      try {
        setFound(await get<Room[]>(`/api/rooms?q=${encodeURIComponent(q)}&limit=100`));
      } catch {
        setFound([]);
      }
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  const rooms = found ?? session.rooms;
  const adminLinks: [string, string][] = [
    ["/admin/usage", "Usage"],
    ["/admin/keys", "API keys"],
    ["/admin/providers", "Providers"],
    ["/admin/bots", "Bots"],
    ["/admin/knowledge", "Knowledge"],
    ["/admin/tools", "Tools"],
  ];

  return (
    <aside class="sidebar" aria-label="Rooms">
      <div class="sidebar-head">
        <a class="brand" href="/" onClick={linkHandler("/")}>
          <img src="/favicon.svg" alt="" width={26} height={26} />
          <span>Warbler</span>
        </a>
        <span class={`live-dot ${session.live ? "on" : ""}`} title={session.live ? "Live updates on" : "Live updates off: refreshing now and then"} />
      </div>
      <div class="sidebar-actions">
        <button type="button" class="primary" onClick={() => setDialog("direct")}>
          + New chat
        </button>
        <button type="button" onClick={() => setDialog("group")}>
          New group
        </button>
      </div>
      <input
        class="search"
        type="search"
        placeholder="Search rooms by title"
        aria-label="Search rooms by title"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <nav class="room-list">
        {rooms.length === 0 && <p class="muted pad">{found ? "No room has that in its title." : "No conversations yet. Start one with New chat."}</p>}
        {rooms.map((room) => (
          <a
            key={room.id}
            href={`/rooms/${room.id}`}
            onClick={linkHandler(`/rooms/${room.id}`)}
            class={`room-item ${room.id === session.openRoomId ? "active" : ""}`}
            data-room-id={room.id}
          >
            <span class={`room-icon ${room.kind}`} aria-hidden="true">
              {room.kind === "group" ? "#" : (room.bots[0]?.name ?? "?").slice(0, 1).toUpperCase()}
            </span>
            <span class="room-text">
              <span class="room-title">{roomTitle(room, session.me.id)}</span>
              <span class="room-last">{preview(room)}</span>
            </span>
            {room.unreadCount > 0 && room.id !== session.openRoomId && (
              <span class="badge" aria-label={`${room.unreadCount} unread`}>
                {room.unreadCount > 99 ? "99+" : room.unreadCount}
              </span>
            )}
          </a>
        ))}
      </nav>
      <div class="sidebar-foot">
        <nav class="admin-links" aria-label="Teams">
          <a href="/teams" onClick={linkHandler("/teams")} class={location.pathname === "/teams" ? "active" : ""}>
            Teams and keys
          </a>
        </nav>
        {session.isAdmin && (
          <nav class="admin-links" aria-label="Administration">
            {adminLinks.map(([href, label]) => (
              <a key={href} href={href} onClick={linkHandler(href)} class={location.pathname === href ? "active" : ""}>
                {label}
              </a>
            ))}
          </nav>
        )}
        <a href="/usage" onClick={linkHandler("/usage")} class={`my-usage-link ${location.pathname === "/usage" ? "active" : ""}`}>
          My usage
        </a>
        <div class="me-row">
          {session.me.avatarUrl && <img class="avatar" src={session.me.avatarUrl} alt="" width={24} height={24} referrerpolicy="no-referrer" />}
          <span class="me-name" title={session.me.email ?? undefined}>
            {session.me.displayName}
          </span>
          <button type="button" class="icon" onClick={nextTheme} aria-label={`Theme: ${theme}`} title={`Theme: ${theme} (click to change)`}>
            {theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}
          </button>
          <button type="button" class="link" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </div>
      {dialog && (
        <NewRoomDialog
          kind={dialog}
          onClose={() => setDialog(null)}
          onCreated={(room) => {
            setDialog(null);
            session.upsertRoom(room);
            navigate(`/rooms/${room.id}`);
          }}
        />
      )}
    </aside>
  );
}

function preview(room: Room): string {
  const last = room.lastMessage;
  if (!last) return room.kind === "group" ? `${room.members.length} people, ${room.bots.length} bots` : "New conversation";
  if (last.status === "recalled") return "Message recalled";
  if (last.status === "streaming" && !last.text) return `${last.sender.name} is writing…`;
  const text = last.text.replace(/\s+/g, " ").slice(0, 80);
  return room.kind === "group" ? `${last.sender.name}: ${text}` : text;
}
