import { useEffect, useState } from "preact/hooks";
import { del, get, json, patch, post } from "../api";
import { useSession } from "../session";
import type { Bot, ModelList } from "../types";
import { BotAbilities, type Abilities } from "./BotAbilities";
import { NumberField, numberOrNull } from "./fields";

type Draft = Record<"name" | "handle" | "model" | "systemPrompt" | "temperature" | "topP" | "maxTokens" | "frequencyPenalty" | "presencePenalty" | "contextBudget", string>;

const empty: Draft = { name: "", handle: "", model: "", systemPrompt: "", temperature: "", topP: "", maxTokens: "", frequencyPenalty: "", presencePenalty: "", contextBudget: "8000" };

const toDraft = (b: Bot): Draft => ({
  name: b.name,
  handle: b.handle,
  model: b.model,
  systemPrompt: b.systemPrompt,
  temperature: b.temperature?.toString() ?? "",
  topP: b.topP?.toString() ?? "",
  maxTokens: b.maxTokens?.toString() ?? "",
  frequencyPenalty: b.frequencyPenalty?.toString() ?? "",
  presencePenalty: b.presencePenalty?.toString() ?? "",
  contextBudget: b.contextBudget.toString(),
});

export function BotsPage() {
  const session = useSession();
  const [models, setModels] = useState<string[]>([]);
  const [editing, setEditing] = useState<Bot | "new" | null>(null);
  const [draft, setDraft] = useState<Draft>(empty);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [abilities, setAbilities] = useState<Abilities | null>(null);

  useEffect(() => {
    session.reloadBots();
    get<ModelList>("/api/admin/models").then(
      (list) => setModels(list.data.map((m) => m.id)),
      (e) => setError(`The models could not be listed: ${(e as Error).message}`),
    );
  }, []);

  function open(bot: Bot | "new") {
    setEditing(bot);
    setDraft(bot === "new" ? { ...empty, model: models[0] ?? "" } : toDraft(bot));
    setError(null);
    setFieldErrors({});
    setAbilities(null);
  }

  async function save(event: Event) {
    event.preventDefault();
    const body = {
      name: draft.name,
      handle: draft.handle,
      model: draft.model,
      systemPrompt: draft.systemPrompt,
      temperature: numberOrNull(draft.temperature),
      topP: numberOrNull(draft.topP),
      maxTokens: numberOrNull(draft.maxTokens),
      frequencyPenalty: numberOrNull(draft.frequencyPenalty),
      presencePenalty: numberOrNull(draft.presencePenalty),
      contextBudget: numberOrNull(draft.contextBudget) ?? undefined,
    };
    try {
      if (editing === "new") await post<Bot>("/api/bots", body);
      else if (editing) {
        await patch<Bot>(`/api/bots/${editing.id}`, body);
        if (abilities) {
          await json("PUT", `/api/bots/${editing.id}/knowledge-bases`, { knowledgeBaseIds: abilities.knowledgeBaseIds });
          await json("PUT", `/api/bots/${editing.id}/tools`, { tools: abilities.tools });
        }
      }
      setEditing(null);
      await session.reloadBots();
    } catch (e) {
      setError((e as Error).message);
      setFieldErrors((e as { fields?: Record<string, string[]> }).fields ?? {});
    }
  }

  async function remove(bot: Bot) {
    if (!confirm(`Delete the bot ${bot.name}? Rooms keep its past replies.`)) return;
    try {
      await del(`/api/bots/${bot.id}`);
      await session.reloadBots();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const set = (field: keyof Draft) => (value: string) => setDraft({ ...draft, [field]: value });
  const fieldError = (field: string) => {
    const entry = Object.entries(fieldErrors).find(([k]) => k.toLowerCase() === field.toLowerCase());
    return entry ? <span class="field-error">{entry[1].join(" ")}</span> : null;
  };

  return (
    <div>
      <div class="toolbar">
        <p class="muted">Bots answer in rooms with their model and instructions. Sampling settings left empty use the model's defaults.</p>
        <button type="button" class="primary" onClick={() => open("new")}>
          New bot
        </button>
      </div>
      {error && !editing && <p class="error" role="alert">{error}</p>}
      <table class="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Handle</th>
            <th>Model</th>
            <th class="num">Temperature</th>
            <th class="num">Context</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {session.bots.map((bot) => (
            <tr key={bot.id}>
              <td>{bot.name}</td>
              <td>@{bot.handle}</td>
              <td>{bot.model}</td>
              <td class="num">{bot.temperature ?? "default"}</td>
              <td class="num">{bot.contextBudget}</td>
              <td class="actions">
                <button type="button" class="link" onClick={() => open(bot)}>
                  Settings
                </button>
                <button type="button" class="link danger" onClick={() => remove(bot)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <form class="panel form-grid" onSubmit={save} aria-label="Bot settings">
          <h2>{editing === "new" ? "New bot" : `Settings of ${editing.name}`}</h2>
          <label>
            Name
            <input name="name" required value={draft.name} onInput={(e) => set("name")(e.currentTarget.value)} />
            {fieldError("name")}
          </label>
          <label>
            Handle
            <input name="handle" required value={draft.handle} onInput={(e) => set("handle")(e.currentTarget.value)} placeholder="reviewer" />
            {fieldError("handle")}
          </label>
          <label>
            Model
            <select name="model" value={draft.model} onChange={(e) => set("model")(e.currentTarget.value)}>
              {!models.includes(draft.model) && draft.model && <option value={draft.model}>{draft.model}</option>}
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
            {fieldError("model")}
          </label>
          <label class="wide">
            System prompt
            <textarea name="systemPrompt" rows={4} value={draft.systemPrompt} onInput={(e) => set("systemPrompt")(e.currentTarget.value)} />
          </label>
          <NumberField label="Temperature (0–2)" name="temperature" step="0.1" value={draft.temperature} onInput={set("temperature")} hint="default" />
          <NumberField label="top_p (0–1)" name="topP" step="0.05" value={draft.topP} onInput={set("topP")} hint="default" />
          <NumberField label="Max tokens" name="maxTokens" value={draft.maxTokens} onInput={set("maxTokens")} hint="default" />
          <NumberField label="Frequency penalty (−2–2)" name="frequencyPenalty" step="0.1" value={draft.frequencyPenalty} onInput={set("frequencyPenalty")} hint="default" />
          <NumberField label="Presence penalty (−2–2)" name="presencePenalty" step="0.1" value={draft.presencePenalty} onInput={set("presencePenalty")} hint="default" />
          <NumberField label="Context budget (tokens)" name="contextBudget" value={draft.contextBudget} onInput={set("contextBudget")} />
          {editing !== "new" && <BotAbilities botId={editing.id} onChange={setAbilities} />}
          {error && <p class="error wide" role="alert">{error}</p>}
          <div class="dialog-actions wide">
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button type="submit" class="primary">
              Save
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
