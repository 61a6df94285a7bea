import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, get, patch, post } from "../api";
import { hub } from "../hub";
import { handleCopyClick } from "../markdown";
import { linkHandler } from "../router";
import { postStream } from "../sse";
import { newId, roomTitle, useSession } from "../session";
import type { Message, MessagePage, Room, ToolStep } from "../types";
import { MessageItem } from "./MessageItem";
import { Composer } from "./Composer";

const PageSize = 50;

export function ChatView({ roomId }: { roomId: string }) {
  const session = useSession();
  const { me } = session;
  const [room, setRoom] = useState<Room | null>(() => session.rooms.find((r) => r.id === roomId) ?? null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  // Files dropped anywhere on the conversation go to the composer.
  const addFiles = useRef<((files: File[]) => void) | null>(null);
  const onComposerReady = useCallback((add: (files: File[]) => void) => {
    addFiles.current = add;
  }, []);
  const [dragging, setDragging] = useState(false);
  const [editing, setEditing] = useState<Message | null>(null);
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [readBy, setReadBy] = useState<Record<string, number>>({});
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const loadingOlder = useRef(false);
  const scrollRestore = useRef<number | null>(null);
  const sseIds = useRef(new Set<number>());
  const lastMarked = useRef(0);

  const upsert = useCallback((incoming: Message[]) => {
    setMessages((list) => {
      const byId = new Map(list.map((m) => [m.id, m]));
      for (const m of incoming) byId.set(m.id, m);
      return [...byId.values()].sort((a, b) => a.id - b.id);
    });
  }, []);
  // A tool call of a reply, as it starts and again as it ends: the later one replaces the earlier.
  const putStep = useCallback((messageId: number, step: ToolStep) => {
    setMessages((list) =>
      list.map((m) =>
        m.id === messageId ? { ...m, toolSteps: [...(m.toolSteps ?? []).filter((s) => s.index !== step.index), step].sort((a, b) => a.index - b.index) } : m,
      ),
    );
  }, []);
  const appendDelta = useCallback((messageId: number, text: string) => {
    setMessages((list) => list.map((m) => (m.id === messageId ? { ...m, text: m.text + text, status: "streaming" } : m)));
  }, []);

  // The room and its newest page.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const [r, page] = await Promise.all([get<Room>(`/api/rooms/${roomId}`), get<MessagePage>(`/api/rooms/${roomId}/messages?limit=${PageSize}`)]);
        if (cancelled) return;
        setRoom(r);
        // Merged, not replaced: a message sent (or received live) while the page was on its way is
        // newer than the page and stays.
        setMessages((list) => {
          const byId = new Map(page.messages.map((m) => [m.id, m]));
          for (const m of list) byId.set(m.id, m);
          return [...byId.values()].sort((a, b) => a.id - b.id);
        });
        setHasMore(page.hasMore);
        setLoaded(true);
      } catch (e) {
        if (!cancelled) setLoadError((e as Error).message);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [roomId]);

  const room_ = room ?? session.rooms.find((r) => r.id === roomId) ?? null;
  useEffect(() => {
    const fresh = session.rooms.find((r) => r.id === roomId);
    if (fresh) setRoom((r) => (r && r.lastActivityAt === fresh.lastActivityAt && r.title === fresh.title && r.bots.length === fresh.bots.length && r.members.length === fresh.members.length ? r : fresh));
  }, [session.rooms]);

  // Live updates of this room from the hub.
  useEffect(() => {
    const mine = (id: string) => id === roomId;
    return hub.on({
      messageCreated: (m) => mine(m.roomId) && upsert([m]),
      messageDelta: (rid, id, text) => {
        if (mine(rid) && !sseIds.current.has(id)) appendDelta(id, text);
      },
      toolStep: (rid, id, step) => {
        if (mine(rid) && !sseIds.current.has(id)) putStep(id, step);
      },
      messageCompleted: (m) => mine(m.roomId) && upsert([m]),
      messageUpdated: (m) => mine(m.roomId) && upsert([m]),
      messageDeleted: (rid, id) => {
        if (mine(rid)) setMessages((list) => list.map((m) => (m.id === id ? { ...m, status: "recalled", text: "" } : m)));
      },
      typing: (rid, userId) => {
        if (mine(rid) && userId !== me.id) setTyping((t) => ({ ...t, [userId]: Date.now() }));
      },
      readReceipt: (rid, userId, messageId) => {
        if (mine(rid) && userId !== me.id) setReadBy((r) => ({ ...r, [userId]: Math.max(r[userId] ?? 0, messageId) }));
      },
      roomUpdated: (r) => {
        if (mine(r.id)) setRoom(r);
      },
      // After a dropped connection, catch up on what was missed.
      connected: async () => {
        try {
          const page = await get<MessagePage>(`/api/rooms/${roomId}/messages?limit=${PageSize}`);
          upsert(page.messages);
        } catch {
          // The next event or reload tries again.
        }
      },
    });
  }, [roomId]);

  // Typing indicators fade after a few seconds without news.
  useEffect(() => {
    if (Object.keys(typing).length === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTyping((t) => {
        const kept = Object.fromEntries(Object.entries(t).filter(([, at]) => now - at < 4000));
        return Object.keys(kept).length === Object.keys(t).length ? t : kept;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typing]);

  // Reading: what is shown in a visible page counts as read.
  const newestId = messages.length > 0 ? messages[messages.length - 1].id : 0;
  useEffect(() => {
    const mark = () => {
      if (!newestId || newestId <= lastMarked.current || document.visibilityState !== "visible") return;
      lastMarked.current = newestId;
      session.markRoomRead(roomId);
      const done = hub.connected ? hub.invoke("MarkRead", roomId, newestId) : post(`/api/rooms/${roomId}/read`, { messageId: newestId });
      done.catch(() => (lastMarked.current = 0));
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [newestId, roomId]);

  // Scrolling: stay at the bottom while there, keep the place when older messages come in above.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (scrollRestore.current !== null) {
      list.scrollTop = list.scrollHeight - scrollRestore.current;
      scrollRestore.current = null;
    } else if (stickToBottom.current) {
      list.scrollTop = list.scrollHeight;
    }
  }, [messages, typing]);

  async function loadOlder() {
    if (loadingOlder.current || !hasMore || messages.length === 0) return;
    loadingOlder.current = true;
    try {
      const page = await get<MessagePage>(`/api/rooms/${roomId}/messages?before=${messages[0].id}&limit=${PageSize}`);
      scrollRestore.current = listRef.current ? listRef.current.scrollHeight - listRef.current.scrollTop : null;
      upsert(page.messages);
      setHasMore(page.hasMore);
    } catch (e) {
      setLoadError((e as Error).message);
    } finally {
      loadingOlder.current = false;
    }
  }

  function onScroll() {
    const list = listRef.current!;
    stickToBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    if (list.scrollTop < 120) loadOlder();
  }

  /** Follows a send or regeneration answered with server-sent events (when the hub is not connected). */
  const follow = useCallback(
    (event: string, data: any) => {
      switch (event) {
        case "message":
          upsert([data]);
          break;
        case "reply":
          sseIds.current.add(data.id);
          upsert([data]);
          break;
        case "delta":
          appendDelta(data.messageId, data.text);
          break;
        case "step":
          putStep(data.messageId, data.step);
          break;
        case "completed":
          sseIds.current.delete(data.id);
          upsert([data]);
          break;
      }
    },
    [upsert, appendDelta, putStep],
  );

  async function send(text: string, attachmentIds: string[] = []): Promise<boolean> {
    setSendError(null);
    stickToBottom.current = true;
    if (editing) {
      try {
        const edited = await patch<Message>(`/api/rooms/${roomId}/messages/${editing.id}`, { text });
        upsert([edited]);
        setEditing(null);
        if (!hub.connected) refreshUntilSettled();
        return true;
      } catch (e) {
        setSendError((e as Error).message);
        return false;
      }
    }
    const clientMessageId = newId();
    try {
      if (hub.connected) {
        upsert([
          attachmentIds.length > 0
            ? await hub.invoke<Message>("SendMessageWithAttachments", roomId, text, clientMessageId, null, attachmentIds)
            : await hub.invoke<Message>("SendMessage", roomId, text, clientMessageId, null),
        ]);
      } else {
        await postStream(`/api/rooms/${roomId}/messages?stream=true`, attachmentIds.length > 0 ? { text, clientMessageId, attachmentIds } : { text, clientMessageId }, follow);
        session.reloadRooms();
      }
      return true;
    } catch (e) {
      setSendError(describe(e));
      return false;
    }
  }

  async function stop(message: Message) {
    try {
      const stopped = hub.connected
        ? await hub.invoke<Message>("StopReply", roomId, message.id)
        : await post<Message>(`/api/rooms/${roomId}/messages/${message.id}/stop`);
      sseIds.current.delete(message.id);
      upsert([stopped]);
    } catch (e) {
      setSendError(describe(e));
    }
  }

  async function regenerate(message: Message) {
    setSendError(null);
    stickToBottom.current = true;
    upsert([{ ...message, text: "", status: "streaming", error: null }]);
    try {
      if (hub.connected) {
        upsert([await post<Message>(`/api/rooms/${roomId}/messages/${message.id}/regenerate`)]);
      } else {
        sseIds.current.add(message.id);
        await postStream(`/api/rooms/${roomId}/messages/${message.id}/regenerate?stream=true`, {}, follow);
        session.reloadRooms();
      }
    } catch (e) {
      upsert([message]);
      setSendError(describe(e));
    }
  }

  /** Without the hub, the replies an edit starts are seen by reading the newest page until they end. */
  async function refreshUntilSettled() {
    const deadline = Date.now() + 120000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 600));
      try {
        const page = await get<MessagePage>(`/api/rooms/${roomId}/messages?limit=${PageSize}`);
        upsert(page.messages);
        if (!page.messages.some((m) => m.status === "streaming")) {
          session.reloadRooms();
          return;
        }
      } catch {
        return;
      }
    }
  }

  const lastTypingSent = useRef(0);
  function onTyping() {
    if (!hub.connected || room_?.kind !== "group") return;
    const now = Date.now();
    if (now - lastTypingSent.current < 2500) return;
    lastTypingSent.current = now;
    hub.invoke("Typing", roomId).catch(() => {});
  }

  const names = useMemo(() => new Map((room_?.members ?? []).map((m) => [m.userId, m.name])), [room_]);
  const typingNames = Object.keys(typing).map((id) => names.get(id) ?? "Someone");
  const streaming = messages.filter((m) => m.status === "streaming");
  const lastBotReply = [...messages].reverse().find((m) => m.sender.type === "bot");
  const lastPersonMessage = [...messages].reverse().find((m) => m.sender.type === "user" && m.status !== "recalled");
  const editable = lastPersonMessage && lastPersonMessage.sender.id === me.id ? lastPersonMessage : null;
  const isGroup = room_?.kind === "group";

  const readers = (messageId: number) =>
    isGroup
      ? Object.entries(readBy)
          .filter(([, id]) => id === messageId)
          .map(([userId]) => names.get(userId) ?? "Someone")
      : [];

  if (loadError && !loaded) {
    return (
      <section class="chat">
        <ChatHeader title="Room" />
        <p class="error pad" role="alert">
          {loadError}
        </p>
      </section>
    );
  }

  return (
    <section
      class={`chat ${dragging ? "dragging" : ""}`}
      aria-label="Conversation"
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes("Files")) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        const dropped = [...(e.dataTransfer?.files ?? [])];
        setDragging(false);
        if (dropped.length === 0) return;
        e.preventDefault();
        addFiles.current?.(dropped);
      }}
    >
      <ChatHeader
        title={room_ ? roomTitle(room_, me.id) : "…"}
        subtitle={
          room_
            ? isGroup
              ? `${room_.members.length} people · ${room_.bots.map((b) => "@" + b.handle).join(" ") || "no bots"}`
              : room_.bots.map((b) => `@${b.handle} · ${b.model}`).join(", ")
            : ""
        }
      />
      <div class="messages" ref={listRef} onScroll={onScroll} onClick={(e) => handleCopyClick(e as unknown as MouseEvent)} aria-live="polite">
        {hasMore && (
          <button type="button" class="load-older" onClick={loadOlder}>
            Load older messages
          </button>
        )}
        {loaded && messages.length === 0 && (
          <p class="muted empty">{isGroup ? "Say hello. Mention a bot with @ to ask it something." : "Ask anything."}</p>
        )}
        {messages.map((m) => (
          <MessageItem
            key={m.id}
            message={m}
            mine={m.sender.type === "user" && m.sender.id === me.id}
            showSender={isGroup || m.sender.type === "bot"}
            canRegenerate={m === lastBotReply && m.status !== "streaming"}
            canEdit={m === editable && streaming.length === 0}
            readers={readers(m.id)}
            onStop={() => stop(m)}
            onRegenerate={() => regenerate(m)}
            onEdit={() => setEditing(m)}
          />
        ))}
        {typingNames.length > 0 && (
          <p class="typing" aria-live="polite">
            {typingNames.join(", ")} {typingNames.length === 1 ? "is" : "are"} typing…
          </p>
        )}
      </div>
      {sendError && (
        <p class="error send-error" role="alert">
          {sendError}
        </p>
      )}
      <Composer
        key={editing?.id ?? "new"}
        roomId={roomId}
        onReady={onComposerReady}
        initial={editing?.text ?? ""}
        editing={editing !== null}
        streaming={streaming.length > 0}
        onStop={() => streaming.forEach((m) => stop(m))}
        onCancelEdit={() => setEditing(null)}
        onSend={send}
        onTyping={onTyping}
        placeholder={isGroup ? "Message the group — @handle asks a bot" : "Message"}
      />
    </section>
  );
}

function ChatHeader({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <header class="chat-head">
      <a class="back" href="/" onClick={linkHandler("/")} aria-label="Back to rooms">
        ‹
      </a>
      <div>
        <h1>{title}</h1>
        {subtitle && <p class="muted small">{subtitle}</p>}
      </div>
    </header>
  );
}

function describe(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  const text = (e as Error)?.message ?? String(e);
  // Hub refusals arrive as "An unexpected error occurred invoking 'SendMessage' on the server. HubException: <why>".
  const why = text.split("HubException:")[1];
  return (why ?? text).trim();
}
