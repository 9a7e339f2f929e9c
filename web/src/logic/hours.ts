import type { BusinessHours, Weekday } from "../api/types";

/**
 * The weekly hours editor's model. Settings store intervals per weekday as `[open, close]`
 * pairs; the editor shows every day with an open/closed switch and keeps a closed day's
 * intervals so that reopening it restores them.
 */
export interface Interval {
  open: string;
  close: string;
}

export interface DayModel {
  day: Weekday;
  open: boolean;
  intervals: Interval[];
}

export interface HoursModel {
  /** Off: no hours at all, the bot answers at any time (`businessHours: null`). */
  enabled: boolean;
  timezone: string;
  outsideHours: "answer" | "away";
  awayMessage: string;
  days: DayModel[];
}

export interface HoursIssue {
  day: Weekday | null;
  index: number | null;
  message: string;
}

/** Monday first, as Brazilian calendars show the week. */
export const WEEK_ORDER: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: "Segunda",
  tue: "Terça",
  wed: "Quarta",
  thu: "Quinta",
  fri: "Sexta",
  sat: "Sábado",
  sun: "Domingo",
};

export const DEFAULT_TIMEZONE = "America/Sao_Paulo";
export const DEFAULT_AWAY_MESSAGE = "Estamos fechados agora. Assim que abrirmos, respondemos você!";
export const MAX_INTERVALS_PER_DAY = 8;
const NEW_INTERVAL: Interval = { open: "08:00", close: "18:00" };

/** Brazil's IANA zones, with the cities people recognise. */
export const BRAZIL_TIMEZONES: readonly { id: string; label: string }[] = [
  { id: "America/Sao_Paulo", label: "Brasília / São Paulo (UTC−3)" },
  { id: "America/Bahia", label: "Salvador (UTC−3)" },
  { id: "America/Fortaleza", label: "Fortaleza (UTC−3)" },
  { id: "America/Recife", label: "Recife (UTC−3)" },
  { id: "America/Belem", label: "Belém (UTC−3)" },
  { id: "America/Manaus", label: "Manaus (UTC−4)" },
  { id: "America/Cuiaba", label: "Cuiabá (UTC−4)" },
  { id: "America/Campo_Grande", label: "Campo Grande (UTC−4)" },
  { id: "America/Porto_Velho", label: "Porto Velho (UTC−4)" },
  { id: "America/Boa_Vista", label: "Boa Vista (UTC−4)" },
  { id: "America/Rio_Branco", label: "Rio Branco (UTC−5)" },
  { id: "America/Noronha", label: "Fernando de Noronha (UTC−2)" },
];

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

export function toHoursModel(hours: BusinessHours | null): HoursModel {
  return {
    enabled: hours !== null,
    timezone: hours?.timezone ?? DEFAULT_TIMEZONE,
    outsideHours: hours?.outsideHours ?? "answer",
    awayMessage: hours?.awayMessage ?? DEFAULT_AWAY_MESSAGE,
    days: WEEK_ORDER.map((day) => {
      const intervals = (hours?.weekly[day] ?? []).map(([open, close]) => ({ open, close }));
      return { day, open: intervals.length > 0, intervals };
    }),
  };
}

/** The settings value of the model; closed days and days without intervals are left out. */
export function fromHoursModel(model: HoursModel): BusinessHours | null {
  if (!model.enabled) return null;
  const weekly: BusinessHours["weekly"] = {};
  for (const d of model.days) {
    if (d.open && d.intervals.length > 0) weekly[d.day] = d.intervals.map((i): [string, string] => [i.open, i.close]);
  }
  return { timezone: model.timezone, weekly, outsideHours: model.outsideHours, awayMessage: model.awayMessage };
}

function updateDay(model: HoursModel, day: Weekday, change: (d: DayModel) => DayModel): HoursModel {
  return { ...model, days: model.days.map((d) => (d.day === day ? change(d) : d)) };
}

/** Opening a day without intervals gives it a usual working day to edit. */
export function setDayOpen(model: HoursModel, day: Weekday, open: boolean): HoursModel {
  return updateDay(model, day, (d) => ({
    ...d,
    open,
    intervals: open && d.intervals.length === 0 ? [{ ...NEW_INTERVAL }] : d.intervals,
  }));
}

export function addInterval(model: HoursModel, day: Weekday): HoursModel {
  return updateDay(model, day, (d) => {
    if (d.intervals.length >= MAX_INTERVALS_PER_DAY) return d;
    const last = d.intervals[d.intervals.length - 1];
    // A second interval usually follows the first (lunch break): start it where the first ends.
    const next = last ? { open: last.close, close: last.close < "22:00" ? "22:00" : "23:59" } : { ...NEW_INTERVAL };
    return { ...d, open: true, intervals: [...d.intervals, next] };
  });
}

