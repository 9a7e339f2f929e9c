import { useCallback, useEffect, useState } from "preact/hooks";
import { api, errorMessage } from "../api/client";
import type { ImportReport, KnowledgeEntry, KnowledgeKind, KnowledgeSearch, UnansweredQuestion } from "../api/types";
import { Field, TextArea } from "../components/field";
import { Icon } from "../components/icons";
import { Empty, Loading, Notice } from "../components/notice";
import { formatBRL, formatDateTime, formatNumber, formatPhone } from "../logic/format";
import { localTimeZone } from "../session";
import { EntryForm, KIND_NAMES } from "./knowledge-entry-form";

type Tab = "entradas" | "importar" | "buscar" | "sem-resposta";
const TABS: { id: Tab; label: string }[] = [
  { id: "entradas", label: "Itens" },
  { id: "importar", label: "Importar" },
  { id: "buscar", label: "Testar" },
  { id: "sem-resposta", label: "Sem resposta" },
];
const KINDS: { value: KnowledgeKind | null; label: string }[] = [
  { value: null, label: "Tudo" },
  { value: "item", label: "Produtos" },
  { value: "faq", label: "Perguntas" },
  { value: "document", label: "Documentos" },
];


/** Conhecimento: what the bot knows (products, FAQs, documents) and what it could not answer. */
export default function Conhecimento() {
  const [tab, setTab] = useState<Tab>("entradas");
  return (
    <section class="page">
      <h1 class="page__title">Conhecimento</h1>
      <div class="tabs" role="group" aria-label="Conhecimento">
        {TABS.map((t) => (
          <button key={t.id} type="button" class="tabs__tab" aria-pressed={tab === t.id} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {tab === "entradas" && <Entries />}
      {tab === "importar" && <Import />}
      {tab === "buscar" && <SearchPreview />}
      {tab === "sem-resposta" && <Unanswered />}
    </section>
  );
}

function Entries() {
  const [kind, setKind] = useState<KnowledgeKind | null>(null);
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [items, setItems] = useState<KnowledgeEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ kind: KnowledgeKind; entry: KnowledgeEntry | null } | null>(null);

  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);

  const load = useCallback(() => {
    api.knowledge(kind, q).then(
      (page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [kind, q]);
  useEffect(load, [load]);

  const remove = async (e: KnowledgeEntry) => {
    if (!confirm(`Apagar "${titleOf(e)}"?`)) return;
    try {
      await api.deleteEntry(e.id);
      setItems((list) => list && list.filter((x) => x.id !== e.id));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const more = () =>
    cursor &&
    api.knowledge(kind, q, cursor).then((page) => {
      setItems((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
    });

  return (
    <div>
      <div class="toolbar">
        <div class="search">
          <Icon name="search" size={18} />
          <label for="busca-conhecimento" class="sr-only">
            Buscar no conhecimento
          </label>
          <input id="busca-conhecimento" class="input search__input" type="search" placeholder="Buscar" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        <div class="chips" role="group" aria-label="Tipo">
          {KINDS.map((k) => (
            <button key={k.label} type="button" class="chip" aria-pressed={kind === k.value} onClick={() => setKind(k.value)}>
              {k.label}
            </button>
          ))}
        </div>
      </div>
      {!editing && (
        <div class="row">
          <button type="button" class="btn btn--secondary btn--small" onClick={() => setEditing({ kind: "item", entry: null })}>
            <Icon name="plus" size={16} /> Produto
          </button>
          <button type="button" class="btn btn--secondary btn--small" onClick={() => setEditing({ kind: "faq", entry: null })}>
            <Icon name="plus" size={16} /> Pergunta
          </button>
          <button type="button" class="btn btn--secondary btn--small" onClick={() => setEditing({ kind: "document", entry: null })}>
            <Icon name="plus" size={16} /> Documento
          </button>
        </div>
      )}
      {editing && (
        <EntryForm
          kind={editing.kind}
          entry={editing.entry}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setItems((list) => [saved, ...(list ?? []).filter((x) => x.id !== saved.id)]);
          }}
        />
      )}
      {error && <Notice tone="error">{error}</Notice>}
      {!items && !error && <Loading />}
      {items?.length === 0 && <Empty title="Nada por aqui">Adicione produtos, perguntas frequentes ou documentos, ou importe uma planilha.</Empty>}
      {items && items.length > 0 && (
        <ul class="entries">
          {items.map((e) => (
            <li key={e.id} class={`entry${e.enabled ? "" : " entry--off"}`}>
              <div class="entry__main">
                <p class="entry__kind">{KIND_NAMES[e.kind]}{!e.enabled && " · inativo"}</p>
                <p class="entry__title">{titleOf(e)}</p>
                <p class="entry__detail">{detailOf(e)}</p>
              </div>
              <div class="entry__actions">
                <button type="button" class="btn btn--ghost btn--small" onClick={() => setEditing({ kind: e.kind, entry: e })} aria-label={`Editar ${titleOf(e)}`}>
                  Editar
                </button>
                <button type="button" class="iconbtn" onClick={() => remove(e)} aria-label={`Apagar ${titleOf(e)}`}>
                  <Icon name="trash" size={18} />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="btn btn--secondary btn--block" onClick={more}>
          Ver mais
        </button>
      )}
    </div>
  );
}

function titleOf(e: KnowledgeEntry): string {
  return e.kind === "faq" ? e.question : e.kind === "item" ? e.name : e.title;
}

function detailOf(e: KnowledgeEntry): string {
  if (e.kind === "faq") return e.answer;
  if (e.kind === "document") return `${formatNumber(e.text?.length ?? 0)} caracteres`;
  const price = e.price !== null ? `${formatBRL(e.price)}${e.unit ? ` / ${e.unit}` : ""}` : "sem preço";
  return [price, e.category, e.available ? null : "esgotado"].filter(Boolean).join(" · ");
}

function Import() {
  const [report, setReport] = useState<ImportReport | null>(null);
  const [docMessage, setDocMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="import">
      <section class="card">
        <h2 class="card__title">Planilha de produtos (CSV)</h2>
        <p class="section__hint">
          Colunas: <code>nome, preco, unidade, descricao, categoria, disponivel</code>. Separadas por vírgula ou ponto e vírgula; preços como 12,90.
          Um produto com o mesmo nome é atualizado.
        </p>
        <Field label="Arquivo CSV">
          {({ id, describedBy }) => (
            <input
              id={id}
              class="input"
              type="file"
              accept=".csv,text/csv"
              disabled={busy}
              aria-describedby={describedBy}
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = "";
                if (file) void run(async () => setReport(await api.importCsv(file)));
              }}
            />
          )}
        </Field>
        {report && (
          <div class="report" role="status">
            <p>
              <strong>{formatNumber(report.imported)}</strong> importados, <strong>{formatNumber(report.updated)}</strong> atualizados
              {report.errors.length > 0 && (
                <>
                  , <strong>{formatNumber(report.errors.length)}</strong> linhas com problema
                </>
              )}
              .
            </p>
            {report.errors.length > 0 && (
              <table class="report__table">
                <caption class="sr-only">Linhas com problema</caption>
                <thead>
                  <tr>
                    <th scope="col">Linha</th>
                    <th scope="col">Problema</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e) => (
                    <tr key={e.line}>
                      <td>{e.line}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </section>
      <section class="card">
        <h2 class="card__title">Documento</h2>
        <p class="section__hint">Um arquivo .txt, .md ou .pdf (até 5 MB): regulamento, cardápio, política de trocas.</p>
        <Field label="Arquivo do documento">
          {({ id, describedBy }) => (
            <input
              id={id}
              class="input"
              type="file"
              accept=".txt,.md,.pdf,text/plain,text/markdown,application/pdf"
              disabled={busy}
              aria-describedby={describedBy}
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = "";
                if (file)
                  void run(async () => {
                    const entry = await api.uploadDocument(file);
                    setDocMessage(`"${entry.kind === "document" ? entry.title : file.name}" adicionado.`);
                  });
              }}
            />
          )}
        </Field>
        {docMessage && <Notice tone="success">{docMessage}</Notice>}
      </section>
      {busy && <Loading label="Enviando…" />}
      {error && <Notice tone="error">{error}</Notice>}
    </div>
  );
}

function SearchPreview() {
  const [text, setText] = useState("");
  const [result, setResult] = useState<KnowledgeSearch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    setError(null);
    try {
      setResult(await api.searchKnowledge(text.trim()));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <div>
      <form onSubmit={submit} class="card">
        <TextArea label="O que o robô encontraria para…" hint="Escreva uma mensagem como um cliente escreveria." rows={2} value={text} onValue={setText} />
        <button class="btn btn--primary">Buscar</button>
      </form>
      {error && <Notice tone="error">{error}</Notice>}
      {result && (
        <div role="status">
          <p class="muted">
            {result.items.length === 0
              ? "Nada encontrado: o robô diria que vai verificar e ofereceria um atendente."
              : `${formatNumber(result.items.length)} trechos, ${formatNumber(result.chars)} caracteres vão para o robô.`}
          </p>
          <ol class="entries">
            {result.items.map((i) => (
              <li key={i.id} class="entry">
                <div class="entry__main">
                  <p class="entry__kind">
                    {KIND_NAMES[i.kind]} · relevância {i.score.toLocaleString("pt-BR", { maximumFractionDigits: 2 })}
                  </p>
                  <p class="entry__detail entry__detail--full">{i.text}</p>
                </div>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

function Unanswered() {
  const [items, setItems] = useState<UnansweredQuestion[] | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    api.unanswered().then((r) => setItems(r.items), (err: unknown) => setError(errorMessage(err)));
  }, []);

  const answer = async (q: UnansweredQuestion) => {
    const text = answers[q.id]?.trim();
    if (!text) return;
    try {
      await api.answerUnanswered(q.id, text);
      setItems((list) => list && list.filter((x) => x.id !== q.id));
      setDone(`Resposta salva como pergunta frequente: "${q.text}".`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const dismiss = async (q: UnansweredQuestion) => {
    try {
      await api.dismissUnanswered(q.id);
      setItems((list) => list && list.filter((x) => x.id !== q.id));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div>
      <p class="section__hint">Perguntas que o robô não soube responder. Responda aqui e ele passa a saber.</p>
      {done && <Notice tone="success">{done}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      {!items && !error && <Loading />}
      {items?.length === 0 && <Empty title="Nenhuma pergunta pendente">O robô soube responder tudo até agora.</Empty>}
      <ul class="unanswered">
        {items?.map((q) => (
          <li key={q.id} class="card">
            <p class="unanswered__q">“{q.text}”</p>
            <p class="muted">
              {q.count > 1 ? `${formatNumber(q.count)} vezes · ` : ""}
              {formatPhone(q.contactJid) ?? "cliente"} · {formatDateTime(new Date(q.at), localTimeZone)}
            </p>
            <TextArea label="Resposta" rows={3} value={answers[q.id] ?? ""} onValue={(v) => setAnswers({ ...answers, [q.id]: v })} />
            <div class="row row--end">
              <button type="button" class="btn btn--ghost" onClick={() => dismiss(q)}>
                Descartar
              </button>
              <button type="button" class="btn btn--primary" disabled={!answers[q.id]?.trim()} onClick={() => answer(q)}>
                Salvar resposta
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
