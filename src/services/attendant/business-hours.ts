import { type BusinessHours, weekdays } from "../../domain/bot-settings";
import { localParts } from "../../domain/local-time";

/**
 * Opening hours in the tenant's own timezone. Intervals are wall-clock times ("07:00" means
 * 07:00 on the shop's clock whatever the UTC offset is that day), so every conversion goes
 * through Intl with the IANA zone and never through a fixed offset.
 */

export type BusinessStatus =
  | { open: true }
  | {
      open: false;
      /** The next opening, or null when the week has no intervals at all. */
      opensAt: Date | null;
      /** Same value for every instant of one closed period: keys "away message once per period". */
      periodKey: string;
    };

const MINUTES_PER_DAY = 1440;
const MS_PER_DAY = 86_400_000;
const WEEKDAY_NAMES_PT = [
  "domingo",
  "segunda-feira",
  "terça-feira",
  "quarta-feira",
  "quinta-feira",
  "sexta-feira",
  "sábado",
] as const;

/**
 * Whether the business is open at `now`. An interval includes its opening minute and excludes
 * its closing minute; `close < open` runs past midnight into the next day, `close == open`
 * means 24 hours from `open`, "24:00" is the end of the day. No hours at all means always open.
 */
export function businessStatus(hours: BusinessHours | null, now: Date): BusinessStatus {
  if (!hours) return { open: true };
  const today = localParts(now, hours.timezone);
  const nowMinute = today.hour * 60 + today.minute;
  // Minutes relative to today's local midnight. Yesterday is the only earlier day whose
  // intervals can reach into today; seven days ahead is the farthest a weekly schedule can put
  // the next opening.
  let nextOpening: number | null = null;
  for (let dayOffset = -1; dayOffset <= 7; dayOffset++) {
    const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day + dayOffset)).getUTCDay();
    for (const [open, close] of hours.weekly[weekdays[weekday]!] ?? []) {
      const start = dayOffset * MINUTES_PER_DAY + clockMinutes(open);
      const end = start + intervalLength(clockMinutes(open), clockMinutes(close));
      if (start <= nowMinute && nowMinute < end) return { open: true };
      if (start > nowMinute && (nextOpening === null || start < nextOpening)) nextOpening = start;
    }
  }
  if (nextOpening === null) return { open: false, opensAt: null, periodKey: "closed:never-opens" };
  const opensAt = localToInstant(today.year, today.month, today.day, nextOpening, hours.timezone);
  // Every instant of a closed period shares its next opening, and the next period has another.
  return { open: false, opensAt, periodKey: `closed-until:${opensAt.toISOString()}` };
}

/**
 * When the business opens, in pt-BR relative to `now` on the tenant's calendar: "hoje às 18:00",
 * "amanhã às 07:00", "segunda-feira às 07:00", or with the date when a week or more away.
 */
export function describeOpening(opensAt: Date, timezone: string, now: Date): string {
  const at = localParts(opensAt, timezone);
  const today = localParts(now, timezone);
  const days = Math.round(
    (Date.UTC(at.year, at.month - 1, at.day) - Date.UTC(today.year, today.month - 1, today.day)) / MS_PER_DAY,
  );
  const time = `${pad(at.hour)}:${pad(at.minute)}`;
  if (days <= 0) return `hoje às ${time}`;
  if (days === 1) return `amanhã às ${time}`;
  const weekday = WEEKDAY_NAMES_PT[at.weekday]!;
  if (days < 7) return `${weekday} às ${time}`;
  return `${weekday}, ${pad(at.day)}/${pad(at.month)}, às ${time}`;
}

/** `date` on the tenant's clock in pt-BR, e.g. "segunda-feira, 23/11/2026, 14:05". */
export function formatLocalDateTime(date: Date, timezone: string): string {
  const p = localParts(date, timezone);
  return `${WEEKDAY_NAMES_PT[p.weekday]}, ${pad(p.day)}/${pad(p.month)}/${p.year}, ${pad(p.hour)}:${pad(p.minute)}`;
}


/** Milliseconds the zone's clock is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: number, timezone: string): number {
  const p = localParts(new Date(instant), timezone);
  const wallClockAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallClockAsUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant when the zone's clock shows local date (year, month, day) plus `minutes` (which
 * may run past midnight into later days). The second pass corrects guesses that straddle an
 * offset change, such as a daylight-saving switch between midnight and the target time.
 */
function localToInstant(year: number, month: number, day: number, minutes: number, timezone: string): Date {
  const wallClockAsUtc = Date.UTC(year, month - 1, day, 0, minutes);
  const firstGuess = wallClockAsUtc - zoneOffsetMs(wallClockAsUtc, timezone);
  return new Date(wallClockAsUtc - zoneOffsetMs(firstGuess, timezone));
}

function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function intervalLength(open: number, close: number): number {
  return close > open ? close - open : close + MINUTES_PER_DAY - open;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
