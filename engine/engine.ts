// The engine's one evaluation path, shared by the Lambda handler and
// `npm run replay`: settings in, compiled detections; records in, findings.
import type { DetectionContext } from "../detections/catalog";
import { CompiledDetection, compileDetections } from "./detections";
import { evaluateRecords, evaluateRecordsCounted, Finding } from "./evaluate";
import type { EngineSettings } from "./settings";
import type { WindowCounter } from "./windowCounts";

export interface Engine {
    settings: EngineSettings;
    detections: CompiledDetection[];
}

/** Compiles the enabled detections once (patterns parsed, tuning applied). */
export function createEngine(settings: EngineSettings): Engine {
    return { settings, detections: compileDetections(settings) };
}

/** One log file's records to the findings to alert on, account names from `accounts` (empty when unknown). */
export function evaluateFile(engine: Engine, records: readonly unknown[], accounts: ReadonlyMap<string, string> = new Map()): Finding[] {
    const ctx: DetectionContext = { settings: engine.settings, accounts };
    return evaluateRecords(records, engine.detections, ctx);
}

/**
 * evaluateFile, with the detections tuned with `windowMinutes` counted
 * across files in `counter` (DynamoDB in the handler, memory in replay).
 * No windowed detection, or no windowed match in the file: no counter call.
 */
export function evaluateFileCounted(
    engine: Engine,
    records: readonly unknown[],
    accounts: ReadonlyMap<string, string>,
    counter: WindowCounter | undefined,
    now?: number,
): Promise<Finding[]> {
    const ctx: DetectionContext = { settings: engine.settings, accounts };
    return evaluateRecordsCounted(records, engine.detections, ctx, counter, now);
}
