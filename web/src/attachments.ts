// Files in rooms: uploaded one by one as they are picked, then sent with a message by their ids.
import { request } from "./api";
import type { Attachment } from "./types";

/** What the file picker offers; the server decides from each file's content. */
export const acceptedFiles = "image/png,image/jpeg,image/webp,image/gif,.pdf,.docx,.txt,.md,.markdown,.csv,.json,.xml,.yaml,.yml,.cs,.ts,.tsx,.js,.py,.go,.rs,.java,.sql,.sh,.html,.css";

export function attachmentUrl(roomId: string, id: string): string {
  return `/api/rooms/${roomId}/attachments/${id}`;
}

export async function uploadAttachment(roomId: string, file: File, signal?: AbortSignal): Promise<Attachment> {
  const form = new FormData();
  form.append("file", file, file.name || "pasted");
  const response = await request("POST", `/api/rooms/${roomId}/attachments`, undefined, { body: form, signal });
  return (await response.json()) as Attachment;
}

export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
