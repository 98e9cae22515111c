/**
 * Timestamps: the contracts' JSON carries every instant (`Timestamp`) as **nanoseconds since the
 * Unix epoch, as a decimal string**, e.g. `"1767225600000000000"` for 2026-01-01T00:00:00Z.
 * These helpers convert from and to `Date` (millisecond precision).
 */

/** A `Date` as a contract `Timestamp`: nanoseconds since the epoch, as a decimal string. */
export function timestampFromDate(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("invalid Date");
  return (BigInt(ms) * 1_000_000n).toString();
}

/** A contract `Timestamp` (nanoseconds as a decimal string) as a `Date` (milliseconds). */
export function dateFromTimestamp(timestamp: string): Date {
  if (!/^[0-9]+$/.test(timestamp)) {
    throw new RangeError(`not a Timestamp (nanoseconds as a decimal string): ${timestamp}`);
  }
  return new Date(Number(BigInt(timestamp) / 1_000_000n));
}
