/** A relay connection from one forward page (`first`/`after`): the one shape of every paged field. */
export function forwardConnection<N>(
  edges: { cursor: string; node: N }[],
  hasNextPage: boolean,
  after: string | null | undefined,
) {
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
