import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { get, post, whenSignedOut } from "../api";
import { hub } from "../hub";
import { navigate, useRoute } from "../router";
import { SessionContext, sortRooms, type Session } from "../session";
import type { Bot, Me, Room, SessionState } from "../types";
import { AuthPage } from "./AuthPage";
import { Sidebar } from "./Sidebar";
import { ChatView } from "./ChatView";
import { Home } from "./Home";
import { AdminPage } from "../admin/AdminPage";
import { BudgetToasts } from "../usage/BudgetToasts";
import { MyUsagePage } from "../usage/MyUsagePage";
import { TeamUsagePage } from "../usage/TeamUsagePage";
import { TeamsPage } from "../teams/TeamsPage";

export function App() {
  const route = useRoute();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    whenSignedOut(() => setMe(null));
    // Whether anyone is signed in: a visitor gets 200 here, where /api/me answers 401 (a console error on every signed-out load).
    get<SessionState>("/api/auth/session").then((session) => setMe(session.signedIn ? session.user : null), () => setMe(null));
  }, []);

  useEffect(() => {
    if (me === null && route.name !== "signin" && route.name !== "signup") navigate("/signin", true);
    if (me && (route.name === "signin" || route.name === "signup")) navigate("/", true);
  }, [me, route.name]);

  if (me === undefined) return <div class="splash" aria-busy="true">Warbler</div>;
  if (me === null) {
    return <AuthPage mode={route.name === "signup" ? "signup" : "signin"} onSignedIn={setMe} />;
  }
  return <SignedIn me={me} onSignedOut={() => setMe(null)} />;
}

function SignedIn({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const route = useRoute();
  const [rooms, setRooms] = useState<Room[]>([]);
  const [bots, setBots] = useState<Bot[]>([]);
  const [live, setLive] = useState(false);
  const openRoomId = route.name === "room" ? route.id : null;
  const openRoomRef = useRef(openRoomId);
  openRoomRef.current = openRoomId;

  const reloadRooms = useCallback(async () => {
    try {
      const list = await get<Room[]>("/api/rooms?limit=200");
      setRooms(sortRooms(list));
    } catch {
      // The list stays as it was; the next reload tries again.
    }
  }, []);
  const reloadBots = useCallback(async () => {
    try {
      setBots(await get<Bot[]>("/api/bots"));
    } catch {
      // As above.
    }
  }, []);

  const upsertRoom = useCallback((room: Room) => {
    setRooms((list) => {
      const old = list.find((r) => r.id === room.id);
      const merged = { ...room, unreadCount: room.id === openRoomRef.current ? 0 : old ? old.unreadCount : room.unreadCount };
      return sortRooms([merged, ...list.filter((r) => r.id !== room.id)]);
    });
  }, []);

  const markRoomRead = useCallback((roomId: string) => {
    setRooms((list) => list.map((r) => (r.id === roomId && r.unreadCount > 0 ? { ...r, unreadCount: 0 } : r)));
  }, []);

  useEffect(() => {
    reloadRooms();
    reloadBots();
    const off = hub.on({
      connected: () => {
        setLive(true);
        reloadRooms();
      },
      disconnected: () => setLive(false),
      roomUpdated: (room) => upsertRoom(room),
      roomRemoved: (roomId) => setRooms((list) => list.filter((r) => r.id !== roomId)),
      messageCreated: (message) =>
        setRooms((list) => {
          const room = list.find((r) => r.id === message.roomId);
          if (!room) {
            reloadRooms();
            return list;
          }
          const mine = message.sender.type === "user" && message.sender.id === me.id;
          const open = message.roomId === openRoomRef.current && document.visibilityState === "visible";
          const updated: Room = {
            ...room,
            lastMessage: message,
            lastActivityAt: message.createdAt > room.lastActivityAt ? message.createdAt : room.lastActivityAt,
            unreadCount: mine || open ? room.unreadCount : room.unreadCount + 1,
          };
          return sortRooms([updated, ...list.filter((r) => r.id !== room.id)]);
        }),
      messageCompleted: (message) =>
        setRooms((list) => list.map((r) => (r.id === message.roomId && r.lastMessage?.id === message.id ? { ...r, lastMessage: message } : r))),
    });
    hub.start();
    return () => {
      off();
      hub.stop();
    };
  }, [me.id]);

  // Without the hub, the room list is refreshed now and then instead.
  useEffect(() => {
    if (live) return;
    const timer = setInterval(reloadRooms, 15000);
    return () => clearInterval(timer);
  }, [live]);

  const signOut = useCallback(async () => {
    await hub.stop();
    try {
      await post("/api/auth/logout");
    } finally {
      onSignedOut();
      navigate("/signin");
    }
  }, []);

  const session: Session = useMemo(
    () => ({ me, isAdmin: me.roles.includes("admin"), rooms, bots, live, openRoomId, reloadRooms, reloadBots, upsertRoom, markRoomRead, signOut }),
    [me, rooms, bots, live, openRoomId],
  );

  const showingContent = route.name !== "home";
  return (
    <SessionContext.Provider value={session}>
      <div class={`layout ${showingContent ? "showing-content" : "showing-list"}`}>
        <Sidebar />
        <main class="content">
          {route.name === "room" ? (
            <ChatView key={route.id} roomId={route.id} />
          ) : route.name === "admin" ? (
            <AdminPage page={route.page} />
          ) : route.name === "usage" ? (
            <MyUsagePage />
          ) : route.name === "team-usage" ? (
            <TeamUsagePage key={route.id} teamId={route.id} />
          ) : route.name === "teams" ? (
            <TeamsPage />
          ) : (
            <Home />
          )}
        </main>
        <BudgetToasts />
      </div>
    </SessionContext.Provider>
  );
}
