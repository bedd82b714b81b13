/**
 * One array per distinct list of keys (the usage keys or onboarding steps a tenant's days
 * carry), shared by every tenant whose days carry that list. A feed's tenants carry a handful of
 * lists between them, so a window that maps a list onto the configured keys remembers the
 * mapping by identity instead of looking each key of each tenant up again (see TenantWindow).
 * Bounded: past MAX_LISTS distinct lists (a feed with keys of its own per tenant), a list is
 * returned as it is, which only costs that lookup.
 */

interface ListNode {
  readonly next: Map<string, ListNode>;
  list: readonly string[] | undefined;
}

const MAX_LISTS = 4096;
const root: ListNode = { next: new Map(), list: undefined };
let lists = 0;

export function sharedKeyList(keys: readonly string[]): readonly string[] {
  let node = root;
  for (const key of keys) {
    let child = node.next.get(key);
    if (child === undefined) {
      if (lists >= MAX_LISTS) return keys;
      child = { next: new Map(), list: undefined };
      node.next.set(key, child);
    }
    node = child;
  }
  if (node.list === undefined) {
    if (lists >= MAX_LISTS) return keys;
    node.list = [...keys];
    lists++;
  }
  return node.list;
}
