/** OPS_PORT / OPS_HOST: the settings every background service reads for its ops server. */
import { z } from "zod";
import { DEFAULT_OPS_HOST } from "./ops-server";

/** Spread into a service's zod config object. */
export const opsSettings = {
  /** 0 or absent: no ops server. */
  OPS_PORT: z.coerce
    .number({ error: "OPS_PORT must be a number" })
    .int("OPS_PORT must be an integer")
    .min(0, "OPS_PORT must be 0–65535")
    .max(65_535, "OPS_PORT must be 0–65535")
    .default(0),
  OPS_HOST: z.string().min(1, "OPS_HOST must not be empty").default(DEFAULT_OPS_HOST),
};

export interface OpsConfig {
  host: string;
  port: number;
}

/** The parsed settings as config: null when OPS_PORT is 0 (no ops server). */
export const opsConfig = (c: { OPS_PORT: number; OPS_HOST: string }): OpsConfig | null =>
  c.OPS_PORT === 0 ? null : { host: c.OPS_HOST, port: c.OPS_PORT };
