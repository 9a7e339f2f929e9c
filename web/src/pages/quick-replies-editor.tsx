import type { QuickReply } from "../api/types";
import { SelectField, TextArea } from "../components/field";
import { Icon } from "../components/icons";
import { ListField } from "../components/list-field";
import { errorFor, type FieldErrors } from "../logic/field-errors";

interface Props {
  value: QuickReply[];
  onValue: (v: QuickReply[]) => void;
  errors: FieldErrors;
}

/** Fixed answers for fixed words ("pix" → the Pix key), sent without calling the AI. */
export function QuickRepliesEditor({ value, onValue, errors }: Props) {
  const update = (index: number, change: Partial<QuickReply>) => onValue(value.map((q, i) => (i === index ? { ...q, ...change } : q)));
  return (
    <div class="quick">
      {value.length === 0 && <p class="muted">Nenhuma resposta rápida ainda.</p>}
      <ol class="quick__list">
        {value.map((q, i) => (
          <li key={i} class="card">
            <div class="card__head">
              <h4 class="card__title">Resposta rápida {i + 1}</h4>
              <button type="button" class="iconbtn" aria-label={`Remover resposta rápida ${i + 1}`} onClick={() => onValue(value.filter((_, n) => n !== i))}>
                <Icon name="trash" size={18} />
              </button>
            </div>
            <ListField
              label="Palavras-chave"
              value={q.keywords}
              onValue={(keywords) => update(i, { keywords })}
              error={errorFor(errors, `quickReplies.${i}.keywords`)}
            />
            <SelectField
              label="Quando a mensagem"
              value={q.match}
              options={[
                { value: "contains", label: "contém uma das palavras" },
                { value: "equals", label: "é exatamente uma das palavras" },
              ]}
              onValue={(match) => update(i, { match })}
              error={errorFor(errors, `quickReplies.${i}.match`)}
            />
            <TextArea label="Resposta" rows={3} value={q.reply} onValue={(reply) => update(i, { reply })} error={errorFor(errors, `quickReplies.${i}.reply`)} />
          </li>
        ))}
      </ol>
      <button type="button" class="btn btn--secondary" onClick={() => onValue([...value, { match: "contains", keywords: [], reply: "" }])}>
        <Icon name="plus" size={16} /> Adicionar resposta rápida
      </button>
    </div>
  );
}
