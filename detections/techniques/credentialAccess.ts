// Credential access and lateral movement: keys pushed to instances, secrets read in bursts (issue 17).
// Each entry follows the catalog's rules (detections/catalog.ts): a stable id,
// texts, severity, the ATT&CK technique, a pattern (metric filter and engine)
// or a predicate (engine only), and labelled events in
// tests/detections/techniques/.
import type { Detection } from "../catalog";

export const CREDENTIAL_ACCESS: readonly Detection[] = [];
