import { useCallback, useEffect, useState } from "preact/hooks";
import { api, errorMessage } from "../api/client";
import type { WhatsAppStatus } from "../api/types";
import { Loading, Notice } from "../components/notice";
import { useLiveEvents, useResync } from "../live/use-live";
import { CONNECTION_LABELS } from "../logic/connection";

/** Evolution answers the QR either as a data URL or as bare base64. */
const qrSource = (base64: string): string => (base64.startsWith("data:") ? base64 : `data:image/png;base64,${base64}`);

/** Conectar WhatsApp: the connection state, and the QR code (refreshed as Evolution rotates it) until it opens. */
export default function Conectar() {
  const [status, setStatus] = useState<WhatsAppStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.whatsapp().then(
      (s) => {
        setStatus(s);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);
  useResync("whatsapp", load);

  useLiveEvents((e) => {
    if (e.type === "qrcode") load();
    if (e.type === "connection") {
      setStatus((s) => (s ? { state: e.state, qrcode: e.state === "open" ? null : s.qrcode } : s));
      if (e.state !== "open") load();
    }
  });

  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await api.connectWhatsapp());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page page--narrow">
      <h1 class="page__title">Conectar WhatsApp</h1>
      {error && <Notice tone="error">{error}</Notice>}
      {!status && !error && <Loading />}
      {status?.state === "open" && (
        <div class="connected">
          <p class="connected__mark" aria-hidden="true">
            ✓
          </p>
          <p class="connected__title">Conectado ✓</p>
          <p>O robô está recebendo e respondendo as mensagens do seu WhatsApp.</p>
        </div>
      )}
      {status && status.state !== "open" && (
        <>
          <p>
            Situação: <strong class={`state state--${status.state}`}>{CONNECTION_LABELS[status.state]}</strong>
          </p>
          {status.qrcode ? (
            <figure class="qr">
              <img src={qrSource(status.qrcode.base64)} alt="QR code para conectar o WhatsApp" width="264" height="264" />
              <figcaption>O código muda sozinho de tempos em tempos; esta tela acompanha.</figcaption>
            </figure>
          ) : (
            <p>Gere um QR code e leia com o celular da empresa.</p>
          )}
          <ol class="steps">
            <li>Abra o WhatsApp no celular da empresa.</li>
            <li>
              Toque em <strong>Mais opções</strong> ou <strong>Configurações</strong> e depois em <strong>Aparelhos conectados</strong>.
            </li>
            <li>
              Toque em <strong>Conectar um aparelho</strong> e aponte a câmera para o código.
            </li>
          </ol>
          <button type="button" class="btn btn--primary btn--block" disabled={busy} onClick={connect}>
            {busy ? "Gerando…" : status.qrcode ? "Gerar outro QR code" : "Gerar QR code"}
          </button>
        </>
      )}
    </section>
  );
}
