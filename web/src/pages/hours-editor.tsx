import type { Weekday } from "../api/types";
import { SelectField, Switch, TextArea } from "../components/field";
import { Icon } from "../components/icons";
import { Notice } from "../components/notice";
import { errorFor, type FieldErrors } from "../logic/field-errors";
import {
  BRAZIL_TIMEZONES,
  WEEKDAY_LABELS,
  addInterval,
  copyDayToAll,
  describeInterval,
  isAlwaysClosed,
  removeInterval,
  setDayOpen,
  setInterval,
  type HoursIssue,
  type HoursModel,
  type Interval,
} from "../logic/hours";

interface Props {
  model: HoursModel;
  onModel: (m: HoursModel) => void;
  issues: readonly HoursIssue[];
  errors: FieldErrors;
}

/** "24:00" is the same end of day as "00:00", and a time input only knows the latter. */
const inputClock = (clock: string): string => (clock === "24:00" ? "00:00" : clock);

/** The weekly business hours: each day open or closed, with its intervals. */
export function HoursEditor({ model, onModel, issues, errors }: Props) {
  const zones = BRAZIL_TIMEZONES.some((z) => z.id === model.timezone)
    ? BRAZIL_TIMEZONES
    : [{ id: model.timezone, label: model.timezone }, ...BRAZIL_TIMEZONES];
  const issueAt = (day: Weekday, index: number | null) =>
    issues.find((i) => i.day === day && i.index === index)?.message ??
    (index === null ? (errors[`businessHours.weekly.${day}`] ?? null) : errorFor(errors, `businessHours.weekly.${day}.${index}`));

  return (
    <div class="hours">
      <Switch
        label="Usar horário de atendimento"
        hint="Desligado, o robô responde a qualquer hora."
        checked={model.enabled}
        onValue={(enabled) => onModel({ ...model, enabled })}
      />
      {model.enabled && (
        <>
          <SelectField
            label="Fuso horário"
            value={model.timezone}
            options={zones.map((z) => ({ value: z.id, label: z.label }))}
            onValue={(timezone) => onModel({ ...model, timezone })}
            error={errorFor(errors, "businessHours.timezone")}
          />
          {isAlwaysClosed(model) && <Notice tone="warn">Nenhum dia aberto: o robô vai considerar a empresa sempre fechada.</Notice>}
          <ul class="hours__days">
            {model.days.map((d) => (
              <li key={d.day} class={`day${d.open ? "" : " day--closed"}`}>
                <div class="day__head">
                  <Switch label={WEEKDAY_LABELS[d.day]} checked={d.open} onValue={(open) => onModel(setDayOpen(model, d.day, open))} />
                  {!d.open && <span class="day__closed">Fechado</span>}
                  {d.open && (
                    <button type="button" class="link day__copy" onClick={() => onModel(copyDayToAll(model, d.day))}>
                      Copiar para todos
                    </button>
                  )}
                </div>
                {d.open && (
                  <>
                    {d.intervals.map((interval, index) => (
                      <IntervalRow
                        key={index}
                        day={d.day}
                        index={index}
                        interval={interval}
                        error={issueAt(d.day, index)}
                        onChange={(i) => onModel(setInterval(model, d.day, index, i))}
                        onRemove={() => onModel(removeInterval(model, d.day, index))}
                      />
                    ))}
                    {issueAt(d.day, null) && (
                      <p class="field__error" role="alert">
                        {issueAt(d.day, null)}
                      </p>
                    )}
                    <button type="button" class="btn btn--ghost btn--small" onClick={() => onModel(addInterval(model, d.day))}>
                      <Icon name="plus" size={16} /> Adicionar horário
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          <SelectField
            label="Fora do horário"
            value={model.outsideHours}
            options={[
              { value: "answer", label: "O robô responde normalmente" },
              { value: "away", label: "Enviar a mensagem de ausência" },
            ]}
            onValue={(outsideHours) => onModel({ ...model, outsideHours })}
            error={errorFor(errors, "businessHours.outsideHours")}
          />
          {model.outsideHours === "away" && (
            <TextArea
              label="Mensagem de ausência"
              hint="Enviada uma vez por período fechado."
              rows={3}
              value={model.awayMessage}
              onValue={(awayMessage) => onModel({ ...model, awayMessage })}
              error={errorFor(errors, "businessHours.awayMessage")}
            />
          )}
        </>
      )}
    </div>
  );
}

function IntervalRow(props: { day: Weekday; index: number; interval: Interval; error: string | null; onChange: (i: Interval) => void; onRemove: () => void }) {
  const { day, index, interval } = props;
  const name = `${WEEKDAY_LABELS[day]}, horário ${index + 1}`;
  const idBase = `h-${day}-${index}`;
  const errorId = props.error ? `${idBase}-err` : undefined;
  return (
    <div class={`interval${props.error ? " interval--error" : ""}`} role="group" aria-label={name}>
      <div class="interval__fields">
        <div class="interval__time">
          <label for={`${idBase}-open`} class="interval__label">
            Abre
          </label>
          <input
            id={`${idBase}-open`}
            class="input input--time"
            type="time"
            value={interval.open}
            aria-describedby={errorId}
            aria-invalid={props.error ? true : undefined}
            onInput={(e) => props.onChange({ ...interval, open: e.currentTarget.value })}
          />
        </div>
        <div class="interval__time">
          <label for={`${idBase}-close`} class="interval__label">
            Fecha
          </label>
          <input
            id={`${idBase}-close`}
            class="input input--time"
            type="time"
            value={inputClock(interval.close)}
            aria-describedby={errorId}
            aria-invalid={props.error ? true : undefined}
            onInput={(e) => props.onChange({ ...interval, close: e.currentTarget.value })}
          />
        </div>
        <button type="button" class="iconbtn" aria-label={`Remover ${name}`} onClick={props.onRemove}>
          <Icon name="trash" size={18} />
        </button>
      </div>
      {describeInterval(interval) !== `${interval.open} às ${interval.close}` && <p class="interval__desc">{describeInterval(interval)}</p>}
      {props.error && (
        <p id={errorId} class="field__error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}
