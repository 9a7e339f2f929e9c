import { useCallback, useEffect, useState } from "preact/hooks";
import { api, onSessionEnded } from "./api/client";
import type { Me } from "./api/types";
import { lazy } from "./components/lazy";
import { Loading } from "./components/notice";
import { Shell } from "./components/shell";
import { live } from "./live/socket";
import { canSee, homeScreen } from "./logic/roles";
import { matchRoute, returnPath, screenOf, screenPath, signInPath, type Route } from "./logic/routes";
import { Conversas } from "./pages/conversas";
import { Convite } from "./pages/convite";
import { Entrar } from "./pages/entrar";
import { NaoEncontrada } from "./pages/nao-encontrada";
import { navigate, usePath } from "./router";
import { SessionContext, type SessionValue } from "./session";

const Conectar = lazy(() => import("./pages/conectar"));
const Robo = lazy(() => import("./pages/robo"));
const Conhecimento = lazy(() => import("./pages/conhecimento"));
const Uso = lazy(() => import("./pages/uso"));
const Equipe = lazy(() => import("./pages/equipe"));
const Empresas = lazy(() => import("./pages/empresas"));

export function App() {
  const path = usePath();
  const route = matchRoute(path);
  // undefined while asking the server who is signed in; null when nobody is.
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(() => {
    api.me().then(setMe, () => {});
  }, []);

  useEffect(() => {
    onSessionEnded(() => {
      live.stop();
      setMe(null);
    });
    api.me().then(setMe, () => setMe(null));
  }, []);

  useEffect(() => {
    if (me?.tenant && me.user.role !== "platform") {
      live.start(refresh);
      return live.subscribe((e) => {
        if (e.type === "connection") setMe((m) => (m?.tenant ? { ...m, tenant: { ...m.tenant, connectionState: e.state } } : m));
      });
    }
    live.stop();
    return undefined;
  }, [me?.user.id, me?.tenant?.instance]);

  const signOut = useCallback((everywhere = false) => {
    api.logout(everywhere).finally(() => {
      live.stop();
      setMe(null);
      navigate("/entrar", true);
    });
  }, []);

  if (route.name === "convite") return <Convite token={route.token} onSignedIn={(m) => signedIn(m, setMe)} />;
  if (me === undefined) return <Loading label="Abrindo o painel…" />;
  if (route.name === "entrar" || me === null) {
    if (me) return <Redirect to={returnPath(location.search) ?? screenPath(homeScreen(me.user.role))} />;
    return (
      <>
        {route.name !== "entrar" && <Redirect to={signInPath(path)} />}
        <Entrar onSignedIn={(m) => signedIn(m, setMe)} />
      </>
    );
  }

  const screen = screenOf(route);
  if (route.name === "inicio" || (screen && !canSee(me.user.role, screen))) {
    return <Redirect to={screenPath(homeScreen(me.user.role))} />;
  }
  const session: SessionValue = { me, refresh, signOut };
  return (
    <SessionContext.Provider value={session}>
      <Shell route={route}>{screenFor(route)}</Shell>
    </SessionContext.Provider>
  );
}

/** Replaces the address after rendering: a screen the person may not see, or no screen at all. */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}

function signedIn(me: Me, setMe: (m: Me) => void): void {
  setMe(me);
  navigate(returnPath(location.search) ?? screenPath(homeScreen(me.user.role)), true);
}

function screenFor(route: Route) {
  switch (route.name) {
    case "conversas":
      return <Conversas contact={route.contact} />;
    case "robo":
      return <Robo tab={route.tab} />;
    case "conectar":
      return <Conectar />;
    case "conhecimento":
      return <Conhecimento />;
    case "uso":
      return <Uso />;
    case "equipe":
      return <Equipe />;
    case "empresas":
      return <Empresas />;
    default:
      return <NaoEncontrada />;
  }
}
