import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskObjectStore } from './local-disk-object-store';

describe('LocalDiskObjectStore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'object-store-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads back what it stored, never overwrites, and forgets a deleted key', async () => {
    const store = new LocalDiskObjectStore(dir);
    await store.put('t1/c1/p1', new Uint8Array([1, 2, 3]), 'image/jpeg');
    expect(await store.get('t1/c1/p1')).toEqual(new Uint8Array([1, 2, 3]));
    await expect(store.put('t1/c1/p1', new Uint8Array([9]), 'image/jpeg')).rejects.toThrow();
    await store.delete('t1/c1/p1');
    await store.delete('t1/c1/p1');
    await expect(store.get('t1/c1/p1')).rejects.toThrow();
  });

  it('refuses a key that leaves its directory', async () => {
    await expect(new LocalDiskObjectStore(dir).get('../../etc/passwd')).rejects.toThrow('leaves the store');
  });
});
