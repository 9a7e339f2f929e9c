import { describe, expect, it } from "vitest";
import { type BusinessHours, businessHoursSchema } from "../../src/domain/bot-settings";
import { businessStatus, describeOpening, formatLocalDateTime } from "../../src/services/attendant/business-hours";

const SP = "America/Sao_Paulo";
/** Monday 2026-11-23 onwards; São Paulo is UTC-3, so local 07:00 is 10:00Z. */
const at = (iso: string): Date => new Date(iso);

const hours: BusinessHours = businessHoursSchema.parse({
  timezone: SP,
  weekly: {
    mon: [["07:00", "12:00"], ["18:00", "02:00"]],
    tue: [["07:00", "19:00"]],
    wed: [["07:00", "19:00"]],
    thu: [["07:00", "19:00"]],
    fri: [["07:00", "19:00"]],
    sat: [["08:00", "24:00"]],
  },
});

function closed(status: ReturnType<typeof businessStatus>) {
  if (status.open) throw new Error("expected closed");
  return status;
}

describe("businessStatus", () => {
  it("is always open without business hours", () => {
    expect(businessStatus(null, at("2026-11-29T15:00:00Z"))).toEqual({ open: true });
  });

  it("opens at the opening minute, not a minute before", () => {
    expect(businessStatus(hours, at("2026-11-23T10:00:00Z")).open).toBe(true); // Mon 07:00
    const before = closed(businessStatus(hours, at("2026-11-23T09:59:00Z"))); // Mon 06:59
    expect(before.opensAt?.toISOString()).toBe("2026-11-23T10:00:00.000Z");
  });

  it("is closed from the closing minute on", () => {
    expect(businessStatus(hours, at("2026-11-23T14:59:59Z")).open).toBe(true); // Mon 11:59:59
    const lunch = closed(businessStatus(hours, at("2026-11-23T15:00:00Z"))); // Mon 12:00
    expect(lunch.opensAt?.toISOString()).toBe("2026-11-23T21:00:00.000Z"); // Mon 18:00
  });

  it("uses the local day, not the UTC day", () => {
    // Mon 23:30 in São Paulo is already Tuesday in UTC.
    expect(businessStatus(hours, at("2026-11-24T02:30:00Z")).open).toBe(true);
  });

  it("keeps an overnight interval open after midnight on the next day", () => {
    expect(businessStatus(hours, at("2026-11-24T04:00:00Z")).open).toBe(true); // Tue 01:00
    const after = closed(businessStatus(hours, at("2026-11-24T05:00:00Z"))); // Tue 02:00
    expect(after.opensAt?.toISOString()).toBe("2026-11-24T10:00:00.000Z"); // Tue 07:00
  });

  it("treats 24:00 as the end of the day", () => {
    expect(businessStatus(hours, at("2026-11-29T02:59:00Z")).open).toBe(true); // Sat 23:59
    const sunday = closed(businessStatus(hours, at("2026-11-29T03:00:00Z"))); // Sun 00:00
    expect(sunday.opensAt?.toISOString()).toBe("2026-11-30T10:00:00.000Z"); // Mon 07:00
  });

  it("stays closed on a day without intervals and gives one key per closed period", () => {
    const sundayNight = closed(businessStatus(hours, at("2026-11-29T03:00:00Z"))); // Sun 00:00
    const sundayNoon = closed(businessStatus(hours, at("2026-11-29T15:00:00Z"))); // Sun 12:00
    const mondayDawn = closed(businessStatus(hours, at("2026-11-30T09:59:00Z"))); // Mon 06:59
    const mondayLunch = closed(businessStatus(hours, at("2026-11-30T15:00:00Z"))); // Mon 12:00
    expect(sundayNoon.periodKey).toBe(sundayNight.periodKey);
    expect(mondayDawn.periodKey).toBe(sundayNight.periodKey);
    expect(mondayLunch.periodKey).not.toBe(sundayNight.periodKey);
  });

  it("never opens when the week has no intervals", () => {
    const none = businessHoursSchema.parse({ timezone: SP, weekly: {} });
    const monday = closed(businessStatus(none, at("2026-11-23T15:00:00Z")));
    const later = closed(businessStatus(none, at("2026-12-05T15:00:00Z")));
    expect(monday.opensAt).toBeNull();
    expect(later.periodKey).toBe(monday.periodKey);
  });

  it("finds the next opening a full week ahead", () => {
    const mondaysOnly = businessHoursSchema.parse({ timezone: SP, weekly: { mon: [["07:00", "12:00"]] } });
    const status = closed(businessStatus(mondaysOnly, at("2026-11-23T16:00:00Z"))); // Mon 13:00
    expect(status.opensAt?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
  });

  it("treats equal open and close as 24 hours", () => {
    const allDay = businessHoursSchema.parse({ timezone: SP, weekly: { mon: [["00:00", "00:00"]] } });
    expect(businessStatus(allDay, at("2026-11-24T02:59:00Z")).open).toBe(true); // Mon 23:59
    expect(businessStatus(allDay, at("2026-11-24T03:00:00Z")).open).toBe(false); // Tue 00:00
  });

  it("follows the zone's offset changes instead of a fixed offset", () => {
    const ny = businessHoursSchema.parse({
      timezone: "America/New_York",
      weekly: { sat: [["09:00", "17:00"]], sun: [["09:00", "17:00"]] },
    });
    // Sat 2026-03-07 is on EST (UTC-5); clocks go forward on Sunday 03-08 at 02:00 (EDT, UTC-4).
    expect(businessStatus(ny, at("2026-03-07T14:00:00Z")).open).toBe(true); // Sat 09:00 EST
    const saturdayNight = closed(businessStatus(ny, at("2026-03-08T01:00:00Z"))); // Sat 20:00 EST
    expect(saturdayNight.opensAt?.toISOString()).toBe("2026-03-08T13:00:00.000Z"); // Sun 09:00 EDT
    expect(businessStatus(ny, at("2026-03-08T13:00:00Z")).open).toBe(true);
    expect(businessStatus(ny, at("2026-03-08T12:59:00Z")).open).toBe(false);
  });

  it("places an opening right after a clock change at the right instant", () => {
    const ny = businessHoursSchema.parse({ timezone: "America/New_York", weekly: { sun: [["03:00", "17:00"]] } });
    const saturdayNight = closed(businessStatus(ny, at("2026-03-08T01:00:00Z"))); // Sat 20:00 EST
    expect(saturdayNight.opensAt?.toISOString()).toBe("2026-03-08T07:00:00.000Z"); // Sun 03:00 EDT
  });

  it("knows São Paulo's past daylight-saving time", () => {
    // January 2019 São Paulo was on UTC-2: 09:00Z was 07:00 local.
    const mondays = businessHoursSchema.parse({ timezone: SP, weekly: { mon: [["07:00", "19:00"]] } });
    expect(businessStatus(mondays, at("2019-01-07T09:00:00Z")).open).toBe(true);
    expect(businessStatus(mondays, at("2019-01-07T08:59:00Z")).open).toBe(false);
  });
});

describe("describeOpening", () => {
  it("says today, tomorrow or the weekday, on the tenant's calendar", () => {
    const mondayNoon = at("2026-11-23T15:00:00Z");
    expect(describeOpening(at("2026-11-23T21:00:00Z"), SP, mondayNoon)).toBe("hoje às 18:00");
    expect(describeOpening(at("2026-11-24T10:00:00Z"), SP, mondayNoon)).toBe("amanhã às 07:00");
    const fridayNight = at("2026-11-27T23:00:00Z"); // Fri 20:00
    expect(describeOpening(at("2026-11-30T10:00:00Z"), SP, fridayNight)).toBe("segunda-feira às 07:00");
  });

  it("counts days by local date, not by UTC date", () => {
    // Mon 22:00 local (Tue 01:00Z) → Tue 07:00 local is tomorrow, though the same UTC day.
    expect(describeOpening(at("2026-11-24T10:00:00Z"), SP, at("2026-11-24T01:00:00Z"))).toBe("amanhã às 07:00");
  });

  it("adds the date when the opening is a week away", () => {
    expect(describeOpening(at("2026-11-30T10:00:00Z"), SP, at("2026-11-23T16:00:00Z"))).toBe(
      "segunda-feira, 30/11, às 07:00",
    );
  });
});

describe("formatLocalDateTime", () => {
  it("writes the tenant's local date and time in pt-BR", () => {
    expect(formatLocalDateTime(at("2026-11-24T02:30:00Z"), SP)).toBe("segunda-feira, 23/11/2026, 23:30");
  });
});
