import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError, api, errorMessage } from "../api/client";
import type { BotSettings, HandoffSettings } from "../api/types";
import { NumberField, Switch, TextArea, TextField } from "../components/field";
import { ListField } from "../components/list-field";
import { Loading, Notice } from "../components/notice";
import { errorFor, toFieldErrors, unclaimedErrors, type FieldErrors } from "../logic/field-errors";
import { fromHoursModel, toHoursModel, validateHours, type HoursModel } from "../logic/hours";
import { changedSettings } from "../logic/settings-diff";
import { follow } from "../router";
import { HoursEditor } from "./hours-editor";
import { QuickRepliesEditor } from "./quick-replies-editor";
import { Testar } from "./testar";

/** The settings under "Avançado": an error in one of them opens the section. */
const ADVANCED = [
  "model", "debounceMs", "maxWaitMs", "historyTurns", "sessionTtlMinutes", "ignoreGroups", "maxParts",
  "typingMsPerChar", "aiTimeoutMs", "monthlyAiReplies", "dailyAiCalls", "contactAiCallsPerHour", "retentionDays",
  "knowledgeBudgetChars",
];
/** Field paths the form shows errors for; anything else is listed above the form. */
const CLAIMED = ["systemPrompt", "businessProfile", "businessHours", "quickReplies", "handoff", "fallbackText", "quotaText", ...ADVANCED];

export default function Robo({ tab }: { tab: "ajustes" | "testar" }) {
  return (
    <section class="page">
      <h1 class="page__title">Robô</h1>
      <nav class="tabs" aria-label="Robô">
        <a href="/robo" onClick={follow} class="tabs__tab" aria-current={tab === "ajustes" ? "page" : undefined}>
          Ajustes
        </a>
        <a href="/robo/testar" onClick={follow} class="tabs__tab" aria-current={tab === "testar" ? "page" : undefined}>
          Testar o robô
        </a>
      </nav>
      {tab === "ajustes" ? <Ajustes /> : <Testar />}
    </section>
  );
}

