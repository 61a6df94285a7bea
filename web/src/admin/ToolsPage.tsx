import { useEffect, useState } from "preact/hooks";
import { del, get, post } from "../api";
import type { McpServer, McpTool } from "../types";

/** MCP servers whose tools bots may call; which tools each bot may call is set in its settings. */
export function ToolsPage() {
  const [servers, setServers] = useState<McpServer[]>([]);
  const [tools, setTools] = useState<Record<string, McpTool[] | "loading" | string>>({});
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ name: "", url: "", bearerToken: "" });

  const load = () => get<McpServer[]>("/api/admin/mcp-servers").then(setServers, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, []);

  async function add(event: Event) {
    event.preventDefault();
    try {
      await post("/api/admin/mcp-servers", { name: draft.name.trim(), transport: "http", url: draft.url.trim(), bearerToken: draft.bearerToken || undefined });
      setAdding(false);
      setDraft({ name: "", url: "", bearerToken: "" });
      setError(null);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function listTools(server: McpServer) {
    setTools((t) => ({ ...t, [server.id]: "loading" }));
    try {
      const list = await get<McpTool[]>(`/api/admin/mcp-servers/${server.id}/tools`);
      setTools((t) => ({ ...t, [server.id]: list }));
    } catch (e) {
      setTools((t) => ({ ...t, [server.id]: (e as Error).message }));
    }
  }

  async function remove(server: McpServer) {
    if (!confirm(`Remove the MCP server ${server.name}? Bots stop calling its tools.`)) return;
    try {
      await del(`/api/admin/mcp-servers/${server.id}`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const set = (field: keyof typeof draft) => (e: Event) => setDraft({ ...draft, [field]: (e.currentTarget as HTMLInputElement).value });

  return (
    <div>
      <div class="toolbar">
        <p class="muted">MCP servers whose tools bots may call. Choose each bot's tools in its settings: a bot is offered only those.</p>
        <button type="button" class="primary" onClick={() => setAdding(!adding)}>
          Add MCP server
        </button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {adding && (
        <form class="panel form-grid" onSubmit={add} aria-label="Add MCP server">
          <h2>Add an MCP server</h2>
          <label>
            Name
            <input name="name" required value={draft.name} onInput={set("name")} placeholder="calendar" />
          </label>
          <label>
            URL (Streamable HTTP)
            <input name="url" required type="url" value={draft.url} onInput={set("url")} placeholder="https://mcp.example.com/mcp" />
          </label>
          <label>
            Bearer token
            <input name="bearerToken" type="password" value={draft.bearerToken} onInput={set("bearerToken")} autocomplete="off" placeholder="stored encrypted, never shown" />
          </label>
          <div class="dialog-actions wide">
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
            <button type="submit" class="primary">
              Add
            </button>
          </div>
        </form>
      )}
      {servers.length === 0 && !adding && <p class="muted">No MCP servers yet.</p>}
      <div class="cards">
        {servers.map((s) => {
          const listed = tools[s.id];
          return (
            <article class="panel mcp-server" key={s.id} data-mcp-server={s.name}>
              <header>
                <h2>{s.name}</h2>
                <button type="button" class="link danger" onClick={() => remove(s)}>
                  Remove
                </button>
              </header>
              <dl>
                <dt>{s.transport === "stdio" ? "Command" : "URL"}</dt>
                <dd>{s.transport === "stdio" ? [s.command, ...(s.arguments ?? [])].join(" ") : s.url}</dd>
                <dt>Secrets</dt>
                <dd>{s.hasBearerToken || s.hasHeaders ? [s.hasBearerToken && "a bearer token", s.hasHeaders && "headers"].filter(Boolean).join(" and ") : "none"}</dd>
                <dt>State</dt>
                <dd>{s.enabled ? "enabled" : "disabled"}</dd>
              </dl>
              <button type="button" onClick={() => listTools(s)} disabled={listed === "loading"}>
                {listed === "loading" ? "Asking…" : "Show tools"}
              </button>
              {typeof listed === "string" && listed !== "loading" && <p class="error-text">{listed}</p>}
              {Array.isArray(listed) && (
                <ul class="tool-list">
                  {listed.map((t) => (
                    <li key={t.name}>
                      <code>{t.name}</code> <span class="muted small">{t.description}</span>
                    </li>
                  ))}
                </ul>
              )}
            </article>
          );
        })}
      </div>
    </div>
  );
}
