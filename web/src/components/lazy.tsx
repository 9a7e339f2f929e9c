import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Loading, Notice } from "./notice";

/** A screen loaded on first use, so the first load carries only the sign-in and Conversas. */
export function lazy<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<void> | null = null;
  return function LazyScreen(props: P) {
    const [, setReady] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      pending ??= load().then((m) => {
        loaded = m.default;
      });
      pending.then(
        () => setReady((n) => n + 1),
        () => {
          pending = null;
          setFailed(true);
        },
      );
    }, []);
    if (failed) {
      return (
        <Notice tone="error">
          Não foi possível abrir esta tela.{" "}
          <button type="button" class="link" onClick={() => location.reload()}>
            Recarregar
          </button>
        </Notice>
      );
    }
    const Screen = loaded;
    return Screen ? <Screen {...props} /> : <Loading />;
  };
}
