// The API's types as the app names them: aliases over the types generated from the server's
// OpenAPI document (api-types.ts, made by `npm run generate` from openapi.json; a test fails when
// either is behind the server). A few are narrowed to the closed sets of values the app relies on.
import type { components } from "./api-types";

type Schemas = components["schemas"];

export type Me = Schemas["User"];

/** GET /api/auth/session: answered 200 whether or not anyone is signed in. */
export type SessionState = Schemas["SessionResponse"];

export type Sender = Omit<Schemas["MessageSender"], "type"> & { type: "user" | "bot" };

export type MessageStatus = "complete" | "streaming" | "stopped" | "failed" | "recalled";

export type Message = Omit<Schemas["Message"], "sender" | "status"> & { sender: Sender; status: MessageStatus };

export type Attachment = Omit<Schemas["MessageAttachment"], "kind"> & { kind: "image" | "document" | "text" };

export type Source = Schemas["MessageSource"];

export type ToolStatus = "running" | "ok" | "error" | "timed-out";

export type ToolStep = Omit<Schemas["ToolStep"], "status"> & { status: ToolStatus };

export type MessagePage = Omit<Schemas["MessagePage"], "messages"> & { messages: Message[] };

export type RoomBot = Schemas["RoomBot"];

export type Room = Omit<Schemas["Room"], "kind" | "lastMessage"> & { kind: "direct" | "group"; lastMessage: Message | null };

export type Bot = Schemas["Bot"];

export type UserSummary = Schemas["UserSummary"];

export type ApiKey = Schemas["KeyResponse"];

export type CreatedKey = Schemas["CreatedKeyResponse"];

export type ProviderHealth = Omit<Schemas["ProviderHealthResponse"], "status"> & { status: "healthy" | "cooling_down" | "disabled" };

export type Provider = Omit<Schemas["ProviderResponse"], "source" | "health"> & {
  source: "configuration" | "database" | "demo";
  health: ProviderHealth;
};

export type ProviderTest = Schemas["ProviderTestResponse"];

/** `totalTokens` is always sent: a computed property, which the document lists as optional. */
export type UsageTotals = Schemas["UsageTotals"] & { totalTokens: number };

export type UsageReport = Omit<Schemas["UsageReport"], "totals" | "groups"> & {
  totals: UsageTotals;
  groups: { group: string; totals: UsageTotals }[];
};

export type ModelList = Schemas["ModelList"];

export type KnowledgeBase = Schemas["KnowledgeBase"];

export type KnowledgeDocument = Omit<Schemas["KnowledgeDocument"], "status"> & { status: "pending" | "ready" | "failed" };

export type McpServer = Schemas["McpServer"];

export type McpTool = Schemas["McpTool"];

export type BotTool = Schemas["BotTool"];
