import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { api, errorMessage } from "../api/client";
import type { TranscriptMessage } from "../api/types";
import { Icon } from "../components/icons";
import { MessageList } from "../components/message-list";
import { Empty, Notice } from "../components/notice";
import { useLiveEvents, useResync } from "../live/use-live";
import { mergeTranscript } from "../logic/conversations";

/** "Testar o robô": talk to the real pipeline as a customer would; nothing goes to WhatsApp. */
export function Testar() {
  const [contact, setContact] = useState<string | null>(null);
  const [messages, setMessages] = useState<TranscriptMessage[]>([]);
  const [text, setText] = useState("");
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    api.sandbox().then(
      (t) => {
        setContact(t.contact);
        setMessages((shown) => mergeTranscript(shown, t.items));
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);
  useResync("sandbox", load);

  useLiveEvents((e) => {
    if (e.type === "message" && contact !== null && e.contact === contact) {
      setMessages((shown) => mergeTranscript(shown, [e.message]));
      if (e.message.direction === "out") setWaiting(false);
    }
  });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages, waiting]);

  const send = async (e: Event) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    setError(null);
    try {
      const r = await api.sandboxSend(body);
      setContact(r.contact);
      setText("");
      setWaiting(true);
      setMessages((shown) => mergeTranscript(shown, [{ id: r.id, direction: "in", kind: "text", text: body, at: new Date().toISOString(), author: null }]));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const reset = async () => {
    await api.sandboxReset().catch(() => {});
    setMessages([]);
    setWaiting(false);
  };

  return (
    <div class="sandbox">
      <p class="section__hint">
        Escreva como um cliente. O robô responde com os ajustes salvos, o conhecimento e o horário de atendimento; nada é enviado ao WhatsApp.
      </p>
      <div class="sandbox__chat" ref={scroller} role="log" aria-label="Conversa de teste" tabIndex={0}>
        {messages.length === 0 ? <Empty title="Comece uma conversa de teste">Por exemplo: "Vocês abrem no domingo?"</Empty> : <MessageList messages={messages} />}
        {waiting && (
          <p class="typing" role="status">
            O robô está escrevendo…
          </p>
        )}
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      <form class="composer" onSubmit={send}>
        <label for="sandbox-text" class="sr-only">
          Mensagem de teste
        </label>
        <textarea id="sandbox-text" class="input composer__input" rows={1} placeholder="Escreva como cliente" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button class="btn btn--primary composer__send" disabled={!text.trim()}>
          <Icon name="send" size={18} />
          <span>Enviar teste</span>
        </button>
      </form>
      <button type="button" class="btn btn--ghost" onClick={reset}>
        Recomeçar teste
      </button>
    </div>
  );
}
