// Names of the gRPC metadata entries Salesflow propagates with every call.
// `-bin` suffixed keys carry binary values (grpc-js base64-encodes them on the wire).
export const PRINCIPAL_METADATA_KEY = 'x-salesflow-principal-bin';
export const REQUEST_ID_METADATA_KEY = 'x-request-id';
export const FIELD_ERRORS_METADATA_KEY = 'x-salesflow-field-errors';
export const ERROR_REASON_METADATA_KEY = 'x-salesflow-error-reason';
export const RETRY_AFTER_METADATA_KEY = 'x-salesflow-retry-after';
