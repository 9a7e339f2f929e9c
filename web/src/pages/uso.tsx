import { useEffect, useState } from "preact/hooks";
import { api, errorMessage } from "../api/client";
import type { UsageReport } from "../api/types";
import { Icon } from "../components/icons";
import { Loading, Notice } from "../components/notice";
import { formatMonth, formatNumber, localDay } from "../logic/format";
import {
  METRIC_LABELS,
  METRIC_SHORT_LABELS,
  dailySeries,
  layoutBars,
  metricValue,
  monthRange,
  quotaProgress,
  shiftMonth,
  type UsageMetric,
} from "../logic/usage-chart";
import { localTimeZone } from "../session";

const METRICS: UsageMetric[] = ["messagesIn", "repliesSent", "aiCalls", "tokens"];
const CHART = { width: 320, height: 140 };
const usd = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "USD", maximumFractionDigits: 4 });

/** Uso: a daily chart of one counter, the month's totals and the AI calls against the quota. */
export default function Uso() {
  const today = localDay(new Date(), localTimeZone);
  const thisMonth = { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
  const [month, setMonth] = useState(thisMonth);
  const [metric, setMetric] = useState<UsageMetric>("messagesIn");
  const [report, setReport] = useState<UsageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const range = monthRange(month.year, month.month);
  const isCurrent = month.year === thisMonth.year && month.month === thisMonth.month;
  const to = isCurrent ? today : range.to;

  useEffect(() => {
    setReport(null);
    api.usage(range.from, to).then(setReport, (err: unknown) => setError(errorMessage(err)));
  }, [range.from, to]);

  return (
    <section class="page">
      <h1 class="page__title">Uso</h1>
      <div class="monthnav">
        <button type="button" class="iconbtn" aria-label="Mês anterior" onClick={() => setMonth(shiftMonth(month.year, month.month, -1))}>
          <Icon name="back" />
        </button>
        <h2 class="monthnav__label">{formatMonth(month.year, month.month)}</h2>
        <button type="button" class="iconbtn" aria-label="Próximo mês" disabled={isCurrent} onClick={() => setMonth(shiftMonth(month.year, month.month, 1))}>
          <Icon name="back" style={{ transform: "scaleX(-1)" }} />
        </button>
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {!report && !error && <Loading />}
      {report && (
        <>
          {isCurrent && <Quota report={report} />}
          <dl class="totals">
            {METRICS.map((m) => (
              <div key={m} class="totals__item">
                <dt>{METRIC_LABELS[m]}</dt>
                <dd>{formatNumber(metricValue(report.totals, m))}</dd>
              </div>
            ))}
            <div class="totals__item">
              <dt>Tokens servidos do cache</dt>
              <dd>{formatNumber(report.totals.cachedTokens)}</dd>
            </div>
            <div class="totals__item">
              <dt>Custo estimado</dt>
              <dd title="Gemini e Cloudflare a preço de tabela">{usd.format(report.totals.estimatedCostUsd)}</dd>
            </div>
          </dl>
          <div class="chips" role="group" aria-label="Gráfico de">
            {METRICS.map((m) => (
              <button key={m} type="button" class="chip" aria-pressed={metric === m} onClick={() => setMetric(m)} aria-label={METRIC_LABELS[m]}>
                {METRIC_SHORT_LABELS[m]}
              </button>
            ))}
          </div>
          {/* The whole month on the axis: early in a month one day must not fill the chart. */}
          <Chart report={report} from={range.from} to={range.to} metric={metric} />
        </>
      )}
    </section>
  );
}

function Quota({ report }: { report: UsageReport }) {
  const used = report.month.aiCalls;
  const limit = report.month.quota;
  const { ratio, level } = quotaProgress(used, limit);
  return (
    <div class={`quota quota--${level}`}>
      <p class="quota__title">Respostas com IA neste mês</p>
      <p class="quota__numbers">
        <strong>{formatNumber(used)}</strong> {limit === null ? "· sem limite mensal" : `de ${formatNumber(limit)}`}
      </p>
      {ratio !== null && (
        <div class="meter" role="meter" aria-valuemin={0} aria-valuemax={limit ?? 0} aria-valuenow={used} aria-label="Cota do mês usada">
          <div class="meter__fill" style={{ width: `${Math.min(100, ratio * 100)}%` }} />
        </div>
      )}
      {level === "over" && <p class="quota__note">A cota acabou: o robô envia a mensagem de cota esgotada até o próximo mês.</p>}
      {level === "warn" && <p class="quota__note">Mais de 80% da cota usada.</p>}
    </div>
  );
}

function Chart({ report, from, to, metric }: { report: UsageReport; from: string; to: string; metric: UsageMetric }) {
  const series = dailySeries(report.items, from, to, metric);
  const { bars, top } = layoutBars(series, CHART.width, CHART.height);
  const total = series.reduce((s, d) => s + d.value, 0);
  const label = `${METRIC_LABELS[metric]} por dia: ${formatNumber(total)} no período, máximo da escala ${formatNumber(top)}.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 -8 ${CHART.width} ${CHART.height + 26}`} role="img" aria-label={label} preserveAspectRatio="none">
        <line x1="0" x2={CHART.width} y1="0" y2="0" class="chart__grid" />
        <line x1="0" x2={CHART.width} y1={CHART.height / 2} y2={CHART.height / 2} class="chart__grid" />
        <line x1="0" x2={CHART.width} y1={CHART.height} y2={CHART.height} class="chart__axis" />
        {bars.map((b) => (
          <rect key={b.day} x={b.x} y={b.y} width={b.width} height={b.height} rx="1.5" class="chart__bar">
            <title>{`${b.day.slice(8, 10)}/${b.day.slice(5, 7)}: ${formatNumber(b.value)}`}</title>
          </rect>
        ))}
        {bars
          .filter((_, i) => i === 0 || (i + 1) % 5 === 0)
          .map((b) => (
            <text key={b.day} x={b.x + b.width / 2} y={CHART.height + 16} class="chart__label" text-anchor="middle">
              {Number(b.day.slice(8, 10))}
            </text>
          ))}
      </svg>
      <figcaption class="chart__caption">
        Escala até {formatNumber(top)} · {formatNumber(total)} no período
      </figcaption>
    </figure>
  );
}
