/**
 * What the keyword index stores for a unit, in three columns weighted differently by the
 * ranking: its title (name, question, document title), its body, and its tags (FAQ keywords,
 * item category). All normalized by `searchText`, the same as the query.
 */
import type { KnowledgeUnit } from "./knowledge-block";
import { searchText } from "./normalize";

export interface SearchFields {
  title: string;
  body: string;
  tags: string;
}

export function searchFields(unit: KnowledgeUnit): SearchFields {
  switch (unit.kind) {
    case "faq":
      return { title: searchText(unit.question), body: searchText(unit.answer), tags: searchText(unit.keywords.join(" ")) };
    case "item":
      return {
        title: searchText(unit.name),
        body: searchText([unit.description ?? "", unit.unit ?? ""].join(" ")),
        tags: searchText(unit.category ?? ""),
      };
    case "document":
      return { title: searchText(unit.title), body: searchText(unit.text), tags: "" };
  }
}
