import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { api, errorMessage } from "../api/client";
import type { ConversationSummary, TranscriptMessage } from "../api/types";
import { Icon } from "../components/icons";
import { Loading, Notice } from "../components/notice";
import { MessageList } from "../components/message-list";
import { useLiveEvents, useResync } from "../live/use-live";
import { mergeTranscript } from "../logic/conversations";
import { formatPhone, formatResumeTime } from "../logic/format";
import { follow } from "../router";
import { localTimeZone, useSession } from "../session";
import { contactName } from "./conversas";

const PAGE = 50;

interface Props {
  contact: string;
  summary: ConversationSummary | null;
  onSummary: (change: Partial<ConversationSummary>) => void;
}

/** One conversation: the transcript live, take over / hand back, and the attendant's composer. */
export function Transcript({ contact, summary, onSummary }: Props) {
  const { me } = useSession();
  const [messages, setMessages] = useState<TranscriptMessage[] | null>(null);
  const [hasOlder, setHasOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | "takeover" | "release" | "send">(null);
  const [text, setText] = useState("");
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  const load = useCallback(() => {
    api.messages(contact, null, PAGE).then(
      (page) => {
        setMessages((shown) => mergeTranscript(shown ?? [], page.items));
        setHasOlder((had) => had || page.items.length >= PAGE);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
    api.markRead(contact).catch(() => {});
  }, [contact]);

  useEffect(load, [load]);
  useResync("transcript", load, contact);

  useLiveEvents((e) => {
    if (e.type === "message" && e.contact === contact) {
      setMessages((shown) => mergeTranscript(shown ?? [], [e.message]));
      if (e.message.direction === "in") api.markRead(contact).catch(() => {});
    } else if (e.type === "conversation" && e.contact === contact) {
      onSummary({ status: e.status, pausedUntil: e.pausedUntil });
    }
  });

  // New messages keep the view at the bottom unless the person scrolled up to read.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  const older = async () => {
    const first = messages?.[0];
    if (!first) return;
    const el = scroller.current;
    const before = el ? el.scrollHeight - el.scrollTop : 0;
    const page = await api.messages(contact, first.id, PAGE);
    stickToBottom.current = false;
    setHasOlder(page.items.length >= PAGE);
    setMessages((shown) => mergeTranscript(page.items, shown ?? []));
    requestAnimationFrame(() => {
      if (el) el.scrollTop = el.scrollHeight - before;
    });
  };

  const act = async (kind: "takeover" | "release") => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === "takeover") {
        const r = await api.takeover(contact);
        onSummary({ status: "human", pausedUntil: r.pausedUntil, assignedTo: r.assignedTo });
      } else {
        await api.release(contact);
        onSummary({ status: "bot", pausedUntil: null, assignedTo: null });
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const send = async (e: Event) => {
    e.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    setBusy("send");
    setError(null);
    try {
      const { id } = await api.send(contact, body);
      setText("");
      stickToBottom.current = true;
      setMessages((shown) =>
        mergeTranscript(shown ?? [], [{ id, direction: "human", kind: "text", text: body, at: new Date().toISOString(), author: me.user.name }]),
      );
      if (summary?.status !== "human") onSummary({ status: "human", assignedTo: { id: me.user.id, name: me.user.name } });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const name = summary ? contactName(summary) : formatPhone(contact) ?? "Contato";
  const human = summary?.status === "human";
  const now = new Date();
  return (
    <div class="transcript">
      <header class="transcript__head">
        <a href="/conversas" onClick={follow} class="iconbtn transcript__back" aria-label="Voltar para a lista">
          <Icon name="back" />
        </a>
        <div class="transcript__who">
          <h2 class="transcript__name">{name}</h2>
          <p class="transcript__sub">{formatPhone(contact) ?? "Número oculto pelo WhatsApp"}</p>
        </div>
        {human ? (
          <button type="button" class="btn btn--secondary btn--small" disabled={busy !== null} onClick={() => act("release")}>
            Devolver ao robô
          </button>
        ) : (
          <button type="button" class="btn btn--primary btn--small" disabled={busy !== null} onClick={() => act("takeover")}>
            Assumir
          </button>
        )}
      </header>
      <p class={`transcript__status${human ? " transcript__status--human" : ""}`} role="status">
        {human
          ? `${summary?.assignedTo ? `${summary.assignedTo.name} está atendendo` : "Atendimento humano"}.${
              summary?.pausedUntil ? ` O robô volta a responder ${formatResumeTime(new Date(summary.pausedUntil), now, localTimeZone)}.` : ""
            }`
          : summary?.pausedUntil
            ? `Robô pausado. Volta a responder ${formatResumeTime(new Date(summary.pausedUntil), now, localTimeZone)}.`
            : "O robô está respondendo."}
      </p>
      <div
        class="transcript__scroll"
        ref={scroller}
        role="log"
        aria-label="Mensagens da conversa"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {hasOlder && (
          <button type="button" class="btn btn--ghost btn--block" onClick={older}>
            Carregar mensagens anteriores
          </button>
        )}
        {messages === null && !error && <Loading />}
        {messages && <MessageList messages={messages} />}
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      <form class="composer" onSubmit={send}>
        <label for="composer-text" class="sr-only">
          Mensagem
        </label>
        <textarea
          id="composer-text"
          class="input composer__input"
          rows={1}
          placeholder={human ? "Escreva para o cliente" : "Escreva e assuma a conversa"}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing && matchMedia("(pointer: fine)").matches) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <button class="btn btn--primary composer__send" disabled={busy === "send" || !text.trim()}>
          <Icon name="send" size={18} />
          <span>Enviar</span>
        </button>
      </form>
    </div>
  );
}
