import { Marked } from "marked";
import DOMPurify from "dompurify";
import hljs from "highlight.js/lib/common";

// Messages are Markdown written by people and models. HTML is not part of the Markdown they get:
// a tag in a message is text like any other and shows as it was typed (a person asking about
// <img onerror> sees their question, not a broken image). The HTML marked makes is still passed
// through DOMPurify, which removes anything that could run (scripts, handlers, javascript: and
// data: links, frames, forms); the page's Content-Security-Policy is a third wall behind it.

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const marked = new Marked({
  gfm: true,
  breaks: true,
  // Without these two rules marked reads no HTML, block or inline: `<` is then ordinary text,
  // which it escapes. Autolinks (<https://…>) have a rule of their own and still work.
  tokenizer: {
    html: () => undefined,
    tag: () => undefined,
  },
  renderer: {
    // An image is shown as a link to it, never loaded: a model led astray could otherwise leak the
    // conversation in an image's address, fetched by the browser the moment the reply shows.
    image({ href, text }) {
      return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
    },
    code({ text, lang }) {
      const language = (lang ?? "").trim().split(/\s+/)[0].toLowerCase();
      let highlighted: string;
      let shown = language;
      if (language && hljs.getLanguage(language)) {
        highlighted = hljs.highlight(text, { language, ignoreIllegals: true }).value;
      } else if (text.length < 20000) {
        const auto = hljs.highlightAuto(text);
        highlighted = auto.value;
        shown = language || auto.language || "";
      } else {
        highlighted = escapeHtml(text);
      }
      return `<div class="code-block"><div class="code-bar"><span class="code-lang">${escapeHtml(shown || "text")}</span>` +
        `<button type="button" class="copy-code" data-copy-code="1">Copy</button></div>` +
        `<pre><code class="hljs">${highlighted}</code></pre></div>`;
    },
  },
});

const purifier = DOMPurify();
purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    const href = node.getAttribute("href") ?? "";
    if (!/^(https?:|mailto:|#|\/)/i.test(href)) node.removeAttribute("href");
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
});

const sanitizeOptions = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ["style", "form", "input", "textarea", "select", "iframe", "object", "embed", "svg", "math", "img"],
  FORBID_ATTR: ["style"],
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: ["target", "data-copy-code"],
};

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false }) as string;
  return purifier.sanitize(html, sanitizeOptions) as string;
}

/** Copies a code block's text when its Copy button is clicked (one listener for a whole list). */
export async function handleCopyClick(event: MouseEvent): Promise<void> {
  const button = (event.target as HTMLElement).closest?.("button[data-copy-code]") as HTMLButtonElement | null;
  if (!button) return;
  const code = button.closest(".code-block")?.querySelector("pre code")?.textContent ?? "";
  await copyText(code);
  button.textContent = "Copied";
  setTimeout(() => (button.textContent = "Copy"), 1500);
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without clipboard permission (plain http on another host): select and copy the old way.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}
