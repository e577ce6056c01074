import { z } from "zod";
import { ActorSchema, EventId, IdString, IsoDateTime, RequestContextSchema } from "./primitives";

/**
 * The common envelope of every factorlens event. `version` is the schema version of `data` for
 * that type; `factorId` is required on factor events and absent on user-level ones.
 */
const envelopeShape = {
  eventId: EventId,
  userId: IdString,
  occurredAt: IsoDateTime,
  correlationId: IdString,
  causationId: IdString.optional(),
  actor: ActorSchema,
  context: RequestContextSchema.optional(),
  /**
   * `inbound`: appended by ingest from Kafka `tfa.inbound.v1` (ingest sets it on every such event,
   * whatever the producer wrote). Absent: decided inside factorlens. `evolve` lets an inbound event
   * change only what its type may change from outside (see INBOUND_EFFECTS).
   */
  origin: z.literal("inbound").optional(),
};

/** The envelope with `type`, `version`, the given `factorId` rule and `data`, for one event type. */
const defineEvent =
  <F extends z.ZodType>(factorId: F) =>
  <T extends string, V extends number, D extends z.ZodType>(type: T, version: V, data: D) =>
    z.strictObject({ ...envelopeShape, type: z.literal(type), version: z.literal(version), factorId, data });

/** An event about one factor of the user: `factorId` is required. */
export const defineFactorEvent = defineEvent(IdString);

/** An event about the user (lockout, recovery codes, support): `factorId` may be given. */
export const defineUserEvent = defineEvent(IdString.optional());
