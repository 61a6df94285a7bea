import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import type { BotTool, KnowledgeBase, McpServer, McpTool } from "../types";

export interface Abilities {
  knowledgeBaseIds: string[];
  tools: { serverId: string; tool: string }[];
}

/**
 * What a bot knows and may do: its knowledge bases and the tools it may call, chosen from those the
 * admin pages hold. Reports each change; the bot's form saves them with the rest.
 */
export function BotAbilities({ botId, onChange }: { botId: string; onChange: (abilities: Abilities) => void }) {
  const [bases, setBases] = useState<KnowledgeBase[]>([]);
  const [offered, setOffered] = useState<{ server: McpServer; tools: McpTool[] | string }[]>([]);
  const [chosen, setChosen] = useState<Abilities | null>(null);

  useEffect(() => {
    (async () => {
      const [allBases, mine, servers, myTools] = await Promise.all([
        get<KnowledgeBase[]>("/api/admin/knowledge-bases"),
        get<KnowledgeBase[]>(`/api/bots/${botId}/knowledge-bases`),
        get<McpServer[]>("/api/admin/mcp-servers"),
        get<BotTool[]>(`/api/bots/${botId}/tools`),
      ]);
      setBases(allBases);
      setChosen({ knowledgeBaseIds: mine.map((b) => b.id), tools: myTools.map((t) => ({ serverId: t.serverId, tool: t.tool })) });
      setOffered(
        await Promise.all(
          servers
            .filter((s) => s.enabled)
            .map(async (server) => ({
              server,
              tools: await get<McpTool[]>(`/api/admin/mcp-servers/${server.id}/tools`).catch((e) => (e as Error).message),
            })),
        ),
      );
    })().catch(() => setChosen({ knowledgeBaseIds: [], tools: [] }));
  }, [botId]);

  if (!chosen) return <p class="muted wide">Loading its knowledge and tools…</p>;

  function update(next: Abilities) {
    setChosen(next);
    onChange(next);
  }

  const hasTool = (serverId: string, tool: string) => chosen.tools.some((t) => t.serverId === serverId && t.tool === tool);
  const toggleTool = (serverId: string, tool: string) =>
    update({ ...chosen, tools: hasTool(serverId, tool) ? chosen.tools.filter((t) => !(t.serverId === serverId && t.tool === tool)) : [...chosen.tools, { serverId, tool }] });
  const toggleBase = (id: string) =>
    update({ ...chosen, knowledgeBaseIds: chosen.knowledgeBaseIds.includes(id) ? chosen.knowledgeBaseIds.filter((k) => k !== id) : [...chosen.knowledgeBaseIds, id] });

  return (
    <>
      <fieldset class="wide abilities" aria-label="Knowledge bases">
        <legend>Knowledge bases</legend>
        {bases.length === 0 && <span class="muted small">None yet: add them on the Knowledge page.</span>}
        {bases.map((b) => (
          <label key={b.id} class="check">
            <input type="checkbox" checked={chosen.knowledgeBaseIds.includes(b.id)} onChange={() => toggleBase(b.id)} />
            {b.name}
          </label>
        ))}
      </fieldset>
      <fieldset class="wide abilities" aria-label="Tools">
        <legend>Tools</legend>
        {offered.length === 0 && <span class="muted small">None yet: add MCP servers on the Tools page.</span>}
        {offered.map(({ server, tools }) =>
          typeof tools === "string" ? (
            <span key={server.id} class="error-text small">
              {server.name}: {tools}
            </span>
          ) : (
            tools.map((t) => (
              <label key={`${server.id}/${t.name}`} class="check" title={t.description ?? undefined}>
                <input type="checkbox" checked={hasTool(server.id, t.name)} onChange={() => toggleTool(server.id, t.name)} />
                {server.name} · <code>{t.name}</code>
              </label>
            ))
          ),
        )}
      </fieldset>
    </>
  );
}
