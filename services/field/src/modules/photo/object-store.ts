/** Where photo bytes live: a local directory by default, an S3-compatible bucket by configuration. */
export interface ObjectStore {
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  /** The bytes stored under `key`; throws when there are none. */
  get(key: string): Promise<Uint8Array>;
  /** Best effort: removing a missing key is no error. */
  delete(key: string): Promise<void>;
}
