import { describe, expect, it } from "vitest";
import {
  formatBRL,
  formatDayLabel,
  formatListTime,
  formatNumber,
  formatPhone,
  formatResumeTime,
  maskPhoneInput,
  normalizePhone,
  parseBRL,
} from "../../../web/src/logic/format";

const SP = "America/Sao_Paulo";
// Tuesday 2026-12-01 14:00 in São Paulo (UTC−3).
const now = new Date("2026-12-01T17:00:00Z");

describe("dates in pt-BR on the local calendar", () => {
  it("the list shows the time today, 'ontem', the weekday this week, the date before", () => {
    expect(formatListTime(new Date("2026-12-01T12:05:00Z"), now, SP)).toBe("09:05");
    expect(formatListTime(new Date("2026-12-01T02:30:00Z"), now, SP)).toBe("ontem"); // 23:30 local, Monday
    expect(formatListTime(new Date("2026-11-28T15:00:00Z"), now, SP)).toBe("sáb.");
    expect(formatListTime(new Date("2026-11-10T15:00:00Z"), now, SP)).toBe("10/11");
    expect(formatListTime(new Date("2025-11-10T15:00:00Z"), now, SP)).toBe("10/11/2025");
  });

  it("day separators read as words", () => {
    expect(formatDayLabel(new Date("2026-12-01T10:00:00Z"), now, SP)).toBe("Hoje");
    expect(formatDayLabel(new Date("2026-11-30T10:00:00Z"), now, SP)).toBe("Ontem");
    expect(formatDayLabel(new Date("2026-11-27T10:00:00Z"), now, SP)).toBe("sexta-feira, 27 de novembro");
    expect(formatDayLabel(new Date("2025-03-02T15:00:00Z"), now, SP)).toBe("domingo, 2 de março de 2025");
  });

  it("the bot's return time is relative to today", () => {
    expect(formatResumeTime(new Date("2026-12-01T18:30:00Z"), now, SP)).toBe("hoje às 15:30");
    expect(formatResumeTime(new Date("2026-12-02T11:00:00Z"), now, SP)).toBe("amanhã às 08:00");
    expect(formatResumeTime(new Date("2026-12-05T11:00:00Z"), now, SP)).toBe("em 05/12 às 08:00");
  });

  it("the same instant is another day in another timezone", () => {
    expect(formatListTime(new Date("2026-12-01T02:30:00Z"), now, "UTC")).toBe("02:30");
  });
});

describe("money and numbers", () => {
  it("formats reais the way people write them", () => {
    expect(formatBRL(12.9)).toBe("R$ 12,90");
    expect(formatBRL(1234.5)).toBe("R$ 1.234,50");
    expect(formatBRL(0)).toBe("R$ 0,00");
    expect(formatNumber(1234567)).toBe("1.234.567");
  });

  it("reads prices typed with comma, point or the currency sign", () => {
    expect(parseBRL("12,90")).toBe(12.9);
    expect(parseBRL("12.90")).toBe(12.9);
    expect(parseBRL("R$ 1.234,50")).toBe(1234.5);
    expect(parseBRL("1.234")).toBe(1234);
    expect(parseBRL("7")).toBe(7);
    expect(parseBRL("")).toBeNull();
    expect(parseBRL("doze")).toBeNull();
    expect(parseBRL("12,999")).toBeNull();
  });
});

describe("phones", () => {
  it("shows a contact's JID as a readable number, nothing for @lid", () => {
    expect(formatPhone("5511999990001@s.whatsapp.net")).toBe("+55 11 99999-0001");
    expect(formatPhone("551133334444")).toBe("+55 11 3333-4444");
    expect(formatPhone("14155550100@s.whatsapp.net")).toBe("+14155550100");
    expect(formatPhone("123456789012345@lid")).toBeNull();
  });

  it("masks the sign-in field as the person types", () => {
    expect(maskPhoneInput("1")).toBe("(1");
    expect(maskPhoneInput("11999")).toBe("(11) 999");
    expect(maskPhoneInput("1133334444")).toBe("(11) 3333-4444");
    expect(maskPhoneInput("11999990001")).toBe("(11) 99999-0001");
    expect(maskPhoneInput("(11) 99999-00012")).toBe("(11) 99999-0001");
    expect(maskPhoneInput("+1 415 555")).toBe("+1415555");
  });

  it("sends digits with the country code, Brazil assumed for local numbers", () => {
    expect(normalizePhone("(11) 99999-0001")).toBe("5511999990001");
    expect(normalizePhone("+55 11 99999-0001")).toBe("5511999990001");
    expect(normalizePhone("+1 415 555 0100")).toBe("14155550100");
    expect(normalizePhone("123")).toBeNull();
  });
});
