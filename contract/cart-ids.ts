// The ids CART gives each exchange: what the region's support asks for (docs/cart-region.md §8). One
// type for every record that carries them (gateway result, journal, outbox job and event, the
// screens' views) and one helper to copy them, so a fifth id is added in one place.

/** X-CART-id (response header); traceID, spanID and workflowInstanceId (response body). null: not given. */
export interface CartIds {
  xCartId: string | null;
  traceId: string | null;
  spanId: string | null;
  workflowInstanceId: string | null;
}

/** The same ids on records that simply leave out the ones CART did not give (a gateway result). */
export type GivenCartIds = { [K in keyof CartIds]?: string };

/** The four ids of any record that carries them (absent → null), and nothing else of it. */
export function pickCartIds(o: { [K in keyof CartIds]?: string | null }): CartIds {
  return { xCartId: o.xCartId ?? null, traceId: o.traceId ?? null, spanId: o.spanId ?? null, workflowInstanceId: o.workflowInstanceId ?? null };
}
