import type { Screen } from "./roles";

export type Route =
  | { name: "entrar" }
  | { name: "convite"; token: string }
  | { name: "conversas"; contact: string | null }
  | { name: "robo"; tab: "ajustes" | "testar" }
  | { name: "conectar" | "conhecimento" | "uso" | "equipe" | "empresas" }
  | { name: "inicio" }
  | { name: "nao-encontrada" };

const SIMPLE = ["conectar", "conhecimento", "uso", "equipe", "empresas"] as const;

/** The route of a panel path; unknown paths are "nao-encontrada". */
export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { name: "nao-encontrada" };
  if (first === undefined) return { name: "inicio" };
  if (first === "entrar" && !second) return { name: "entrar" };
  if (first === "convite" && second) return { name: "convite", token: decode(second) };
  if (first === "conversas") return { name: "conversas", contact: second ? decode(second) : null };
  if (first === "robo" && (!second || second === "testar")) return { name: "robo", tab: second ? "testar" : "ajustes" };
  const simple = SIMPLE.find((s) => s === first);
  if (simple && !second) return { name: simple };
  return { name: "nao-encontrada" };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function conversationPath(contact: string): string {
  return `/conversas/${encodeURIComponent(contact)}`;
}

export function screenPath(screen: Screen): string {
  return `/${screen}`;
}

/** The screen a route belongs to, for the navigation and the role check. */
export function screenOf(route: Route): Screen | null {
  switch (route.name) {
    case "conversas":
    case "robo":
    case "conectar":
    case "conhecimento":
    case "uso":
    case "equipe":
    case "empresas":
      return route.name;
    default:
      return null;
  }
}

/** Entrar's address when a signed-out person opened `path`: they come back to it after signing in. */
export function signInPath(path: string): string {
  return path === "/" || path.startsWith("/entrar") ? "/entrar" : `/entrar?volta=${encodeURIComponent(path)}`;
}

/** Where to go after signing in: the `volta` path when it is one of the panel's own, else null. */
export function returnPath(search: string): string | null {
  const target = new URLSearchParams(search).get("volta");
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/entrar")) return null;
  return matchRoute(target).name === "nao-encontrada" ? null : target;
}
