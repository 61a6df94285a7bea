import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import type { Message, Room, ToolStep } from "./types";
import type { BudgetAlert } from "./usage/types";

/** What the hub tells the app; each handler is optional. */
export interface HubEvents {
  messageCreated(message: Message): void;
  messageDelta(roomId: string, messageId: number, text: string): void;
  toolStep(roomId: string, messageId: number, step: ToolStep): void;
  messageCompleted(message: Message): void;
  messageUpdated(message: Message): void;
  messageDeleted(roomId: string, messageId: number): void;
  typing(roomId: string, userId: string): void;
  readReceipt(roomId: string, userId: string, messageId: number): void;
  roomUpdated(room: Room): void;
  roomRemoved(roomId: string): void;
  budgetAlert(alert: BudgetAlert): void;
  connected(): void;
  disconnected(): void;
}

type Listener = Partial<HubEvents>;

/**
 * The real-time hub, /hubs/chat. The app works with REST and server-sent events alone; while
 * this is connected it also gets other people's messages, typing and read receipts live.
 */
class ChatHub {
  private connection: HubConnection | null = null;
  private listeners = new Set<Listener>();

  get connected(): boolean {
    return this.connection?.state === HubConnectionState.Connected;
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<K extends keyof HubEvents>(name: K, ...args: Parameters<HubEvents[K]>) {
    for (const listener of this.listeners) {
      const handler = listener[name] as ((...a: Parameters<HubEvents[K]>) => void) | undefined;
      handler?.(...args);
    }
  }

  async start(): Promise<void> {
    if (this.connection) return;
    const connection = new HubConnectionBuilder()
      .withUrl("/hubs/chat")
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(30000, 1000 * 2 ** Math.min(c.previousRetryCount, 5)) })
      .configureLogging(LogLevel.None)
      .build();
    this.connection = connection;
    const names: (keyof HubEvents)[] = [
      "messageCreated", "messageDelta", "toolStep", "messageCompleted", "messageUpdated", "messageDeleted",
      "typing", "readReceipt", "roomUpdated", "roomRemoved", "budgetAlert",
    ];
    for (const name of names) {
      connection.on(name, (...args: any[]) => (this.emit as any)(name, ...args));
    }
    connection.onreconnecting(() => this.emit("disconnected"));
    connection.onreconnected(async () => {
      await connection.invoke("Ready").catch(() => undefined);
      this.emit("connected");
    });
    connection.onclose(() => {
      this.emit("disconnected");
      // Automatic reconnection gave up: try again later, so a long outage still heals.
      if (this.connection === connection) setTimeout(() => this.retry(connection), 30000);
    });
    await this.retry(connection);
  }

  private async retry(connection: HubConnection) {
    if (this.connection !== connection || connection.state !== HubConnectionState.Disconnected) return;
    try {
      await connection.start();
      // The connect completes before the server has joined this connection to its rooms; from the answer on, nothing is missed.
      await connection.invoke("Ready").catch(() => undefined);
      this.emit("connected");
    } catch {
      setTimeout(() => this.retry(connection), 5000);
    }
  }

  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.stop();
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (!this.connection || !this.connected) return Promise.reject(new Error("not connected"));
    return this.connection.invoke<T>(method, ...args);
  }
}

export const hub = new ChatHub();
