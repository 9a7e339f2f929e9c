import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizePhone, parseLogin, phoneJid } from "../../../src/services/accounts/login";

describe("normalizePhone", () => {
  it("gives one form for a Brazilian mobile however it is typed", () => {
    for (const typed of [
      "(11) 99999-0001",
      "11 99999 0001",
      "11999990001",
      "011999990001",
      "5511999990001",
      "+55 11 99999-0001",
      "+55 (11) 99999.0001",
      "  +5511999990001  ",
    ]) {
      expect(normalizePhone(typed), typed).toBe("5511999990001");
    }
  });

  it("adds the ninth digit to a mobile written the old way, not to a landline", () => {
    expect(normalizePhone("(11) 9999-0001")).toBe("5511999990001");
    expect(normalizePhone("+55 21 8888-0001")).toBe("5521988880001");
    expect(normalizePhone("(11) 3333-0001")).toBe("551133330001");
    expect(normalizePhone("+55 11 3333-0001")).toBe("551133330001");
  });

  it("reads area code 55 (Santa Maria) as an area code, not a country code", () => {
    expect(normalizePhone("(55) 99999-0001")).toBe("5555999990001");
    expect(normalizePhone("(55) 3222-0001")).toBe("555532220001");
  });

  it("keeps other countries' numbers written with +", () => {
    expect(normalizePhone("+1 415 555 0100")).toBe("14155550100");
    expect(normalizePhone("+351 912 345 678")).toBe("351912345678");
  });

  it("refuses what is not a phone number", () => {
    for (const bad of [
      "",
      "abc",
      "99999-0001", // no area code
      "(10) 99999-0001", // no such area code
      "(11) 89999-0001", // 9 digits not starting with 9
      "+55 11 99999-00011",
      "1234567890123456",
      "+1234567",
      "5511999990001@s.whatsapp.net",
      "11 99999 0001 ramal 2",
    ]) {
      expect(normalizePhone(bad), bad).toBeNull();
    }
  });
});

describe("normalizeEmail", () => {
  it("trims and lowercases", () => {
    expect(normalizeEmail("  Ana.Souza@Padaria.COM.br ")).toBe("ana.souza@padaria.com.br");
  });

  it("refuses what is not an address", () => {
    for (const bad of ["ana", "ana@", "@padaria.com", "ana@padaria", "ana souza@padaria.com", "ana@@padaria.com", `${"a".repeat(250)}@x.com`]) {
      expect(normalizeEmail(bad), bad).toBeNull();
    }
  });
});

describe("parseLogin", () => {
  it("tells phones from e-mails and stores each in its one form", () => {
    expect(parseLogin("(11) 99999-0001")).toEqual({ kind: "phone", login: "5511999990001" });
    expect(parseLogin("Dono@Padaria.com")).toEqual({ kind: "email", login: "dono@padaria.com" });
  });

  it("makes differently typed forms of one person's login the same", () => {
    expect(parseLogin("+55 11 99999-0001")).toEqual(parseLogin("11999990001"));
    expect(parseLogin("DONO@padaria.com ")).toEqual(parseLogin("dono@PADARIA.com"));
  });

  it("is null for neither", () => {
    expect(parseLogin("dono")).toBeNull();
    expect(parseLogin("dono@")).toBeNull();
  });
});

describe("phoneJid", () => {
  it("is the WhatsApp JID of the number", () => {
    expect(phoneJid("5511999990001")).toBe("5511999990001@s.whatsapp.net");
  });
});
