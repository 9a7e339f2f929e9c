import { useState } from "preact/hooks";
import { joinList, parseList } from "../logic/text";
import { TextField } from "./field";

/**
 * Words separated by commas, edited as text and kept as a list. The typed text is kept while
 * it means the same list (a trailing comma, extra spaces); a list changed from outside wins.
 */
export function ListField(props: { label: string; hint?: string; error?: string | null; value: readonly string[]; onValue: (v: string[]) => void }) {
  const [text, setText] = useState(joinList(props.value));
  const shown = joinList(parseList(text)) === joinList(props.value) ? text : joinList(props.value);
  return (
    <TextField
      label={props.label}
      hint={props.hint ?? "Separe com vírgulas."}
      error={props.error}
      value={shown}
      onValue={(t) => {
        setText(t);
        props.onValue(parseList(t));
      }}
    />
  );
}
