import type { Member } from './model';

/**
 * THE audience-count rule, shared by `selectCounts` and the reducer's peak:
 * the channel's size (`occupancy.total`, Agora's totalOccupancy in interval
 * mode, so it can exceed the list) minus the hosts, minus the local user when
 * it is listed, not a host, and not counted as audience.
 */
export function audienceCount(
  total: number,
  hosts: number,
  self: Member | undefined,
  includeSelf: boolean,
): number {
  const selfAdjust = !includeSelf && self !== undefined && self.role !== 'host' ? 1 : 0;
  return Math.max(0, total - hosts - selfAdjust);
}
