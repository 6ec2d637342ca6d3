/** The median of `values` (the upper one of the middle two for an even count), leaving `values` as it was. */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
