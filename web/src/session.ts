import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Bot, Me, Room } from "./types";

/** What every screen may need: who is signed in, their rooms and the bots. */
export interface Session {
  me: Me;
  isAdmin: boolean;
  rooms: Room[];
  bots: Bot[];
  live: boolean;
  openRoomId: string | null;
  reloadRooms(): Promise<void>;
  reloadBots(): Promise<void>;
  upsertRoom(room: Room): void;
  markRoomRead(roomId: string): void;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("No session");
  return session;
}

export function roomTitle(room: Room, myId: string): string {
  if (room.title) return room.title;
  const others = room.members.filter((m) => m.userId !== myId).map((m) => m.name);
  const names = [...room.bots.map((b) => b.name), ...others];
  return names.length > 0 ? names.join(", ") : "Just you";
}

export function newId(): string {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export function sortRooms(rooms: Room[]): Room[] {
  return [...rooms].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}
