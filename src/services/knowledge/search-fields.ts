/**
 * What the keyword index stores for a unit, in three columns weighted differently by the
 * ranking: its title (name, question), its body (description and unit, answer, chunk text), and
 * its tags (FAQ keywords, item category, document title). All normalized by `searchText`, the same as the query.
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
      // Every chunk shares the title: counted as a tag, so the title alone does not make all of a
      // document's chunks outrank the one whose text answers.
      return { title: "", body: searchText(unit.text), tags: searchText(unit.title) };
  }
}
