import { describe, expect, it } from "vitest";
import { describeApiError, endsSession } from "../../../web/src/logic/api-errors";
import { errorFor, toFieldErrors, translateIssue, unclaimedErrors } from "../../../web/src/logic/field-errors";

describe("field errors from a 400", () => {
  const errors = toFieldErrors([
    { path: "bot.handoff.pauseMinutes", message: "Too big: expected number to be <=43200" },
    { path: "businessHours.weekly.mon.0.1", message: "expected HH:MM (24h)" },
    { path: ["quickReplies", 0, "keywords"], message: "Too small: expected array to have >=1 items" },
    { path: "bot.mystery", message: "strange" },
  ]);

  it("keys messages by field path without the admin API's prefix, in pt-BR", () => {
    expect(errors["handoff.pauseMinutes"]).toBe("O máximo é 43.200.");
    expect(errors["businessHours.weekly.mon.0.1"]).toBe("Use o formato HH:MM, de 00:00 a 24:00.");
    expect(errors["quickReplies.0.keywords"]).toBe("Informe pelo menos um item.");
  });

  it("a field finds its own error or one under it", () => {
    expect(errorFor(errors, "handoff.pauseMinutes")).toBe("O máximo é 43.200.");
    expect(errorFor(errors, "quickReplies.0")).toBe("Informe pelo menos um item.");
    expect(errorFor(errors, "systemPrompt")).toBeNull();
  });

  it("errors no field claims are listed for the top of the form", () => {
    expect(unclaimedErrors(errors, ["handoff", "businessHours", "quickReplies"])).toEqual(["mystery: strange"]);
  });

  it("translates the usual zod messages and keeps unknown ones", () => {
    expect(translateIssue("Too small: expected string to have >=1 characters")).toBe("Preencha este campo.");
    expect(translateIssue("Too big: expected string to have <=4000 characters")).toBe("Use no máximo 4.000 caracteres.");
    expect(translateIssue("Invalid input: expected number, received string")).toBe("Informe um número.");
    expect(translateIssue("digits with country code, or a @s.whatsapp.net JID")).toBe("Use só dígitos com DDI e DDD, por exemplo 5511999990001.");
    expect(translateIssue("algo novo")).toBe("algo novo");
  });
});

describe("request failures", () => {
  it("tells the person what happened", () => {
    expect(describeApiError(429, "too_many_attempts")).toBe("Muitas tentativas. Espere 15 minutos e tente de novo.");
    expect(describeApiError(401, "invalid_credentials")).toBe("Dados de acesso incorretos. Confira e tente de novo.");
    expect(describeApiError(0, null)).toMatch(/Sem conexão/);
    expect(describeApiError(502, "evolution_unreachable")).toMatch(/WhatsApp/);
    expect(describeApiError(500, "internal")).toMatch(/Tente de novo/);
  });

  it("a lost session sends back to Entrar, a wrong password does not", () => {
    expect(endsSession(401, "unauthorized")).toBe(true);
    expect(endsSession(401, "invalid_credentials")).toBe(false);
    expect(endsSession(403, "forbidden")).toBe(false);
  });
});
