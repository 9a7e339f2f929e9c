import type { TranscriptMessage } from "../api/types";
import { formatTime } from "../logic/format";
import { groupTranscript, mediaLabel } from "../logic/grouping";
import { localTimeZone } from "../session";
import { Icon, type IconName } from "./icons";

const MEDIA_ICONS: Partial<Record<TranscriptMessage["kind"], IconName>> = { audio: "mic", image: "image", video: "image", sticker: "image", document: "file" };

/** Bubbles grouped by day and author: the customer on the left, bot and attendants on the right. */
export function MessageList({ messages }: { messages: readonly TranscriptMessage[] }) {
  const days = groupTranscript(messages, new Date(), localTimeZone);
  return (
    <ol class="messages" aria-label="Mensagens">
      {days.map((day) => (
        <li key={day.day} class="messages__day">
          <p class="messages__date">{day.label}</p>
          <ol class="messages__runs">
            {day.runs.map((run) => (
              <li key={run.key} class={`run run--${run.side}`}>
                {run.author && <p class="run__author">{run.author}</p>}
                {run.messages.map((m) => (
                  <Bubble key={m.id} m={m} />
                ))}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}

function Bubble({ m }: { m: TranscriptMessage }) {
  const label = mediaLabel(m.kind);
  return (
    <div class="bubble">
      {label && (
        <p class="bubble__media">
          <Icon name={MEDIA_ICONS[m.kind] ?? "file"} size={16} />
          {label}
        </p>
      )}
      {m.text && <p class="bubble__text">{m.text}</p>}
      <time class="bubble__time" dateTime={m.at}>
        {formatTime(new Date(m.at), localTimeZone)}
      </time>
    </div>
  );
}
