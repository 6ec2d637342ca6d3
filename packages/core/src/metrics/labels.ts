/** A series' label values by label name, e.g. `{ sink: 'postgres' }`. */
export type Labels = Readonly<Record<string, string>>;
