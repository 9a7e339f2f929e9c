import { useCallback, useEffect, useState } from "preact/hooks";
import { api, errorMessage } from "../api/client";
import type { InviteCreated, TeamMember } from "../api/types";
import { Loading, Notice } from "../components/notice";
import { formatPhone } from "../logic/format";
import { useSession } from "../session";
import { InviteForm } from "../components/invite-form";

const ROLE_LABELS = { owner: "Dono", agent: "Atendente", platform: "Operação" } as const;

/** Equipe: who can sign in to this business's panel; invite and remove. */
export default function Equipe() {
  const { me } = useSession();
  const [users, setUsers] = useState<TeamMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.users().then(
      (r) => setUsers(r.items),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);

  const remove = async (u: TeamMember) => {
    if (!confirm(`Remover ${u.name}? A pessoa sai do painel na hora.`)) return;
    try {
      await api.removeUser(u.id);
      setUsers((list) => list && list.filter((x) => x.id !== u.id));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section class="page page--narrow">
      <h1 class="page__title">Equipe</h1>
      {error && <Notice tone="error">{error}</Notice>}
      {!users && !error && <Loading />}
      {users && (
        <ul class="people">
          {users.map((u) => (
            <li key={u.id} class="person">
              <div>
                <p class="person__name">
                  {u.name} {u.id === me.user.id && <span class="muted">(você)</span>}
                </p>
                <p class="person__meta">
                  {ROLE_LABELS[u.role]} · {formatPhone(u.login) ?? u.login}
                </p>
              </div>
              {u.id !== me.user.id && (
                <button type="button" class="btn btn--danger btn--small" onClick={() => remove(u)} aria-label={`Remover ${u.name}`}>
                  Remover
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2 class="section__title">Convidar alguém</h2>
      <InviteForm roles={["agent", "owner"]} send={(body) => api.invite(body)} onInvited={(_: InviteCreated) => load()} />
    </section>
  );
}
