/**
 * Sets `key` as the newest entry of a per-isolate memory held to `max` entries; when it is full
 * the oldest entry goes first (a Map iterates in insertion order).
 */
export function setBounded<K, V>(map: Map<K, V>, max: number, key: K, value: V): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
