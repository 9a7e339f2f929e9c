import { describe, expect, it } from "vitest";
import type { BusinessHours } from "../../../web/src/api/types";
import {
  addInterval,
  copyDayToAll,
  describeInterval,
  fromHoursModel,
  isAlwaysClosed,
  removeInterval,
  setDayOpen,
  setInterval,
  toHoursModel,
  validateHours,
} from "../../../web/src/logic/hours";

const bakery: BusinessHours = {
  timezone: "America/Sao_Paulo",
  weekly: {
    mon: [["07:00", "12:00"], ["14:00", "19:00"]],
    fri: [["18:00", "02:00"]],
    sat: [["08:00", "24:00"]],
  },
  outsideHours: "away",
  awayMessage: "Fechado!",
};

describe("hours editor model", () => {
  it("round-trips settings, overnight intervals included", () => {
    expect(fromHoursModel(toHoursModel(bakery))).toEqual(bakery);
  });

  it("shows every day Monday first, closed days without intervals", () => {
    const model = toHoursModel(bakery);
    expect(model.days.map((d) => d.day)).toEqual(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    expect(model.days.find((d) => d.day === "tue")).toEqual({ day: "tue", open: false, intervals: [] });
  });

  it("no hours at all means switched off, and switched off saves null", () => {
    const model = toHoursModel(null);
    expect(model.enabled).toBe(false);
    expect(model.timezone).toBe("America/Sao_Paulo");
    expect(fromHoursModel(model)).toBeNull();
    expect(fromHoursModel({ ...model, enabled: true })).toMatchObject({ weekly: {} });
  });

  it("a closed day keeps its intervals for reopening but is not saved", () => {
    let model = setDayOpen(toHoursModel(bakery), "mon", false);
    expect(fromHoursModel(model)?.weekly.mon).toBeUndefined();
    model = setDayOpen(model, "mon", true);
    expect(fromHoursModel(model)?.weekly.mon).toEqual(bakery.weekly.mon);
  });

  it("opening an empty day gives it 08:00–18:00", () => {
    const model = setDayOpen(toHoursModel(bakery), "sun", true);
    expect(fromHoursModel(model)?.weekly.sun).toEqual([["08:00", "18:00"]]);
  });

  it("removing the last interval closes the day", () => {
    const model = removeInterval(toHoursModel(bakery), "fri", 0);
    expect(model.days.find((d) => d.day === "fri")?.open).toBe(false);
    expect(fromHoursModel(model)?.weekly.fri).toBeUndefined();
  });

  it("a new interval starts where the previous one ends", () => {
    const model = addInterval(toHoursModel({ ...bakery, weekly: { tue: [["08:00", "12:00"]] } }), "tue");
    expect(fromHoursModel(model)?.weekly.tue).toEqual([["08:00", "12:00"], ["12:00", "22:00"]]);
  });

  it("copies one day to the whole week", () => {
    const weekly = fromHoursModel(copyDayToAll(toHoursModel(bakery), "mon"))!.weekly;
    expect(Object.keys(weekly).sort()).toEqual(["fri", "mon", "sat", "sun", "thu", "tue", "wed"]);
    expect(weekly.sun).toEqual(bakery.weekly.mon);
  });
});

describe("hours validation", () => {
  it("accepts the bakery's week", () => {
    expect(validateHours(toHoursModel(bakery))).toEqual([]);
  });

  it("flags a malformed time on its own interval", () => {
    const model = setInterval(toHoursModel(bakery), "mon", 1, { open: "14:00", close: "25:00" });
    expect(validateHours(model)).toEqual([{ day: "mon", index: 1, message: "Use o formato HH:MM, de 00:00 a 24:00." }]);
  });

  it("flags overlapping intervals of one day on the later one", () => {
    const model = setInterval(toHoursModel(bakery), "mon", 1, { open: "11:00", close: "19:00" });
    expect(validateHours(model)).toEqual([{ day: "mon", index: 1, message: "Este horário se sobrepõe a outro horário deste dia." }]);
  });

  it("flags an overnight interval running into the next day's opening", () => {
    // Friday 18:00–02:00 reaches Saturday 01:00.
    const model = setInterval(toHoursModel(bakery), "sat", 0, { open: "01:00", close: "12:00" });
    expect(validateHours(model)).toEqual([{ day: "sat", index: 0, message: "Este horário se sobrepõe ao horário de sexta." }]);
  });

  it("flags Saturday night running into Sunday across the week's end", () => {
    const model = toHoursModel({ ...bakery, weekly: { sat: [["20:00", "03:00"]], sun: [["02:00", "10:00"]] } });
    expect(validateHours(model)).toHaveLength(1);
    expect(validateHours(model)[0]).toMatchObject({ day: "sun", index: 0 });
  });

  it("back-to-back intervals do not overlap", () => {
    const model = toHoursModel({ ...bakery, weekly: { fri: [["18:00", "02:00"]], sat: [["02:00", "12:00"]] } });
    expect(validateHours(model)).toEqual([]);
  });

  it("ignores closed days and switched-off hours", () => {
    const overlapping = toHoursModel({ ...bakery, weekly: { mon: [["08:00", "12:00"], ["09:00", "10:00"]] } });
    expect(validateHours(setDayOpen(overlapping, "mon", false))).toEqual([]);
    expect(validateHours({ ...overlapping, enabled: false })).toEqual([]);
  });

  it("knows when switched-on hours leave the business always closed", () => {
    expect(isAlwaysClosed(toHoursModel({ ...bakery, weekly: {} }))).toBe(true);
    expect(isAlwaysClosed(toHoursModel(bakery))).toBe(false);
    expect(isAlwaysClosed(toHoursModel(null))).toBe(false);
  });

  it("describes intervals in words", () => {
    expect(describeInterval({ open: "08:00", close: "18:00" })).toBe("08:00 às 18:00");
    expect(describeInterval({ open: "18:00", close: "02:00" })).toBe("18:00 às 02:00 do dia seguinte");
    expect(describeInterval({ open: "08:00", close: "24:00" })).toBe("08:00 à meia-noite");
    expect(describeInterval({ open: "06:00", close: "06:00" })).toBe("24 horas a partir de 06:00");
  });
});
