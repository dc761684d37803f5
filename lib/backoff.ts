/** Doubling delays from `initial`, capped at `max`: attempt 1 waits `initial`. */
export function backoffMs(attempt: number, initial: number, max: number): number {
  return Math.min(max, initial * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}
