import { loadFieldConfig } from '../../config';
import { LocalDiskObjectStore } from './local-disk-object-store';
import { photoStoreOf } from './photo-store.factory';
import { S3ObjectStore } from './s3-object-store';

function configWith(env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return loadFieldConfig();
  } finally {
    process.env = saved;
  }
}

describe('photo store configuration', () => {
  it('keeps photos on local disk by default', () => {
    expect(photoStoreOf(configWith({}))).toBeInstanceOf(LocalDiskObjectStore);
  });

  it('uses an S3-compatible bucket when asked, and needs the bucket then', () => {
    const s3 = configWith({
      FIELD_PHOTO_STORE: 's3',
      FIELD_S3_BUCKET: 'field-photos',
      FIELD_S3_ENDPOINT: 'http://127.0.0.1:9000',
      FIELD_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(s3.FIELD_S3_FORCE_PATH_STYLE).toBe(true);
    expect(photoStoreOf(s3)).toBeInstanceOf(S3ObjectStore);
    expect(() => configWith({ FIELD_PHOTO_STORE: 's3' })).toThrow(
      'invalid configuration: FIELD_S3_BUCKET is unset: is required when FIELD_PHOTO_STORE is s3',
    );
  });
});