export function removeInterval(model: HoursModel, day: Weekday, index: number): HoursModel {
  return updateDay(model, day, (d) => {
    const intervals = d.intervals.filter((_, i) => i !== index);
    return { ...d, intervals, open: d.open && intervals.length > 0 };
  });
}

export function setInterval(model: HoursModel, day: Weekday, index: number, interval: Interval): HoursModel {
  return updateDay(model, day, (d) => ({ ...d, intervals: d.intervals.map((i, n) => (n === index ? interval : i)) }));
}

/** Gives every other day the same state and intervals as `day` ("copiar para todos"). */
export function copyDayToAll(model: HoursModel, day: Weekday): HoursModel {
  const source = model.days.find((d) => d.day === day);
  if (!source) return model;
  return {
    ...model,
    days: model.days.map((d) => ({ ...d, open: source.open, intervals: source.intervals.map((i) => ({ ...i })) })),
  };
}

function minutes(clock: string): number {
  const [h, m] = clock.split(":").map(Number);
  return h! * 60 + m!;
}

/** Minutes an interval lasts: close before open runs past midnight, equal means 24 hours. */
export function intervalMinutes(interval: Interval): number {
  const open = minutes(interval.open);
  const close = minutes(interval.close);
  return close > open ? close - open : close + MINUTES_PER_DAY - open;
}

function isOvernight(interval: Interval): boolean {
  return minutes(interval.close) < minutes(interval.open) && interval.close !== "00:00";
}

/** "08:00 às 18:00", "18:00 às 02:00 do dia seguinte", "08:00 à meia-noite", "24 horas a partir de 06:00". */
export function describeInterval(interval: Interval): string {
  if (interval.open === interval.close) return `24 horas a partir de ${interval.open}`;
  if (interval.close === "24:00" || interval.close === "00:00") return `${interval.open} à meia-noite`;
  return isOvernight(interval) ? `${interval.open} às ${interval.close} do dia seguinte` : `${interval.open} às ${interval.close}`;
}

/**
 * Problems that make the schedule wrong: a malformed time, too many intervals, and intervals
 * that overlap, including an overnight interval running into the next day's first one.
 */
export function validateHours(model: HoursModel): HoursIssue[] {
  if (!model.enabled) return [];
  const issues: HoursIssue[] = [];
  const spans: { day: Weekday; index: number; start: number; end: number }[] = [];
  for (const d of model.days) {
    if (!d.open) continue;
    if (d.intervals.length > MAX_INTERVALS_PER_DAY) {
      issues.push({ day: d.day, index: null, message: `No máximo ${MAX_INTERVALS_PER_DAY} horários por dia.` });
    }
    d.intervals.forEach((interval, index) => {
      if (!CLOCK.test(interval.open) || !CLOCK.test(interval.close)) {
        issues.push({ day: d.day, index, message: "Use o formato HH:MM, de 00:00 a 24:00." });
        return;
      }
      const start = weekStart(d.day) + minutes(interval.open);
      spans.push({ day: d.day, index, start, end: start + intervalMinutes(interval) });
    });
  }
  for (let a = 0; a < spans.length; a++) {
    for (let b = a + 1; b < spans.length; b++) {
      const later = laterOfOverlap(spans[a]!, spans[b]!);
      if (!later) continue;
      const earlier = later === spans[a] ? spans[b]! : spans[a]!;
      if (issues.some((i) => i.day === later.day && i.index === later.index)) continue;
      const other = earlier.day === later.day ? "a outro horário deste dia" : `ao horário de ${WEEKDAY_LABELS[earlier.day].toLowerCase()}`;
      issues.push({ day: later.day, index: later.index, message: `Este horário se sobrepõe ${other}.` });
    }
  }
  return issues;
}

/** Sunday-based minute where the day begins on a circular week. */
function weekStart(day: Weekday): number {
  const sundayFirst: Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  return sundayFirst.indexOf(day) * MINUTES_PER_DAY;
}

/**
 * Of two overlapping spans, the one that starts inside the other; null when they do not
 * overlap. Saturday night runs into Sunday, so the week is circular: one span is also compared
 * shifted a week either way.
 */
function laterOfOverlap<T extends { start: number; end: number }>(x: T, y: T): T | null {
  for (const shift of [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK]) {
    const yStart = y.start + shift;
    if (x.start < y.end + shift && yStart < x.end) return yStart >= x.start ? y : x;
  }
  return null;
}

/** Hours switched on but no day open: the bot treats the business as always closed. */
export function isAlwaysClosed(model: HoursModel): boolean {
  return model.enabled && !model.days.some((d) => d.open && d.intervals.length > 0);
}
