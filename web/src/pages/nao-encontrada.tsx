import { follow } from "../router";

export function NaoEncontrada() {
  return (
    <section class="page">
      <h1 class="page__title">Página não encontrada</h1>
      <p>
        Este endereço não existe no painel.{" "}
        <a href="/" onClick={follow}>
          Voltar ao início
        </a>
      </p>
    </section>
  );
}
