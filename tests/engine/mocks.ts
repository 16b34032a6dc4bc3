// The handler's AWS clients, mocked once for every test file: a second
// mockClient() on the same client replaces the first file's stub (the
// library restores an existing stub), so each file that drives the handler
// imports these rather than mocking the clients again.
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { dynamodb, organizations, s3, sns } from "../../engine/handler";

export const s3Mock = mockClient(s3);
export const snsMock = mockClient(sns);
export const orgMock = mockClient(organizations);
export const ddbMock = mockClient(dynamodb);
/** Class-level: the engine makes one CloudTrail client per region. */
export const ctMock = mockClient(CloudTrailClient);
