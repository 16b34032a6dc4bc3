// Issue 17's labelled events and corpus labels, one file per tactic, gathered for
// the tests that prove every detection (corpus.test.ts for the metric filters,
// engine/verdicts.test.ts and engine/codeDetections.test.ts for the engine).
import type { OwnEvent } from "./ownEvents";
import { DEFENSE_EVASION_CORPUS_LABELS, DEFENSE_EVASION_EVENTS } from "./techniques/defenseEvasionEvents";
import { EXPOSURE_CORPUS_LABELS, EXPOSURE_EVENTS } from "./techniques/exposureEvents";
import { PERSISTENCE_CORPUS_LABELS, PERSISTENCE_EVENTS } from "./techniques/persistenceEvents";
import { CREDENTIAL_ACCESS_CORPUS_LABELS, CREDENTIAL_ACCESS_EVENTS } from "./techniques/credentialAccessEvents";
import { EXECUTION_CORPUS_LABELS, EXECUTION_EVENTS } from "./techniques/executionEvents";

export const TECHNIQUE_EVENTS: readonly OwnEvent[] = [
    ...PERSISTENCE_EVENTS,
    ...DEFENSE_EVASION_EVENTS,
    ...EXPOSURE_EVENTS,
    ...CREDENTIAL_ACCESS_EVENTS,
    ...EXECUTION_EVENTS,
];

export const TECHNIQUE_CORPUS_LABELS: Readonly<Record<string, readonly string[]>> = {
    ...PERSISTENCE_CORPUS_LABELS,
    ...DEFENSE_EVASION_CORPUS_LABELS,
    ...EXPOSURE_CORPUS_LABELS,
    ...CREDENTIAL_ACCESS_CORPUS_LABELS,
    ...EXECUTION_CORPUS_LABELS,
};
