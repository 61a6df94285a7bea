export interface Me {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
}

/** GET /api/auth/session: answered 200 whether or not anyone is signed in. */
export interface SessionState {
  signedIn: boolean;
  user: Me | null;
}

export interface Sender {
  type: "user" | "bot";
  id: string;
  name: string;
}

export type MessageStatus = "complete" | "streaming" | "stopped" | "failed" | "recalled";

export interface Message {
  id: number;
  roomId: string;
  sender: Sender;
  text: string;
  clientMessageId: string | null;
  replyTo: number | null;
  status: MessageStatus;
  error: string | null;
  createdAt: string;
  editedAt: string | null;
  version: number;
  model: string | null;
  usage: { promptTokens: number; completionTokens: number; estimated: boolean } | null;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface RoomBot {
  id: string;
  handle: string;
  name: string;
  model: string;
  instructions: string | null;
}

export interface Room {
  id: string;
  kind: "direct" | "group";
  title: string | null;
  ownerId: string;
  createdAt: string;
  lastActivityAt: string;
  members: { userId: string; name: string }[];
  bots: RoomBot[];
  lastMessage: Message | null;
  unreadCount: number;
}

export interface Bot {
  id: string;
  name: string;
  handle: string;
  model: string;
  systemPrompt: string;
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
  frequencyPenalty: number | null;
  presencePenalty: number | null;
  contextBudget: number;
  createdAt: string;
  updatedAt: string;
}

export interface UserSummary {
  id: string;
  displayName: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  models: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  maxConcurrentRequests: number | null;
  tokenBudget: number | null;
  dailyTokenBudget: number | null;
  monthlyTokenBudget: number | null;
  costBudget: number | null;
  dailyCostBudget: number | null;
  monthlyCostBudget: number | null;
}

export interface CreatedKey extends ApiKey {
  key: string;
}

export interface ProviderHealth {
  status: "healthy" | "cooling_down" | "disabled";
  lastError: string | null;
  lastErrorAt: string | null;
  coolingDownUntil: string | null;
}

export interface Provider {
  name: string;
  kind: string;
  baseUrl: string;
  models: string[];
  priority: number;
  weight: number;
  source: "configuration" | "database" | "demo";
  enabled: boolean;
  hasApiKey: boolean;
  health: ProviderHealth;
}

export interface ProviderTest {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  models: number | null;
  error: string | null;
}

export interface UsageTotals {
  requests: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  estimatedRequests: number;
  cost: number;
  totalTokens: number;
}

export interface UsageReport {
  from: string;
  to: string;
  groupBy: string | null;
  totals: UsageTotals;
  groups: { group: string; totals: UsageTotals }[];
}

export interface ModelList {
  data: { id: string; owned_by: string }[];
}
