// The detection engine's Lambda entry point: SQS messages (one per log file) in, alerts out.
// Placeholder until the engine lands; the audit stack bundles whatever this file is.
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
}
