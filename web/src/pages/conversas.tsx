import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, errorMessage } from "../api/client";
import type { ConversationFilter, ConversationSummary } from "../api/types";
import { Icon } from "../components/icons";
import { Empty, Loading, Notice } from "../components/notice";
import { useLiveEvents, useResync } from "../live/use-live";
import { applyMessageEvent, applyStatusEvent, markRead, matchesFilter } from "../logic/conversations";
import { formatListTime, formatPhone } from "../logic/format";
import { previewText } from "../logic/grouping";
import { conversationPath } from "../logic/routes";
import { follow } from "../router";
import { localTimeZone, useSession } from "../session";
import { Transcript } from "./transcript";

const FILTERS: { value: ConversationFilter; label: string }[] = [
  { value: "all", label: "Todas" },
  { value: "bot", label: "Robô" },
  { value: "human", label: "Humano" },
  { value: "paused", label: "Pausadas" },
];

export function contactName(c: { contact: string; name: string | null }): string {
  return c.name?.trim() || formatPhone(c.contact) || "Contato sem número";
}

/** Conversas: the list, and the open conversation beside it (wide screens) or instead of it (phones). */
export function Conversas({ contact }: { contact: string | null }) {
  const { me } = useSession();
  const [filter, setFilter] = useState<ConversationFilter>("all");
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [items, setItems] = useState<ConversationSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const openRef = useRef(contact);
  openRef.current = contact;
  const requestId = useRef(0);

  const load = useCallback(() => {
    const id = ++requestId.current;
    api.conversations(filter, query).then(
      (page) => {
        if (id !== requestId.current) return;
        const open = openRef.current;
        setItems(open ? markRead(page.items, open) : page.items);
        setCursor(page.nextCursor);
        setError(null);
      },
      (err: unknown) => id === requestId.current && setError(errorMessage(err)),
    );
  }, [filter, query]);

  useEffect(load, [load]);
  useResync("conversations", load);

  // The search asks the server once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => setQuery(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);

  useLiveEvents((e) => {
    if (e.type === "message") {
      setItems((list) => {
        if (!list) return list;
        const next = applyMessageEvent(list, e, openRef.current);
        return next.filter((c) => c.contact !== e.contact || matchesFilter(c, filter, query));
      });
    } else if (e.type === "conversation") {
      setItems((list) => list && applyStatusEvent(list, e));
    }
  });

  const more = () => {
    if (!cursor) return;
    api.conversations(filter, query, cursor).then((page) => {
      setItems((list) => [...(list ?? []), ...page.items.filter((p) => !list?.some((c) => c.contact === p.contact))]);
      setCursor(page.nextCursor);
    });
  };

  const selected = items?.find((c) => c.contact === contact) ?? null;
  const updateSelected = (change: Partial<ConversationSummary>) =>
    setItems((list) => list && list.map((c) => (c.contact === contact ? { ...c, ...change } : c)));

  useEffect(() => {
    if (contact) setItems((list) => list && markRead(list, contact));
  }, [contact]);

  const disconnected = me.user.role === "owner" && me.tenant && me.tenant.connectionState !== "open";
  return (
    <div class={`conversas${contact ? " conversas--open" : ""}`}>
      <section class="conversas__list" aria-labelledby="conversas-title">
        <h1 id="conversas-title" class="sr-only">
          Conversas
        </h1>
        {disconnected && (
          <Notice tone="warn">
            O WhatsApp está desconectado: o robô não recebe mensagens.{" "}
            <a href="/conectar" onClick={follow}>
              Conectar WhatsApp
            </a>
          </Notice>
        )}
        <div class="toolbar">
          <div class="search">
            <Icon name="search" size={18} />
            <label for="busca-conversas" class="sr-only">
              Buscar conversa
            </label>
            <input
              id="busca-conversas"
              class="input search__input"
              type="search"
              placeholder="Nome, número ou mensagem"
              value={search}
              onInput={(e) => setSearch(e.currentTarget.value)}
            />
          </div>
          <div class="chips" role="group" aria-label="Mostrar">
            {FILTERS.map((f) => (
              <button key={f.value} type="button" class="chip" aria-pressed={filter === f.value} onClick={() => setFilter(f.value)}>
                {f.label}
              </button>
            ))}
          </div>
        </div>
        {error && <Notice tone="error">{error}</Notice>}
        {items === null && !error && <Loading />}
        {items?.length === 0 && (
          <Empty title={query || filter !== "all" ? "Nenhuma conversa encontrada" : "Nenhuma conversa ainda"}>
            {query || filter !== "all" ? "Tente outra busca ou outro filtro." : "Quando um cliente mandar mensagem no WhatsApp, ela aparece aqui."}
          </Empty>
        )}
        {items && items.length > 0 && (
          <ul class="convlist">
            {items.map((c) => (
              <li key={c.contact}>
                <ConversationRow c={c} active={c.contact === contact} />
              </li>
            ))}
          </ul>
        )}
        {cursor && (
          <button type="button" class="btn btn--secondary btn--block" onClick={more}>
            Ver mais conversas
          </button>
        )}
      </section>
      <section class="conversas__detail" aria-label="Conversa aberta">
        {contact ? (
          <Transcript key={contact} contact={contact} summary={selected} onSummary={updateSelected} />
        ) : (
          <Empty title="Escolha uma conversa">As mensagens aparecem aqui na hora em que chegam.</Empty>
        )}
      </section>
    </div>
  );
}

function ConversationRow({ c, active }: { c: ConversationSummary; active: boolean }) {
  const name = contactName(c);
  const last = c.lastMessage;
  const prefix = last?.direction === "out" ? "Robô: " : last?.direction === "human" ? "Você: " : "";
  return (
    <a href={conversationPath(c.contact)} onClick={follow} class={`convrow${active ? " convrow--active" : ""}`} aria-current={active ? "true" : undefined}>
      <span class="avatar avatar--contact" aria-hidden="true">
        {name.replace(/[^\p{L}\p{N}]/gu, "").slice(0, 1).toUpperCase() || "?"}
      </span>
      <span class="convrow__body">
        <span class="convrow__top">
          <span class="convrow__name">{name}</span>
          {last && <time class="convrow__time" dateTime={last.at}>{formatListTime(new Date(last.at), new Date(), localTimeZone)}</time>}
        </span>
        <span class="convrow__bottom">
          <span class="convrow__preview">{last ? prefix + previewText(last) : "Sem mensagens"}</span>
          <span class={`tag tag--${c.status}`}>{c.status === "human" ? "Humano" : "Robô"}</span>
          {c.unread > 0 && (
            <span class="badge" aria-label={`${c.unread} ${c.unread === 1 ? "mensagem não lida" : "mensagens não lidas"}`}>
              {c.unread > 99 ? "99+" : c.unread}
            </span>
          )}
        </span>
      </span>
    </a>
  );
}
