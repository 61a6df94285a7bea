import { describeSize } from "../attachments";
import type { Attachment } from "../types";
import { FileIcon } from "./Icons";

/** A file picked, dropped or pasted into the composer: uploading, ready to send, or refused. */
export interface PendingFile {
  key: string;
  file: File;
  preview: string | null;
  attachment: Attachment | null;
  error: string | null;
}

/** The composer's files before sending, each with a preview (images) and a way to take it out. */
export function PendingFiles({ files, onRemove }: { files: PendingFile[]; onRemove: (key: string) => void }) {
  return (
    <ul class="pending-files" aria-label="Files to send">
      {files.map((f) => (
        <li key={f.key} class={`pending-file ${f.error ? "refused" : f.attachment ? "ready" : "uploading"}`} data-state={f.error ? "refused" : f.attachment ? "ready" : "uploading"}>
          {f.preview ? <img src={f.preview} alt={f.file.name} /> : <FileIcon />}
          <span class="pending-name">{f.file.name || "pasted image"}</span>
          <span class="muted small">{f.error ?? (f.attachment ? describeSize(f.attachment.size) : "Uploading…")}</span>
          <button type="button" class="link" onClick={() => onRemove(f.key)} aria-label={`Remove ${f.file.name || "pasted image"}`}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
