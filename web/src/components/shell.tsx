import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { SCREEN_LABELS, splitNavigation, visibleScreens, type Screen } from "../logic/roles";
import { screenOf, screenPath, type Route } from "../logic/routes";
import { follow } from "../router";
import { useSession } from "../session";
import { Icon, type IconName } from "./icons";

const ICONS: Record<Screen, IconName> = {
  conversas: "chat",
  robo: "robot",
  conhecimento: "book",
  uso: "chart",
  equipe: "team",
  conectar: "phone",
  empresas: "building",
};

/** The signed-in frame: top bar, the screen, and the navigation (bottom bar on phones, side bar on wide screens). */
export function Shell({ route, children }: { route: Route; children: ComponentChildren }) {
  const { me, signOut } = useSession();
  const current = screenOf(route);
  const screens = visibleScreens(me.user.role);
  const { bar, more } = splitNavigation(screens);
  const focused = route.name === "conversas" && route.contact !== null;
  useEffect(() => {
    // The "Mais" sheet and the account menu are <details>: close them on a tap anywhere else.
    const close = (e: MouseEvent) => {
      for (const d of document.querySelectorAll<HTMLDetailsElement>("details.tabbar__more[open], details.account[open]")) {
        if (!d.contains(e.target as Node)) d.open = false;
      }
    };
    document.addEventListener("click", close);
    return () => document.removeEventListener("click", close);
  }, []);
  const link = (s: Screen, cls: string) => (
    <a key={s} href={screenPath(s)} onClick={closeMenuAndFollow} class={cls} aria-current={s === current ? "page" : undefined}>
      <Icon name={ICONS[s]} />
      <span>{SCREEN_LABELS[s]}</span>
    </a>
  );
  return (
    <div class={`shell${focused ? " shell--focused" : ""}${screens.length > 1 ? "" : " shell--single"}`}>
      <a href="#conteudo" class="skip">
        Pular para o conteúdo
      </a>
      <header class="topbar">
        <div class="topbar__brand">
          <img src="/icon.svg" alt="" width="28" height="28" />
          <div>
            <p class="topbar__title">{me.tenant?.name ?? "Operação AtenBot"}</p>
            <p class="topbar__tenant">AtenBot</p>
          </div>
        </div>
        <details class="account">
          <summary>
            <span class="avatar" aria-hidden="true">
              {initials(me.user.name)}
            </span>
            <span class="sr-only">Conta de {me.user.name}</span>
          </summary>
          <div class="account__menu">
            <p class="account__name">{me.user.name}</p>
            <p class="account__login">{me.user.login}</p>
            <button type="button" class="btn btn--ghost" onClick={() => signOut(false)}>
              <Icon name="logout" size={18} /> Sair
            </button>
            <button type="button" class="btn btn--ghost" onClick={() => signOut(true)}>
              Sair de todos os aparelhos
            </button>
          </div>
        </details>
      </header>
      {screens.length > 1 && (
        <nav class="sidenav" aria-label="Telas">
          {screens.map((s) => link(s, "sidenav__link"))}
        </nav>
      )}
      <main id="conteudo" class="main" tabIndex={-1}>
        {children}
      </main>
      {screens.length > 1 && (
        <nav class="tabbar" aria-label="Telas">
          {bar.map((s) => link(s, "tabbar__link"))}
          {more.length > 0 && (
            <details class="tabbar__more">
              <summary class="tabbar__link" aria-current={current && more.includes(current) ? "page" : undefined}>
                <Icon name="more" />
                <span>Mais</span>
              </summary>
              <div class="tabbar__sheet">{more.map((s) => link(s, "sheet__link"))}</div>
            </details>
          )}
        </nav>
      )}
    </div>
  );
}

function closeMenuAndFollow(e: MouseEvent): void {
  const menu = (e.currentTarget as HTMLElement).closest("details");
  if (menu) menu.open = false;
  follow(e);
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase();
}
