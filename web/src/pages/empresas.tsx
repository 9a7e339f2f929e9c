import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, api, errorMessage } from "../api/client";
import type { TenantCreated, TenantView } from "../api/types";
import { CopyButton } from "../components/copy-button";
import { TextField } from "../components/field";
import { InviteForm } from "../components/invite-form";
import { Loading, Notice } from "../components/notice";
import { CONNECTION_LABELS, needsAttention, sortByConnection, tenantsSummary } from "../logic/connection";
import { errorFor, toFieldErrors, type FieldErrors } from "../logic/field-errors";
import { formatNumber } from "../logic/format";
import { slugify } from "../logic/text";

/** Empresas (operator): every tenant with its connection, logged-out first; create one and invite its owner. */
export default function Empresas() {
  const [tenants, setTenants] = useState<TenantView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inviting, setInviting] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const all: TenantView[] = [];
      let cursor: string | null = null;
      do {
        const page = await api.tenants(cursor);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      setTenants(sortByConnection(all));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <section class="page">
      <h1 class="page__title">Empresas</h1>
      {error && <Notice tone="error">{error}</Notice>}
      {!tenants && !error && <Loading />}
      {tenants && (
        <>
          <p class="muted">
            {tenantsSummary(tenants.map((t) => t.connectionState))}
          </p>
          <ul class="tenants">
            {tenants.map((t) => (
              <li key={t.instance} class={`tenant${needsAttention(t.connectionState) ? " tenant--down" : ""}`}>
                <div class="tenant__main">
                  <p class="tenant__name">{t.name}</p>
                  <p class="tenant__meta">
                    <code>{t.instance}</code>
                    {!t.enabled && " · desativada"}
                    {t.messagesToday !== undefined && ` · ${formatNumber(t.messagesToday)} mensagens hoje`}
                  </p>
                </div>
                <span class={`state state--${t.connectionState}`}>{CONNECTION_LABELS[t.connectionState]}</span>
                <button
                  type="button"
                  class="btn btn--secondary btn--small"
                  aria-expanded={inviting === t.instance}
                  onClick={() => setInviting(inviting === t.instance ? null : t.instance)}
                >
                  Convidar dono
                </button>
                {inviting === t.instance && (
                  <div class="tenant__invite">
                    <InviteForm roles={["owner"]} send={(body) => api.inviteOwner(t.instance, body)} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 class="section__title">Nova empresa</h2>
      <CreateTenant onCreated={() => void load()} />
    </section>
  );
}

function CreateTenant({ onCreated }: { onCreated: (t: TenantCreated) => void }) {
  const [name, setName] = useState("");
  const [instance, setInstance] = useState("");
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<TenantCreated | null>(null);
  const [busy, setBusy] = useState(false);
  const shownInstance = touched ? instance : slugify(name);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const t = await api.createTenant({ name: name.trim(), instance: shownInstance });
      setCreated(t);
      setName("");
      setInstance("");
      setTouched(false);
      setErrors({});
      onCreated(t);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setErrors(toFieldErrors(err.details, ""));
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {created && (
        <div class="invite__result" role="status">
          <p>
            <strong>{created.name}</strong> criada. O segredo do webhook aparece só agora:
          </p>
          <p class="invite__link">
            <code>{created.webhookSecret}</code>
          </p>
          <CopyButton text={created.webhookSecret} label="Copiar segredo" />
          <p class="muted">Agora convide o dono na lista acima; ele conecta o WhatsApp pelo painel.</p>
        </div>
      )}
      {error && <Notice tone="error">{error}</Notice>}
      <form onSubmit={submit} noValidate class="card">
        <TextField label="Nome da empresa" value={name} onValue={setName} error={errorFor(errors, "name")} />
        <TextField
          label="Instância no Evolution"
          hint="Letras minúsculas, números e hífens."
          value={shownInstance}
          onValue={(v) => {
            setTouched(true);
            setInstance(v);
          }}
          error={errorFor(errors, "instance")}
        />
        <button class="btn btn--primary" disabled={busy || !name.trim() || !shownInstance}>
          {busy ? "Criando…" : "Criar empresa"}
        </button>
      </form>
    </>
  );
}
