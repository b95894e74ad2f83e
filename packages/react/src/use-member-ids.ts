import { selectMemberIds } from '@audience-presence/core';
import { useStoreContext } from './presence-context';
import { useStoreSelector } from './use-store-selector';

/**
 * Every member's userId in join order (the local user included). The same
 * array while nobody joins or leaves: state changes of members do not
 * re-render. Pair it with {@link useMember} per row.
 *
 * @example
 * const ids = useMemberIds();
 * return <ul>{ids.map((id) => <Row key={id} id={id} />)}</ul>;
 */
export function useMemberIds(): readonly string[] {
  const store = useStoreContext('useMemberIds');
  return useStoreSelector(store, selectMemberIds);
}
