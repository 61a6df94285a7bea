import { useEffect, useRef, useState } from "preact/hooks";
import { acceptedFiles, uploadAttachment } from "../attachments";
import { PendingFiles, type PendingFile } from "./PendingFiles";
import { PaperclipIcon } from "./Icons";

interface Props {
  roomId: string;
  initial: string;
  editing: boolean;
  streaming: boolean;
  placeholder: string;
  onSend: (text: string, attachmentIds: string[]) => Promise<boolean>;
  onStop: () => void;
  onCancelEdit: () => void;
  onTyping: () => void;
  /** Gives the chat a way to hand over files dropped anywhere on it. */
  onReady?: (addFiles: (files: File[]) => void) => void;
}

let pendingKeys = 0;

/** Enter sends, Shift+Enter starts a new line. Files come by the button, by dropping them, or by pasting an image. */
export function Composer({ roomId, initial, editing, streaming, placeholder, onSend, onStop, onCancelEdit, onTyping, onReady }: Props) {
  const [text, setText] = useState(initial);
  const [sending, setSending] = useState(false);
  const [files, setFiles] = useState<PendingFile[]>([]);
  const ref = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  // Grows with its text, up to a point.
  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.style.height = "auto";
    area.style.height = `${Math.min(area.scrollHeight, 240)}px`;
  }, [text]);

  // Previews are object URLs: freed when their file leaves the composer, or the composer goes.
  const current = useRef(files);
  current.current = files;
  useEffect(() => () => current.current.forEach((f) => f.preview && URL.revokeObjectURL(f.preview)), []);

  function update(key: string, change: Partial<PendingFile>) {
    setFiles((all) => all.map((f) => (f.key === key ? { ...f, ...change } : f)));
  }

  function addFiles(picked: File[]) {
    if (editing) return;
    for (const file of picked) {
      const key = `f${++pendingKeys}`;
      const preview = file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
      setFiles((all) => [...all, { key, file, preview, attachment: null, error: null }]);
      uploadAttachment(roomId, file).then(
        (attachment) => update(key, { attachment }),
        (e) => update(key, { error: (e as Error).message }),
      );
    }
  }

  useEffect(() => {
    onReady?.(addFiles);
  }, [onReady, roomId, editing]);

  function remove(key: string) {
    setFiles((all) => {
      const gone = all.find((f) => f.key === key);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return all.filter((f) => f.key !== key);
    });
  }

  const uploading = files.some((f) => !f.attachment && !f.error);
  const ready = files.filter((f) => f.attachment).map((f) => f.attachment!.id);
  const canSend = !sending && !uploading && (text.trim().length > 0 || ready.length > 0);

  async function submit() {
    const value = text.trim();
    if (!canSend) return;
    setSending(true);
    setText("");
    const sent = await onSend(value, ready);
    if (sent) {
      files.forEach((f) => f.preview && URL.revokeObjectURL(f.preview));
      setFiles([]);
    } else {
      setText(value);
    }
    setSending(false);
    ref.current?.focus();
  }

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {editing && (
        <div class="editing-bar">
          Editing your last message
          <button type="button" class="link" onClick={onCancelEdit}>
            Cancel
          </button>
        </div>
      )}
      {files.length > 0 && <PendingFiles files={files} onRemove={remove} />}
      <div class="composer-row">
        {!editing && (
          <>
            <button type="button" class="attach" onClick={() => picker.current?.click()} aria-label="Attach files" title="Attach files">
              <PaperclipIcon />
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              accept={acceptedFiles}
              aria-label="Files to attach"
              onChange={(e) => {
                addFiles([...(e.currentTarget.files ?? [])]);
                e.currentTarget.value = "";
              }}
            />
          </>
        )}
        <textarea
          ref={ref}
          rows={1}
          value={text}
          placeholder={placeholder}
          aria-label="Message"
          onInput={(e) => {
            setText(e.currentTarget.value);
            onTyping();
          }}
          onPaste={(e) => {
            const pasted = [...(e.clipboardData?.files ?? [])];
            if (pasted.length > 0 && !editing) {
              e.preventDefault();
              addFiles(pasted);
            }
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              submit();
            } else if (e.key === "Escape" && editing) {
              onCancelEdit();
            }
          }}
        />
        {streaming && !editing && (
          <button type="button" class="stop" onClick={onStop} aria-label="Stop the reply">
            ■ Stop
          </button>
        )}
        <button type="submit" class="primary send" disabled={!canSend} aria-label={editing ? "Save" : "Send"}>
          {editing ? "Save" : "Send"}
        </button>
      </div>
    </form>
  );
}
