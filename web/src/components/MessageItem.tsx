import { memo } from "preact/compat";
import { useMemo } from "preact/hooks";
import { renderMarkdown } from "../markdown";
import type { Attachment, Message, ToolStep } from "../types";
import { AttachmentList } from "./AttachmentList";
import { SourceList } from "./SourceList";
import { ToolSteps } from "./ToolSteps";

interface Props {
  message: Message;
  mine: boolean;
  showSender: boolean;
  canRegenerate: boolean;
  canEdit: boolean;
  readers: string[];
  onStop: () => void;
  onRegenerate: () => void;
  onEdit: () => void;
}

export const MessageItem = memo(function MessageItem({ message: m, mine, showSender, canRegenerate, canEdit, readers, onStop, onRegenerate, onEdit }: Props) {
  const html = useMemo(() => renderMarkdown(m.text), [m.text]);
  const time = new Date(m.createdAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const bot = m.sender.type === "bot";
  return (
    <article
      class={`message ${mine ? "mine" : ""} ${bot ? "bot" : "person"} status-${m.status}`}
      data-message-id={m.id}
      data-status={m.status}
      aria-label={`${m.sender.name} at ${time}`}
    >
      {showSender && !mine && (
        <div class="sender">
          <span class={`avatar ${bot ? "bot" : ""}`} aria-hidden="true">
            {m.sender.name.slice(0, 1).toUpperCase()}
          </span>
          {m.sender.name}
          {bot && <span class="tag">bot</span>}
        </div>
      )}
      <div class="bubble">
        {m.status === "recalled" ? (
          <p class="muted">This message was recalled.</p>
        ) : (
          <>
            {m.toolSteps && m.toolSteps.length > 0 && <ToolSteps steps={m.toolSteps as ToolStep[]} />}
            {(m.text || !m.attachments?.length) && <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />}
            {m.attachments && m.attachments.length > 0 && <AttachmentList roomId={m.roomId} attachments={m.attachments as Attachment[]} />}
            {m.sources && m.sources.length > 0 && <SourceList sources={m.sources} />}
          </>
        )}
        {m.status === "streaming" && !m.text && <span class="thinking" aria-label="Writing">●●●</span>}
        {m.status === "failed" && (
          <p class="reply-error" role="alert">
            {m.error ?? "This reply could not be written."}
          </p>
        )}
      </div>
      <div class="meta">
        <span>{time}</span>
        {m.editedAt && <span>{bot ? "regenerated" : "edited"}</span>}
        {m.status === "stopped" && <span>stopped</span>}
        {bot && m.model && <span>{m.model}</span>}
        {m.status === "streaming" && (
          <button type="button" class="link stop-reply" onClick={onStop}>
            Stop
          </button>
        )}
        {canRegenerate && (
          <button type="button" class="link regenerate" onClick={onRegenerate}>
            Regenerate
          </button>
        )}
        {canEdit && (
          <button type="button" class="link edit" onClick={onEdit}>
            Edit
          </button>
        )}
      </div>
      {readers.length > 0 && <div class="read-by">Seen by {readers.join(", ")}</div>}
    </article>
  );
});
