import type { FieldError } from '@salesflow/platform';

export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS = 3;

export interface PhotoInput {
  contentType: string;
  data: Uint8Array;
}

export interface ValidPhoto {
  contentType: PhotoContentType;
  data: Uint8Array;
}

/** The first bytes each accepted format starts with: a declared type must match the content. */
function looksLike(contentType: PhotoContentType, data: Uint8Array): boolean {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  switch (contentType) {
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'image/webp':
      // "RIFF" <size> "WEBP"
      return starts(0x52, 0x49, 0x46, 0x46) && [0x57, 0x45, 0x42, 0x50].every((b, i) => data[8 + i] === b);
  }
}

/** At most 3 photos of at most 5 MB each, JPEG, PNG or WebP (by declared type and by content). */
export function validatePhotos(
  photos: readonly PhotoInput[],
): { ok: true; photos: ValidPhoto[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (photos.length > MAX_PHOTOS) errors.push({ field: 'photos', message: `at most ${MAX_PHOTOS} photos` });
  const valid: ValidPhoto[] = [];
  photos.forEach((photo, index) => {
    const field = `photos[${index}]`;
    const type = photo.contentType.trim().toLowerCase();
    if (!(PHOTO_CONTENT_TYPES as readonly string[]).includes(type)) {
      errors.push({ field, message: `must be one of ${PHOTO_CONTENT_TYPES.join(', ')}` });
    } else if (photo.data.length === 0) {
      errors.push({ field, message: 'is empty' });
    } else if (photo.data.length > MAX_PHOTO_BYTES) {
      errors.push({ field, message: `is larger than ${MAX_PHOTO_BYTES} bytes` });
    } else if (!looksLike(type as PhotoContentType, photo.data)) {
      errors.push({ field, message: `is not a ${type} image` });
    } else {
      valid.push({ contentType: type as PhotoContentType, data: photo.data });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, photos: valid };
}
