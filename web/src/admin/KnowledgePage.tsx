import { useEffect, useState } from "preact/hooks";
import { del, get, post, request } from "../api";
import { describeSize } from "../attachments";
import type { KnowledgeBase, KnowledgeDocument } from "../types";

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const statusWords = { pending: "Reading…", ready: "Ready", failed: "Failed" };

/** Knowledge bases: documents that bots answer from, read, cut into passages and embedded in the background. */
export function KnowledgePage() {
  const [bases, setBases] = useState<KnowledgeBase[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ name: "", description: "", embeddingModel: "text-embedding-3-small" });

  const load = () => get<KnowledgeBase[]>("/api/admin/knowledge-bases").then(setBases, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, []);

  async function add(event: Event) {
    event.preventDefault();
    try {
      await post("/api/admin/knowledge-bases", { name: draft.name.trim(), description: draft.description.trim(), embeddingModel: draft.embeddingModel.trim() });
      setAdding(false);
      setDraft({ name: "", description: "", embeddingModel: draft.embeddingModel });
      setError(null);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function remove(base: KnowledgeBase) {
    if (!confirm(`Delete the knowledge base ${base.name} and its ${base.documents} documents? Bots stop answering from it.`)) return;
    try {
      await del(`/api/admin/knowledge-bases/${base.id}`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const set = (field: keyof typeof draft) => (e: Event) => setDraft({ ...draft, [field]: (e.currentTarget as HTMLInputElement).value });

  return (
    <div>
      <div class="toolbar">
        <p class="muted">Documents bots answer from. Give a bot its knowledge bases in its settings; its replies then show their sources.</p>
        <button type="button" class="primary" onClick={() => setAdding(!adding)}>
          New knowledge base
        </button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {adding && (
        <form class="panel form-grid" onSubmit={add} aria-label="New knowledge base">
          <h2>New knowledge base</h2>
          <label>
            Name
            <input name="name" required value={draft.name} onInput={set("name")} placeholder="Staff handbook" />
          </label>
          <label>
            Embedding model
            <input name="embeddingModel" required value={draft.embeddingModel} onInput={set("embeddingModel")} />
          </label>
          <label class="wide">
            Description
            <input name="description" value={draft.description} onInput={set("description")} />
          </label>
          <div class="dialog-actions wide">
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
            <button type="submit" class="primary">
              Create
            </button>
          </div>
        </form>
      )}
      {bases.length === 0 && !adding && <p class="muted">No knowledge bases yet.</p>}
      <div class="cards">
        {bases.map((b) => (
          <KnowledgeBaseCard key={b.id} base={b} onChanged={load} onDelete={() => remove(b)} />
        ))}
      </div>
    </div>
  );
}

function KnowledgeBaseCard({ base, onChanged, onDelete }: { base: KnowledgeBase; onChanged: () => void; onDelete: () => void }) {
  const [documents, setDocuments] = useState<KnowledgeDocument[]>([]);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/admin/knowledge-bases/${base.id}/documents`;
  const load = () => get<KnowledgeDocument[]>(path).then(setDocuments, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, [base.id]);

  // Documents are read in the background: look again until none is pending.
  const pending = documents.some((d) => d.status === "pending");
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      load();
      onChanged();
    }, 1500);
    return () => clearTimeout(timer);
  }, [documents]);

  async function upload(files: File[]) {
    setError(null);
    for (const file of files) {
      const form = new FormData();
      form.append("file", file, file.name);
      try {
        await request("POST", path, undefined, { body: form });
      } catch (e) {
        setError(`${file.name}: ${(e as Error).message}`);
      }
    }
    await load();
  }

  async function remove(document: KnowledgeDocument) {
    try {
      await del(`${path}/${document.id}`);
      await load();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <article class="panel knowledge-base" data-knowledge-base={base.name}>
      <header>
        <h2>{base.name}</h2>
        <button type="button" class="link danger" onClick={onDelete}>
          Delete
        </button>
      </header>
      {base.description && <p class="muted">{base.description}</p>}
      <p class="muted small">
        {count(base.documents, "document")} · {count(base.chunks, "passage")} · {base.embeddingModel}
      </p>
      <label class="upload">
        Add documents (PDF, Word, text, Markdown)
        <input
          type="file"
          multiple
          accept=".pdf,.docx,.txt,.md,.markdown,.csv,.json,.html"
          onChange={(e) => {
            upload([...(e.currentTarget.files ?? [])]);
            e.currentTarget.value = "";
          }}
        />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="documents">
        {documents.map((d) => (
          <li key={d.id} class={`document status-${d.status}`} data-status={d.status}>
            <span class="document-name">{d.fileName}</span>
            <span class="muted small">
              {describeSize(d.size)} · {statusWords[d.status] ?? d.status}
              {d.status === "ready" && ` · ${count(d.chunks, "passage")}`}
            </span>
            {d.error && <span class="error-text small">{d.error}</span>}
            <button type="button" class="link danger" onClick={() => remove(d)} aria-label={`Delete ${d.fileName}`}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </article>
  );
}
