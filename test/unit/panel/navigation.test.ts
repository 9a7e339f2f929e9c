import { describe, expect, it } from "vitest";
import { canSee, homeScreen, splitNavigation, visibleScreens } from "../../../web/src/logic/roles";
import { conversationPath, matchRoute, returnPath, screenOf, signInPath } from "../../../web/src/logic/routes";

describe("role → visible screens", () => {
  it("an attendant sees only Conversas", () => {
    expect(visibleScreens("agent")).toEqual(["conversas"]);
    for (const s of ["robo", "equipe", "uso", "conhecimento", "conectar", "empresas"] as const) expect(canSee("agent", s)).toBe(false);
  });

  it("an owner sees their business but not Empresas", () => {
    expect(visibleScreens("owner")).toEqual(["conversas", "robo", "conhecimento", "uso", "equipe", "conectar"]);
    expect(canSee("owner", "empresas")).toBe(false);
  });

  it("the operator lands on Empresas", () => {
    expect(homeScreen("platform")).toBe("empresas");
    expect(canSee("platform", "conversas")).toBe(false);
  });

  it("the phone bar holds four screens and puts the rest under Mais", () => {
    expect(splitNavigation(visibleScreens("owner"))).toEqual({ bar: ["conversas", "robo", "conhecimento", "uso"], more: ["equipe", "conectar"] });
    expect(splitNavigation(["conversas"])).toEqual({ bar: ["conversas"], more: [] });
  });
});

describe("routes", () => {
  it("reads panel paths", () => {
    expect(matchRoute("/")).toEqual({ name: "inicio" });
    expect(matchRoute("/entrar")).toEqual({ name: "entrar" });
    expect(matchRoute("/convite/abc123")).toEqual({ name: "convite", token: "abc123" });
    expect(matchRoute("/conversas")).toEqual({ name: "conversas", contact: null });
    expect(matchRoute("/robo/testar")).toEqual({ name: "robo", tab: "testar" });
    expect(matchRoute("/robo/")).toEqual({ name: "robo", tab: "ajustes" });
    expect(matchRoute("/uso")).toEqual({ name: "uso" });
    expect(matchRoute("/uso/x")).toEqual({ name: "nao-encontrada" });
    expect(matchRoute("/qualquer")).toEqual({ name: "nao-encontrada" });
  });

  it("a contact's JID survives the path", () => {
    const path = conversationPath("5511999990001@s.whatsapp.net");
    expect(path).toBe("/conversas/5511999990001%40s.whatsapp.net");
    expect(matchRoute(path)).toEqual({ name: "conversas", contact: "5511999990001@s.whatsapp.net" });
  });

  it("knows each route's screen", () => {
    expect(screenOf(matchRoute("/robo/testar"))).toBe("robo");
    expect(screenOf(matchRoute("/entrar"))).toBeNull();
  });
});

describe("back to where the person was after signing in", () => {
  it("remembers a deep link and returns to it", () => {
    const path = conversationPath("5511999990001@s.whatsapp.net");
    const entrar = signInPath(path);
    expect(entrar).toBe("/entrar?volta=%2Fconversas%2F5511999990001%2540s.whatsapp.net");
    expect(returnPath(entrar.slice("/entrar".length))).toBe(path);
  });

  it("the home page needs no return path", () => {
    expect(signInPath("/")).toBe("/entrar");
    expect(returnPath("")).toBeNull();
  });

  it("never leaves the panel nor loops back to Entrar", () => {
    expect(returnPath("?volta=//evil.example/x")).toBeNull();
    expect(returnPath("?volta=https://evil.example")).toBeNull();
    expect(returnPath("?volta=/entrar")).toBeNull();
    expect(returnPath("?volta=/nao-existe")).toBeNull();
  });
});
