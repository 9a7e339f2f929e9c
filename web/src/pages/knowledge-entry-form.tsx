import { useState } from "preact/hooks";
import { ApiError, api, errorMessage } from "../api/client";
import type { KnowledgeEntry, KnowledgeKind } from "../api/types";
import { Switch, TextArea, TextField } from "../components/field";
import { ListField } from "../components/list-field";
import { Notice } from "../components/notice";
import { errorFor, toFieldErrors, type FieldErrors } from "../logic/field-errors";
import { formatBRL, parseBRL } from "../logic/format";

interface Props {
  kind: KnowledgeKind;
  entry: KnowledgeEntry | null;
  onSaved: (entry: KnowledgeEntry) => void;
  onCancel: () => void;
}

/** Add or edit one entry: a FAQ, a catalog item or a pasted document. */
export function EntryForm({ kind, entry, onSaved, onCancel }: Props) {
  const [fields, setFields] = useState<Record<string, unknown>>(() => initial(kind, entry));
  const [priceText, setPriceText] = useState(entry?.kind === "item" && entry.price !== null ? formatBRL(entry.price) : "");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: string, value: unknown) => setFields({ ...fields, [key]: value });
  const str = (key: string) => (fields[key] as string | null | undefined) ?? "";

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { ...fields };
    if (kind === "item") {
      const price = priceText.trim() === "" ? null : parseBRL(priceText);
      if (priceText.trim() !== "" && price === null) {
        setErrors({ price: "Use um valor como 12,90." });
        return;
      }
      body.price = price;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = entry ? await api.updateEntry(entry.id, body) : await api.createEntry({ kind, ...body });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setErrors(toFieldErrors(err.details, ""));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card entryform" onSubmit={submit} noValidate>
      <h3 class="card__title">{entry ? "Editar" : "Adicionar"} {KIND_NAMES[kind]}</h3>
      {error && <Notice tone="error">{error}</Notice>}
      {kind === "faq" && (
        <>
          <TextField label="Pergunta" value={str("question")} onValue={(v) => set("question", v)} error={errorFor(errors, "question")} />
          <TextArea label="Resposta" rows={4} value={str("answer")} onValue={(v) => set("answer", v)} error={errorFor(errors, "answer")} />
          <ListField
            label="Outras palavras que encontram esta pergunta (opcional)"
            value={(fields.keywords as string[] | null) ?? []}
            onValue={(v) => set("keywords", v.length ? v : null)}
            error={errorFor(errors, "keywords")}
          />
        </>
      )}
      {kind === "item" && (
        <>
          <TextField label="Nome" value={str("name")} onValue={(v) => set("name", v)} error={errorFor(errors, "name")} />
          <div class="row">
            <TextField label="Preço (R$)" inputMode="decimal" placeholder="12,90" value={priceText} onValue={setPriceText} error={errorFor(errors, "price")} />
            <TextField label="Unidade" placeholder="unidade, kg, fatia" value={str("unit")} onValue={(v) => set("unit", v || null)} error={errorFor(errors, "unit")} />
          </div>
          <TextField label="Categoria" value={str("category")} onValue={(v) => set("category", v || null)} error={errorFor(errors, "category")} />
          <TextArea label="Descrição" rows={3} value={str("description")} onValue={(v) => set("description", v || null)} error={errorFor(errors, "description")} />
          <Switch label="Disponível" hint="Desligado, o robô diz que está esgotado." checked={fields.available !== false} onValue={(v) => set("available", v)} />
        </>
      )}
      {kind === "document" && (
        <>
          <TextField label="Título" value={str("title")} onValue={(v) => set("title", v)} error={errorFor(errors, "title")} />
          <TextArea label="Texto" rows={10} value={str("text")} onValue={(v) => set("text", v)} error={errorFor(errors, "text")} />
        </>
      )}
      <Switch label="Ativo" hint="Desligado, o robô não usa esta informação." checked={fields.enabled !== false} onValue={(v) => set("enabled", v)} />
      <div class="row row--end">
        <button type="button" class="btn btn--ghost" onClick={onCancel}>
          Cancelar
        </button>
        <button class="btn btn--primary" disabled={busy}>
          {busy ? "Salvando…" : "Salvar"}
        </button>
      </div>
    </form>
  );
}

export const KIND_NAMES: Record<KnowledgeKind, string> = { faq: "pergunta frequente", item: "produto", document: "documento" };

function initial(kind: KnowledgeKind, entry: KnowledgeEntry | null): Record<string, unknown> {
  if (entry?.kind === "faq") return { question: entry.question, answer: entry.answer, keywords: entry.keywords, enabled: entry.enabled };
  if (entry?.kind === "item")
    return { name: entry.name, unit: entry.unit, description: entry.description, category: entry.category, available: entry.available, enabled: entry.enabled };
  if (entry?.kind === "document") return { title: entry.title, text: entry.text, enabled: entry.enabled };
  if (kind === "faq") return { question: "", answer: "", keywords: null, enabled: true };
  if (kind === "item") return { name: "", unit: null, description: null, category: null, available: true, enabled: true };
  return { title: "", text: "", enabled: true };
}
