import { attachmentUrl, describeSize } from "../attachments";
import type { Attachment } from "../types";
import { FileIcon } from "./Icons";

/** A message's files: images as thumbnails that open the full picture, other files as download links. */
export function AttachmentList({ roomId, attachments }: { roomId: string; attachments: Attachment[] }) {
  return (
    <div class="attachments">
      {attachments.map((a) => {
        const url = attachmentUrl(roomId, a.id);
        return a.kind === "image" ? (
          <a key={a.id} class="attachment-image" href={url} target="_blank" rel="noopener" title={a.name}>
            <img src={url} alt={a.name} loading="lazy" width={a.width ?? undefined} height={a.height ?? undefined} />
          </a>
        ) : (
          <a key={a.id} class="attachment-file" href={url} download={a.name}>
            <FileIcon /> {a.name} <span class="muted small">{describeSize(a.size)}</span>
          </a>
        );
      })}
    </div>
  );
}
