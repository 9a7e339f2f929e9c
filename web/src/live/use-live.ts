import { useEffect, useRef } from "preact/hooks";
import type { LiveEvent } from "../api/types";
import { live, type WatchKind } from "./socket";

/** Subscribes a screen to live events for as long as it is mounted. */
export function useLiveEvents(listener: (event: LiveEvent) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => live.subscribe((e) => latest.current(e)), []);
}

/** Registers what a screen shows, so it is fetched again whenever the socket reopens. */
export function useResync(kind: WatchKind, refetch: () => void, contact?: string): void {
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => live.watch({ kind, contact, refetch: () => latest.current() }), [kind, contact]);
}
