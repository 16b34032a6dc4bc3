// Labelled events of detections/techniques/execution.ts: each technique in the
// exact shape CloudTrail records it (the failed attempt included), and the
// routine work that resembles it, which must stay quiet.
import type { OwnEvent } from "../ownEvents";

export const EXECUTION_EVENTS: readonly OwnEvent[] = [];

/** Corpus events (tests/detections/corpus) each detection of the file must fire, by detection id. */
export const EXECUTION_CORPUS_LABELS: Readonly<Record<string, readonly string[]>> = {};
