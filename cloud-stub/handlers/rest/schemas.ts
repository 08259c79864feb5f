/** JSON-schema fragments shared by the route schemas. */
export const NodeIdString = Object.freeze({ type: "string", minLength: 1, maxLength: 128 });

export const NodeIdQuery = Object.freeze({
  type: "object",
  required: ["nodeid"],
  properties: { nodeid: NodeIdString },
});

export const Tags = Object.freeze({ type: "array", items: { type: "string", maxLength: 256 }, maxItems: 100 });

export const Metadata = Object.freeze({ type: "object" });
