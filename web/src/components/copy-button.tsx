import { useState } from "preact/hooks";
import { Icon } from "./icons";

/** Copies `text`; says so for a moment. Falls back to selecting it where the clipboard is refused. */
export function CopyButton({ text, label = "Copiar link" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2500);
    } catch {
      prompt("Copie o texto:", text);
    }
  };
  return (
    <button type="button" class="btn btn--secondary" onClick={copy}>
      <Icon name={copied ? "check" : "copy"} size={18} />
      <span aria-live="polite">{copied ? "Copiado" : label}</span>
    </button>
  );
}
