import type { Role } from "../api/types";

export type Screen = "conversas" | "conectar" | "robo" | "conhecimento" | "uso" | "equipe" | "empresas";

export const SCREEN_LABELS: Record<Screen, string> = {
  conversas: "Conversas",
  conectar: "Conectar WhatsApp",
  robo: "Robô",
  conhecimento: "Conhecimento",
  uso: "Uso",
  equipe: "Equipe",
  empresas: "Empresas",
};

const OWNER_SCREENS: readonly Screen[] = ["conversas", "robo", "conhecimento", "uso", "equipe", "conectar"];

/**
 * The screens a person sees in the navigation, in order. An attendant only handles
 * conversations; the operator has no tenant of their own and runs the tenants page.
 */
export function visibleScreens(role: Role): Screen[] {
  switch (role) {
    case "owner":
      return [...OWNER_SCREENS];
    case "agent":
      return ["conversas"];
    case "platform":
      return ["empresas"];
  }
}

export function canSee(role: Role, screen: Screen): boolean {
  return visibleScreens(role).includes(screen);
}

export function homeScreen(role: Role): Screen {
  return visibleScreens(role)[0]!;
}

/** How many screens fit the phone's bottom bar before the rest go under "Mais". */
export const BOTTOM_BAR_SLOTS = 4;

export function splitNavigation(screens: readonly Screen[]): { bar: Screen[]; more: Screen[] } {
  if (screens.length <= BOTTOM_BAR_SLOTS + 1) return { bar: [...screens], more: [] };
  return { bar: screens.slice(0, BOTTOM_BAR_SLOTS), more: screens.slice(BOTTOM_BAR_SLOTS) };
}
