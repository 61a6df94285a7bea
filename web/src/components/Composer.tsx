import { useEffect, useRef, useState } from "preact/hooks";

interface Props {
  initial: string;
  editing: boolean;
  streaming: boolean;
  placeholder: string;
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  onCancelEdit: () => void;
  onTyping: () => void;
}

/** Enter sends, Shift+Enter starts a new line. */
export function Composer({ initial, editing, streaming, placeholder, onSend, onStop, onCancelEdit, onTyping }: Props) {
  const [text, setText] = useState(initial);
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

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

  async function submit() {
    const value = text.trim();
    if (!value || sending) return;
    setSending(true);
    setText("");
    const sent = await onSend(value);
    if (!sent) setText(value);
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
      <div class="composer-row">
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
        <button type="submit" class="primary send" disabled={!text.trim() || sending} aria-label={editing ? "Save" : "Send"}>
          {editing ? "Save" : "Send"}
        </button>
      </div>
    </form>
  );
}
