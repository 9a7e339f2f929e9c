/** Sets (or removes) a dotted path in a JSON object, creating objects along the way. */
export function setPath(root: Record<string, any>, path: string, value: unknown, remove: boolean) {
  const parts = path.split(".");
  let node = root;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== "object" || Array.isArray(node[part])) node[part] = {};
    node = node[part];
  }
  const last = parts[parts.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
}
