import type { FieldConfig } from '../../config';
import { LocalDiskObjectStore } from './local-disk-object-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-object-store';

/** The photo store the configuration names: local disk by default, S3-compatible when asked. */
export function photoStoreOf(config: FieldConfig): ObjectStore {
  if (config.FIELD_PHOTO_STORE === 's3') {
    return new S3ObjectStore({
      bucket: config.FIELD_S3_BUCKET ?? '',
      region: config.FIELD_S3_REGION,
      ...(config.FIELD_S3_ENDPOINT ? { endpoint: config.FIELD_S3_ENDPOINT } : {}),
      forcePathStyle: config.FIELD_S3_FORCE_PATH_STYLE,
    });
  }
  return new LocalDiskObjectStore(config.FIELD_PHOTO_DIR);
}
