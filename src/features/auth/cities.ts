// The city that login and registration ask for (seed 004: «Кемерово» or «Березовский»): every city a
// supplier serves is a choice, and the chosen city names the supplier whose numbers are meant.

/** One row per city of a supplier, or one row with `city_id` null for a supplier that lists none. */
export interface CityRow {
  supplier_id: number;
  supplier_name: string;
  short_name: string | null;
  city_id: number | null;
  city: string | null;
}

export interface CityChoice {
  /** What the select posts: `c<id>` for a city, `s<id>` for a supplier that lists no city. */
  value: string;
  /** What the person reads: the city in Russian, never a code. */
  text: string;
  supplierId: number;
}

const supplierLabel = (r: CityRow) => r.short_name?.trim() || r.supplier_name;

/**
 * The choices: suppliers in Russian alphabetical order of their first choice, each supplier's cities
 * in the order it lists them (seed 004: Кемерово, then Березовский). A city served by
 * more than one of these suppliers names its supplier too, so no two choices read the same; a
 * supplier that lists no city is offered by its short name.
 */
export function cityChoices(rows: readonly CityRow[]): CityChoice[] {
  const suppliersOfCity = new Map<string, Set<number>>();
  for (const r of rows)
    if (r.city !== null) {
      const key = r.city.toLowerCase();
      suppliersOfCity.set(key, (suppliersOfCity.get(key) ?? new Set()).add(r.supplier_id));
    }
  const groups = new Map<number, CityRow[]>();
  for (const r of rows) groups.set(r.supplier_id, [...(groups.get(r.supplier_id) ?? []), r]);
  const first = (g: CityRow[]) => g[0]!.city ?? supplierLabel(g[0]!);
  const ordered = [...groups.values()].sort((a, b) => first(a).localeCompare(first(b), 'ru'));
  return ordered.flat().map((r) =>
    r.city === null || r.city_id === null
      ? { value: `s${r.supplier_id}`, text: supplierLabel(r), supplierId: r.supplier_id }
      : {
          value: `c${r.city_id}`,
          text:
            suppliersOfCity.get(r.city.toLowerCase())!.size > 1 ? `${r.city} (${supplierLabel(r)})` : r.city,
          supplierId: r.supplier_id,
        },
  );
}

/** The supplier a posted choice names, or undefined for a value that is not one of the choices. */
export function supplierOfChoice(choices: readonly CityChoice[], value: unknown): number | undefined {
  return typeof value === 'string' ? choices.find((c) => c.value === value)?.supplierId : undefined;
}