function Ajustes() {
  const [saved, setSaved] = useState<BotSettings | null>(null);
  const [draft, setDraft] = useState<BotSettings | null>(null);
  const [hours, setHours] = useState<HoursModel>(toHoursModel(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const adopt = (s: BotSettings) => {
    setSaved(s);
    setDraft(s);
    setHours(toHoursModel(s.businessHours));
  };

  useEffect(() => {
    api.settings().then(adopt, (err: unknown) => setMessage({ tone: "error", text: errorMessage(err) }));
  }, []);

  const current = useMemo(() => (draft ? { ...draft, businessHours: fromHoursModel(hours) } : null), [draft, hours]);
  const changes = saved && current ? changedSettings(saved, current) : {};
  const dirty = Object.keys(changes).length > 0;
  const hoursIssues = validateHours(hours);

  if (!draft || !current) return message ? <Notice tone="error">{message.text}</Notice> : <Loading />;

  const set = <K extends keyof BotSettings>(key: K, value: BotSettings[K]) => setDraft({ ...draft, [key]: value });
  const setHandoff = <K extends keyof HandoffSettings>(key: K, value: HandoffSettings[K]) => set("handoff", { ...draft.handoff, [key]: value });
  const err = (path: string) => errorFor(errors, path);

  const save = async (e: Event) => {
    e.preventDefault();
    setMessage(null);
    if (hoursIssues.length > 0) {
      setMessage({ tone: "error", text: "Confira o horário de atendimento." });
      return;
    }
    setBusy(true);
    try {
      adopt(await api.saveSettings(changes));
      setErrors({});
      setMessage({ tone: "success", text: "Ajustes salvos. A próxima resposta do robô já usa estes ajustes." });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setErrors(toFieldErrors(error.details));
      setMessage({ tone: "error", text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const stray = unclaimedErrors(errors, CLAIMED);
  return (
    <form class="settings" onSubmit={save} noValidate>
      {stray.length > 0 && (
        <Notice tone="error">
          {stray.map((s) => (
            <p key={s}>{s}</p>
          ))}
        </Notice>
      )}
      <fieldset class="section">
        <legend class="section__title">Como o robô fala</legend>
        <TextArea
          label="Instruções do robô"
          hint="O jeito de atender: tom, o que pode e o que não pode dizer."
          rows={6}
          value={draft.systemPrompt}
          onValue={(v) => set("systemPrompt", v)}
          error={err("systemPrompt")}
        />
        <TextArea
          label="Sobre a empresa"
          hint="Endereço, formas de pagamento, entrega e o que mais o cliente costuma perguntar."
          rows={6}
          value={draft.businessProfile}
          onValue={(v) => set("businessProfile", v)}
          error={err("businessProfile")}
        />
      </fieldset>

      <fieldset class="section">
        <legend class="section__title">Horário de atendimento</legend>
        <HoursEditor model={hours} onModel={setHours} issues={hoursIssues} errors={errors} />
      </fieldset>

      <fieldset class="section">
        <legend class="section__title">Respostas rápidas</legend>
        <p class="section__hint">Para perguntas sempre iguais, o robô responde na hora, sem usar a IA.</p>
        <QuickRepliesEditor value={draft.quickReplies} onValue={(v) => set("quickReplies", v)} errors={errors} />
      </fieldset>

      <fieldset class="section">
        <legend class="section__title">Passar para um atendente</legend>
        <ListField
          label="Palavras que chamam um atendente"
          value={draft.handoff.keywords}
          onValue={(v) => setHandoff("keywords", v)}
          error={err("handoff.keywords")}
        />
        <TextArea label="Mensagem ao cliente" rows={2} value={draft.handoff.message} onValue={(v) => setHandoff("message", v)} error={err("handoff.message")} />
        <NumberField
          label="O robô fica em silêncio por (minutos)"
          hint="Depois disso, volta a responder sozinho."
          min={1}
          value={draft.handoff.pauseMinutes}
          onValue={(v) => setHandoff("pauseMinutes", v as number)}
          error={err("handoff.pauseMinutes")}
        />
        <TextField
          label="Avisar este número"
          hint="Recebe um resumo no WhatsApp a cada pedido de atendente. Só dígitos, com 55 e DDD."
          type="tel"
          inputMode="numeric"
          value={draft.handoff.notifyNumber ?? ""}
          onValue={(v) => setHandoff("notifyNumber", v.trim() === "" ? null : v.replace(/[^\d@a-z.]/gi, ""))}
          error={err("handoff.notifyNumber")}
        />
      </fieldset>

      <fieldset class="section">
        <legend class="section__title">Mensagens automáticas</legend>
        <TextArea
          label="Quando algo dá errado"
          hint="Enviada quando a IA não consegue responder."
          rows={2}
          value={draft.fallbackText}
          onValue={(v) => set("fallbackText", v)}
          error={err("fallbackText")}
        />
        <TextArea
          label="Quando a cota acaba"
          hint="Enviada quando o limite de respostas com IA do mês ou do dia foi atingido."
          rows={2}
          value={draft.quotaText}
          onValue={(v) => set("quotaText", v)}
          error={err("quotaText")}
        />
      </fieldset>

      <details class="section section--advanced" open={ADVANCED.some((p) => err(p) !== null) || undefined}>
        <summary class="section__title">Avançado</summary>
        <TextField
          label="Modelo de IA"
          hint="Vazio: o modelo padrão da plataforma."
          value={draft.model ?? ""}
          onValue={(v) => set("model", v.trim() === "" ? null : v.trim())}
          error={err("model")}
        />
        <NumberField label="Esperar mais mensagens por (ms)" hint="Junta mensagens seguidas do cliente numa resposta só." min={0} value={draft.debounceMs} onValue={(v) => set("debounceMs", v as number)} error={err("debounceMs")} />
        <NumberField label="Espera máxima (ms)" min={0} value={draft.maxWaitMs} onValue={(v) => set("maxWaitMs", v as number)} error={err("maxWaitMs")} />
        <NumberField label="Mensagens lembradas da conversa" min={0} value={draft.historyTurns} onValue={(v) => set("historyTurns", v as number)} error={err("historyTurns")} />
        <NumberField label="A conversa recomeça após (minutos sem mensagens)" min={1} value={draft.sessionTtlMinutes} onValue={(v) => set("sessionTtlMinutes", v as number)} error={err("sessionTtlMinutes")} />
        <NumberField label="Partes por resposta, no máximo" min={1} max={10} value={draft.maxParts} onValue={(v) => set("maxParts", v as number)} error={err("maxParts")} />
        <NumberField label="Tempo de digitação por caractere (ms)" min={0} value={draft.typingMsPerChar} onValue={(v) => set("typingMsPerChar", v as number)} error={err("typingMsPerChar")} />
        <NumberField label="Tempo limite da IA (ms)" min={1000} value={draft.aiTimeoutMs} onValue={(v) => set("aiTimeoutMs", v as number)} error={err("aiTimeoutMs")} />
        <NumberField label="Respostas com IA por mês" hint="Vazio: sem limite." min={0} value={draft.monthlyAiReplies} onValue={(v) => set("monthlyAiReplies", v)} error={err("monthlyAiReplies")} />
        <NumberField label="Chamadas de IA por dia, no máximo" min={0} value={draft.dailyAiCalls} onValue={(v) => set("dailyAiCalls", v as number)} error={err("dailyAiCalls")} />
        <NumberField label="Chamadas de IA por cliente por hora" min={1} value={draft.contactAiCallsPerHour} onValue={(v) => set("contactAiCallsPerHour", v as number)} error={err("contactAiCallsPerHour")} />
        <NumberField label="Guardar conversas por (dias)" min={1} value={draft.retentionDays} onValue={(v) => set("retentionDays", v as number)} error={err("retentionDays")} />
        <NumberField
          label="Conhecimento por resposta (caracteres)"
          min={0}
          value={draft.knowledgeBudgetChars}
          onValue={(v) => set("knowledgeBudgetChars", v as number)}
          error={err("knowledgeBudgetChars")}
        />
        <Switch label="Ignorar grupos" hint="O robô não responde em grupos do WhatsApp." checked={draft.ignoreGroups} onValue={(v) => set("ignoreGroups", v)} />
      </details>

      <div class="savebar">
        {message && <Notice tone={message.tone}>{message.text}</Notice>}
        <div class="savebar__row">
          <button type="button" class="btn btn--ghost" disabled={!dirty || busy} onClick={() => saved && (adopt(saved), setErrors({}), setMessage(null))}>
            Desfazer
          </button>
          <button class="btn btn--primary" disabled={!dirty || busy}>
            {busy ? "Salvando…" : "Salvar ajustes"}
          </button>
        </div>
      </div>
    </form>
  );
}
