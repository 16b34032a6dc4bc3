// Reads a stack's configuration from Pulumi: its own keys and aws:region,
// every problem reported in one message before anything is declared.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { NAMESPACE, parseConfig, readRawConfig } from "../config/load";

export interface StackConfigSource<S extends z.ZodType> {
    /** The schema that validates (with any cross-field rules). */
    schema: S;
    /** The plain object of its keys (a refined schema hides them). */
    fields: z.ZodObject;
    /** The stack's name in messages. */
    stack: string;
    /** What aws:region must be, said when it is unset. */
    regionExpected: string;
}

export function readStackConfig<S extends z.ZodType>(s: StackConfigSource<S>): { config: z.output<S>; region: string } {
    const region = new pulumi.Config("aws").get("region") ?? "";
    const config = parseConfig(
        s.schema,
        readRawConfig(s.fields, (k) => new pulumi.Config(NAMESPACE).get(k)),
        s.stack,
        region ? [] : [`aws:region is not set: expected ${s.regionExpected}`],
    );
    return { config, region };
}
